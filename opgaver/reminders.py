"""The reminder rules whose records live in fritidsjob and foraeldre (see registry.py for how to add one).

Rules about placements, mentors, course sessions and funder reports belong in
their own apps' reminders.py, next to their models.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Max, Prefetch
from django.db.models.functions import Coalesce, Greatest
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from foraeldre.consent import has_valid_consent
from foraeldre.models import Consent, ConsentKind
from fritidsjob.models import Youth

from .registry import Due, Plan, Rule, TaskPlan, Window, register

JOURNAL_GAP_DAYS = 60


@register
class CaseWithoutJournal(Rule):
    """An active case with no journal entry for 60 days: a task to the responsible staff member.

    Due 60 days after the last entry (or after the case was registered, if it
    has none): an entry on 1 March makes a task due on 30 April.
    """

    key = "sag_uden_journal"
    name = _("Sag uden journalnotat i 60 dage")
    description = _("Opgave til den ansvarlige, når en aktiv sag ikke har fået et journalnotat i 60 dage.")

    def due(self, window: Window):
        gap = datetime.timedelta(days=JOURNAL_GAP_DAYS)
        cases = (
            Youth.objects.active()
            .annotate(last_entry=Max("journal_entries__date"))
            .annotate(last_activity=Greatest(Coalesce("last_entry", "registered_on"), "registered_on"))
            .filter(last_activity__range=(window.earliest - gap, window.latest - gap))
            .select_related("responsible_staff")
        )
        for youth in cases:
            yield Due(
                record=youth, due_date=youth.last_activity + gap, youth=youth, context={"since": youth.last_activity}
            )

    def plan(self, due: Due) -> Plan:
        return Plan(
            task=TaskPlan(
                title=_("Ingen journalnotat i 60 dage"),
                description=_(
                    "Der er ikke skrevet i sagens journal siden %(date)s. Tag kontakt til den unge, "
                    "eller skriv i journalen, hvorfor sagen hviler."
                )
                % {"date": date_format(due.context["since"], "j. F Y")},
                assignee=due.youth.responsible_staff,
            )
        )


# What an active young person under 18 can't take part without (sharing with a
# company or a mentor is checked where it happens, by require_consent).
REQUIRED_CONSENTS = (ConsentKind.PARTICIPATION, ConsentKind.PROCESSING)
# A new case has two weeks to get the parents' consent before it is a task.
CONSENT_GRACE_DAYS = 14
ADULT_AGE = 18


@register
class ConsentMissing(Rule):
    """An active young person under 18 without a valid consent to take part: a task to the responsible staff member.

    foraeldre.consent decides whether a consent is valid. Due on the day it was
    withdrawn, or, if there never was one, 14 days after the case was registered.
    """

    key = "samtykke_mangler"
    name = _("Samtykke mangler eller er trukket tilbage")
    description = _(
        "Opgave til den ansvarlige, når en aktiv ung under 18 ikke har gyldigt samtykke til deltagelse og "
        "behandling af oplysninger: 14 dage efter oprettelsen eller samme dag, som samtykket trækkes tilbage."
    )

    def due(self, window: Window):
        today = window.today
        cases = (
            Youth.objects.active()
            .filter(birth_date__gt=today - relativedelta(years=ADULT_AGE))
            .select_related("responsible_staff")
            .prefetch_related(
                Prefetch(
                    "consents",
                    queryset=Consent.objects.filter(kind__in=REQUIRED_CONSENTS, withdrawn_on__isnull=False),
                    to_attr="withdrawn_consents",
                )
            )
        )
        for youth in cases:
            missing: dict[datetime.date, list[str]] = {}
            for kind in REQUIRED_CONSENTS:
                if has_valid_consent(youth=youth, kind=kind, on=today):
                    continue
                withdrawals = [
                    c.withdrawn_on for c in youth.withdrawn_consents if c.kind == kind and c.withdrawn_on <= today
                ]
                since = (
                    max(withdrawals)
                    if withdrawals
                    else youth.registered_on + datetime.timedelta(days=CONSENT_GRACE_DAYS)
                )
                missing.setdefault(since, []).append(kind)
            for since, kinds in missing.items():
                yield Due(record=youth, due_date=since, youth=youth, context={"kinds": kinds})

    def plan(self, due: Due) -> Plan:
        kinds = ", ".join(str(ConsentKind(kind).label).lower() for kind in due.context["kinds"])
        return Plan(
            task=TaskPlan(
                title=_("Samtykke mangler"),
                description=_(
                    "Der er ikke et gyldigt samtykke fra en forælder med forældremyndighed til: %(kinds)s. "
                    "Indhent samtykket, eller afslut sagen."
                )
                % {"kinds": kinds},
                assignee=due.youth.responsible_staff,
            )
        )
