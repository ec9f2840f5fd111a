from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.exports import Column, Export, export_response, requested_format
from core.kpis import Dimension, registered

from .. import progression, selectors, suppression
from ..forms import DashboardFilterForm
from ..models import Project

NOT_RECORDED = gettext_lazy("ikke registreret")


def _status(row) -> str:
    if row.pace is None:
        return ""
    if row.pace.on_track:
        return _("På sporet")
    return _("Bagud med %(count)s") % {"count": row.pace.behind_by}


KPI_TABLE_EXPORT = Export(
    "noegletal",
    [
        Column(gettext_lazy("Nøgletal"), lambda row: str(row.label)),
        Column(gettext_lazy("Opnået"), lambda row: row.value if row.recorded else str(NOT_RECORDED)),
        Column(gettext_lazy("Mål"), "target"),
        Column(gettext_lazy("Procent af mål"), "percent"),
        Column(gettext_lazy("Forventet pr. opgørelsesdato"), lambda row: row.pace.expected if row.pace else None),
        Column(gettext_lazy("Forskel"), lambda row: row.pace.difference if row.pace else None),
        Column(gettext_lazy("Status"), _status),
    ],
)


def breakdown_export(table: selectors.BreakdownTable) -> tuple[Export, list]:
    """A breakdown table as an export: one column per KPI; hidden cells as on the page ("skjult")."""
    columns = [Column(table.label, lambda row: row[0])]
    for number, kpi_row in enumerate(table.columns):
        columns.append(
            Column(
                str(kpi_row.label),
                lambda row, number=number: str(suppression.HIDDEN) if row[1][number].hidden else row[1][number].value,
            )
        )
    totals = (_("Nøgletallet i alt"), table.totals)
    return Export(f"noegletal-{table.dimension}", columns), [*table.rows, totals]


class KpiOverviewView(PermissionRequiredMixin, TemplateView):
    """The dashboard: every KPI against its target and pace, charts, breakdowns, deliverables.

    The funder (and anyone else without access to case files) gets the aggregated
    version: no caseload and small counts in breakdowns by person hidden.
    """

    permission_required = "rapporter.view_kpi"
    template_name = "rapporter/kpi_overview.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        file_format = requested_format(request)
        board = context["board"]
        if file_format and board:
            if request.GET.get("tabel") == "opdeling":
                export, rows = breakdown_export(board.breakdowns[0])
            elif request.GET.get("tabel") == "progression":
                export, rows = progression.EXPORT, progression.export_rows(context["progression"])
            else:
                export, rows = KPI_TABLE_EXPORT, board.rows
            return export_response(request=request, export=export, rows=rows, file_format=file_format)
        return self.render_to_response(context)

    def get_template_names(self):
        # Switching the breakdown with htmx only needs the breakdown.
        if self.request.htmx and self.request.htmx.target == "opdeling":
            return ["rapporter/partials/breakdown.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        projects = list(Project.objects.default_first(timezone.localdate()))
        form = DashboardFilterForm(self.request.GET or None, initial={"indsats": projects[0] if projects else None})
        choices = {}
        if form.is_bound:
            form.is_valid()  # the fields that are valid are used; the others show their error
            choices = form.cleaned_data
        project = choices.get("indsats") or (projects[0] if projects else None)
        dimension = choices.get("opdeling") or Dimension.MONTH
        sees_cases = self.request.user.has_perm("fritidsjob.view_youth")
        board = None
        if project:
            board = selectors.dashboard(
                project=project,
                as_of=choices.get("opgoerelsesdato"),
                start=choices.get("fra"),
                dimensions=[dimension],
                discreet=not sees_cases,
                with_caseload=sees_cases,
            )
        return super().get_context_data(
            form=form,
            projects=projects,
            project=project,
            board=board,
            dimension=dimension,
            dimensions=Dimension.choices,
            small_number_limit=project.small_number_limit if project else selectors.SMALL_NUMBER_LIMIT,
            progression=progression.progression_report(
                window=board.window, limit=project.small_number_limit, discreet=not sees_cases
            )
            if board
            else None,
            **kwargs,
        )


class KpiDefinitionsView(PermissionRequiredMixin, TemplateView):
    """How each number is counted, in Danish: the same page for staff and the funder."""

    permission_required = "rapporter.view_kpi_definitions"
    template_name = "rapporter/kpi_definitions.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            definitions=registered(),
            small_number_limit=selectors.SMALL_NUMBER_LIMIT,
            **kwargs,
        )
