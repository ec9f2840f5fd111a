"""Reads for the Talentværksted pages: each fetches what its page shows in a fixed number of queries."""

from django.db.models import Prefetch, Q

from core.scoping import visible_to
from fritidsjob.models import Youth

from .models import CV, Attendance, Course, CourseSession, Enrollment, EnrollmentStatus


def course_list(*, user):
    """The course list: staff share every course (like the cases), counts done in the database."""
    # Meta.ordering is not applied to aggregating queries: order explicitly for stable pages.
    return (
        visible_to(Course.objects, user)
        .with_counts()
        .prefetch_related("leaders")
        .order_by("-start_date", "title", "pk")
    )


def course_for_page(*, user):
    return visible_to(Course.objects, user).prefetch_related("leaders")


def enrollment_for_page(*, user):
    """Enrollments staff act on (complete, drop, reminders, remove, diploma, roll call)."""
    return visible_to(Enrollment.objects, user).select_related("course", "youth")


def cv_of(*, youth: Youth) -> CV | None:
    return CV.objects.filter(youth=youth).select_related("youth").first()


def course_participants(*, course: Course) -> list[Enrollment]:
    """Everyone with a seat or who had one, with attendance counts and the completion proposal."""
    return list(
        course.enrollments.exclude(status=EnrollmentStatus.WAITING).with_attendance().select_related("youth", "course")
    )


def course_waiting_list(*, course: Course) -> list[Enrollment]:
    return list(course.enrollments.waiting().select_related("youth"))


def session_for_roll_call(*, user):
    return visible_to(CourseSession.objects, user).select_related("course")


def roll_call_rows(*, session: CourseSession) -> list[Enrollment]:
    """The youth on the roll call of a session, each with their attendance at it (if recorded).

    Everyone with a seat; a dropout only if they have a record at this session.
    """
    attendance = Prefetch(
        "attendances", queryset=Attendance.objects.filter(session=session), to_attr="session_attendance"
    )
    seated = Q(status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED])
    recorded = Attendance.objects.filter(session=session).values("enrollment_id")
    dropped_with_record = Q(status=EnrollmentStatus.DROPPED, pk__in=recorded)
    return list(
        Enrollment.objects.filter(course_id=session.course_id)
        .filter(seated | dropped_with_record)
        .select_related("youth")
        .prefetch_related(attendance)
    )


def enrollments_for_youth(*, youth: Youth) -> list[Enrollment]:
    """A young person's courses for the case page, with attendance counts."""
    return list(youth.course_enrollments.with_attendance().select_related("course").order_by("-course__start_date"))


def completed_courses_of(*, youth: Youth) -> list[Enrollment]:
    """The Talentværksted courses a young person has completed, newest first (for the CV)."""
    return list(youth.course_enrollments.completed().select_related("course").order_by("-completed_on", "-pk"))


def enrollable_youth(*, course: Course, query: str, limit: int = 20):
    """Youth matching a name search who are not on the course yet."""
    youth = Youth.objects.exclude(course_enrollments__course=course).name_matches(query).select_related("school")
    return youth[:limit]
