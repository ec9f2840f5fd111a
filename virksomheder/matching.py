"""Matching young people and job openings: one score, with its reasons in Danish.

The score (0-100) adds five parts:

| part | points | how |
|---|---|---|
| industry interest | 25 | the opening's industry is among the young person's industries of interest |
| age and rules | 25 | old enough, and the opening breaks no young-worker rule at the age on the start date (only rules that allow an exception: 10) |
| availability | 20 | share of the opening's shifts on days and times the young person can work (nothing recorded: 10) |
| distance | 15 | same postcode 15, same postcode area (first two digits) 10, same region (first digit) 5 |
| readiness | 15 | the young person's status is jobparat |

Too young for the opening, or a rule without exceptions broken, makes the
match unsuitable: it is ranked after every suitable one whatever its points.
Ties go by name, so the order is stable.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from fritidsjob.models import Weekday, Youth, YouthStatus, age_on

from . import rules_check
from .models import JobOpening, OpeningStatus

INDUSTRY_POINTS = 25
AGE_POINTS = 25
AGE_WITH_EXCEPTION_POINTS = 10
AVAILABILITY_POINTS = 20
AVAILABILITY_UNKNOWN_POINTS = 10
DISTANCE_POINTS = {4: 15, 2: 10, 1: 5}  # matching leading digits of the postcode -> points
READINESS_POINTS = 15


@dataclass(frozen=True)
class Reason:
    text: str  # Danish
    points: int
    good: bool  # shown as a plus or a warning


@dataclass
class Suggestion:
    youth: Youth
    opening: JobOpening
    reasons: list[Reason] = field(default_factory=list)
    suitable: bool = True

    @property
    def score(self) -> int:
        return sum(reason.points for reason in self.reasons)

    def reasons_json(self) -> list[dict]:
        return [{"text": r.text, "points": r.points, "good": r.good} for r in self.reasons]


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def _shift_label(shift: dict) -> str:
    return f"{Weekday(int(shift['weekday'])).label.lower()} {shift['start']}-{shift['end']}"


def start_date_for(opening: JobOpening, today: datetime.date) -> datetime.date:
    """The day the young person would start: the opening's start date, or today if that has passed."""
    return max(opening.start_date, today)


def industry_reason(youth: Youth, opening: JobOpening) -> Reason:
    interests = {industry.pk for industry in youth.industries_of_interest.all()}
    if opening.industry_id in interests:
        return Reason(_("Interesseret i branchen %(industry)s") % {"industry": opening.industry}, INDUSTRY_POINTS, True)
    return Reason(_("%(industry)s er ikke blandt den unges brancher") % {"industry": opening.industry}, 0, False)


def age_reasons(youth: Youth, opening: JobOpening, start: datetime.date) -> tuple[list[Reason], bool]:
    """(reasons, suitable): old enough for the opening, and the young-worker rules at that age."""
    age = age_on(youth.birth_date, start)
    if age < opening.min_age:
        text = _("For ung: %(age)s år ved start, jobbet kræver mindst %(min)s år") % {
            "age": age,
            "min": opening.min_age,
        }
        return [Reason(text, 0, False)], False
    violations = rules_check.youth_violations(
        youth=youth,
        start=start,
        schedule=opening.weekly_schedule,
        hours_per_week=opening.hours_per_week,
        hazards=opening.hazards,
    )
    if not violations:
        text = _("%(age)s år ved start: alderen og arbejdstiderne passer til reglerne for unges arbejde") % {"age": age}
        return [Reason(text, AGE_POINTS, True)], True
    rule_text = _("Regler for unge (%(age)s år): %(message)s (%(source)s)")
    reasons = [Reason(rule_text % {"age": age, "message": v.message, "source": v.source}, 0, False) for v in violations]
    if all(v.exception_allowed for v in violations):
        reasons[0] = Reason(reasons[0].text, AGE_WITH_EXCEPTION_POINTS, False)
        return reasons, True
    return reasons, False


def availability_reason(youth: Youth, opening: JobOpening) -> Reason:
    shifts = opening.weekly_schedule or []
    if not shifts:
        return Reason(_("Jobbet har ingen faste dage og tider"), AVAILABILITY_UNKNOWN_POINTS, True)
    if not youth.available_weekdays and not youth.available_from and not youth.available_until:
        return Reason(_("Den unges tider er ikke registreret"), AVAILABILITY_UNKNOWN_POINTS, False)
    days = set(youth.available_weekdays or range(7))
    fits, misses = 0, []
    for shift in shifts:
        day_ok = int(shift["weekday"]) in days
        from_ok = youth.available_from is None or _time(shift["start"]) >= youth.available_from
        until_ok = youth.available_until is None or _time(shift["end"]) <= youth.available_until
        if day_ok and from_ok and until_ok:
            fits += 1
        else:
            misses.append(_shift_label(shift))
    points = round(AVAILABILITY_POINTS * fits / len(shifts))
    if not misses:
        return Reason(_("Kan arbejde på alle jobbets dage og tider"), points, True)
    return Reason(_("Kan ikke arbejde: %(shifts)s") % {"shifts": ", ".join(misses)}, points, False)


def distance_reason(youth: Youth, opening: JobOpening) -> Reason:
    home, work = youth.postcode, opening.company.postcode
    if not home or not work:
        return Reason(_("Afstand ukendt: postnummer mangler"), 0, False)
    for digits, points in DISTANCE_POINTS.items():
        if home[:digits] == work[:digits]:
            texts = {
                4: _("Bor i samme postnummer (%(postcode)s)"),
                2: _("Bor i nærområdet (%(home)s, jobbet i %(postcode)s)"),
                1: _("Bor i samme landsdel (%(home)s, jobbet i %(postcode)s)"),
            }
            return Reason(texts[digits] % {"home": home, "postcode": work}, points, True)
    return Reason(_("Langt fra jobbet (%(home)s, jobbet i %(postcode)s)") % {"home": home, "postcode": work}, 0, False)


def readiness_reason(youth: Youth) -> Reason:
    if youth.status == YouthStatus.JOB_READY:
        return Reason(_("Jobparat"), READINESS_POINTS, True)
    return Reason(_("Ikke jobparat endnu (status: %(status)s)") % {"status": youth.get_status_display()}, 0, False)


def suggest(youth: Youth, opening: JobOpening, today: datetime.date | None = None) -> Suggestion:
    """The score and its reasons for one young person and one opening (no queries if prefetched)."""
    today = today or timezone.localdate()
    start = start_date_for(opening, today)
    age, suitable = age_reasons(youth, opening, start)
    reasons = [
        industry_reason(youth, opening),
        *age,
        availability_reason(youth, opening),
        distance_reason(youth, opening),
        readiness_reason(youth),
    ]
    return Suggestion(youth=youth, opening=opening, reasons=reasons, suitable=suitable)


def _ranked(suggestions: list[Suggestion], name) -> list[Suggestion]:
    return sorted(suggestions, key=lambda s: (not s.suitable, -s.score, name(s)))


def candidates_for_opening(opening: JobOpening, today: datetime.date | None = None) -> list[Suggestion]:
    """Active young people not yet matched to the opening, best first (two queries)."""
    youth = (
        Youth.objects.active()
        .exclude(status=YouthStatus.IN_JOB)
        .exclude(job_matches__opening=opening)
        .prefetch_related("industries_of_interest")
    )
    suggestions = [suggest(person, opening, today) for person in youth]
    return _ranked(suggestions, lambda s: (s.youth.last_name, s.youth.first_name, s.youth.pk))


def openings_for_youth(youth: Youth, today: datetime.date | None = None) -> list[Suggestion]:
    """Open openings the young person is not yet matched to, best first (two queries)."""
    # The interests once, not once per opening.
    youth = Youth.objects.prefetch_related(Prefetch("industries_of_interest")).get(pk=youth.pk)
    openings = (
        JobOpening.objects.filter(status=OpeningStatus.OPEN)
        .exclude(matches__youth=youth)
        .select_related("company", "industry")
    )
    suggestions = [suggest(youth, opening, today) for opening in openings]
    return _ranked(suggestions, lambda s: (s.opening.title, s.opening.pk))
