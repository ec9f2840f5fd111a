"""Progression for the dashboard, the funder PDF and their exports (issue 18): distance travelled, paired.

For each theme: the young people who answered at least twice in the period (first and latest
answering, `answered_on` in the KPI window), the mean change of their theme score (the mean
of their answers to the theme's statements) from the first to the latest answering, and the
share whose score went up. Only the same young people are compared (paired): a cohort that
changes between the first and the latest measurement says nothing about growth.

Breakdowns by gender and age band (age at the window's end, as the KPIs), and by the groupings
the feature apps register (fritidsjob/progression/groupings.py: first course, industry of the first job), with the small-number
suppression of rapporter/suppression.py on the number of young people: a hidden count hides
its whole row (a mean from fewer than the threshold is a figure about those few, and with the
total shown, the means would let the hidden counts be worked out). The response rate per
milestone: young people answered / young people asked (a milestone reminder made in the window).

A fixed number of queries (four, and one per registered grouping), whatever the amount of data.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Avg
from django.utils.translation import gettext_lazy as _

from core.exports import Column, Export
from core.kpis import Dimension, KpiWindow
from fritidsjob.kpis import AGE_BANDS, age_band_on
from fritidsjob.models import Gender
from fritidsjob.progression import groupings
from fritidsjob.progression.models import Milestone, ProgressionAnswer, ProgressionResponse, Theme
from opgaver.models import Reminder
from opgaver.progression import MilestoneRule
from opgaver.registry import all_rules

from . import suppression

DIMENSIONS = (Dimension.GENDER, Dimension.AGE_BAND)


def _rounded(value: Fraction | None, places: str = "0.01") -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass
class Change:
    """The paired change of one theme for a group of young people."""

    count: int
    mean_change: Fraction | None
    improved: int
    hidden: bool = False

    @property
    def mean(self) -> Decimal | None:
        return _rounded(self.mean_change)

    @property
    def share_improved(self) -> Decimal | None:
        """Per cent, one decimal."""
        return _rounded(Fraction(100 * self.improved, self.count), "0.1") if self.count else None


def _change(changes: list[Fraction]) -> Change:
    if not changes:
        return Change(count=0, mean_change=None, improved=0)
    return Change(count=len(changes), mean_change=sum(changes) / len(changes), improved=sum(c > 0 for c in changes))


@dataclass
class ThemeRow:
    theme: str
    label: str
    total: Change
    groups: dict[str, list[tuple[str, Change]]] = field(default_factory=dict)  # dimension -> (label, change)


@dataclass
class MilestoneRate:
    milestone: str
    label: str
    asked: suppression.Cell
    answered: suppression.Cell

    @property
    def rate(self) -> Decimal | None:
        if self.asked.hidden or self.answered.hidden or not self.asked.value:
            return None
        return _rounded(Fraction(100 * self.answered.value, self.asked.value), "0.1")


@dataclass
class ProgressionReport:
    themes: list[ThemeRow]
    rates: list[MilestoneRate]
    limit: int
    discreet: bool
    dimension_labels: dict[str, str]

    @property
    def has_figures(self) -> bool:
        return any(row.total.count for row in self.themes) or any(rate.asked.value for rate in self.rates)


def _theme_scores(window: KpiWindow):
    """(youth id, gender, birth date) -> [(answered_on, response id, {theme: mean})], oldest first. One query."""
    rows = (
        ProgressionAnswer.objects.filter(response__answered_on__range=(window.start, window.end))
        .values(
            "response_id",
            "response__answered_on",
            "response__youth_id",
            "response__youth__gender",
            "response__youth__birth_date",
            "item__theme",
        )
        .annotate(total=Avg("value"))
        .order_by()
    )
    by_response: dict[tuple, dict[str, Fraction]] = defaultdict(dict)
    for row in rows:
        youth = (row["response__youth_id"], row["response__youth__gender"], row["response__youth__birth_date"])
        key = (youth, row["response__answered_on"], row["response_id"])
        by_response[key][row["item__theme"]] = Fraction(str(row["total"]))
    by_youth: dict[tuple, list] = defaultdict(list)
    for (youth, answered_on, response_id), means in by_response.items():
        by_youth[youth].append((answered_on, response_id, means))
    for answers in by_youth.values():
        answers.sort(key=lambda answer: (answer[0], answer[1]))
    return by_youth


def _groups_of(youth: tuple, window: KpiWindow, registered: dict[str, dict[int, str]]) -> dict[str, str]:
    pk, gender, birth_date = youth
    result = {Dimension.GENDER: gender, Dimension.AGE_BAND: age_band_on(birth_date, window.end)}
    for grouping in groupings.registered():
        result[grouping.key] = registered[grouping.key].get(pk, str(grouping.none_label))
    return result


def _group_labels(registered: dict[str, dict[int, str]]) -> dict[str, list[tuple[str, str]]]:
    """Each dimension's groups in order, as (value, label); a registered grouping's groups are their labels."""
    labels = {
        Dimension.GENDER: [(value, str(label)) for value, label in Gender.choices],
        Dimension.AGE_BAND: [(key, str(label)) for key, label, _youngest in AGE_BANDS],
    }
    for grouping in groupings.registered():
        names = [str(name) for name in grouping.labels()]
        names += sorted(set(registered[grouping.key].values()) - set(names))
        labels[grouping.key] = [(name, name) for name in [*names, str(grouping.none_label)]]
    return labels


def _dimensions() -> list[str]:
    return [*DIMENSIONS, *(grouping.key for grouping in groupings.registered())]


def _protect(changes: list[Change], limit: int) -> None:
    """Hide the rows of a breakdown as suppression.suppress_column hides their counts (primary and secondary)."""
    for change, cell in zip(changes, suppression.suppress_column([c.count for c in changes], limit), strict=True):
        change.hidden = cell.hidden


def _rates(window: KpiWindow, limit: int, discreet: bool) -> list[MilestoneRate]:
    """Asked (a milestone reminder due in the window) and answered, per milestone. Two queries."""
    milestone_of = {key: rule.milestone for key, rule in all_rules().items() if isinstance(rule, MilestoneRule)}
    asked: dict[str, set[int]] = defaultdict(set)
    reminders = Reminder.objects.filter(rule__key__in=milestone_of, due_date__range=(window.start, window.end))
    for key, youth_id in reminders.values_list("rule__key", "object_id"):
        asked[milestone_of[key]].add(youth_id)
    answered: dict[str, set[int]] = defaultdict(set)
    everyone = set().union(*asked.values()) if asked else set()
    responses = ProgressionResponse.objects.filter(youth_id__in=everyone, milestone__in=list(asked))
    for youth_id, milestone in responses.values_list("youth_id", "milestone"):
        if youth_id in asked[milestone]:
            answered[milestone].add(youth_id)
    rates = []
    for milestone, label in Milestone.choices:
        if milestone == Milestone.IMPORTED:
            continue
        counts = len(asked[milestone]), len(answered[milestone])
        cells = [suppression.shown_figure(count, limit) if discreet else suppression.Cell(count) for count in counts]
        rates.append(MilestoneRate(milestone=milestone, label=str(label), asked=cells[0], answered=cells[1]))
    return rates


def progression_report(*, window: KpiWindow, limit: int, discreet: bool = True) -> ProgressionReport:
    by_youth = _theme_scores(window)
    ids = {youth[0] for youth in by_youth}
    # One query per registered grouping (course, industry), for all young people at once.
    registered = {grouping.key: grouping.groups(ids) for grouping in groupings.registered()}
    labels = _group_labels(registered)
    dimensions = _dimensions()
    themes = []
    for theme in Theme:
        changes: list[Fraction] = []
        grouped: dict[str, dict[str, list[Fraction]]] = {d: defaultdict(list) for d in dimensions}
        for youth, answers in by_youth.items():
            scored = [means[theme] for _day, _pk, means in answers if theme in means]
            if len(scored) < 2:
                continue
            change = scored[-1] - scored[0]
            changes.append(change)
            for dimension, value in _groups_of(youth, window, registered).items():
                grouped[dimension][value].append(change)
        total = _change(changes)
        row = ThemeRow(theme=theme, label=str(theme.label), total=total)
        if discreet:
            total.hidden = suppression.is_small(total.count, limit)
        for dimension in dimensions:
            cells = [(label, _change(grouped[dimension].get(value, []))) for value, label in labels[dimension]]
            if discreet:
                _protect([change for _label, change in cells], limit)
                if total.hidden:
                    for _label, change in cells:
                        change.hidden = change.hidden or change.count > 0
            row.groups[dimension] = cells
        themes.append(row)
    return ProgressionReport(
        themes=themes,
        rates=_rates(window, limit, discreet),
        limit=limit,
        discreet=discreet,
        dimension_labels={
            **{d: str(Dimension(d).label) for d in DIMENSIONS},
            **{grouping.key: str(grouping.label) for grouping in groupings.registered()},
        },
    )


def export_rows(report: ProgressionReport) -> list[list]:
    """The report as rows for CSV/XLSX: one per theme and group; hidden figures as on the page ("skjult")."""
    hidden = str(suppression.HIDDEN)
    rows = []
    for theme in report.themes:
        entries = [(str(_("I alt")), "", theme.total)]
        for dimension in report.dimension_labels:
            entries += [
                (report.dimension_labels[dimension], label, change) for label, change in theme.groups[dimension]
            ]
        for dimension_label, group, change in entries:
            figures = [hidden] * 3 if change.hidden else [change.count, change.mean, change.share_improved]
            rows.append([theme.label, dimension_label, group, *figures])
    return rows


EXPORT_HEADERS = [
    _("Tema"),
    _("Opdeling"),
    _("Gruppe"),
    _("Unge (parret)"),
    _("Gennemsnitlig ændring"),
    _("Andel forbedret (%)"),
]

EXPORT = Export("progression", [Column(header, lambda row, n=n: row[n]) for n, header in enumerate(EXPORT_HEADERS)])
