"""The Talentværksted's reminder rule: a message the day before each session (see opgaver/registry.py)."""

import datetime
from collections import defaultdict

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fritidsjob.models import Youth
from fritidsjob.progression.models import Milestone
from opgaver.progression import MilestoneRule
from opgaver.registry import Channel, Due, MessagePlan, Plan, RecipientKind, Rule, Window, register

from .models import OPEN_STATUSES, CourseSession, Enrollment, EnrollmentStatus, SessionReminder

ONE_DAY = datetime.timedelta(days=1)
CHANNELS = {SessionReminder.SMS: Channel.SMS, SessionReminder.EMAIL: Channel.EMAIL}


def _address(person, channel: str) -> tuple[str, str] | None:
    """(channel, address) for the chosen channel, or e-mail when there is no phone number; None if neither."""
    if channel == Channel.SMS and person.phone:
        return Channel.SMS, person.phone
    if person.email:
        return Channel.EMAIL, person.email
    return None


@register
class SessionTomorrow(Rule):
    """The day before a session: the enrolled young person, and the parent chosen on the enrollment,
    get its time and place by the channel chosen there (SMS, or e-mail without a phone number).

    One reminder per enrollment and day; the session is the first of the course that next day.
    SMS wait until 08:00 (opgaver.channels), so the run after midnight is early enough.
    """

    key = "moedegang_i_morgen"
    name = _("Påmindelse dagen før en mødegang")
    description = _(
        "SMS eller e-mail dagen før hver mødegang til de tilmeldte unge og til en forælder, hvis det er valgt "
        "på tilmeldingen."
    )
    max_days_late = 0  # a reminder about yesterday's session helps nobody

    def due(self, window: Window):
        sessions = CourseSession.objects.filter(
            date__range=(window.earliest + ONE_DAY, window.latest + ONE_DAY)
        ).select_related("course")
        first_session: dict[tuple[int, datetime.date], CourseSession] = {}
        for session in sessions.order_by("date", "start_time"):
            first_session.setdefault((session.course_id, session.date), session)
        by_course = defaultdict(list)
        for (course_id, _day), session in first_session.items():
            by_course[course_id].append(session)
        enrollments = (
            Enrollment.objects.filter(course__in=by_course, status__in=OPEN_STATUSES)
            .exclude(session_reminder=SessionReminder.NONE)
            .select_related("youth", "reminder_parent", "course")
            .prefetch_related("course__leaders")
        )
        for enrollment in enrollments:
            for session in by_course[enrollment.course_id]:
                yield Due(
                    record=enrollment,
                    due_date=session.date - ONE_DAY,
                    youth=enrollment.youth,
                    context={"session": session},
                )

    def plan(self, due: Due) -> Plan:
        enrollment, session = due.record, due.context["session"]
        channel = CHANNELS[enrollment.session_reminder]
        leaders = list(enrollment.course.leaders.all())
        context = {
            "course": enrollment.course.title,
            "date": session.date,
            "start_time": session.start_time,
            "end_time": session.end_time,
            "place": session.effective_place,
        }
        messages = []
        recipients = [(enrollment.youth, RecipientKind.YOUTH)]
        if enrollment.reminder_parent is not None:
            recipients.append((enrollment.reminder_parent, RecipientKind.PARENT))
        for person, kind in recipients:
            address = _address(person, channel)
            if address is None:
                continue
            messages.append(
                MessagePlan(
                    channel=address[0],
                    to=address[1],
                    recipient_kind=kind,
                    template="session_tomorrow",
                    context={
                        **context,
                        "first_name": person.first_name,
                        "youth_first_name": enrollment.youth.first_name,
                        "to_parent": kind == RecipientKind.PARENT,
                    },
                    responsible=leaders[0] if leaders else None,
                )
            )
        return Plan(messages=messages)


# --- progression (issue 18): the start, and the first completed course ----------------------


def _known_since(*moments) -> datetime.date:
    """When the milestone's records came into the system: the latest of them (an import's day for history)."""
    return max(timezone.localdate(moment) for moment in moments if moment is not None)


@register
class ProgressionAtStart(MilestoneRule):
    """The first measurement: when a young person comes into the target group (registered in it), or,
    for one outside it, at the first course enrollment; whichever comes first."""

    key = "progression_start"
    name = _("Spørgeskema ved start")
    description = _("Opgave til den ansvarlige (og link til den unge), når den unge starter i indsatsen.")
    milestone = Milestone.START

    def due(self, window: Window):
        youths = (
            self.not_yet_asked(Youth.objects.all())
            .annotate(
                first_enrolled=Min("course_enrollments__enrolled_on"),
                first_enrolled_at=Min("course_enrollments__created_at"),
            )
            .filter(
                Q(in_target_group=True, registered_on__range=(window.earliest, window.latest))
                | Q(first_enrolled__range=(window.earliest, window.latest))
            )
            .select_related("responsible_staff")
        )
        for youth in youths:
            started = [youth.first_enrolled] if youth.first_enrolled else []
            if youth.in_target_group:
                started.append(youth.registered_on)
            first = min(started)
            from_enrollment = youth.first_enrolled == first and not (
                youth.in_target_group and youth.registered_on == first
            )
            known = _known_since(youth.created_at, youth.first_enrolled_at if from_enrollment else None)
            yield Due(record=youth, due_date=first, youth=youth, known_since=known)


@register
class ProgressionAfterCourse(MilestoneRule):
    """After the young person's first completed course (a second one asks nothing: once per milestone)."""

    key = "progression_forloeb_gennemfoert"
    name = _("Spørgeskema efter gennemført forløb")
    description = _("Opgave til den ansvarlige (og link til den unge), når den unge har gennemført et forløb.")
    milestone = Milestone.COURSE_COMPLETED

    def due(self, window: Window):
        completed = Q(course_enrollments__status=EnrollmentStatus.COMPLETED)
        youths = (
            self.not_yet_asked(Youth.objects.all())
            .annotate(
                first_completed=Min("course_enrollments__completed_on", filter=completed),
                completed_known=Min("course_enrollments__created_at", filter=completed),
            )
            .filter(first_completed__range=(window.earliest, window.latest))
            .select_related("responsible_staff")
        )
        for youth in youths:
            known = _known_since(youth.created_at, youth.completed_known)
            yield Due(record=youth, due_date=youth.first_completed, youth=youth, known_since=known)
