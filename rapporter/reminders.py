"""The reporting reminder rule: the quarterly funder report is coming (see opgaver/registry.py)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.formatting import long_date
from core.kpis import kpi_window
from opgaver.registry import Due, Plan, Rule, TaskPlan, Window, register

from .models import Project


def quarter_ends(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The last days of the calendar quarters from the one `start` is in to the one `end` is in."""
    quarter_start = datetime.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    ends = []
    while quarter_start <= end:
        quarter_start += relativedelta(months=3)
        ends.append(quarter_start - datetime.timedelta(days=1))
    return ends


@register
class QuarterlyFundReport(Rule):
    """Two weeks before a quarter of a running project ends: a task to look over the report's texts.

    The report itself is made and e-mailed on the 2nd of the next month
    (CELERY_BEAT_SCHEDULE "rapporter-kvartalsrapport", rapporter.services.quarterly_fund_reports_send),
    with the project's current texts. The task has no assignee: the project leader (team leader) sees it.
    """

    key = "kvartalsrapport"
    name = _("Kvartalsrapport til fonden")
    description = _(
        "Opgave til projektlederen 14 dage før hvert kvartal slutter: opdatér rapportens tekster og "
        "leverancer, før statusrapporten sendes til fonden den 2. i næste måned."
    )
    default_lead_days = 14
    max_days_late = 0  # once the quarter is over, the report has gone with the texts it had

    def due(self, window: Window):
        projects = Project.objects.filter(start__lte=window.latest + relativedelta(months=3), end__gte=window.earliest)
        for project in projects:
            for quarter_end in quarter_ends(project.start, project.end):
                # The report's as-of date: never after the project's end, so the quarter it ends in is its last.
                yield Due(
                    record=project,
                    due_date=kpi_window(project, quarter_end).end,
                    known_since=project.start,
                    context={"quarter_end": quarter_end},
                )

    def plan(self, due: Due) -> Plan:
        project = due.record
        send_on = due.context["quarter_end"] + relativedelta(days=2)  # the 2nd of the next month
        recipients = project.recipient_list
        if recipients:
            sending = ngettext(
                "Den sendes automatisk den %(date)s til %(count)d modtager.",
                "Den sendes automatisk den %(date)s til %(count)d modtagere.",
                len(recipients),
            ) % {"date": long_date(send_on), "count": len(recipients)}
        else:
            sending = _("Indsatsen har ingen modtagere af kvartalsrapporten, så den bliver ikke sendt: tilføj dem.")
        return Plan(
            task=TaskPlan(
                title=_("Kvartalsrapport til fonden pr. %(date)s") % {"date": long_date(due.due_date)},
                description=_(
                    "Se rapportens tekster og leverancerne for %(project)s igennem, før statusrapporten laves. "
                    "%(sending)s"
                )
                % {"project": project.name, "sending": sending},
                concerning=project,
            )
        )
