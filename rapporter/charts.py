"""Cumulative KPI charts as server-side SVG: the same drawing on the dashboard and in the PDF.

`cumulative_chart` turns a series into coordinates (pre-formatted strings, so the
template never meets Danish number formatting); `rapporter/partials/chart_svg.html`
draws them.
"""

import datetime
import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.formatting import long_date, number, short_date, short_month
from core.kpis import KpiWindow, expected_by

WIDTH, HEIGHT = 600, 246
LEFT, RIGHT, TOP, BOTTOM = 56, 588, 16, 206


@dataclass(frozen=True)
class Tick:
    position: str
    label: str


@dataclass(frozen=True)
class ChartRow:
    """One point of the chart as text, for the table that is the chart's alternative (WCAG 1.1.1)."""

    date: str
    value: str
    expected: str  # on the straight line to the target; "" without a target


@dataclass(frozen=True)
class Chart:
    title: str
    actual: str  # polyline points
    pace: tuple[str, str, str, str] | None  # x1, y1, x2, y2 of the straight line to the target
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    marker: tuple[str, str, str, str]  # x, y, label's y, label of the as-of value
    marker_anchor: str = "end"
    rows: tuple[ChartRow, ...] = ()
    width: str = str(WIDTH)
    height: str = str(HEIGHT)
    left: str = str(LEFT)
    right: str = str(RIGHT)
    top: str = str(TOP)
    bottom: str = str(BOTTOM)
    # Where the labels go (precomputed: templates do no arithmetic).
    y_label_x: str = str(LEFT - 6)
    x_label_y: str = str(BOTTOM + 16)
    tick_end_y: str = str(BOTTOM + 4)
    legend_y: str = str(HEIGHT - 6)
    legend_line_y: str = str(HEIGHT - 10)


def nice_step(rough: float) -> float:
    """1, 2, 2.5 or 5 times a power of ten, at least `rough`."""
    if rough <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= rough:
            return factor * magnitude
    return 10 * magnitude


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


def _x_ticks(first: datetime.date, last: datetime.date, x) -> list[Tick]:
    ticks = []
    if (last - first).days > 540:
        for year in range(first.year + (first != datetime.date(first.year, 1, 1)), last.year + 1):
            day = datetime.date(year, 1, 1)
            ticks.append(Tick(_coordinate(x(day)), str(year)))
    else:
        month = datetime.date(first.year, first.month, 1)
        while month <= last:
            if month >= first and month.month in (1, 4, 7, 10):
                ticks.append(Tick(_coordinate(x(month)), short_month(month)))
            month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return ticks


def cumulative_chart(
    *, series: list[tuple[datetime.date, int]], window: KpiWindow, target: int | None, label: str
) -> Chart | None:
    """The series from 0 at the window's start, and the straight line to the target at the project's end."""
    if series is None:
        return None
    first = window.start
    last = max(window.end, window.project.end)
    span = max(1, (last - first).days)
    target_at_end = expected_by(target=target, window=KpiWindow(window.project, first, last)) if target else None
    highest = max([value for _day, value in series] + [target_at_end or 0, 1])
    step = nice_step(highest / 4)
    top_value = math.ceil(highest / step) * step

    def x(day: datetime.date) -> float:
        return LEFT + (RIGHT - LEFT) * (day - first).days / span

    def y(value: float) -> float:
        return BOTTOM - (BOTTOM - TOP) * value / top_value

    points = [(x(first), y(0))] + [(x(day), y(value)) for day, value in series]
    actual = " ".join(f"{_coordinate(px)},{_coordinate(py)}" for px, py in points)
    pace = None
    if target_at_end:
        pace = (_coordinate(x(first)), _coordinate(y(0)), _coordinate(x(last)), _coordinate(y(target_at_end)))
    y_ticks = []
    tick = 0.0
    while tick <= top_value + 1e-9:
        y_ticks.append(Tick(_coordinate(y(tick)), number(int(tick) if float(tick).is_integer() else tick)))
        tick += step
    value_now = series[-1][1] if series else 0
    day_now = series[-1][0] if series else first
    marker = (
        _coordinate(x(day_now)),
        _coordinate(y(value_now)),
        _coordinate(max(TOP + 10, y(value_now) - 8)),
        number(value_now),
    )
    title = _("%(label)s: %(value)s pr. %(date)s") % {
        "label": label,
        "value": number(value_now),
        "date": long_date(window.end),
    }
    if target:
        title += " " + _("(mål %(target)s)") % {"target": number(target)}
    rows = tuple(
        ChartRow(
            date=short_date(day),
            value=number(value),
            expected=number(round(target_at_end * (day - first).days / span)) if target_at_end else "",
        )
        for day, value in series
    )
    return Chart(
        title=title,
        rows=rows,
        actual=actual,
        pace=pace,
        x_ticks=_x_ticks(first, last, x),
        y_ticks=y_ticks,
        marker=marker,
        marker_anchor="end" if x(day_now) > (LEFT + RIGHT) / 2 else "start",
    )
