"""The Talentværksted's part of the case timeline: enrollments, attendance and completion (two queries)."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from core.timeline import TimelineItem, register
from fritidsjob.models import Youth

from .models import Attendance, EnrollmentStatus


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


@register
def course_items(youth: Youth) -> Iterable[TimelineItem]:
    kind = _("Talentværksted")
    for enrollment in youth.course_enrollments.select_related("course", "completed_by"):
        course = enrollment.course.title
        if enrollment.waitlisted_at:
            yield TimelineItem(
                date=timezone.localdate(enrollment.waitlisted_at),
                kind=kind,
                title=_("Sat på venteliste til %(course)s") % {"course": course},
                icon="course",
            )
        if enrollment.status != EnrollmentStatus.WAITING:
            if enrollment.promoted_at:
                title = _("Rykket op fra ventelisten og tilmeldt %(course)s") % {"course": course}
                date = timezone.localdate(enrollment.promoted_at)
            else:
                title, date = _("Tilmeldt %(course)s") % {"course": course}, enrollment.enrolled_on
            yield TimelineItem(date=date, kind=kind, title=title, icon="course")
        if enrollment.status == EnrollmentStatus.COMPLETED:
            text = ""
            if enrollment.override_reason:
                text = _("Fremmødekravet blev fraveget: %(reason)s") % {"reason": enrollment.override_reason}
            yield TimelineItem(
                date=enrollment.completed_on,
                kind=kind,
                title=_("Gennemførte %(course)s") % {"course": course},
                text=text,
                author=_name(enrollment.completed_by),
                icon="course",
            )
        if enrollment.status == EnrollmentStatus.DROPPED:
            yield TimelineItem(
                date=enrollment.dropped_on,
                kind=kind,
                title=_("Stoppede på %(course)s") % {"course": course},
                text=enrollment.drop_reason,
                icon="course",
            )


@register
def attendance_items(youth: Youth) -> Iterable[TimelineItem]:
    records = Attendance.objects.filter(enrollment__youth=youth).select_related("session__course", "recorded_by")
    for attendance in records:
        session = attendance.session
        yield TimelineItem(
            date=session.date,
            kind=_("Fremmøde"),
            title=f"{attendance.get_status_display()}: {session.course.title}",
            text=session.get_topic_display() if session.topic else session.note,
            author=_name(attendance.recorded_by),
            icon="attendance",
        )
