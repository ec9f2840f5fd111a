"""Writes to courses and their sessions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audited_bulk_create
from fritidsjob.services import apply_fields, new_for_bulk

from ..models import Course, CourseSession, Enrollment
from .enrollments import fill_free_seats

# Fields a form or an import may set on a course directly.
COURSE_FIELDS = [
    "title",
    "kind",
    "topics",
    "description",
    "place",
    "capacity",
    "start_date",
    "end_date",
    "min_attendance_percent",
    "import_ref",
]
SESSION_FIELDS = ["date", "start_time", "end_time", "place", "topic", "note"]


@transaction.atomic
def course_create(*, data: dict, leaders=()) -> Course:
    course = Course()
    apply_fields(course, data, COURSE_FIELDS)
    course.full_clean()
    course.save()
    course.leaders.set(leaders)
    return course


def course_new(*, data: dict) -> Course:
    """A new course (no leaders), not saved yet, validated for course_create_many (see new_for_bulk)."""
    return new_for_bulk(Course(), data, COURSE_FIELDS)


@transaction.atomic
def course_create_many(*, courses: list[Course]) -> list[Course]:
    """Save many new courses (from course_new) in a few queries, each with its audit entry."""
    return audited_bulk_create(Course, courses, batch_size=500)


@transaction.atomic
def course_update(*, course: Course, data: dict, leaders=None) -> tuple[Course, list[Enrollment]]:
    """Change a course; returns it and the waiting-list enrollments that moved up if seats were added."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    apply_fields(course, data, COURSE_FIELDS)
    taken = course.enrollments.taking_seats().count()
    if course.capacity is not None and course.capacity < taken:
        raise ValidationError(
            {
                "capacity": _("Der er allerede %(taken)s på holdet. Antallet af pladser kan ikke være lavere.")
                % {"taken": taken}
            }
        )
    course.full_clean()
    course.save()
    if leaders is not None:
        course.leaders.set(leaders)
    return course, fill_free_seats(course=course)


@transaction.atomic
def course_copy(*, course: Course, title: str, start_date: datetime.date) -> Course:
    """A new term of a course: same content, rule and leaders, every date moved by the same number of days.

    Participants are not copied: a new term gets new enrollments.
    """
    shift = start_date - course.start_date
    copy = Course(
        title=title,
        kind=course.kind,
        topics=list(course.topics),
        description=course.description,
        place=course.place,
        capacity=course.capacity,
        start_date=start_date,
        end_date=course.end_date + shift if course.end_date else None,
        min_attendance_percent=course.min_attendance_percent,
        copied_from=course,
    )
    copy.full_clean()
    copy.save()
    copy.leaders.set(course.leaders.all())
    # Sessions are audited like every write: bulk_create alone would leave no entry.
    audited_bulk_create(
        CourseSession,
        [
            CourseSession(
                course=copy,
                date=session.date + shift,
                start_time=session.start_time,
                end_time=session.end_time,
                place=session.place,
                topic=session.topic,
                note=session.note,
            )
            for session in course.sessions.all()
        ],
    )
    return copy


@transaction.atomic
def course_delete(*, course: Course) -> None:
    """Delete a course made by mistake. A course with participants is history and stays."""
    if course.enrollments.exists():
        raise ValidationError(
            _("Forløbet har tilmeldinger og kan ikke slettes. Fjern dem først, eller lad forløbet stå."),
            code="has_enrollments",
        )
    course.delete()


@transaction.atomic
def session_create(*, course: Course, data: dict) -> CourseSession:
    session = CourseSession(course=course)
    apply_fields(session, data, SESSION_FIELDS)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_create_weekly(*, course: Course, data: dict, weeks: int) -> list[CourseSession]:
    """The same session `weeks` times, a week apart, starting on data["date"]."""
    return [
        session_create(course=course, data={**data, "date": data["date"] + datetime.timedelta(weeks=week)})
        for week in range(weeks)
    ]


@transaction.atomic
def session_update(*, session: CourseSession, data: dict) -> CourseSession:
    apply_fields(session, data, SESSION_FIELDS)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_delete(*, session: CourseSession) -> None:
    """Delete a session and its roll call (the audit trail keeps what was recorded)."""
    session.delete()
