"""Talentværksted rules: capacity, the waiting list, the completion rule and its override, roll call, copying."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from foraeldre.models import Parent
from talentvaerksted import services
from talentvaerksted.models import AttendanceStatus, Course, Enrollment, EnrollmentStatus

from .factories import UserFactory, YouthFactory
from .factories_talentvaerksted import AttendanceFactory, CourseFactory, CourseSessionFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def enroll(course, count):
    return [services.enrollment_create(course=course, youth=YouthFactory()) for _ in range(count)]


def statuses(course):
    return {enrollment.youth_id: enrollment.status for enrollment in course.enrollments.all()}


# --- capacity and the waiting list ----------------------------------------------


def test_enrollment_takes_a_seat_until_the_course_is_full_then_the_waiting_list():
    course = CourseFactory(capacity=2)

    first, second, third, fourth = enroll(course, 4)

    assert [e.status for e in (first, second, third, fourth)] == ["tilmeldt", "tilmeldt", "venteliste", "venteliste"]
    assert course.enrollments.taking_seats().count() == 2
    assert list(course.enrollments.waiting()) == [third, fourth]
    assert services.waiting_position(fourth) == 2


def test_completed_participants_keep_their_seat():
    course = CourseFactory(capacity=1)
    EnrollmentFactory(course=course, status=EnrollmentStatus.COMPLETED, completed_on=TODAY)

    (late,) = enroll(course, 1)

    assert late.status == EnrollmentStatus.WAITING


def test_the_same_youth_cannot_be_enrolled_twice():
    course = CourseFactory()
    youth = YouthFactory(first_name="Sofie", last_name="Berg")
    services.enrollment_create(course=course, youth=youth)

    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_create(course=course, youth=youth)

    assert excinfo.value.messages == ["Sofie Berg står allerede på forløbet (tilmeldt)."]
    assert course.enrollments.count() == 1


def test_a_dropout_frees_the_seat_and_the_first_on_the_waiting_list_moves_up():
    course = CourseFactory(capacity=2)
    leaving, _staying, first_waiting, second_waiting = enroll(course, 4)

    promoted = services.enrollment_drop(enrollment=leaving, reason="Er flyttet til Aarhus.", dropped_on=TODAY)

    assert promoted == [first_waiting]
    first_waiting.refresh_from_db()
    assert first_waiting.status == EnrollmentStatus.ENROLLED
    assert first_waiting.promoted_at is not None
    assert first_waiting.enrolled_on == TODAY
    leaving.refresh_from_db()
    assert (leaving.status, leaving.drop_reason, leaving.dropped_on) == ("afbrudt", "Er flyttet til Aarhus.", TODAY)
    assert statuses(course)[second_waiting.youth_id] == EnrollmentStatus.WAITING


def test_a_dropout_needs_a_reason_and_nothing_changes_without_one():
    course = CourseFactory(capacity=1)
    leaving, waiting = enroll(course, 2)

    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_drop(enrollment=leaving, reason="  ", dropped_on=TODAY)

    assert excinfo.value.message_dict == {"drop_reason": ["Skriv en årsag til afbruddet."]}
    assert statuses(course) == {leaving.youth_id: "tilmeldt", waiting.youth_id: "venteliste"}


def test_removing_a_mistaken_enrollment_moves_the_waiting_list_up():
    course = CourseFactory(capacity=1)
    mistake, waiting = enroll(course, 2)

    promoted = services.enrollment_remove(enrollment=mistake)

    assert promoted == [waiting]
    assert statuses(course) == {waiting.youth_id: "tilmeldt"}


def test_a_participant_who_attended_cannot_be_removed_only_dropped():
    attendance = AttendanceFactory()

    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_remove(enrollment=attendance.enrollment)

    assert "Registrér i stedet et afbrud" in excinfo.value.messages[0]
    assert Enrollment.objects.filter(pk=attendance.enrollment.pk).exists()


def test_raising_the_capacity_moves_the_waiting_list_up_in_order():
    course = CourseFactory(capacity=1)
    _seated, first, second, third = enroll(course, 4)

    _course, promoted = services.course_update(course=course, data={"capacity": 3})

    assert promoted == [first, second]
    assert statuses(course)[third.youth_id] == EnrollmentStatus.WAITING


def test_the_capacity_cannot_drop_below_the_seats_taken():
    course = CourseFactory(capacity=3)
    enroll(course, 3)

    with pytest.raises(ValidationError) as excinfo:
        services.course_update(course=course, data={"capacity": 2})

    assert excinfo.value.message_dict == {
        "capacity": ["Der er allerede 3 på holdet. Antallet af pladser kan ikke være lavere."]
    }
    course.refresh_from_db()
    assert course.capacity == 3


# --- the completion rule -----------------------------------------------------------


def course_with_sessions(count: int, *, percent: int = 75) -> tuple[Course, list]:
    course = CourseFactory(min_attendance_percent=percent)
    sessions = [
        CourseSessionFactory(course=course, date=TODAY - datetime.timedelta(weeks=count - n)) for n in range(count)
    ]
    return course, sessions


def attend(enrollment, sessions, statuses_):
    for session, status in zip(sessions, statuses_, strict=True):
        services.attendance_set(session=session, enrollment=enrollment, status=status, recorded_by=None)


@pytest.mark.parametrize(
    ("present", "expected"),
    [(6, True), (5, False), (8, True), (0, False)],
)
def test_completion_is_proposed_from_75_percent_attendance(present, expected):
    course, sessions = course_with_sessions(8)
    enrollment = EnrollmentFactory(course=course)
    absent = len(sessions) - present
    attend(enrollment, sessions, ["moedt"] * present + ["afbud"] * absent)

    annotated = Enrollment.objects.with_attendance().get(pk=enrollment.pk)

    assert annotated.attended_count == present
    assert annotated.course_session_count == 8
    assert annotated.completion_proposed is expected


def test_the_rule_is_per_course():
    course, sessions = course_with_sessions(4, percent=50)
    enrollment = EnrollmentFactory(course=course)
    attend(enrollment, sessions, ["moedt", "moedt", "udeblevet", "udeblevet"])

    assert Enrollment.objects.with_attendance().get(pk=enrollment.pk).completion_proposed is True


def test_a_course_without_sessions_proposes_nobody():
    enrollment = EnrollmentFactory()

    assert Enrollment.objects.with_attendance().get(pk=enrollment.pk).completion_proposed is False


def test_staff_confirm_a_proposed_completion_and_the_date_is_recorded():
    course, sessions = course_with_sessions(4)
    enrollment = EnrollmentFactory(course=course)
    attend(enrollment, sessions, ["moedt", "moedt", "moedt", "afbud"])
    staff = UserFactory()
    day = TODAY - datetime.timedelta(days=1)

    completed = services.enrollment_complete(enrollment=enrollment, completed_on=day, confirmed_by=staff)

    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.completed_on, enrollment.completed_by) == ("gennemfoert", day, staff)
    assert enrollment.override_reason == ""
    assert completed.pk == enrollment.pk


def test_completion_against_the_rule_needs_a_reason_and_nothing_changes_without_one():
    course, sessions = course_with_sessions(4)
    enrollment = EnrollmentFactory(course=course)
    attend(enrollment, sessions, ["moedt", "moedt", "afbud", "udeblevet"])

    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_complete(enrollment=enrollment, completed_on=TODAY, confirmed_by=None)

    assert excinfo.value.message_dict == {
        "override_reason": [
            "Fremmødekravet på 75 % er ikke opfyldt (2 af 4 mødegange). Skriv en begrundelse for at bekræfte alligevel."
        ]
    }
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.completed_on) == ("i_gang", None)


def test_an_override_with_a_reason_completes_and_is_in_the_audit_trail():
    course, sessions = course_with_sessions(4)
    enrollment = EnrollmentFactory(course=course)
    attend(enrollment, sessions, ["moedt", "afbud", "afbud", "afbud"])
    reason = "Var syg i tre uger, men har lavet alle opgaver hjemme."

    services.enrollment_complete(enrollment=enrollment, completed_on=TODAY, confirmed_by=None, override_reason=reason)

    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.override_reason) == ("gennemfoert", reason)
    entry = (
        LogEntry.objects.get_for_object(enrollment)
        .filter(action=LogEntry.Action.UPDATE, changes__has_key="override_reason")
        .get()
    )
    assert entry.changes_dict["override_reason"] == ["", reason]
    assert entry.additional_data == {"youth_id": enrollment.youth_id}


def test_an_override_reason_is_not_kept_when_the_rule_is_met():
    course, sessions = course_with_sessions(1)
    enrollment = EnrollmentFactory(course=course)
    attend(enrollment, sessions, ["moedt"])

    services.enrollment_complete(enrollment=enrollment, completed_on=TODAY, confirmed_by=None, override_reason="Unødig")

    enrollment.refresh_from_db()
    assert enrollment.override_reason == ""


def test_completed_and_dropped_enrollments_are_closed():
    enrollment = EnrollmentFactory(status=EnrollmentStatus.COMPLETED, completed_on=TODAY)

    with pytest.raises(ValidationError):
        services.enrollment_drop(enrollment=enrollment, reason="Fortrudt", dropped_on=TODAY)
    with pytest.raises(ValidationError):
        services.enrollment_complete(enrollment=enrollment, completed_on=TODAY, confirmed_by=None, override_reason="x")


def test_confirm_all_proposals_completes_exactly_those_meeting_the_rule():
    course, sessions = course_with_sessions(4)
    good, poor = EnrollmentFactory(course=course), EnrollmentFactory(course=course)
    attend(good, sessions, ["moedt"] * 3 + ["afbud"])
    attend(poor, sessions, ["moedt"] + ["udeblevet"] * 3)

    completed = services.enrollment_complete_proposed(course=course, completed_on=TODAY, confirmed_by=None)

    assert [e.pk for e in completed] == [good.pk]
    assert statuses(course) == {good.youth_id: "gennemfoert", poor.youth_id: "i_gang"}


def test_a_completion_date_in_the_future_is_refused():
    course, sessions = course_with_sessions(1)
    enrollment = EnrollmentFactory(course=course)
    attend(enrollment, sessions, ["moedt"])

    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_complete(
            enrollment=enrollment, completed_on=TODAY + datetime.timedelta(days=1), confirmed_by=None
        )

    assert excinfo.value.message_dict == {"completed_on": ["Datoen for gennemførelsen kan ikke ligge i fremtiden."]}


# --- roll call ---------------------------------------------------------------------


def test_the_first_attendance_starts_the_course_and_a_second_tap_changes_the_record():
    session = CourseSessionFactory()
    enrollment = EnrollmentFactory(course=session.course)

    services.attendance_set(session=session, enrollment=enrollment, status="moedt", recorded_by=None)
    services.attendance_set(session=session, enrollment=enrollment, status="afbud", recorded_by=None)

    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE
    assert list(enrollment.attendances.values_list("status", flat=True)) == [AttendanceStatus.EXCUSED]


def test_before_a_session_only_excused_absence_can_be_recorded():
    session = CourseSessionFactory(date=TODAY + datetime.timedelta(days=2))
    enrollment = EnrollmentFactory(course=session.course)

    with pytest.raises(ValidationError) as excinfo:
        services.attendance_set(session=session, enrollment=enrollment, status="moedt", recorded_by=None)
    services.attendance_set(session=session, enrollment=enrollment, status="afbud", recorded_by=None)

    assert excinfo.value.messages == ["Mødegangen er ikke holdt endnu. Før den kan kun afbud registreres."]
    assert list(enrollment.attendances.values_list("status", flat=True)) == ["afbud"]


def test_roll_call_refuses_the_waiting_list_and_other_courses():
    session = CourseSessionFactory()
    waiting = EnrollmentFactory(course=session.course, status=EnrollmentStatus.WAITING)
    elsewhere = EnrollmentFactory()

    for enrollment in (waiting, elsewhere):
        with pytest.raises(ValidationError):
            services.attendance_set(session=session, enrollment=enrollment, status="moedt", recorded_by=None)

    assert session.attendances.count() == 0


# --- copying a course to a new term ------------------------------------------------


def test_copy_moves_every_date_by_the_same_number_of_days_and_keeps_content_not_participants():
    leader = UserFactory()
    course = CourseFactory(
        title="Forår 2024",
        start_date=datetime.date(2024, 2, 6),
        end_date=datetime.date(2024, 3, 26),
        min_attendance_percent=80,
        capacity=9,
        topics=["cv", "rettigheder"],
        description="CV og rettigheder",
    )
    course.leaders.add(leader)
    CourseSessionFactory(course=course, date=datetime.date(2024, 2, 6), topic="cv", note="Skriv CV")
    CourseSessionFactory(course=course, date=datetime.date(2024, 3, 26), topic="rettigheder")
    EnrollmentFactory(course=course)

    copy = services.course_copy(course=course, title="Efterår 2024", start_date=datetime.date(2024, 9, 3))

    assert (copy.title, copy.start_date, copy.end_date) == (
        "Efterår 2024",
        datetime.date(2024, 9, 3),
        datetime.date(2024, 10, 22),
    )
    assert (copy.min_attendance_percent, copy.capacity, copy.topics, copy.description) == (
        80,
        9,
        ["cv", "rettigheder"],
        "CV og rettigheder",
    )
    assert list(copy.leaders.all()) == [leader]
    assert list(copy.sessions.values_list("date", "topic", "note")) == [
        (datetime.date(2024, 9, 3), "cv", "Skriv CV"),
        (datetime.date(2024, 10, 22), "rettigheder", ""),
    ]
    assert copy.enrollments.count() == 0
    assert copy.copied_from == course
    assert course.sessions.count() == 2


def test_weekly_sessions():
    course = CourseFactory()

    sessions = services.session_create_weekly(
        course=course,
        data={
            "date": datetime.date(2024, 9, 3),
            "start_time": datetime.time(15),
            "end_time": None,
            "place": "",
            "topic": "",
            "note": "",
        },
        weeks=3,
    )

    assert [s.date for s in sessions] == [
        datetime.date(2024, 9, 3),
        datetime.date(2024, 9, 10),
        datetime.date(2024, 9, 17),
    ]


def test_a_course_with_enrollments_cannot_be_deleted():
    enrollment = EnrollmentFactory()

    with pytest.raises(ValidationError):
        services.course_delete(course=enrollment.course)

    assert Course.objects.filter(pk=enrollment.course.pk).exists()


# --- the enrollment's own checks ------------------------------------------------


def test_an_enrollment_checks_its_dates_and_its_reminder_parent_together():
    """Both checks live in the one Enrollment.clean (a second definition once hid the parent check)."""
    enrollment = EnrollmentFactory(course=CourseFactory())
    stranger = Parent.objects.create(first_name="Fremmed", last_name="Forælder", phone="", email="")
    enrollment.status = EnrollmentStatus.COMPLETED
    enrollment.completed_on = None
    enrollment.reminder_parent = stranger

    with pytest.raises(ValidationError) as excinfo:
        enrollment.full_clean()

    assert excinfo.value.message_dict["reminder_parent"] == ["Vælg en af den unges egne forældre."]
    assert excinfo.value.message_dict["completed_on"] == ["Angiv datoen for gennemførelsen."]

    stranger.children.add(enrollment.youth)
    enrollment.completed_on = TODAY
    enrollment.full_clean()
