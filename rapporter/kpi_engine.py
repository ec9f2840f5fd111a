"""Series, breakdowns and pace on top of the KPIs of `rapporter.kpi`.

The KPIs themselves stay plain callables `(KpiWindow) -> {"value": ..., **extra}` in
`rapporter.kpi.KPIS`. The dashboard and the funder report additionally draw a
cumulative monthly series and breakdowns. A KPI opts into them with two optional
attributes of that callable (duck typing, nothing to register elsewhere):

``series(window, ends) -> list[int]``
    The KPI's value in the windows ``[window.start, end]`` for every ``end`` in
    ``ends`` (the month ends of the window, the last one being ``window.end``), in
    a constant number of queries. Without it the engine calls the KPI once per
    month end: still independent of the amount of data, but one run per month.

``dimensions`` and ``breakdown(window, dimension) -> dict[str, int]``
    The dimensions (``Dimension`` values) the KPI can be split by, and the split:
    label -> count in display order, in a constant number of queries.

The month breakdown needs nothing: it is the monthly increase of the series. The
industry breakdown also comes from a ``per_branche`` extra field if the KPI has one.

``CountedKpi`` builds the value, the series (one query) and every breakdown (one
query each) from a description of what is counted, so a KPI is usually just::

    unge_i_job = CountedKpi(
        rows=lambda: Placement.objects.filter(youth__in_target_group=True),
        condition=lambda window: window.contains("start"),
        count="youth",  # distinct youth, not placements
        paths={
            Dimension.INDUSTRY: "company__industry",  # a ForeignKey to fritidsjob.Industry
            Dimension.SCHOOL: "youth__school",  # a ForeignKey to fritidsjob.School
            Dimension.POSTCODE: "youth__postcode",
            Dimension.GENDER: "youth__gender",
            Dimension.AGE_BAND: "youth__birth_date",
        },
    )

A KPI whose counts are cumulative (a record that counts at one as-of date counts at
every later one, true of every KPI in the contract) gets a correct series this way.
"""

import dataclasses
import datetime
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from math import floor
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Count, Expression, F, Q, QuerySet, Sum, TextChoices, Value, When
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .kpi import KpiWindow

Breakdown = dict[str, int]


class Dimension(TextChoices):
    MONTH = "maaned", _("Måned")
    INDUSTRY = "branche", _("Branche")
    SCHOOL = "skole", _("Skole")
    POSTCODE = "postnummer", _("Postnummerområde")
    GENDER = "koen", _("Køn")
    AGE_BAND = "alder", _("Aldersgruppe")


# Dimensions that describe young people: small counts in them are not shown to the funder.
PERSON_DIMENSIONS = frozenset({Dimension.SCHOOL, Dimension.POSTCODE, Dimension.GENDER, Dimension.AGE_BAND})


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
    return date_format(day, "F Y")


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


def _industry_labels(counts: dict[Any, int]) -> Breakdown:
    from fritidsjob.models import Industry

    # Every configured industry, 0 where none, as the contract's per_branche.
    result = {name: counts.get(pk, 0) for pk, name in Industry.objects.values_list("pk", "name")}
    if counts.get(None):
        result[str(_("Uden branche"))] = counts[None]
    return result


def _name_labels(missing: str) -> Callable[[dict[Any, int]], Breakdown]:
    def labels(counts: dict[Any, int]) -> Breakdown:
        named = sorted((str(key), count) for key, count in counts.items() if key not in (None, ""))
        result = dict(named)
        unnamed = sum(count for key, count in counts.items() if key in (None, ""))
        if unnamed:
            result[str(missing)] = unnamed
        return result

    return labels


def _gender_labels(counts: dict[Any, int]) -> Breakdown:
    from fritidsjob.models import Gender

    return {str(label): counts.get(value, 0) for value, label in Gender.choices}


AGE_BANDS = (
    # (key, label, youngest age in the band); ages at the as-of date.
    ("u13", _("Under 13 år"), None),
    ("13-14", _("13-14 år"), 13),
    ("15-17", _("15-17 år"), 15),
    ("18+", _("18 år og derover"), 18),
)


def _age_band(path: str, window: KpiWindow) -> Expression:
    # Age on the as-of date: born after (as_of - N years) means younger than N.
    return Case(
        When(**{f"{path}__gt": window.end - relativedelta(years=13)}, then=Value("u13")),
        When(**{f"{path}__gt": window.end - relativedelta(years=15)}, then=Value("13-14")),
        When(**{f"{path}__gt": window.end - relativedelta(years=18)}, then=Value("15-17")),
        default=Value("18+"),
    )


def _age_labels(counts: dict[Any, int]) -> Breakdown:
    # The programme's own bands always show; the others only when somebody falls in them.
    return {
        str(label): counts.get(key, 0)
        for key, label, _youngest in AGE_BANDS
        if key in ("13-14", "15-17") or counts.get(key)
    }


@dataclass(frozen=True)
class DimensionSpec:
    group: Callable[[str, KpiWindow], Expression]  # what to group the rows by, given the KPI's path
    labels: Callable[[dict[Any, int]], Breakdown]  # group value -> count, as label -> count in order


DIMENSIONS: dict[str, DimensionSpec] = {
    Dimension.INDUSTRY: DimensionSpec(lambda path, window: F(path), _industry_labels),
    Dimension.SCHOOL: DimensionSpec(lambda path, window: F(f"{path}__name"), _name_labels(_("Ingen skole"))),
    Dimension.POSTCODE: DimensionSpec(lambda path, window: F(path), _name_labels(_("Uoplyst"))),
    Dimension.GENDER: DimensionSpec(lambda path, window: F(path), _gender_labels),
    Dimension.AGE_BAND: DimensionSpec(_age_band, _age_labels),
}


@dataclass(frozen=True)
class CountedKpi:
    """A KPI that counts distinct `count` (or sums `total`) over the `rows` meeting `condition(window)`.

    `rows` is called at run time (so defining the KPI never touches the database);
    `paths` maps each supported Dimension to a lookup path from a row:
    INDUSTRY to a ForeignKey to Industry, SCHOOL to a ForeignKey to School,
    POSTCODE and GENDER to the field, AGE_BAND to a birth date. MONTH is always there.
    `extra` adds the KPI's extra fields of the contract (e.g. per_branche).
    """

    rows: Callable[[], QuerySet]
    condition: Callable[[KpiWindow], Q]
    count: str = "pk"
    total: Callable[[], Expression] | None = None
    paths: Mapping[str, str] = field(default_factory=dict)
    extra: Callable[[KpiWindow], dict[str, Any]] | None = None

    def measure(self, condition: Q | None = None) -> Expression:
        if self.total is not None:
            return Coalesce(Sum(self.total(), filter=condition), 0)
        return Count(self.count, distinct=True, filter=condition)

    def _counted(self, window: KpiWindow) -> QuerySet:
        return self.rows().filter(self.condition(window))

    def __call__(self, window: KpiWindow) -> dict[str, Any]:
        value = self._counted(window).aggregate(value=self.measure())["value"]
        return {"value": value, **(self.extra(window) if self.extra else {})}

    @property
    def dimensions(self) -> frozenset[str]:
        return frozenset(self.paths)

    def series(self, window: KpiWindow, ends: Collection[datetime.date]) -> list[int]:
        """One query: a filtered aggregate per month end."""
        columns = {
            f"upto_{number}": self.measure(self.condition(dataclasses.replace(window, end=end)))
            for number, end in enumerate(ends)
        }
        result = self._counted(window).aggregate(**columns)
        return [result[f"upto_{number}"] for number in range(len(ends))]

    def breakdown(self, window: KpiWindow, dimension: str) -> Breakdown:
        """One query (plus the industry names for INDUSTRY)."""
        spec = DIMENSIONS[dimension]
        grouped = (
            self._counted(window)
            .annotate(kpi_group=spec.group(self.paths[dimension], window))
            .order_by()  # a model's default ordering would split the groups
            .values("kpi_group")
            .annotate(kpi_count=self.measure())
        )
        return spec.labels({row["kpi_group"]: row["kpi_count"] for row in grouped})
