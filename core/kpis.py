"""The KPIs: the window of a run, one object per KPI in a registry, series, breakdowns and pace.

Each app declares its KPIs in its own `kpis.py` (found at start-up by `core.apps`),
one `Kpi` each: its key, Danish label and definition (shown on "Sådan tælles
nøgletallene" and in the funder report), the counting, and where it stands::

    from core.kpis import CountedKpi, Dimension, Kpi, register

    register(
        Kpi(
            key="unge_i_job",
            label=_("Unge i målgruppen, der er kommet i job"),
            definition=_("Antal forskellige unge i målgruppen med mindst én ansættelse, ..."),
            counting=CountedKpi(
                rows=lambda: Placement.objects.filter(youth__in_target_group=True),
                condition=lambda window: window.contains("start"),
                count="youth",  # distinct youth, not placements
                paths={Dimension.INDUSTRY: "company__industry", Dimension.GENDER: "youth__gender"},
            ),
            order=70,
        )
    )

The dashboard, the funder report, `manage.py kpi`, the definitions page and the
project's target form all read the registry, so they show the same KPIs the same way.

The counting is a callable `(KpiWindow) -> {"value": int | None, **extra fields}`
(None: "not recorded", never 0). It may offer two optional attributes:

``series(window, ends) -> list[int]``
    The value in the windows ``[window.start, end]`` for every ``end`` in ``ends``
    (the month ends of the window), in a constant number of queries. Without it the
    engine calls the KPI once per month end.

``dimensions`` and ``breakdown(window, dimension) -> dict[str, int]``
    The dimensions the KPI can be split by, and the split: label -> count in order.

`CountedKpi` builds the value, the series (one query) and every breakdown (one
query each) from a description of what is counted. `full_computation` counts the
CountedKpis that share their rows (the same `rows` callable, thing counted and paths)
in one pass: one query gives each KPI's series and its breakdowns by the counted
things' own fields, one more each other dimension (e.g. the jobs' industry). How a dimension's groups are
labelled (genders, industries, ...) is registered by the app that owns them
(`register_dimension`); the month breakdown is the monthly increase of the series.

The project (period and targets) is the model named by the setting
FRITIDSJOB_PROJECT_MODEL; `project_model()` gives it to apps below the reporting.
"""

import bisect
import dataclasses
import datetime
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import floor
from typing import Any

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.models import Count, Expression, F, Min, Model, Q, QuerySet, Sum, TextChoices
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .formatting import long_month

Breakdown = dict[str, int]


def project_model():
    """The project model (period, targets): rapporter.Project, without importing rapporter."""
    return apps.get_model(settings.FRITIDSJOB_PROJECT_MODEL)


# --- the window --------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiWindow:
    """The dates a KPI run counts: [start, end], both inclusive; `end` is the as-of date."""

    project: Any  # a project_model() instance
    start: datetime.date
    end: datetime.date
    # The as-of date asked for (or today) when it lay after the project and was moved
    # to the project's end, so the pages can say so.
    requested_end: datetime.date | None = None

    @property
    def as_of(self) -> datetime.date:
        return self.end

    def contains(self, date_field: str) -> Q:
        """A filter for records whose `date_field` (a lookup path) lies in the window."""
        return Q(**{f"{date_field}__gte": self.start, f"{date_field}__lte": self.end})


def kpi_window(project, as_of: datetime.date | None = None, start: datetime.date | None = None) -> KpiWindow:
    """The window of a run, the one place it is worked out: [project.start, as_of].

    `as_of` defaults to today and is clamped to the project's end (the window then
    remembers the date asked for); `start` narrows the window to a sub-period and is
    clamped into [project.start, as_of].
    """
    asked = as_of or timezone.localdate()
    end = min(asked, project.end)
    start = project.start if start is None else max(project.start, min(start, end))
    return KpiWindow(project=project, start=start, end=end, requested_end=asked if asked != end else None)


# --- dimensions ----------------------------------------------------------------------------


class Dimension(TextChoices):
    MONTH = "maaned", _("Måned")
    INDUSTRY = "branche", _("Branche")
    SCHOOL = "skole", _("Skole")
    POSTCODE = "postnummer", _("Postnummerområde")
    GENDER = "koen", _("Køn")
    AGE_BAND = "alder", _("Aldersgruppe")


# Dimensions that describe young people: small counts in them are not shown to the funder.
PERSON_DIMENSIONS = frozenset({Dimension.SCHOOL, Dimension.POSTCODE, Dimension.GENDER, Dimension.AGE_BAND})


def _plain_group(path: str, window: KpiWindow) -> Expression:
    return F(path)


@dataclass(frozen=True)
class DimensionSpec:
    labels: Callable[[dict[Any, int]], Breakdown]  # group value -> count, as label -> count in order
    group: Callable[[str, KpiWindow], Expression] = _plain_group  # what to group rows by, given the KPI's path


_dimensions: dict[str, DimensionSpec] = {}


def register_dimension(
    dimension: str,
    *,
    labels: Callable[[dict[Any, int]], Breakdown],
    group: Callable[[str, KpiWindow], Expression] = _plain_group,
) -> None:
    """How the app that owns a dimension's values groups and labels them (MONTH needs nothing)."""
    _dimensions[dimension] = DimensionSpec(labels=labels, group=group)


def name_labels(missing: str) -> Callable[[dict[Any, int]], Breakdown]:
    """Labels for free-text groups: sorted by name, the records without one last as `missing`."""

    def labels(counts: dict[Any, int]) -> Breakdown:
        result = dict(sorted((str(key), count) for key, count in counts.items() if key not in (None, "")))
        unnamed = sum(count for key, count in counts.items() if key in (None, ""))
        if unnamed:
            result[str(missing)] = unnamed
        return result

    return labels


# --- months and series -------------------------------------------------------------------


def month_ends(window: KpiWindow) -> list[datetime.date]:
    """The last day of every month the window touches; the last one is the window's end (the as-of date)."""
    ends: list[datetime.date] = []
    month = window.start.replace(day=1)
    while month <= window.end:
        following = month + relativedelta(months=1)
        ends.append(min(following - datetime.timedelta(days=1), window.end))
        month = following
    return ends


def month_label(day: datetime.date) -> str:
    return long_month(day)


def series_of(function: Callable, window: KpiWindow, value: int | None) -> list[tuple[datetime.date, int]] | None:
    """The KPI's cumulative value at every month end of the window; None for a KPI not recorded."""
    if value is None:
        return None
    ends = month_ends(window)
    if not ends:
        return []
    if hasattr(function, "series"):
        values = list(function.series(window, ends))
    else:
        values = [function(dataclasses.replace(window, end=end))["value"] for end in ends]
    return list(zip(ends, values, strict=True))


def breakdown_of(
    function: Callable,
    window: KpiWindow,
    dimension: str,
    figures: Mapping[str, Any],
    series: list[tuple[datetime.date, int]] | None,
) -> Breakdown | None:
    """The KPI split by `dimension` (label -> count, in order); None where the KPI does not provide it."""
    if figures.get("value") is None:
        return None
    if dimension == Dimension.MONTH:
        if series is None:
            return None
        result, previous = {}, 0
        for end, value in series:
            result[month_label(end)] = value - previous
            previous = value
        return result
    if dimension in getattr(function, "dimensions", ()):
        return dict(function.breakdown(window, dimension))
    if dimension == Dimension.INDUSTRY and isinstance(figures.get("per_branche"), dict):
        return dict(figures["per_branche"])
    return None


def provides(function: Callable, dimension: str, figures: Mapping[str, Any]) -> bool:
    """Whether the KPI can be split by `dimension` (without computing the split)."""
    if figures.get("value") is None:
        return False
    return (
        dimension == Dimension.MONTH
        or dimension in getattr(function, "dimensions", ())
        or (dimension == Dimension.INDUSTRY and isinstance(figures.get("per_branche"), dict))
    )


# --- pace --------------------------------------------------------------------------------


def round_half_up(number: Fraction) -> int:
    return floor(number + Fraction(1, 2))


@dataclass(frozen=True)
class Pace:
    """Where a KPI stands against a straight line from 0 at the project's start to the target at its end."""

    value: int
    expected: int

    @property
    def difference(self) -> int:
        return self.value - self.expected

    @property
    def on_track(self) -> bool:
        return self.difference >= 0

    @property
    def behind_by(self) -> int:
        return max(0, -self.difference)

    @property
    def ahead_by(self) -> int:
        return max(0, self.difference)


def expected_by(*, target: int, window: KpiWindow) -> int:
    """The target's share of the days in the window (the whole project's days give the whole target)."""
    days = max(0, (window.end - window.start).days + 1)
    return round_half_up(Fraction(target * days, window.project.days))


def pace_of(*, value: int | None, target: int | None, window: KpiWindow) -> Pace | None:
    """None when there is nothing to compare: no value recorded, or no target."""
    if value is None or not target:
        return None
    return Pace(value=value, expected=expected_by(target=target, window=window))


# --- a KPI from a description of what is counted -----------------------------------------


@dataclass(frozen=True)
class CountedKpi:
    """A KPI that counts distinct `count` (or sums `total`) over the `rows` meeting `condition(window)`.

    `rows` is called at run time (so defining the KPI never touches the database);
    `paths` maps each supported Dimension to a lookup path from a row, as the
    dimension's registration expects it (e.g. INDUSTRY to a ForeignKey to Industry,
    AGE_BAND to a birth date). MONTH is always there.
    `extra` adds the KPI's extra fields of the contract (e.g. per_branche).
    """

    rows: Callable[[], QuerySet]
    condition: Callable[[KpiWindow], Q]
    count: str = "pk"
    total: Callable[[], Expression] | None = None
    paths: Mapping[str, str] = field(default_factory=dict)
    extra: Callable[[KpiWindow], dict[str, Any]] | None = None
    # The date (a lookup path) from which a row counted at the window's end counts at every
    # end after it, e.g. "completed_on". With it the series is one query over each counted
    # thing's first such date (or each date's total), cumulated per month end, instead of
    # one filtered aggregate column per month end that each rescan the rows.
    counts_from: str | None = None

    def measure(self, condition: Q | None = None) -> Expression:
        if self.total is not None:
            return Coalesce(Sum(self.total(), filter=condition), 0)
        return Count(self.count, distinct=True, filter=condition)

    def counted(self, window: KpiWindow) -> QuerySet:
        """The rows that count in the window (e.g. for a list filtered the way the KPI counts)."""
        return self.rows().filter(self.condition(window))

    def __call__(self, window: KpiWindow) -> dict[str, Any]:
        value = self.counted(window).aggregate(value=self.measure())["value"]
        return {"value": value, **(self.extra(window) if self.extra else {})}

    @property
    def dimensions(self) -> frozenset[str]:
        return frozenset(self.paths)

    def series(self, window: KpiWindow, ends: Collection[datetime.date]) -> list[int]:
        """One query: per first date (or per date for a total), cumulated; without counts_from a
        filtered aggregate per month end."""
        if self.counts_from is not None:
            return cumulated(self.first_dates(window), ends)
        columns = {
            f"upto_{number}": self.measure(self.condition(dataclasses.replace(window, end=end)))
            for number, end in enumerate(ends)
        }
        result = self.counted(window).aggregate(**columns)
        return [result[f"upto_{number}"] for number in range(len(ends))]

    def first_dates(self, window: KpiWindow) -> dict[datetime.date, int]:
        """date -> how many things start counting on it: the first `counts_from` of each distinct
        `count` (or the total of the rows dated on it), over the rows that count at the window's end."""
        rows = self.counted(window).order_by()
        if self.total is not None:
            grouped = rows.values(first=F(self.counts_from)).annotate(amount=Sum(self.total()))
            return {_as_date(row["first"]): row["amount"] or 0 for row in grouped}
        firsts = (
            rows.filter(**{f"{self.count}__isnull": False}).values(self.count).annotate(kpi_first=Min(self.counts_from))
        )
        sql, params = firsts.query.get_compiler(using=rows.db).as_sql()
        with connections[rows.db].cursor() as cursor:
            cursor.execute(f"SELECT kpi_first, COUNT(*) FROM ({sql}) AS firsts GROUP BY kpi_first", params)
            return {_as_date(first): amount for first, amount in cursor.fetchall()}

    def _of_counted_thing(self, path: str) -> bool:
        # A group that is a field of the counted thing itself (the youth's school when counting youth):
        # each thing is then in exactly one group, so its groups can all be read in one pass.
        return self.total is None and (self.count == "pk" or path == self.count or path.startswith(f"{self.count}__"))

    def breakdowns(self, window: KpiWindow, dimensions: Collection[str]) -> dict[str, Breakdown]:
        """Every dimension in `dimensions`: those grouping the counted things by their own fields in one
        query (each thing once, with all its groups), each other one in a query of its own."""
        together = [dimension for dimension in dimensions if self._of_counted_thing(self.paths[dimension])]
        result = {}
        if len(together) > 1:
            groups = {
                f"kpi_g{number}": _dimensions[dimension].group(self.paths[dimension], window)
                for number, dimension in enumerate(together)
            }
            things = (
                self.counted(window)
                .order_by()
                .filter(**{f"{self.count}__isnull": False})
                .annotate(**groups)
                .values(self.count, *groups)
                .distinct()
            )
            sql, params = things.query.get_compiler(using=things.db).as_sql()
            columns = ", ".join(groups)
            with connections[things.db].cursor() as cursor:
                cursor.execute(f"SELECT {columns}, COUNT(*) FROM ({sql}) AS things GROUP BY {columns}", params)
                combinations = cursor.fetchall()
            for number, dimension in enumerate(together):
                counts: dict[Any, int] = {}
                for combination in combinations:
                    counts[combination[number]] = counts.get(combination[number], 0) + combination[-1]
                result[dimension] = _dimensions[dimension].labels(counts)
        for dimension in dimensions:
            if dimension not in result:
                result[dimension] = self.breakdown(window, dimension)
        return {dimension: result[dimension] for dimension in dimensions}

    def breakdown(self, window: KpiWindow, dimension: str) -> Breakdown:
        """One query (plus whatever the dimension's labels read, e.g. the industry names)."""
        spec = _dimensions[dimension]
        grouped = (
            self.counted(window)
            .annotate(kpi_group=spec.group(self.paths[dimension], window))
            .order_by()  # a model's default ordering would split the groups
            .values("kpi_group")
            .annotate(kpi_count=self.measure())
        )
        return spec.labels({row["kpi_group"]: row["kpi_count"] for row in grouped})


def _shares_a_pass(kpi: CountedKpi) -> tuple | None:
    """What CountedKpis must have in common to be counted in one pass (None: not one of them): the same
    rows (the same callable), the same distinct thing counted and the same dimensions' paths."""
    if kpi.counts_from is None or kpi.total is not None:
        return None
    return (kpi.rows, kpi.count, tuple(sorted(kpi.paths.items())))


def counted_together(
    kpis: Sequence[CountedKpi], window: KpiWindow, ends: Collection[datetime.date], dimensions: Collection[str]
) -> list[tuple[list[int], dict[str, Breakdown]]]:
    """The series and every breakdown in `dimensions` of each of `kpis` (which share a pass, see
    _shares_a_pass), in one query over the rows any of them counts: each counted thing once, with its
    first date in each KPI (NULL where that KPI does not count it) and its own groups (school, gender,
    ...); plus one query per other dimension (e.g. the industry of the young people's jobs) for all."""
    first = kpis[0]
    conditions = [kpi.condition(window) for kpi in kpis]
    anyone = conditions[0]
    for condition in conditions[1:]:
        anyone |= condition
    single = len(kpis) == 1
    rows = first.rows().filter(anyone).order_by().filter(**{f"{first.count}__isnull": False})
    together = [dimension for dimension in dimensions if first._of_counted_thing(first.paths[dimension])]
    groups = {
        f"kpi_g{number}": _dimensions[dimension].group(first.paths[dimension], window)
        for number, dimension in enumerate(together)
    }
    dates = {
        f"kpi_first{number}": Min(kpi.counts_from, filter=None if single else conditions[number])
        for number, kpi in enumerate(kpis)
    }
    things = rows.annotate(**groups).values(first.count, *groups).annotate(**dates)
    sql, params = things.query.get_compiler(using=things.db).as_sql()
    columns = [*dates, *groups]
    counts = ", ".join(f"COUNT({column})" for column in dates)
    firsts: list[dict[datetime.date, int]] = [{} for _kpi in kpis]
    splits: list[list[dict[Any, int]]] = [[{} for _dimension in together] for _kpi in kpis]

    def add(split: dict, key, amount: int) -> None:
        if amount:  # a group none of this KPI's things is in is not one of its groups
            split[key] = split.get(key, 0) + amount

    with connections[things.db].cursor() as cursor:
        if connections[things.db].vendor == "postgresql":
            # One grouping set per column: a few thousand rows at most instead of one per combination.
            flags = ", ".join(f"GROUPING({column})" for column in columns)
            sets = ", ".join(f"({column})" for column in columns)
            cursor.execute(
                f"SELECT {', '.join(columns)}, {flags}, {counts} FROM ({sql}) AS things GROUP BY GROUPING SETS ({sets})",
                params,
            )
            width = len(columns)
            for row in cursor.fetchall():
                position = row[width : 2 * width].index(0)  # the one column this row is grouped by
                amounts = row[2 * width :]
                if position < len(kpis):
                    if row[position] is not None:
                        add(firsts[position], _as_date(row[position]), amounts[position])
                else:
                    for number in range(len(kpis)):
                        add(splits[number][position - len(kpis)], row[position], amounts[number])
        else:
            cursor.execute(
                f"SELECT {', '.join(columns)}, {counts} FROM ({sql}) AS things GROUP BY {', '.join(columns)}", params
            )
            for row in cursor.fetchall():
                amounts = row[len(columns) :]
                for number in range(len(kpis)):
                    if row[number] is not None:
                        add(firsts[number], _as_date(row[number]), amounts[number])
                    for position in range(len(together)):
                        add(splits[number][position], row[len(kpis) + position], amounts[number])
    results = [
        {
            dimension: _dimensions[dimension].labels(splits[number][position])
            for position, dimension in enumerate(together)
        }
        for number in range(len(kpis))
    ]
    for dimension in dimensions:
        if dimension in together:
            continue
        if single:
            results[0][dimension] = first.breakdown(window, dimension)
            continue
        spec = _dimensions[dimension]
        measures = {
            f"kpi_count{number}": Count(first.count, distinct=True, filter=condition)
            for number, condition in enumerate(conditions)
        }
        grouped = (
            rows.annotate(kpi_group=spec.group(first.paths[dimension], window)).values("kpi_group").annotate(**measures)
        )
        per_kpi: list[dict[Any, int]] = [{} for _kpi in kpis]
        for row in grouped:
            for number in range(len(kpis)):
                add(per_kpi[number], row["kpi_group"], row[f"kpi_count{number}"])
        for number in range(len(kpis)):
            results[number][dimension] = spec.labels(per_kpi[number])
    return [
        (cumulated(firsts[number], ends), {dimension: results[number][dimension] for dimension in dimensions})
        for number in range(len(kpis))
    ]


def _as_date(value) -> datetime.date:
    # A raw cursor on SQLite gives dates as text.
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def cumulated(amounts: Mapping[datetime.date, int], ends: Collection[datetime.date]) -> list[int]:
    """The running total of `amounts` (date -> amount) at every end in `ends` (ascending)."""
    dates = sorted(amounts)
    totals, running = [], 0
    for amount in (amounts[day] for day in dates):
        running += amount
        totals.append(running)
    result = []
    for end in ends:
        position = bisect.bisect_right(dates, end)
        result.append(totals[position - 1] if position else 0)
    return result


# Returns {"value": int | None, **extra fields of that KPI}; never the target.
KpiFunction = Callable[[KpiWindow], dict[str, Any]]


def not_recorded(*extra_fields: str) -> KpiFunction:
    """A counting for a KPI whose records are not kept: every figure is None ("not recorded", not 0)."""

    def figures(window: KpiWindow) -> dict[str, Any]:
        return {"value": None, **dict.fromkeys(extra_fields)}

    return figures


# --- one object per KPI, and the registry --------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    key: str  # the key of the contract: manage.py kpi's output, the project's targets
    label: str
    definition: str  # how the number is counted, in Danish
    counting: KpiFunction
    order: int = 100  # where it stands in every list and in the JSON output: lower first
    example: str = ""
    extra_labels: Mapping[str, str] = field(default_factory=dict)  # names of the extra single figures


# key -> Kpi; read it through registered(), which keeps the display order.
KPIS: dict[str, Kpi] = {}


def register(kpi: Kpi) -> Kpi:
    if KPIS.get(kpi.key, kpi) is not kpi:
        raise ValueError(f"Two KPIs are registered with the key {kpi.key!r}.")
    KPIS[kpi.key] = kpi
    return kpi


def registered() -> list[Kpi]:
    """Every registered KPI, in display order."""
    return sorted(KPIS.values(), key=lambda kpi: kpi.order)


def kpi_keys() -> list[str]:
    return [kpi.key for kpi in registered()]


def label_for(key: str) -> str:
    """The KPI's label; a key no longer registered (e.g. an old target in a project's history) as itself."""
    return KPIS[key].label if key in KPIS else key


def kpi_figures(window: KpiWindow) -> dict[str, dict[str, Any]]:
    """Every registered KPI in `window`: {key: {"value", "target", **extra}}, in display order."""
    targets = window.project.targets or {}
    figures_by_key = {}
    for kpi in registered():
        figures = dict(kpi.counting(window))
        value = figures.pop("value")
        # "target" right after "value", then the KPI's own extra fields, as in the contract.
        figures_by_key[kpi.key] = {"value": value, "target": targets.get(kpi.key), **figures}
    return figures_by_key


def compute_kpis(project, as_of: datetime.date | None = None, start: datetime.date | None = None) -> dict[str, Any]:
    """All KPIs of `project` in the contract's shape: {"project", "as_of", "kpis": {key: {...}}}."""
    window = kpi_window(project, as_of, start)
    return {"project": project.slug, "as_of": window.end.isoformat(), "kpis": kpi_figures(window)}


# --- every figure of a run at once, and what changes them ----------------------------------


def full_computation(window: KpiWindow) -> dict[str, Any]:
    """Every KPI's figures, monthly series and breakdown by every dimension in `window`, in JSON's types.

    {"kpis": {key: {"value", **extra}}, "series": {key: [[iso date, n], ...] | None},
     "breakdowns": {dimension: {key: [[label, n], ...]}}}: lists of pairs, so the order of
    the labels survives a JSON store that sorts keys. Targets and pace are not in it: they
    come from the project when the figures are shown. A CountedKpi's value is the last point
    of its series (the window's end), so each set is counted once for both.
    """
    ends = month_ends(window)
    result: dict[str, Any] = {"kpis": {}, "series": {}, "breakdowns": {}}
    # The CountedKpis that count the same things in the same rows, each group in one pass.
    passes: dict[tuple, list[CountedKpi]] = {}
    for kpi in registered():
        if isinstance(kpi.counting, CountedKpi) and (shared := _shares_a_pass(kpi.counting)) is not None:
            passes.setdefault(shared, []).append(kpi.counting)
    counted: dict[int, tuple[list[int], dict[str, Breakdown]]] = {}
    for kpis in passes.values() if ends else ():
        for function, outcome in zip(kpis, counted_together(kpis, window, ends, kpis[0].dimensions), strict=True):
            counted[id(function)] = outcome
    for kpi in registered():
        function = kpi.counting
        splits: dict[str, Breakdown] = {}
        if id(function) in counted:
            # Its series and breakdowns came from its pass; the value is the series' last point.
            extra = function.extra(window) if function.extra else {}
            dimensions = [d for d in Dimension if d != Dimension.MONTH and provides(function, d, {"value": 0, **extra})]
            values, splits = counted[id(function)]
            figures = {"value": values[-1], **extra}
            series = list(zip(ends, values, strict=True))
        elif isinstance(function, CountedKpi) and function.counts_from is not None:
            values = function.series(window, ends)
            figures = {"value": values[-1], **(function.extra(window) if function.extra else {})}
            series = list(zip(ends, values, strict=True))
            dimensions = [d for d in Dimension if d != Dimension.MONTH and provides(function, d, figures)]
            splits = function.breakdowns(window, [d for d in dimensions if d in function.dimensions])
        else:
            figures = dict(function(window))
            series = series_of(function, window, figures["value"])
            dimensions = [d for d in Dimension if d != Dimension.MONTH and provides(function, d, figures)]
            if isinstance(function, CountedKpi) and figures["value"] is not None:
                splits = function.breakdowns(window, [d for d in dimensions if d in function.dimensions])
        result["kpis"][kpi.key] = figures
        result["series"][kpi.key] = None if series is None else [[end.isoformat(), n] for end, n in series]
        for dimension in dimensions:
            split = splits.get(dimension)
            if split is None:
                split = breakdown_of(function, window, dimension, figures, series)
            result["breakdowns"].setdefault(str(dimension), {})[kpi.key] = [list(pair) for pair in split.items()]
    return result


# The models whose rows the registered KPIs count, or label their groups by (registered by the
# apps, beside their KPIs): a change to one may change a figure kept by the reporting.
COUNTED_MODELS: set[type[Model]] = set()

# Sent (sender: the model) when rows of a counted model may have changed: by a save() or delete()
# (connected in core.apps), and by the bulk writes that send no signal (core.audit, the imports).
counted_records_changed = Signal()


def register_counted(*models: type[Model]) -> None:
    COUNTED_MODELS.update(models)


def counted_changed(model: type[Model]) -> None:
    """Tell the reporting that rows of `model` changed, if a KPI counts them."""
    if model in COUNTED_MODELS or any(issubclass(model, counted) for counted in COUNTED_MODELS):
        counted_records_changed.send(sender=model)


def _saved_or_deleted(sender, **kwargs) -> None:
    counted_changed(sender)


def _links_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        counted_changed(type(instance))


def connect_counted_signals() -> None:
    """After the apps registered their KPIs: every save() and delete() of a counted model, and every
    change to its many-to-many links (a parent's children), says so (signals hold no rule, only the news)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in COUNTED_MODELS:
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"kpis-save-{model._meta.label}")
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"kpis-delete-{model._meta.label}")
        for m2m in model._meta.many_to_many:
            m2m_changed.connect(
                _links_changed, sender=m2m.remote_field.through, dispatch_uid=f"kpis-m2m-{model._meta.label}-{m2m.name}"
            )
