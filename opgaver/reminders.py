"""The reminder rule whose records live in fritidsjob (see registry.py for how to add one).

Rules about consent, placements, mentors, course sessions and funder reports belong in
their own apps' reminders.py, next to their models.
"""

import datetime

from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from core.formatting import long_date
from fritidsjob.models import Youth, YouthStatus
from fritidsjob.progression.models import Milestone

from .progression import MilestoneRule
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
                % {"date": long_date(due.context["since"])},
                assignee=due.youth.responsible_staff,
            )
        )


@register
class ProgressionAtClose(MilestoneRule):
    """The last measurement (issue 18): on the day the case is closed."""

    key = "progression_sag_afsluttet"
    name = _("Spørgeskema, når sagen afsluttes")
    description = _("Opgave til den ansvarlige (og link til den unge), når sagen afsluttes.")
    milestone = Milestone.CASE_CLOSED

    def due(self, window: Window):
        youths = (
            self.not_yet_asked(Youth.objects.filter(status=YouthStatus.CLOSED), active=False)
            .filter(closed_on__range=(window.earliest, window.latest))
            .select_related("responsible_staff")
        )
        for youth in youths:
            yield Due(record=youth, due_date=youth.closed_on, youth=youth)
