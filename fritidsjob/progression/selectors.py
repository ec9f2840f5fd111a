"""Reads for progression: a young person's answers over time, and what is still to be asked."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from .models import SCALE_MAX, SCALE_MIN, Milestone, ProgressionAnswer, ProgressionResponse, Questionnaire, Theme

# The chart's drawing area, in SVG user units; it scales to the panel's width.
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 320, 160, 28
THEME_COLOURS = {  # Okabe-Ito: told apart with colour blindness too; each line also has its own marker
    Theme.SELF_EFFICACY: "#0072B2",
    Theme.NETWORK: "#D55E00",
    Theme.WELLBEING: "#009E73",
    Theme.JOB_READINESS: "#CC79A7",
    Theme.RESPONSIBILITY: "#000000",
}


def mean(values) -> Decimal | None:
    values = list(values)
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def responses_for_youth(*, youth) -> list[ProgressionResponse]:
    """Every answering, oldest first, with its answers and their statements (two queries)."""
    return list(
        ProgressionResponse.objects.filter(youth=youth)
        .select_related("questionnaire", "recorded_by")
        .prefetch_related(Prefetch("answers", ProgressionAnswer.objects.select_related("item")))
        .order_by("answered_on", "pk")
    )


def theme_means(response: ProgressionResponse) -> dict[str, Decimal]:
    by_theme: dict[str, list[int]] = {}
    for answer in response.answers.all():
        by_theme.setdefault(answer.item.theme, []).append(answer.value)
    return {theme: mean(values) for theme, values in by_theme.items()}


@dataclass
class ThemeLine:
    theme: str
    label: str
    colour: str
    means: list[Decimal | None]
    points: list[tuple[float, float]] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass
class ProgressionChart:
    responses: list[ProgressionResponse]
    lines: list[ThemeLine]
    x_positions: list[float]
    y_ticks: list[tuple[int, float]]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT

    @property
    def columns(self):
        return list(zip(self.responses, self.x_positions, strict=True))

    @property
    def rows(self):
        """For the table under the chart: (line, means per answering)."""
        return self.lines


def _y(value: Decimal) -> float:
    span = CHART_HEIGHT - 2 * CHART_PAD
    return CHART_HEIGHT - CHART_PAD - float(value - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * span


def progression_chart(responses: list[ProgressionResponse]) -> ProgressionChart | None:
    """Each theme's mean answer per answering, as lines in a small SVG (and the same figures as a table)."""
    if not responses:
        return None
    count = len(responses)
    inner = CHART_WIDTH - 2 * CHART_PAD
    xs = [CHART_PAD + (inner * index / (count - 1) if count > 1 else inner / 2) for index in range(count)]
    per_response = [theme_means(response) for response in responses]
    lines = []
    for theme in Theme:
        means = [means.get(theme) for means in per_response]
        if all(value is None for value in means):
            continue
        line = ThemeLine(theme=theme, label=theme.label, colour=THEME_COLOURS[theme], means=means)
        line.points = [(x, _y(value)) for x, value in zip(xs, means, strict=True) if value is not None]
        lines.append(line)
    ticks = [(value, _y(Decimal(value))) for value in range(SCALE_MIN, SCALE_MAX + 1)]
    return ProgressionChart(responses=responses, lines=lines, x_positions=xs, y_ticks=ticks)


def open_milestones(*, youth, questionnaire: Questionnaire | None, responses) -> list[tuple[str, str]]:
    """The milestones of the current questionnaire not yet answered (for the staff's answer page)."""
    if questionnaire is None:
        return []
    answered = {r.milestone for r in responses if r.questionnaire_id == questionnaire.pk}
    return [
        (value, label) for value, label in Milestone.choices if value not in answered and value != Milestone.IMPORTED
    ]


def questionnaire_list():
    return Questionnaire.objects.order_by("-created_at", "-pk")
