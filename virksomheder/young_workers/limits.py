"""Who may do what under 18: the age groups, the hour and night limits, the forbidden kinds of work.

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
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fritidsjob.models import ADULT_AGE

from .shifts import MINUTES_PER_DAY, clock, minutes_of

MIN_WORK_AGE = 13
LIGHT_WORK_AGE = 15  # under this age only light work, and the strictest hour limits
SCHOOL_ASSUMED_UNDER = 16  # in_compulsory_school=None: assume still in school below this age

# Sources, as shown to the user next to each rule.
ORDER = "Bekendtgørelse om unges arbejde"
SOURCE_MIN_AGE = gettext_lazy(
    "Arbejdsmiljøloven § 60; bekendtgørelse om unges arbejde, kapitel 7 (kulturelle og lignende aktiviteter)"
)
SOURCE_LIGHT_WORK = gettext_lazy("Arbejdsmiljøloven § 60; bekendtgørelse om unges arbejde, kapitel 5 (lettere arbejde)")
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


SOURCE_BILAG_6 = gettext_lazy("Bekendtgørelse om unges arbejde, bilag 6")
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
        hazard: _HazardRule(source=SOURCE_BILAG_6)
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
        end = minutes_of(self.end) or MINUTES_PER_DAY
        return minutes_of(self.start), end

    @property
    def description(self) -> str:
        if minutes_of(self.start) < minutes_of(NIGHT_END):
            return _("%(trades)s fra kl. %(start)s") % {"trades": self.trades, "start": clock(self.start)}
        return _("%(trades)s til kl. %(end)s") % {
            "trades": self.trades,
            "end": "24:00" if self.end == datetime.time(0) else clock(self.end),
        }


NIGHT_START = datetime.time(20, 0)
NIGHT_END = datetime.time(6, 0)
SHOPS = NightException(gettext_lazy("i kontorer, butikker, servicestationer o.l."), datetime.time(6), datetime.time(22))
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
            "night_start": clock(self.night_start),
            "night_end": clock(self.night_end),
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
