"""Reminder rules about placements (issue 8): the one-month check-in and the six-month retention follow-up.

Both fire on a placement's FollowUp records, which placement_create makes with
the placement (services._sync_follow_ups). The task's `concerning` is the
follow-up, so "Mine opgaver" links to the page where it is recorded, and
recording it (services.follow_up_complete) closes the task. Imported
placements come in with follow-ups made on the import's day, so the machinery
never reminds about their due dates before then (opgaver/registry.py).
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import long_date
from fritidsjob.models import Youth
from fritidsjob.progression.models import Milestone
from opgaver.models import Channel, RecipientKind
from opgaver.progression import MilestoneRule
from opgaver.registry import Due, MessagePlan, Plan, Rule, TaskPlan, Window, register

from .models import FollowUp, FollowUpKind, NetworkMeetingSignup, Placement


def _open_follow_ups(kind: str, window: Window):
    """Open follow-ups of `kind` due in the window, of placements not ended before the due date."""
    return (
        FollowUp.objects.open()
        .filter(kind=kind, due_date__range=(window.earliest, window.latest))
        .filter(Q(placement__end__isnull=True) | Q(placement__end__gte=F("due_date")))
        .select_related("placement__youth__responsible_staff", "placement__company__responsible_consultant")
    )


def _responsible(follow_up: FollowUp):
    """The young person's responsible staff member, else the company's responsible consultant."""
    placement = follow_up.placement
    return placement.youth.responsible_staff or placement.company.responsible_consultant


class FollowUpRule(Rule):
    kind: str

    def due(self, window: Window):
        for follow_up in _open_follow_ups(self.kind, window):
            yield Due(record=follow_up, due_date=follow_up.due_date, youth=follow_up.placement.youth)

    def plan(self, due: Due) -> Plan:
        follow_up = due.record
        return Plan(
            task=TaskPlan(
                title=self.task_title,
                description=self.task_description
                % {
                    "company": follow_up.placement.company.name,
                    "start": long_date(follow_up.placement.start),
                },
                assignee=_responsible(follow_up),
                concerning=follow_up,
            )
        )


@register
class OneMonthCheckIn(FollowUpRule):
    key = "en_maaneds_opfoelgning"
    name = _("Opfølgning 1 måned efter jobstart")
    description = _("Opgave til den ansvarlige på dagen, hvor den unge har været i job i en måned.")
    default_lead_days = 0
    kind = FollowUpKind.ONE_MONTH
    task_title = _("Opfølgning: 1 måned i job")
    task_description = _(
        "Den unge startede i job hos %(company)s den %(start)s. Tag en snak med den unge og virksomheden "
        "om, hvordan det går, og registrér opfølgningen."
    )


@register
class SixMonthFollowUp(FollowUpRule):
    key = "seks_maaneders_opfoelgning"
    name = _("Opfølgning 6 måneder efter jobstart")
    description = _("Opgave til den ansvarlige 7 dage før; frist på dagen, hvor den unge har været i job i 6 måneder.")
    default_lead_days = 7
    kind = FollowUpKind.SIX_MONTHS
    task_title = _("Opfølgning: er jobbet fastholdt i 6 måneder?")
    task_description = _("Den unge startede i job hos %(company)s den %(start)s. Registrér, om jobbet er fastholdt.")


# --- progression (issue 18): three and six months into a job --------------------------------


class ProgressionInJob(MilestoneRule):
    """`months` calendar months into the young person's first job that lasts that long; once per young person."""

    months: int

    def due(self, window: Window):
        # Over-fetch a few days for month ends; the machinery keeps only due dates in the window.
        earliest = window.earliest - relativedelta(months=self.months) - datetime.timedelta(days=3)
        latest = window.latest - relativedelta(months=self.months) + datetime.timedelta(days=3)
        youths = self.not_yet_asked(Youth.objects.all())
        placements = (
            Placement.objects.filter(youth__in=youths, start__range=(earliest, latest))
            .select_related("youth__responsible_staff")
            .order_by("start", "pk")
        )
        seen = set()
        for placement in placements:
            due_date = placement.start + relativedelta(months=self.months)
            if placement.youth_id in seen or (placement.end is not None and placement.end < due_date):
                continue
            seen.add(placement.youth_id)
            yield Due(
                record=placement.youth,
                due_date=due_date,
                youth=placement.youth,
                known_since=timezone.localdate(placement.created_at),
            )


@register
class ProgressionThreeMonthsInJob(ProgressionInJob):
    key = "progression_job_3_maaneder"
    name = _("Spørgeskema 3 måneder i job")
    description = _("Opgave til den ansvarlige (og link til den unge), når den unge har været 3 måneder i job.")
    milestone = Milestone.JOB_3_MONTHS
    months = 3


@register
class ProgressionSixMonthsInJob(ProgressionInJob):
    key = "progression_job_6_maaneder"
    name = _("Spørgeskema 6 måneder i job")
    description = _("Opgave til den ansvarlige (og link til den unge), når den unge har været 6 måneder i job.")
    milestone = Milestone.JOB_6_MONTHS
    months = 6


# --- the company portal (issue 16): the employer answers the follow-up ----------------------


class EmployerFollowUpRule(Rule):
    """An e-mail to the company's portal contact on the day a follow-up falls due, with a link that answers it.

    The machinery makes it exactly once (one reminder per follow-up and due date), never for
    imported history (the follow-up's created_at is the import's day), and the worker retries a
    failed send. No task: the consultant's task comes from the rule above and closes on the answer.
    """

    kind: str
    default_lead_days = 0

    def due(self, window: Window):
        from .portal.services import follow_up_contact

        for follow_up in _open_follow_ups(self.kind, window):
            contact = follow_up_contact(follow_up)
            if contact is not None:
                yield Due(
                    record=follow_up,
                    due_date=follow_up.due_date,
                    youth=follow_up.placement.youth,
                    context={"contact": contact},
                )

    def plan(self, due: Due) -> Plan:
        from .portal.services import follow_up_link

        follow_up, contact = due.record, due.context["contact"]
        message = MessagePlan(
            channel=Channel.EMAIL,
            to=contact.email,
            recipient_kind=RecipientKind.COMPANY,
            template="employer_follow_up",
            # No name of the young person in an e-mail: the link's page shows who it is, with the consent.
            context={
                "contact_name": contact.name,
                "months": 6 if follow_up.is_six_months else 1,
                "start": long_date(follow_up.placement.start),
                "url": follow_up_link(follow_up=follow_up, contact=contact),
            },
            responsible=_responsible(follow_up),
        )
        return Plan(messages=[message])


@register
class EmployerOneMonth(EmployerFollowUpRule):
    key = "virksomhed_en_maaneds_opfoelgning"
    name = _("Virksomhedens opfølgning 1 måned efter jobstart")
    description = _("E-mail til virksomhedens kontaktperson i portalen med et link til opfølgningens spørgsmål.")
    kind = FollowUpKind.ONE_MONTH


@register
class EmployerSixMonths(EmployerFollowUpRule):
    key = "virksomhed_seks_maaneders_opfoelgning"
    name = _("Virksomhedens opfølgning 6 måneder efter jobstart")
    description = _("E-mail til virksomhedens kontaktperson: er den unge stadig ansat efter 6 måneder?")
    kind = FollowUpKind.SIX_MONTHS


# --- the company portal: the day before a network meeting -----------------------------------

ONE_DAY = datetime.timedelta(days=1)


@register
class NetworkMeetingTomorrow(Rule):
    """The day before a network meeting, an e-mail to each company contact signed up for it in the portal.

    One reminder per sign-up and meeting day (moving the meeting gives one for the new day), only to
    contacts still signed up and still with portal access, never about a meeting already held
    (max_days_late 0), never for a sign-up made after the day before; the worker retries a failed send.
    No task: attendance is registered by staff on the meeting as before.
    """

    key = "netvaerksmoede_i_morgen"
    name = _("Påmindelse dagen før et netværksmøde")
    description = _("E-mail dagen før et netværksmøde til de kontaktpersoner, der har tilmeldt sig i portalen.")
    max_days_late = 0  # a reminder about yesterday's meeting helps nobody

    def due(self, window: Window):
        signups = (
            NetworkMeetingSignup.objects.filter(
                meeting__date__range=(window.earliest + ONE_DAY, window.latest + ONE_DAY),
                contact__user__is_active=True,
            )
            .exclude(contact__email="")
            .select_related("meeting__organiser", "contact__company__responsible_consultant")
        )
        for signup in signups:
            yield Due(record=signup, due_date=signup.meeting.date - ONE_DAY)

    def plan(self, due: Due) -> Plan:
        from .portal.services import portal_login_url

        signup = due.record
        meeting, contact = signup.meeting, signup.contact
        message = MessagePlan(
            channel=Channel.EMAIL,
            to=contact.email,
            recipient_kind=RecipientKind.COMPANY,
            template="network_meeting_tomorrow",
            context={
                "contact_name": contact.name,
                "title": meeting.title,
                "date": meeting.date,
                "place": meeting.place,
                "url": portal_login_url(),
            },
            responsible=meeting.organiser or contact.company.responsible_consultant,
        )
        return Plan(messages=[message])
