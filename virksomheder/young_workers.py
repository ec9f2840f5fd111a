"""The rules for workers under 18 (unges arbejde): one small, pure module without database access.

Openings, placements, matching and the industry guides all ask this module; no other code
holds a figure of these rules.

What the figures were checked against (November 2026, through public copies; none newer than
the 2025 amendments was found, so later changes, if any, are not in here):
- Arbejdsmiljøloven §§ 61-62 (lovbekendtgørelse nr. 674 af 25. maj 2020 as consolidated on
  elov.dk): the hour limits (§ 61, stk. 1-2), the pause (stk. 3), the ban on work between
  kl. 20 and kl. 6 for everyone under 18 (stk. 4), rest and days off (§ 62, stk. 1-3).
  The order (bekendtgørelse om unges arbejde) repeats these limits; the law is cited
  because its section numbers could be checked.
- Arbejdstilsynet's page "Unges arbejdstid, hviletid og fridøgn" and ungmedjob.dk
  (Arbejdsmiljøweb/BFA) for the order's exceptions to the kl. 20-6 window for 15-17-year-olds
  who have finished compulsory school: offices, shops, service stations until kl. 22; hotels,
  restaurants, theatres, cinemas until kl. 24; bakeries and stable work from kl. 4; newspaper
  delivery from kl. 5. NOT verified: the section number of these exceptions in the current
  order, so the source names the order's chapter 4 only.
- The order's annexes (chapter titles and annex titles of BEK nr. 239 af 6. april 2005; the
  text of bilag 6 as published for the order): bilag 1 machines, bilag 2 machines allowed
  from 16 when not in compulsory school, bilag 4 substances (jf. § 12), bilag 5 substances
  allowed from 15 when not in compulsory school, bilag 6 other hazards (noise, temperature,
  radiation, pressure, slaughter, machine-paced work, low oxygen, animals, lifting 12/25 kg).
  NOT verified: whether the 2021 order (BEK nr. 1049 af 30. maj 2021) and the 2025
  amendments (in force 1 January and 1 July 2025) kept this annex numbering.
- Under 13 and "lettere arbejde" (arbejdsmiljøloven § 60; the order's chapter 5 and its list
  of light work, bilag 7 in the 2021 order): the paragraph numbers inside § 60 are NOT
  verified, so the sources cite the section as a whole.

Where docs/domain-rules.md's approximations differ from the law, the law wins: the night ban
for 15-17-year-olds who finished school is kl. 20-6 (not 22-6), with the trade exceptions
above (no 23-05 exception was found); 15-17-year-olds still in school may work 8 hours on a
non-school day and 40 hours in a week without school (not 7 and 35).
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from fritidsjob.models import age_on

__all__ = [
    "AgeGroup",
    "Hazard",
    "Limits",
    "NightException",
    "Shift",
    "Violation",
    "WorkPlan",
    "age_on",
    "check",
    "limits_for",
    "rules_markdown",
]

ADULT_AGE = 18
MIN_WORK_AGE = 13
LIGHT_WORK_AGE = 15  # under this age only light work, and the strictest hour limits
SCHOOL_ASSUMED_UNDER = 16  # in_compulsory_school=None: assume still in school below this age

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY

# Sources, as shown to the user next to each rule.
ORDER = "Bekendtgørelse om unges arbejde"
SOURCE_MIN_AGE = gettext_lazy(
    "Arbejdsmiljøloven § 60; bekendtgørelse om unges arbejde, kapitel 7 (kulturelle og lignende aktiviteter)"
)
SOURCE_LIGHT_WORK = gettext_lazy(
    "Arbejdsmiljøloven § 60; bekendtgørelse om unges arbejde, kapitel 5 (lettere arbejde)"
)
SOURCE_HOURS_OLDER = gettext_lazy("Arbejdsmiljøloven § 61, stk. 1")
SOURCE_HOURS_SCHOOL = gettext_lazy("Arbejdsmiljøloven § 61, stk. 2")
SOURCE_PAUSE = gettext_lazy("Arbejdsmiljøloven § 61, stk. 3")
SOURCE_NIGHT = gettext_lazy("Arbejdsmiljøloven § 61, stk. 4")
SOURCE_NIGHT_EXCEPTIONS = gettext_lazy(
    "Arbejdsmiljøloven § 61, stk. 4-5; bekendtgørelse om unges arbejde, kapitel 4 (undtagelser fra tidsrummet)"
)
SOURCE_REST = gettext_lazy("Arbejdsmiljøloven § 62, stk. 1")
SOURCE_DAYS_OFF = gettext_lazy("Arbejdsmiljøloven § 62, stk. 2-3")
SOURCE_DUTIES = gettext_lazy("Bekendtgørelse om unges arbejde, kapitel 2")

WEEKDAY_NAMES = [
    gettext_lazy("mandag"),
    gettext_lazy("tirsdag"),
    gettext_lazy("onsdag"),
    gettext_lazy("torsdag"),
    gettext_lazy("fredag"),
    gettext_lazy("lørdag"),
    gettext_lazy("søndag"),
]
# "om tirsdagen": the definite form the messages use.
WEEKDAY_DEFINITE = [
    gettext_lazy("mandagen"),
    gettext_lazy("tirsdagen"),
    gettext_lazy("onsdagen"),
    gettext_lazy("torsdagen"),
    gettext_lazy("fredagen"),
    gettext_lazy("lørdagen"),
    gettext_lazy("søndagen"),
]


def _clock(value: datetime.time) -> str:
    return value.strftime("%H:%M")


def _minutes_of(value: datetime.time) -> int:
    return value.hour * 60 + value.minute


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


# --- Shifts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shift:
    """One recurring shift in a weekly schedule; an end at or before the start runs past midnight."""

    weekday: int  # 0 = Monday .. 6 = Sunday, like datetime.date.weekday()
    start: datetime.time
    end: datetime.time

    def __post_init__(self):
        if isinstance(self.weekday, bool) or not isinstance(self.weekday, int) or not 0 <= self.weekday <= 6:
            raise ValidationError(_("Ugedagen skal være et tal fra 0 (mandag) til 6 (søndag)."), code="weekday")
        for value in (self.start, self.end):
            if not isinstance(value, datetime.time):
                raise ValidationError(_("Vagtens start og slut skal være klokkeslæt."), code="time")
            if value.second or value.microsecond or value.tzinfo:
                raise ValidationError(_("Vagtens tider angives i hele minutter, fx 16:00."), code="time")

    @classmethod
    def from_json(cls, data: dict) -> Shift:
        """{"weekday": 0, "start": "16:00", "end": "18:00"} -> Shift; a clear Danish error otherwise."""
        if not isinstance(data, dict) or not {"weekday", "start", "end"} <= data.keys():
            raise ValidationError(_("En vagt skal have ugedag, start og slut."), code="shape")
        return cls(weekday=data["weekday"], start=_parse_clock(data["start"]), end=_parse_clock(data["end"]))

    def to_json(self) -> dict:
        return {"weekday": self.weekday, "start": _clock(self.start), "end": _clock(self.end)}

    @property
    def minutes(self) -> int:
        """Length in minutes; a shift ending at or before its start runs past midnight."""
        length = _minutes_of(self.end) - _minutes_of(self.start)
        return length if length > 0 else length + MINUTES_PER_DAY

    @property
    def week_start(self) -> int:
        """Minutes from Monday 00:00 to the start."""
        return self.weekday * MINUTES_PER_DAY + _minutes_of(self.start)

    @property
    def label(self) -> str:
        """'tirsdag 16:00-19:00'."""
        return _("%(day)s %(start)s-%(end)s") % {
            "day": WEEKDAY_NAMES[self.weekday],
            "start": _clock(self.start),
            "end": _clock(self.end),
        }


def _parse_clock(value) -> datetime.time:
    if isinstance(value, datetime.time):
        return value
    try:
        hours, minutes = str(value).split(":")[:2]
        return datetime.time(int(hours), int(minutes))
    except (TypeError, ValueError):
        raise ValidationError(
            _("%(value)s er ikke et klokkeslæt (skriv fx 16:00).") % {"value": value}, code="time"
        ) from None


# --- Forbidden kinds of work --------------------------------------------------------------


class Hazard(models.TextChoices):
    """Kinds of work nobody under 18 may do (the order's annexes); stored as a JSON list of values."""

    DANGEROUS_MACHINES = "farlige_maskiner", gettext_lazy("Farlige maskiner og tekniske hjælpemidler")
    DANGEROUS_SUBSTANCES = "farlige_stoffer", gettext_lazy("Farlige stoffer og materialer (fx faremærkede kemikalier)")
    HEAVY_LIFTING = "tunge_loeft", gettext_lazy("Tunge løft (over 12 kg) og hårdt træk og skub")
    NOISE_VIBRATION = "stoej_vibrationer", gettext_lazy("Sundhedsskadelig støj eller vibrationer")
    EXTREME_TEMPERATURE = "ekstreme_temperaturer", gettext_lazy("Ekstrem varme eller kulde")
    RADIATION = "ioniserende_straaling", gettext_lazy("Ioniserende stråling")
    HIGH_PRESSURE = "hoejt_lufttryk", gettext_lazy("Arbejde under højt lufttryk, fx dykning")
    SLAUGHTER = "industriel_slagtning", gettext_lazy("Industriel slagtning af dyr")
    MACHINE_PACED = "maskinstyret_tempo", gettext_lazy("Arbejde i et tempo, som en maskine bestemmer")
    LOW_OXYGEN = "iltfattig_luft", gettext_lazy("Kvælningsfare i iltfattig luft")
    DANGEROUS_ANIMALS = "vilde_dyr", gettext_lazy("Kontakt med vilde eller giftige dyr")


@dataclass(frozen=True)
class _HazardRule:
    source: str
    # Who may do it anyway, under the order's relaxations (recorded with a justification).
    exception_min_age: int | None = None
    exception_needs_school_finished: bool = True
    exception_note: str = ""


_BILAG_6 = gettext_lazy("Bekendtgørelse om unges arbejde, bilag 6")
HAZARD_RULES: dict[str, _HazardRule] = {
    Hazard.DANGEROUS_MACHINES: _HazardRule(
        source=gettext_lazy("Bekendtgørelse om unges arbejde, bilag 1 (lempelser i bilag 2)"),
        exception_min_age=16,
        exception_note=gettext_lazy(
            "Unge over 16 år, der har afsluttet 9. klasse, må arbejde med de maskiner, der står i bilag 2."
        ),
    ),
    Hazard.DANGEROUS_SUBSTANCES: _HazardRule(
        source=gettext_lazy("Bekendtgørelse om unges arbejde, § 12 og bilag 4 (lempelser i bilag 5)"),
        exception_min_age=15,
        exception_note=gettext_lazy(
            "Unge over 15 år, der har afsluttet 9. klasse, må udføre det arbejde med stoffer, der står i bilag 5."
        ),
    ),
    Hazard.HEAVY_LIFTING: _HazardRule(
        source=gettext_lazy("Bekendtgørelse om unges arbejde, bilag 6, pkt. 9-11"),
        exception_min_age=MIN_WORK_AGE,
        exception_needs_school_finished=False,
        exception_note=gettext_lazy(
            "Byrder skal så vidt muligt holdes under 12 kg; enkelte løft op til 25 kg kun under gode forhold "
            "og med hensyn til den unges alder og fysik."
        ),
    ),
    **{
        hazard: _HazardRule(source=_BILAG_6)
        for hazard in (
            Hazard.NOISE_VIBRATION,
            Hazard.EXTREME_TEMPERATURE,
            Hazard.RADIATION,
            Hazard.HIGH_PRESSURE,
            Hazard.SLAUGHTER,
            Hazard.MACHINE_PACED,
            Hazard.LOW_OXYGEN,
            Hazard.DANGEROUS_ANIMALS,
        )
    },
}


# --- Limits per age -----------------------------------------------------------------------


class AgeGroup(models.TextChoices):
    UNDER_13 = "under_13", gettext_lazy("Under 13 år")
    SCHOOL = "skole", gettext_lazy("13-14 år eller undervisningspligtig")
    OLDER = "15_17", gettext_lazy("15-17 år, har afsluttet 9. klasse")
    ADULT = "voksen", gettext_lazy("18 år og derover")


@dataclass(frozen=True)
class NightException:
    """Trades where 15-17-year-olds who finished school may work outside kl. 6-20, and how far."""

    trades: str
    start: datetime.time  # earliest start
    end: datetime.time  # latest end; time(0) means midnight

    @property
    def window(self) -> tuple[int, int]:
        """Allowed working time as minutes of the day [start, end)."""
        end = _minutes_of(self.end) or MINUTES_PER_DAY
        return _minutes_of(self.start), end

    @property
    def description(self) -> str:
        if _minutes_of(self.start) < _minutes_of(NIGHT_END):
            return _("%(trades)s fra kl. %(start)s") % {"trades": self.trades, "start": _clock(self.start)}
        return _("%(trades)s til kl. %(end)s") % {
            "trades": self.trades,
            "end": "24:00" if self.end == datetime.time(0) else _clock(self.end),
        }


NIGHT_START = datetime.time(20, 0)
NIGHT_END = datetime.time(6, 0)
SHOPS = NightException(
    gettext_lazy("i kontorer, butikker, servicestationer o.l."), datetime.time(6), datetime.time(22)
)
HOTELS = NightException(
    gettext_lazy("i hoteller, restauranter, grillbarer, teatre, biografer, koncertsteder o.l."),
    datetime.time(6),
    datetime.time(0),
)
BAKERIES = NightException(
    gettext_lazy("i bagerier og ved staldarbejde i landbruget"), datetime.time(4), datetime.time(20)
)
NEWSPAPERS = NightException(gettext_lazy("ved omdeling af dagblade"), datetime.time(5), datetime.time(20))
NIGHT_EXCEPTIONS = (SHOPS, HOTELS, BAKERIES, NEWSPAPERS)


@dataclass(frozen=True)
class Limits:
    """What a young person of one age may do; None where the rules set no limit."""

    age: int
    in_compulsory_school: bool
    may_work: bool
    school_day_hours: int | None
    non_school_day_hours: int | None
    school_week_hours: int | None
    holiday_week_hours: int | None
    night_start: datetime.time | None  # no work from night_start ...
    night_end: datetime.time | None  # ... until night_end the next morning
    rest_hours: int | None
    light_work_only: bool
    night_exceptions: tuple[NightException, ...] = ()

    @property
    def group(self) -> AgeGroup:
        if self.age >= ADULT_AGE:
            return AgeGroup.ADULT
        if not self.may_work:
            return AgeGroup.UNDER_13
        if self.light_work_only:
            return AgeGroup.SCHOOL
        return AgeGroup.OLDER

    @property
    def applies(self) -> bool:
        """Whether the young-worker rules apply at all (under 18)."""
        return self.age < ADULT_AGE

    def day_hours(self, *, school_day: bool) -> int | None:
        return self.school_day_hours if school_day else self.non_school_day_hours

    def week_hours(self, *, holiday_week: bool) -> int | None:
        return self.holiday_week_hours if holiday_week else self.school_week_hours

    @property
    def subject(self) -> str:
        """'En 14-årig' / 'En 16-årig, der stadig er undervisningspligtig,' for the messages."""
        if self.age >= LIGHT_WORK_AGE and self.in_compulsory_school:
            return _("En %(age)s-årig, der stadig er undervisningspligtig,") % {"age": self.age}
        return _("En %(age)s-årig") % {"age": self.age}

    def describe(self) -> str:
        """One Danish line for pages and match reasons."""
        if not self.applies:
            return _("Fra 18 år gælder de almindelige regler for voksne.")
        if not self.may_work:
            return _(
                "Under 13 år: må ikke arbejde for en arbejdsgiver, kun kulturelle og lignende aktiviteter "
                "med særlig tilladelse."
            )
        if self.school_day_hours == self.non_school_day_hours and self.school_week_hours == self.holiday_week_hours:
            hours = _("højst %(day)s timer om dagen og %(week)s timer om ugen") % {
                "day": self.school_day_hours,
                "week": self.school_week_hours,
            }
        else:
            hours = _(
                "højst %(school_day)s timer på skoledage og %(other_day)s timer på andre dage; "
                "%(school_week)s timer i skoleuger og %(holiday_week)s timer i uger uden skole"
            ) % {
                "school_day": self.school_day_hours,
                "other_day": self.non_school_day_hours,
                "school_week": self.school_week_hours,
                "holiday_week": self.holiday_week_hours,
            }
        text = _("%(hours)s; ikke mellem kl. %(night_start)s og %(night_end)s; %(rest)s timers hvile i døgnet") % {
            "hours": hours,
            "night_start": _clock(self.night_start),
            "night_end": _clock(self.night_end),
            "rest": self.rest_hours,
        }
        if self.light_work_only:
            text = _("%(text)s; kun lettere arbejde") % {"text": text}
        return text[0].upper() + text[1:] + "."


def limits_for(age: int, *, in_compulsory_school: bool | None = None) -> Limits:
    """The limits for a young person of `age`; in_compulsory_school=None assumes school while under 16."""
    if in_compulsory_school is None:
        in_compulsory_school = age < SCHOOL_ASSUMED_UNDER
    common = {"age": age, "night_start": NIGHT_START, "night_end": NIGHT_END}
    if age >= ADULT_AGE:
        return Limits(**_NO_LIMITS, age=age, in_compulsory_school=False, may_work=True, light_work_only=False)
    if age < MIN_WORK_AGE:
        return Limits(**_NO_LIMITS, age=age, in_compulsory_school=True, may_work=False, light_work_only=True)
    # Arbejdsmiljøloven § 61, stk. 1-2, and § 62, stk. 1 for the rest.
    if age < LIGHT_WORK_AGE and in_compulsory_school:
        hours = {"school_day_hours": 2, "non_school_day_hours": 7, "school_week_hours": 12, "holiday_week_hours": 35}
    elif age < LIGHT_WORK_AGE:  # under 15 but no longer in school: 7 hours a day, 35 a week
        hours = {"school_day_hours": 7, "non_school_day_hours": 7, "school_week_hours": 35, "holiday_week_hours": 35}
    elif in_compulsory_school:  # 15+ still in school: 8 hours on other days, 40 in weeks without school
        hours = {"school_day_hours": 2, "non_school_day_hours": 8, "school_week_hours": 12, "holiday_week_hours": 40}
    else:  # 15-17 and finished school
        return Limits(
            **common,
            in_compulsory_school=False,
            may_work=True,
            school_day_hours=8,
            non_school_day_hours=8,
            school_week_hours=40,
            holiday_week_hours=40,
            rest_hours=12,
            light_work_only=False,
            night_exceptions=NIGHT_EXCEPTIONS,
        )
    return Limits(
        **common, **hours, in_compulsory_school=in_compulsory_school, may_work=True, rest_hours=14, light_work_only=True
    )


_NO_LIMITS = {
    "school_day_hours": None,
    "non_school_day_hours": None,
    "school_week_hours": None,
    "holiday_week_hours": None,
    "night_start": None,
    "night_end": None,
    "rest_hours": None,
}


# --- The plan and its check -------------------------------------------------------------


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
    night_start, night_end = _minutes_of(limits.night_start), _minutes_of(limits.night_end)
    # Relative to the shift's own day; a shift lasts at most 24 hours, so three nights cover it.
    nights = [(night_start + day * MINUTES_PER_DAY, night_end + (day + 1) * MINUTES_PER_DAY) for day in (-1, 0, 1)]
    violations = []
    for shift in plan.shifts:
        span = (_minutes_of(shift.start), _minutes_of(shift.start) + shift.minutes)
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
            "start": _clock(limits.night_start),
            "end": _clock(limits.night_end),
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
    return [(before[1], after[0]) for before, after in zip(merged, merged[1:], strict=False)]


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


# --- The rules as text, for the industry guides ------------------------------------------------


def _normalise(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _cited(text: str, source) -> str:
    return _("%(text)s *(Kilde: %(source)s)*") % {"text": text, "source": source}


def _hours_note(exception: NightException) -> str:
    return _cited(
        _("15-17-årige, der har afsluttet 9. klasse, må arbejde %(what)s.") % {"what": exception.description},
        SOURCE_NIGHT_EXCEPTIONS,
    )


def _tasks_note(tasks: str) -> str:
    return _cited(
        _("13-14-årige og undervisningspligtige må fx udføre %(tasks)s.") % {"tasks": tasks}, SOURCE_LIGHT_WORK
    )


def _industry_notes() -> list[tuple[tuple[str, ...], list[str]]]:
    """Lines for industries, matched on words in the industry's name or slug (normalised, no æøå)."""
    machines = HAZARD_RULES[Hazard.DANGEROUS_MACHINES].source
    return [
        (
            ("detail", "butik", "handel", "kiosk", "supermarked"),
            [
                _hours_note(SHOPS),
                _tasks_note(_("lettere ekspedition og modtagelse, sortering, prismærkning og pakning af varer")),
                # The times are from Arbejdstilsynet's and BFA Handel's pages; the order's § was not checked.
                _cited(
                    _(
                        "Unge under 18 må ikke arbejde alene i fx kiosker, bagerbutikker og på servicestationer efter "
                        "kl. 18 på hverdage og efter kl. 14 på lørdage, søn- og helligdage; en person over 18 skal "
                        "være til stede."
                    ),
                    ORDER,
                ),
            ],
        ),
        (
            ("hotel", "restaur", "cafe", "kantine", "grill"),
            [
                _hours_note(HOTELS),
                _tasks_note(_("lettere servering, dog kun hvor der ikke serveres alkohol, og lettere rengøring")),
            ],
        ),
        (("bager",), [_hours_note(BAKERIES)]),
        (
            ("landbrug", "gartner", "skovbrug", "stald"),
            [
                _hours_note(BAKERIES),
                _tasks_note(_("lettere arbejde med fodring, udmugning, pasning af dyr og plukning af bær og frugt")),
            ],
        ),
        (
            ("transport", "logistik", "distribution", "avis"),
            [
                _hours_note(NEWSPAPERS),
                _tasks_note(_("lettere budtjeneste og udbringning af aviser og reklamer")),
            ],
        ),
        (
            ("industri", "produktion", "fabrik", "vaerksted"),
            [
                # The "fejedrengsregel" (in force 1 July 2021, widened 1 January 2025).
                _cited(
                    _(
                        "Unge må gerne lave lettere arbejde, fx fejning, i nærheden af en farlig maskine, når maskinen "
                        "er afskærmet eller standset og sikret mod at gå i gang."
                    ),
                    ORDER,
                ),
                _cited(HAZARD_RULES[Hazard.DANGEROUS_MACHINES].exception_note, machines),
            ],
        ),
        (
            ("bygge", "anlaeg", "haandvaerk"),
            [
                _cited(
                    _(
                        "Farlige maskiner, sundhedsskadelig støj og vibrationer og tunge løft er ikke for unge under "
                        "18; lettere arbejde som medhjælper under instruktion af en svend er muligt."
                    ),
                    _("%(machines)s; %(other)s") % {"machines": machines, "other": _BILAG_6},
                ),
            ],
        ),
        (
            ("social", "sundhed", "pleje"),
            [
                _cited(
                    _(
                        "Løft og forflytning af personer er tunge løft: byrder skal så vidt muligt holdes under 12 kg. "
                        "Lettere opgaver som køkkenhjælp og højtlæsning er muligt."
                    ),
                    HAZARD_RULES[Hazard.HEAVY_LIFTING].source,
                ),
            ],
        ),
        (
            ("kultur", "idraet", "fritid", "teater", "biograf", "sport"),
            [
                _hours_note(HOTELS),
                _cited(
                    _(
                        "Børn under 13 år må kun medvirke i kulturelle og lignende aktiviteter (fx teater, film, "
                        "reklame og sport) med særlig tilladelse."
                    ),
                    SOURCE_MIN_AGE,
                ),
            ],
        ),
    ]


def _industry_lines(industry) -> list[str]:
    if industry is None:
        return []
    # An Industry (name, maybe a slug one day) or a plain name.
    names = (getattr(industry, "name", industry), getattr(industry, "slug", ""))
    words = " ".join(_normalise(str(value)) for value in names if value)
    lines = []
    for keywords, notes in _industry_notes():
        if any(keyword in words for keyword in keywords):
            lines.extend(note for note in notes if note not in lines)
    return lines


def rules_markdown(industry=None) -> str:
    """The rules in Danish Markdown with their sources, for the industry guides; figures from limits_for()."""
    young_school = limits_for(13, in_compulsory_school=True)
    older_school = limits_for(15, in_compulsory_school=True)
    older = limits_for(16, in_compulsory_school=False)

    def item(label: str, text: str, source) -> str:
        return f"- **{label}** {_cited(text, source)}"

    lines = [
        "### " + _("Alder"),
        "",
        item(
            _("Under 13 år:"),
            _("må ikke arbejde for en arbejdsgiver; kun kulturelle og lignende aktiviteter med særlig tilladelse."),
            SOURCE_MIN_AGE,
        ),
        item(
            _("13-14 år og alle, der stadig er undervisningspligtige (til og med 9. klasse):"),
            _("kun lettere arbejde, som ikke er farligt."),
            SOURCE_LIGHT_WORK,
        ),
        item(
            _("15-17 år, der har afsluttet 9. klasse:"),
            _("alt arbejde, der ikke er forbudt for unge (se nedenfor)."),
            SOURCE_HOURS_OLDER,
        ),
        "- **" + _("Fra 18 år") + "** " + _("gælder de almindelige regler."),
        "",
        "### " + _("Arbejdstid, tidsrum og hvile"),
        "",
        item(_("13-14 år:"), young_school.describe(), SOURCE_HOURS_SCHOOL),
        item(_("15-17 år, undervisningspligtig:"), older_school.describe(), SOURCE_HOURS_SCHOOL),
        item(
            _("15-17 år, har afsluttet 9. klasse:"),
            older.describe() + " " + _("Aldrig mere end voksne i samme fag."),
            SOURCE_HOURS_OLDER,
        ),
        item(_("Pause:"), _("mindst 30 minutter, når arbejdstiden er over 4½ time."), SOURCE_PAUSE),
        item(
            _("Aften og nat:"),
            _("ingen under 18 må arbejde mellem kl. %(start)s og %(end)s.")
            % {"start": _clock(NIGHT_START), "end": _clock(NIGHT_END)},
            SOURCE_NIGHT,
        ),
        item(
            _("Undtagelser for 15-17-årige, der har afsluttet 9. klasse:"),
            "; ".join(exception.description for exception in NIGHT_EXCEPTIONS) + ".",
            SOURCE_NIGHT_EXCEPTIONS,
        ),
        item(
            _("Hvile:"),
            _(
                "%(school)s timers sammenhængende hvile i døgnet for 13-14-årige og undervisningspligtige, "
                "%(older)s timer for 15-17-årige, der har afsluttet 9. klasse."
            )
            % {"school": young_school.rest_hours, "older": older.rest_hours},
            SOURCE_REST,
        ),
        item(_("Fridøgn:"), _("to sammenhængende fridøgn om ugen, så vidt muligt med søndagen."), SOURCE_DAYS_OFF),
        "",
        "### " + _("Arbejde, som unge under 18 ikke må udføre"),
        "",
        *(f"- {_cited(str(hazard.label) + '.', HAZARD_RULES[hazard].source)}" for hazard in Hazard),
        "",
        "### " + _("Arbejdsgiverens pligter"),
        "",
        "- "
        + _cited(
            _(
                "Grundig oplæring og instruktion, og effektivt tilsyn af en person over 18 år med indsigt i "
                "arbejdet. Risici for unge skal med i arbejdspladsvurderingen (APV)."
            ),
            SOURCE_DUTIES,
        ),
    ]
    industry_lines = _industry_lines(industry)
    if industry_lines:
        lines += ["", "### " + _("Særligt for branchen"), "", *(f"- {line}" for line in industry_lines)]
    return "\n".join(lines) + "\n"
