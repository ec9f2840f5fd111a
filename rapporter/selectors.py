"""Reads for the reporting pages: the dashboard's figures, deliverables, caseload and the lists.

Every function here runs a fixed number of queries, whatever the amount of data.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from core.kpis import (
    KPIS,
    PERSON_DIMENSIONS,
    Dimension,
    Kpi,
    KpiWindow,
    Pace,
    breakdown_of,
    kpi_window,
    pace_of,
)

from . import suppression
from .charts import Chart, cumulative_chart
from .models import Deliverable, DeliverableKind, DeliverableStatus, ImportBatch, Project
from .services.figures import Figures, stored_figures

# The default threshold: counts below it are hidden from the funder in breakdowns that describe young
# people (each project sets its own, Project.small_number_limit; rapporter/suppression.py hides them).
SMALL_NUMBER_LIMIT = suppression.DEFAULT_LIMIT


@dataclass
class KpiRow:
    kpi: Kpi
    value: int | None
    target: int | None
    extra: dict
    pace: Pace | None = None
    series: list[tuple[datetime.date, int]] | None = None
    chart: Chart | None = None

    @property
    def key(self) -> str:
        return self.kpi.key

    @property
    def label(self) -> str:
        return self.kpi.label

    @property
    def function(self) -> Callable:
        return self.kpi.counting

    @property
    def recorded(self) -> bool:
        return self.value is not None

    @property
    def percent(self) -> int | None:
        if self.value is None or not self.target:
            return None
        return round(100 * self.value / self.target)

    @property
    def bar_percent(self) -> int:
        return min(100, self.percent or 0)

    @property
    def expected_percent(self) -> int | None:
        """Where the straight line to the target stands today, as a share of the target."""
        if self.pace is None or not self.target:
            return None
        return min(100, round(100 * self.pace.expected / self.target))

    @property
    def extra_figures(self) -> list[tuple[str, object]]:
        """The KPI's extra single figures (e.g. industries covered); dict-valued extras are breakdowns."""
        return [
            (self.kpi.extra_labels.get(name, name), value)
            for name, value in self.extra.items()
            if not isinstance(value, dict) and value is not None
        ]


def kpi_rows(*, window: KpiWindow, figures: Figures) -> list[KpiRow]:
    """Every KPI in the window with its target and pace, its monthly series and chart, from `figures`."""
    targets = window.project.targets or {}
    rows = []
    for key, kpi_figures in figures.kpis.items():
        extra = dict(kpi_figures)
        value, target = extra.pop("value"), targets.get(key)
        row = KpiRow(
            kpi=KPIS[key],
            value=value,
            target=target,
            extra=extra,
            pace=pace_of(value=value, target=target, window=window),
        )
        row.series = figures.series(key)
        row.chart = cumulative_chart(series=row.series, window=window, target=target, label=str(row.label))
        rows.append(row)
    return rows


Cell = suppression.Cell


@dataclass
class BreakdownTable:
    dimension: str
    columns: list[KpiRow]  # the KPIs split by this dimension
    rows: list[tuple[str, list[Cell]]]
    not_recorded: list[KpiRow]  # the KPIs that are not (yet) split by it
    totals: list[Cell] = field(default_factory=list)

    @property
    def label(self) -> str:
        return Dimension(self.dimension).label

    @property
    def is_empty(self) -> bool:
        return not self.columns


def breakdown_table(
    *,
    window: KpiWindow,
    figures: Figures,
    rows: list[KpiRow],
    dimension: str,
    discreet: bool,
    limit: int = SMALL_NUMBER_LIMIT,
) -> BreakdownTable:
    """One dimension for every KPI that provides it: one row per label, one column per KPI.

    `discreet` (outside the staff): a breakdown by person has its small numbers, and the cells
    that would give them away, hidden (rapporter/suppression.py).
    """
    columns, splits, missing = [], [], []
    for row in rows:
        if dimension == Dimension.MONTH:  # the monthly increase of the series
            split = breakdown_of(row.function, window, dimension, {"value": row.value}, row.series)
        else:
            split = figures.breakdown(dimension, row.key)
        if split is None:
            missing.append(row)
            continue
        columns.append(row)
        splits.append(split)
    labels: list[str] = []
    for split in splits:
        labels.extend(label for label in split if label not in labels)
    values = [[split.get(label, 0) for split in splits] for label in labels]  # by row
    if discreet and dimension in PERSON_DIMENSIONS:
        by_column = suppression.suppress_table([list(column) for column in zip(*values, strict=True)], limit)
        cells = [list(row) for row in zip(*by_column, strict=True)] if by_column else [[] for _label in labels]
    else:
        cells = [[Cell(value) for value in row] for row in values]
    table_rows = list(zip(labels, cells, strict=True))
    totals = [Cell(row.value) for row in columns]
    return BreakdownTable(dimension=dimension, columns=columns, rows=table_rows, not_recorded=missing, totals=totals)


@dataclass(frozen=True)
class DeliverableSummary:
    kind: str
    label: str
    delivered: int
    total: int


@dataclass
class DeliverableOverview:
    items: list[Deliverable]
    by_kind: list[DeliverableSummary]

    @property
    def delivered(self) -> int:
        return sum(item.status == DeliverableStatus.DELIVERED for item in self.items)

    @property
    def counted(self) -> int:
        return sum(item.status != DeliverableStatus.CANCELLED for item in self.items)


def deliverable_overview(*, project: Project) -> DeliverableOverview:
    items = list(project.deliverables.all())
    by_kind = []
    for kind in DeliverableKind:
        of_kind = [item for item in items if item.kind == kind and item.status != DeliverableStatus.CANCELLED]
        if of_kind:
            delivered = sum(item.status == DeliverableStatus.DELIVERED for item in of_kind)
            by_kind.append(DeliverableSummary(kind, str(kind.label), delivered, len(of_kind)))
    return DeliverableOverview(items=items, by_kind=by_kind)


@dataclass(frozen=True)
class CaseloadRow:
    name: str
    active: int
    norm: int

    @property
    def over_norm(self) -> bool:
        return self.active > self.norm

    @property
    def percent(self) -> int:
        return round(100 * self.active / self.norm) if self.norm else 0

    @property
    def bar_percent(self) -> int:
        return min(100, self.percent)


def caseload(*, norm: int, counts: dict[str, Any]) -> tuple[list[CaseloadRow], int]:
    """Active young people per responsible staff member (every staff member, 0 included) and the unassigned.

    `counts` as stored with the figures (services.figures.caseload_counts); the names are read now.
    """
    from django.contrib.auth import get_user_model

    from fritidsjob.forms import staff_users

    active = dict(counts["per_staff"])
    # Every staff member, and whoever else holds a case (no longer in a staff role, or inactive): one query.
    people = get_user_model().objects.filter(Q(pk__in=staff_users().order_by().values("pk")) | Q(pk__in=list(active)))
    names = {user.pk: user.get_full_name() or user.username for user in people}
    rows = [CaseloadRow(name=names[pk], active=active.get(pk, 0), norm=norm) for pk in names]
    rows.sort(key=lambda row: (-row.active, row.name))
    return rows, counts["unassigned"]


@dataclass
class Dashboard:
    project: Project
    window: KpiWindow
    computed_at: datetime.datetime  # the moment of the data the figures are those of
    rows: list[KpiRow]
    breakdowns: list[BreakdownTable]
    deliverables: DeliverableOverview
    caseload: list[CaseloadRow] | None = None
    unassigned: int = 0

    @property
    def is_sub_period(self) -> bool:
        return self.window.start != self.project.start

    @property
    def with_target(self) -> list[KpiRow]:
        return [row for row in self.rows if row.pace is not None]

    @property
    def without_chart(self) -> list[KpiRow]:
        return [row for row in self.rows if row.chart is None]

    @property
    def on_track(self) -> int:
        return sum(row.pace.on_track for row in self.with_target)


def dashboard(
    *,
    project: Project,
    as_of: datetime.date | None = None,
    start: datetime.date | None = None,
    dimensions: Iterable[str] = (Dimension.MONTH,),
    discreet: bool = True,
    with_caseload: bool = False,
) -> Dashboard:
    """Everything the dashboard (and the funder report) shows, for one project and period.

    The figures are the stored ones (rapporter/services/figures.py), computed now if none are.

    `discreet` hides small counts in breakdowns by person (the funder's version);
    `with_caseload` adds the staff's caseload, which names staff members.
    """
    window = kpi_window(project, as_of, start)
    figures = stored_figures(window=window)
    rows = kpi_rows(window=window, figures=figures)
    result = Dashboard(
        project=project,
        window=window,
        computed_at=figures.computed_at,
        rows=rows,
        breakdowns=[
            breakdown_table(
                window=window,
                figures=figures,
                rows=rows,
                dimension=dimension,
                discreet=discreet,
                limit=project.small_number_limit,
            )
            for dimension in dimensions
        ],
        deliverables=deliverable_overview(project=project),
    )
    if with_caseload:
        result.caseload, result.unassigned = caseload(norm=project.caseload_norm, counts=figures.caseload)
    return result


def project_list():
    return Project.objects.all()


def project_with_history(*, project: Project):
    return project.changes.select_related("changed_by")


def report_list(*, project: Project | None = None):
    from .models import FundReport

    reports = FundReport.objects.select_related("project")
    return reports.filter(project=project) if project else reports


def industry_guides():
    """Every configured industry with its guide (None where nobody has written one yet)."""
    from fritidsjob.models import Industry

    return Industry.objects.select_related("guide").order_by("position", "name")


def import_batches():
    return ImportBatch.objects.select_related("uploaded_by", "finished_by")
