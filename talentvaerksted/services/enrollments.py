"""Writes to enrollments and attendance: capacity, the waiting list, completion and roll call."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audited_bulk_create
from fritidsjob.models import Youth
from fritidsjob.services import update_many_for_bulk

from ..models import (
    OPEN_STATUSES,
    Attendance,
    AttendanceStatus,
    Course,
    CourseSession,
    Enrollment,
    EnrollmentStatus,
)


def _locked(course: Course) -> Course:
    # One writer at a time per course, so two staff can't both take the last seat.
    return Course.objects.select_for_update().get(pk=course.pk)


def fill_free_seats(*, course: Course) -> list[Enrollment]:
    """Move the first on the waiting list up into every free seat; return who moved up.

    Call inside a transaction that has locked the course.
    """
    free = course.capacity - course.enrollments.taking_seats().count()
    if free <= 0:
        return []
    now = timezone.now()
    promoted = list(course.enrollments.waiting().select_related("youth")[:free])
    for enrollment in promoted:
        enrollment.status = EnrollmentStatus.ENROLLED
        enrollment.promoted_at = now
        enrollment.enrolled_on = timezone.localdate()
        enrollment.full_clean()
        enrollment.save()
    return promoted


@transaction.atomic
def enrollment_create(*, course: Course, youth: Youth, enrolled_on: datetime.date | None = None) -> Enrollment:
    """Enroll a young person: a seat if one is free, else the end of the waiting list."""
    course = _locked(course)
    existing = course.enrollments.filter(youth=youth).first()
    if existing is not None:
        raise ValidationError(
            _("%(name)s står allerede på forløbet (%(status)s).")
            % {"name": youth.full_name, "status": existing.get_status_display().lower()},
            code="already_enrolled",
        )
    enrollment = Enrollment(course=course, youth=youth, enrolled_on=enrolled_on or timezone.localdate())
    if course.enrollments.taking_seats().count() >= course.capacity:
        enrollment.status = EnrollmentStatus.WAITING
        enrollment.waitlisted_at = timezone.now()
    enrollment.full_clean()
    enrollment.save()
    return enrollment


def waiting_position(enrollment: Enrollment) -> int:
    """1 for the first on the waiting list."""
    queue = list(enrollment.course.enrollments.waiting().values_list("pk", flat=True))
    return queue.index(enrollment.pk) + 1


def _require_open(enrollment: Enrollment) -> None:
    if enrollment.status not in OPEN_STATUSES:
        raise ValidationError(
            _("%(name)s er %(status)s og kan ikke ændres her.")
            % {"name": enrollment.youth.full_name, "status": enrollment.get_status_display().lower()},
            code="not_open",
        )


def _attendance_counts(enrollment: Enrollment) -> Enrollment:
    return Enrollment.objects.with_attendance().select_related("course", "youth").get(pk=enrollment.pk)


@transaction.atomic
def enrollment_complete(
    *, enrollment: Enrollment, completed_on: datetime.date, confirmed_by, override_reason: str = ""
) -> Enrollment:
    """Staff confirm a completion. Against the course's attendance rule only with a reason (audited)."""
    _locked(enrollment.course)
    enrollment = _attendance_counts(enrollment)
    _require_open(enrollment)
    override_reason = override_reason.strip()
    if enrollment.meets_completion_rule():
        override_reason = ""
    elif not override_reason:
        raise ValidationError(
            {
                "override_reason": _(
                    "Fremmødekravet på %(percent)s %% er ikke opfyldt (%(attended)s af %(sessions)s mødegange). "
                    "Skriv en begrundelse for at bekræfte alligevel."
                )
                % {
                    "percent": enrollment.course.min_attendance_percent,
                    "attended": enrollment.attended_count,
                    "sessions": enrollment.course_session_count,
                }
            }
        )
    enrollment.status = EnrollmentStatus.COMPLETED
    enrollment.completed_on = completed_on
    enrollment.override_reason = override_reason
    enrollment.completed_by = confirmed_by
    enrollment.full_clean()
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_complete_proposed(*, course: Course, completed_on: datetime.date, confirmed_by) -> list[Enrollment]:
    """Confirm every completion the rule proposes on a course; return the enrollments completed."""
    course = _locked(course)
    proposed = [
        enrollment
        for enrollment in course.enrollments.filter(status__in=OPEN_STATUSES)
        .with_attendance()
        .select_related("youth", "course")
        if enrollment.meets_completion_rule()
    ]
    for enrollment in proposed:
        enrollment.status = EnrollmentStatus.COMPLETED
        enrollment.completed_on = completed_on
        enrollment.override_reason = ""
        enrollment.completed_by = confirmed_by
        enrollment.full_clean()
        enrollment.save()
    return proposed


@transaction.atomic
def enrollment_drop(*, enrollment: Enrollment, reason: str, dropped_on: datetime.date) -> list[Enrollment]:
    """The young person leaves the course (afbrudt); the freed seat goes to the waiting list.

    Returns the enrollments that moved up.
    """
    course = _locked(enrollment.course)
    enrollment = Enrollment.objects.select_related("youth").get(pk=enrollment.pk)
    _require_open(enrollment)
    if not reason.strip():
        raise ValidationError({"drop_reason": _("Skriv en årsag til afbruddet.")})
    enrollment.status = EnrollmentStatus.DROPPED
    enrollment.drop_reason = reason.strip()
    enrollment.dropped_on = dropped_on
    enrollment.full_clean()
    enrollment.save()
    return fill_free_seats(course=course)


@transaction.atomic
def enrollment_remove(*, enrollment: Enrollment) -> list[Enrollment]:
    """Take a young person off the waiting list, or undo an enrollment made by mistake (no roll call yet).

    Returns the enrollments that moved up into a freed seat.
    """
    course = _locked(enrollment.course)
    enrollment = Enrollment.objects.select_related("youth").get(pk=enrollment.pk)
    removable = enrollment.status == EnrollmentStatus.WAITING or (
        enrollment.status == EnrollmentStatus.ENROLLED and not enrollment.attendances.exists()
    )
    if not removable:
        raise ValidationError(
            _("%(name)s har allerede deltaget. Registrér i stedet et afbrud med en årsag.")
            % {"name": enrollment.youth.full_name},
            code="not_removable",
        )
    enrollment.delete()
    return fill_free_seats(course=course)


@transaction.atomic
def enrollment_record_history(
    *,
    enrollment: Enrollment | None,
    course: Course,
    youth: Youth,
    status: str,
    enrolled_on: datetime.date,
    completed_on: datetime.date | None = None,
    dropped_on: datetime.date | None = None,
) -> Enrollment:
    """Record an enrollment as it was (the import): no capacity check, no waiting list, no rule, no messages."""
    if enrollment is None:
        enrollment = Enrollment(course=course, youth=youth)
    enrollment.status = status
    enrollment.enrolled_on = enrolled_on
    enrollment.completed_on = completed_on
    enrollment.dropped_on = dropped_on
    enrollment.full_clean()
    enrollment.save()
    return enrollment


HISTORY_FIELDS = ["status", "enrolled_on", "completed_on", "dropped_on"]


def enrollment_record_history_many(*, changes: list[tuple[Enrollment, dict]]) -> list[Enrollment]:
    """Change many stored enrollments (enrollment, data: status and its dates) as
    enrollment_record_history would (the import's changed rows), in a few queries, each with its
    audit entry (see fritidsjob.services.update_many_for_bulk; course and young person stay, the
    stored references are taken as they are)."""
    return update_many_for_bulk(
        Enrollment,
        [(enrollment, data, {}) for enrollment, data in changes],
        HISTORY_FIELDS,
        stored=("course", "youth", "completed_by", "reminder_parent"),
    )


def enrollment_new_from_history(
    *,
    course: Course,
    youth: Youth,
    status: str,
    enrolled_on: datetime.date,
    completed_on: datetime.date | None = None,
    dropped_on: datetime.date | None = None,
) -> Enrollment:
    """A new enrollment as it was, not saved yet, validated as enrollment_record_history validates it.

    For enrollment_create_many. Uniqueness (one enrollment per course and young person) is left
    to the caller, which has looked the file's pairs up, and the course and young person are
    stored ones it looked up: checking each would cost a query per row.
    """
    enrollment = Enrollment(
        course=course,
        youth=youth,
        status=status,
        enrolled_on=enrolled_on,
        completed_on=completed_on,
        dropped_on=dropped_on,
    )
    enrollment.full_clean(exclude=["course", "youth"], validate_unique=False, validate_constraints=False)
    return enrollment


@transaction.atomic
def enrollment_create_many(*, enrollments: list[Enrollment]) -> list[Enrollment]:
    """Save many new enrollments (from enrollment_new_from_history) in a few queries, each audited."""
    return audited_bulk_create(Enrollment, enrollments, batch_size=500)


@transaction.atomic
def attendance_set(*, session: CourseSession, enrollment: Enrollment, status: str, recorded_by) -> Attendance:
    """Roll call for one young person at one session. The first attendance starts the course (i gang)."""
    if enrollment.course_id != session.course_id or enrollment.status == EnrollmentStatus.WAITING:
        raise ValidationError(_("%(name)s er ikke tilmeldt forløbet.") % {"name": enrollment.youth.full_name})
    if status not in AttendanceStatus.values:
        raise ValidationError(_("Ukendt fremmøde."))
    if status != AttendanceStatus.EXCUSED and session.date > timezone.localdate():
        raise ValidationError(_("Mødegangen er ikke holdt endnu. Før den kan kun afbud registreres."))
    attendance = Attendance.objects.filter(session=session, enrollment=enrollment).first()
    if attendance is None:
        attendance = Attendance(session=session, enrollment=enrollment)
    attendance.status = status
    attendance.recorded_by = recorded_by
    attendance.full_clean(exclude=["session", "enrollment"])
    attendance.save()
    if status == AttendanceStatus.PRESENT and enrollment.status == EnrollmentStatus.ENROLLED:
        enrollment.status = EnrollmentStatus.ACTIVE
        enrollment.save(update_fields=["status", "updated_at"])
    return attendance
