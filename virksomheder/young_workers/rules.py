"""The engine: a work plan (age, shifts, hours, kinds of work) checked against the limits, rule by rule.

Every message is concrete Danish with the rule's source; no database access.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fritidsjob.models import age_on

from .limits import (
    HAZARD_RULES,
    SOURCE_DAYS_OFF,
    SOURCE_HOURS_OLDER,
    SOURCE_HOURS_SCHOOL,
    SOURCE_LIGHT_WORK,
    SOURCE_MIN_AGE,
    SOURCE_NIGHT,
    SOURCE_NIGHT_EXCEPTIONS,
    SOURCE_REST,
    Hazard,
    Limits,
    limits_for,
)
from .shifts import MINUTES_PER_DAY, MINUTES_PER_WEEK, WEEKDAY_DEFINITE, Shift, clock, minutes_of


@dataclass(frozen=True)
class Violation:
    code: str
    message: str  # Danish, concrete
    source: str  # the rule's source, e.g. "Arbejdsmiljøloven § 61, stk. 2"
    exception_allowed: bool  # True only where the rules allow an exception (saved with a justification)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "source": self.source,
            "exception_allowed": self.exception_allowed,
        }


@dataclass(frozen=True)
class WorkPlan:
    """What a young person is to do: judged on the age at start_date."""

    birth_date: datetime.date
    start_date: datetime.date
    shifts: list[Shift] = field(default_factory=list)
    hours_per_week: Decimal | None = None
    hazards: frozenset[str] = frozenset()
    in_compulsory_school: bool | None = None  # None: assume yes while under 16
    holiday_week: bool = False  # a week without school: the non-school limits apply every day
    light_work_only: bool = True

    def __post_init__(self):
        hazards = frozenset(self.hazards or ())
        unknown = hazards - set(Hazard.values)
        if unknown:
            raise ValidationError(
                _("Ukendt slags farligt arbejde: %(values)s.") % {"values": ", ".join(sorted(unknown))}, code="hazard"
            )
        object.__setattr__(self, "hazards", hazards)
        if self.hours_per_week is not None and not isinstance(self.hours_per_week, Decimal):
            object.__setattr__(self, "hours_per_week", Decimal(str(self.hours_per_week)))
        object.__setattr__(self, "shifts", list(self.shifts or ()))

    @property
    def age(self) -> int:
        return age_on(self.birth_date, self.start_date)

    @property
    def limits(self) -> Limits:
        return limits_for(self.age, in_compulsory_school=self.in_compulsory_school)


def check(plan: WorkPlan) -> list[Violation]:
    """Every rule the plan breaks, in a fixed order; an empty list means the plan is allowed."""
    limits = plan.limits
    if not limits.applies:
        return []
    if not limits.may_work:
        return [_under_13(limits), *_check_hazards(plan, limits)]
    return [
        *_check_light_work(plan, limits),
        *_check_hazards(plan, limits),
        *_check_daily_hours(plan, limits),
        *_check_weekly_hours(plan, limits),
        *_check_night(plan, limits),
        *_check_rest(plan, limits),
        *_check_days_off(plan, limits),
    ]


def _under_13(limits: Limits) -> Violation:
    return Violation(
        code="under_13",
        message=_(
            "Den unge er %(age)s år. Børn under 13 år må ikke arbejde for en arbejdsgiver; kun kulturelle og "
            "lignende aktiviteter (fx film, teater, reklame og sport) med særlig tilladelse, som også fastsætter "
            "arbejdstiden."
        )
        % {"age": limits.age},
        source=str(SOURCE_MIN_AGE),
        exception_allowed=True,
    )


def _check_light_work(plan: WorkPlan, limits: Limits) -> list[Violation]:
    if not limits.light_work_only or plan.light_work_only:
        return []
    return [
        Violation(
            code="light_work",
            message=_("%(subject)s må kun udføre lettere arbejde; opgaverne er ikke markeret som lettere arbejde.")
            % {"subject": limits.subject},
            source=str(SOURCE_LIGHT_WORK),
            exception_allowed=False,
        )
    ]


def _check_hazards(plan: WorkPlan, limits: Limits) -> list[Violation]:
    violations = []
    for hazard in Hazard:  # the choices' order, not the set's
        if hazard not in plan.hazards:
            continue
        rule = HAZARD_RULES[hazard]
        allowed = rule.exception_min_age is not None and limits.age >= rule.exception_min_age
        if rule.exception_needs_school_finished and limits.in_compulsory_school:
            allowed = False
        message = _("Ikke tilladt for unge under 18 år: %(hazard)s.") % {"hazard": hazard.label}
        if allowed:
            message = f"{message} {rule.exception_note}"
        violations.append(
            Violation(
                code=f"hazard_{hazard.value}", message=message, source=str(rule.source), exception_allowed=allowed
            )
        )
    return violations


def _check_daily_hours(plan: WorkPlan, limits: Limits) -> list[Violation]:
    by_day: dict[int, list[Shift]] = {}
    for shift in plan.shifts:
        by_day.setdefault(shift.weekday, []).append(shift)
    violations = []
    for weekday in sorted(by_day):
        shifts = by_day[weekday]
        school_day = weekday < 5 and not plan.holiday_week
        limit = limits.day_hours(school_day=school_day)
        total = sum(shift.minutes for shift in shifts)
        if total <= limit * 60:
            continue
        if limits.school_day_hours == limits.non_school_day_hours:
            day_kind = _("om dagen")
        else:
            day_kind = _("på en skoledag") if school_day else _("på en dag uden skole")
        worked = (
            _("vagten om %(day)s er %(duration)s")
            if len(shifts) == 1
            else _("vagterne om %(day)s er i alt %(duration)s")
        ) % {"day": WEEKDAY_DEFINITE[weekday], "duration": _duration(total)}
        violations.append(
            Violation(
                code="daily_hours",
                message=_("%(subject)s må højst arbejde %(limit)s timer %(day_kind)s; %(worked)s.")
                % {"subject": limits.subject, "limit": limit, "day_kind": day_kind, "worked": worked}
                + _exception_hint(limits),
                source=str(SOURCE_HOURS_SCHOOL if limits.light_work_only else SOURCE_HOURS_OLDER),
                exception_allowed=not limits.light_work_only,
            )
        )
    return violations


def _exception_hint(limits: Limits) -> str:
    # § 61, stk. 5, nr. 2: the order may allow longer hours for 15-17-year-olds who finished school.
    if limits.light_work_only:
        return ""
    return " " + _("Det kan kun fraviges i særlige tilfælde, hvor arbejdets art gør det nødvendigt.")


def _check_weekly_hours(plan: WorkPlan, limits: Limits) -> list[Violation]:
    limit = limits.week_hours(holiday_week=plan.holiday_week)
    if limits.school_week_hours == limits.holiday_week_hours:
        week_kind = _("om ugen")
    else:
        week_kind = _("i en uge uden skole") if plan.holiday_week else _("i en skoleuge")
    source = str(SOURCE_HOURS_SCHOOL if limits.light_work_only else SOURCE_HOURS_OLDER)
    violations = []
    total = sum(shift.minutes for shift in plan.shifts)
    if total > limit * 60:
        violations.append(
            Violation(
                code="weekly_hours",
                message=_("%(subject)s må højst arbejde %(limit)s timer %(week_kind)s; vagterne er i alt %(total)s.")
                % {"subject": limits.subject, "limit": limit, "week_kind": week_kind, "total": _duration(total)}
                + _exception_hint(limits),
                source=source,
                exception_allowed=not limits.light_work_only,
            )
        )
    if plan.hours_per_week is not None and plan.hours_per_week > limit:
        violations.append(
            Violation(
                code="weekly_hours_stated",
                message=_("%(subject)s må højst arbejde %(limit)s timer %(week_kind)s; jobbet er på %(hours)s om ugen.")
                % {
                    "subject": limits.subject,
                    "limit": limit,
                    "week_kind": week_kind,
                    "hours": _hours_text(plan.hours_per_week),
                }
                + _exception_hint(limits),
                source=source,
                exception_allowed=not limits.light_work_only,
            )
        )
    return violations


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _check_night(plan: WorkPlan, limits: Limits) -> list[Violation]:
    night_start, night_end = minutes_of(limits.night_start), minutes_of(limits.night_end)
    # Relative to the shift's own day; a shift lasts at most 24 hours, so three nights cover it.
    nights = [(night_start + day * MINUTES_PER_DAY, night_end + (day + 1) * MINUTES_PER_DAY) for day in (-1, 0, 1)]
    violations = []
    for shift in plan.shifts:
        span = (minutes_of(shift.start), minutes_of(shift.start) + shift.minutes)
        if not any(_overlap(span, night) for night in nights):
            continue
        covering = [
            exception
            for exception in limits.night_exceptions
            if exception.window[0] <= span[0] and span[1] <= exception.window[1]
        ]
        message = _(
            "%(subject)s må ikke arbejde mellem kl. %(start)s og %(end)s; vagten %(shift)s ligger i det tidsrum."
        ) % {
            "subject": limits.subject,
            "start": clock(limits.night_start),
            "end": clock(limits.night_end),
            "shift": shift.label,
        }
        if covering:
            message += " " + _("Det er kun tilladt %(trades)s.") % {
                "trades": _(" og ").join(exception.description for exception in covering)
            }
        violations.append(
            Violation(
                code="night_work",
                message=message,
                source=str(SOURCE_NIGHT_EXCEPTIONS if limits.night_exceptions else SOURCE_NIGHT),
                exception_allowed=bool(covering),
            )
        )
    return violations


def _rest_gaps(shifts: Iterable[Shift]) -> list[tuple[int, int]]:
    """The rests between work as [start, end) minutes from Monday 00:00 of week 0.

    The schedule repeats every week, so the neighbouring weeks are laid out too: a Sunday
    evening shift is followed by next Monday's, and may run into it past midnight.
    """
    spans = sorted(
        (shift.week_start + offset, shift.week_start + shift.minutes + offset)
        for offset in (-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK, 2 * MINUTES_PER_WEEK)
        for shift in shifts
    )
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(before[1], after[0]) for before, after in itertools.pairwise(merged)]


def _check_rest(plan: WorkPlan, limits: Limits) -> list[Violation]:
    """rest_hours of continuous rest inside every 24 hours counted from the start of a shift (§ 62, stk. 1).

    Counted from the start of work, as Arbejdstilsynet counts the daily rest: work spread
    over more than 24 - rest_hours hours of one day breaks the rule even with a free next day.
    """
    if not plan.shifts:
        return []
    needed = limits.rest_hours * 60
    gaps = _rest_gaps(plan.shifts)
    starts = {shift.week_start: shift for shift in plan.shifts}
    violations = []
    for window_start in sorted(starts):
        window_end = window_start + MINUTES_PER_DAY
        inside = [(max(start, window_start), min(end, window_end)) for start, end in gaps]
        longest = max((end - start for start, end in inside if end > start), default=0)
        if longest >= needed:
            continue
        shift = starts[window_start]
        next_start = min(starts, key=lambda other: (other - window_start - 1) % MINUTES_PER_WEEK)
        violations.append(
            Violation(
                code="rest",
                message=_(
                    "%(subject)s skal have mindst %(rest)s timers sammenhængende hvile i døgnet; i døgnet fra "
                    "vagten %(shift)s er den længste hvile %(longest)s (næste vagt: %(next)s)."
                )
                % {
                    "subject": limits.subject,
                    "rest": limits.rest_hours,
                    "shift": shift.label,
                    "longest": _duration(longest),
                    "next": starts[next_start].label,
                },
                source=str(SOURCE_REST),
                exception_allowed=False,
            )
        )
    return violations


def _work_days(shifts: Iterable[Shift]) -> set[int]:
    """The weekdays touched by work, a shift past midnight touching the next day too."""
    days = set()
    for shift in shifts:
        first_minute = shift.week_start
        last_minute = shift.week_start + shift.minutes - 1
        for minute in range(first_minute - first_minute % MINUTES_PER_DAY, last_minute + 1, MINUTES_PER_DAY):
            days.add(minute // MINUTES_PER_DAY % 7)
    return days


def _check_days_off(plan: WorkPlan, limits: Limits) -> list[Violation]:
    """Two days off in a row every week (§ 62, stk. 2); split, or postponed for 15-17 out of school (stk. 3)."""
    if not plan.shifts:
        return []
    free = set(range(7)) - _work_days(plan.shifts)
    if any(day in free and (day + 1) % 7 in free for day in free):
        return []
    if len(free) >= 2:
        message = _(
            "%(subject)s skal have to sammenhængende fridøgn om ugen; vagterne giver ingen to fridage i træk. "
            "Kun hvis det ikke er muligt, må fridøgnene deles, og det ene skal da ligge i tilslutning til en "
            "daglig hvileperiode."
        )
        allowed = True
    else:
        message = ngettext(
            "%(subject)s skal have to sammenhængende fridøgn om ugen; vagterne giver kun %(free)s fridag.",
            "%(subject)s skal have to sammenhængende fridøgn om ugen; vagterne giver kun %(free)s fridage.",
            len(free),
        )
        allowed = not limits.light_work_only
    return [
        Violation(
            code="days_off",
            message=message % {"subject": limits.subject, "free": len(free)},
            source=str(SOURCE_DAYS_OFF),
            exception_allowed=allowed,
        )
    ]


def _duration(minutes: int) -> str:
    """180 -> '3 timer', 61 -> '1 time og 1 minut', 45 -> '45 minutter'."""
    hours, rest = divmod(minutes, 60)
    hour_text = _("1 time") if hours == 1 else _("%(n)s timer") % {"n": hours}
    minute_text = _("1 minut") if rest == 1 else _("%(n)s minutter") % {"n": rest}
    if not rest:
        return hour_text
    if not hours:
        return minute_text
    return _("%(hours)s og %(minutes)s") % {"hours": hour_text, "minutes": minute_text}


def _hours_text(value: Decimal) -> str:
    """Decimal('12.5') -> '12,5 timer' (Danish decimal comma)."""
    text = format(value.normalize(), "f").replace(".", ",")
    return _("1 time") if value == 1 else _("%(n)s timer") % {"n": text}
