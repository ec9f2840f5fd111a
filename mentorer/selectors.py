"""Reads for the mentor pages, the coordinator overview, matching suggestions and the portal.

Each fetches what its page shows up front, in a fixed number of queries.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.consent import ConsentKind, consented_youth_ids
from core.scoping import visible_to
from fritidsjob.models import Youth

from . import services
from .models import (
    APPROVED_STATUSES,
    BOERNEATTEST_AGE,
    ENDING_SOON_DAYS,
    NORM_HOURS_PER_MONTH,
    Mentor,
    MentorRelationship,
    MentorSession,
    MentorStatus,
    hours,
    youth_age_on,
)

# --- staff: mentors --------------------------------------------------------------------------


def mentor_list(*, user, today: datetime.date):
    """Mentors with their load (active mentees, minutes this month, last session) and industries."""
    return (
        visible_to(Mentor.objects, user)
        .with_load(today)
        .prefetch_related("industries")
        .order_by("last_name", "first_name", "pk")
    )


def mentor_for_page(*, user, today: datetime.date):
    return (
        visible_to(Mentor.objects, user)
        .with_load(today)
        .select_related("user")
        .prefetch_related(
            "industries",
            Prefetch(
                "relationships",
                queryset=MentorRelationship.objects.select_related("youth").with_minutes_in_month(today),
            ),
        )
    )


def relationship_for_page(*, user, today: datetime.date):
    return (
        visible_to(MentorRelationship.objects, user)
        .select_related("youth", "mentor", "coordinator")
        .with_minutes_in_month(today)
        .prefetch_related(Prefetch("sessions", queryset=MentorSession.objects.select_related("logged_by")))
    )


def relationships_for_youth(*, youth: Youth, today: datetime.date) -> list[MentorRelationship]:
    """The case panel: the young person's relationships with their mentor and hours this month (one query)."""
    return list(
        MentorRelationship.objects.filter(youth=youth)
        .select_related("mentor")
        .with_minutes_in_month(today)
        .order_by("-start_date", "-pk")
    )


def active_relationship_of(*, youth: Youth) -> MentorRelationship | None:
    return MentorRelationship.objects.active().filter(youth=youth).select_related("mentor").first()


# --- the coordinator overview ---------------------------------------------------------------------


@dataclass
class VettingIssue:
    mentor: Mentor
    missing: list[str]
    expires_on: datetime.date | None = None  # set when the attest is about to expire


@dataclass
class Overview:
    registered: int
    by_status: dict[str, int]
    active: int
    free_places: int
    minutes_this_month: int
    quiet: list[MentorRelationship]
    ending_soon: list[MentorRelationship]
    vetting: list[VettingIssue]

    @property
    def hours_this_month(self) -> float:
        return hours(self.minutes_this_month)


def free_places(mentor: Mentor) -> int:
    """Places a mentor can take on now (needs with_load's active_count)."""
    if mentor.status not in APPROVED_STATUSES:
        return 0
    return max(mentor.capacity - mentor.active_count, 0)


def overview(*, today: datetime.date) -> Overview:
    """Four queries, however many mentors and relationships there are."""
    by_status = dict(Mentor.objects.order_by().values_list("status").annotate(n=Count("pk")))
    mentors = list(Mentor.objects.registered().with_load(today).order_by("last_name", "first_name", "pk"))
    vetting = []
    for mentor in mentors:
        missing = mentor.vetting_missing(today)
        if missing:
            vetting.append(VettingIssue(mentor=mentor, missing=missing))
        elif mentor.boerneattest_expiring(today):
            vetting.append(VettingIssue(mentor=mentor, missing=[], expires_on=mentor.boerneattest_expires_on))
    quiet = list(
        MentorRelationship.objects.quiet_since(today).select_related("mentor", "youth").order_by("last_activity", "pk")
    )
    ending = list(
        MentorRelationship.objects.ending_by(today + datetime.timedelta(days=ENDING_SOON_DAYS))
        .select_related("mentor", "youth")
        .order_by("planned_end", "pk")
    )
    return Overview(
        registered=sum(n for status, n in by_status.items() if status != MentorStatus.STOPPED),
        by_status={status.label: by_status.get(status.value, 0) for status in MentorStatus},
        active=by_status.get(MentorStatus.ACTIVE, 0),
        free_places=sum(free_places(mentor) for mentor in mentors),
        minutes_this_month=sum(mentor.minutes_this_month for mentor in mentors),
        quiet=quiet,
        ending_soon=ending,
        vetting=vetting,
    )


# --- matching suggestions ---------------------------------------------------------------------------


# Points per reason; the order of the issue: industry interest, area, free capacity, language, the stated wish.
INDUSTRY_POINTS = 3
SAME_POSTCODE_POINTS = 2
NEARBY_POINTS = 1
CAPACITY_POINTS = 1
LANGUAGE_POINTS = 2
WISH_POINTS = 2
WORD = re.compile(r"\w{3,}")


@dataclass
class Suggestion:
    mentor: Mentor
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why the mentor cannot be matched now

    @property
    def can_start(self) -> bool:
        return not self.problems

    @property
    def free(self) -> int:
        return free_places(self.mentor)


def youth_language(youth: Youth) -> str:
    """A language other than Danish the young person's family speaks, if any (a sensible default)."""
    for parent in youth.parents.all():
        language = (parent.language or "").strip().lower()
        if language and language != "dansk":
            return language
    return ""


def mentor_suggestions(*, youth: Youth, today: datetime.date, wish: str = "", language: str = "") -> list[Suggestion]:
    """Approved mentors ranked for `youth`, with Danish reasons; those who cannot be matched now last.

    Three queries (the youth's industries, the mentors with their load, their industries).
    """
    interests = {industry.pk: industry.name for industry in youth.industries_of_interest.all()}
    wish_words = {word.lower() for word in WORD.findall(wish)}
    language = language.strip().lower()
    under_age = youth_age_on(youth, today) < BOERNEATTEST_AGE
    suggestions = []
    for mentor in Mentor.objects.approved().with_load(today).prefetch_related("industries"):
        suggestion = Suggestion(mentor=mentor)
        mentor_industries = list(mentor.industries.all())
        for industry in mentor_industries:
            if industry.pk in interests:
                suggestion.score += INDUSTRY_POINTS
                suggestion.reasons.append(_("Branche, den unge er interesseret i: %(name)s") % {"name": industry.name})
        if youth.postcode and mentor.postcode:
            if youth.postcode == mentor.postcode:
                suggestion.score += SAME_POSTCODE_POINTS
                suggestion.reasons.append(_("Samme område (%(postcode)s)") % {"postcode": mentor.postcode})
            elif youth.postcode[:2] == mentor.postcode[:2]:
                suggestion.score += NEARBY_POINTS
                suggestion.reasons.append(_("Nærområde (%(postcode)s)") % {"postcode": mentor.postcode})
        free = free_places(mentor)
        if free:
            suggestion.score += CAPACITY_POINTS
            places = _("%(free)s ledig plads") if free == 1 else _("%(free)s ledige pladser")
            suggestion.reasons.append(places % {"free": free})
        if language and language in mentor.language_list:
            suggestion.score += LANGUAGE_POINTS
            suggestion.reasons.append(_("Taler %(language)s") % {"language": language})
        if wish_words:
            profile = " ".join(
                [mentor.employer, mentor.job_title, mentor.about, mentor.availability, mentor.languages]
                + [industry.name for industry in mentor_industries]
            ).lower()
            matched = sorted(word for word in wish_words if word in profile)
            if matched:
                suggestion.score += WISH_POINTS * len(matched)
                suggestion.reasons.append(_("Passer til den unges ønske: %(words)s") % {"words": ", ".join(matched)})
        suggestion.problems = services.match_problems(mentor=mentor, youth=youth, on=today)
        if under_age and not suggestion.problems:
            suggestion.reasons.append(
                _("Gyldig børneattest (den unge er under %(age)s år)") % {"age": BOERNEATTEST_AGE}
            )
        suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (not s.can_start, -s.score, -s.free, s.mentor.last_name, s.mentor.pk))
    return suggestions


# --- the mentor portal ------------------------------------------------------------------------------


def mentor_of(user) -> Mentor | None:
    if not user.is_authenticated:
        return None
    return Mentor.objects.filter(user=user).exclude(status=MentorStatus.STOPPED).first()


# What the portal shows of a mentee whose consent to share with the mentor is not in force today.
CONSENT_MISSING = gettext_lazy("Samtykke mangler - kontakt koordinatoren")


def _may_share(today: datetime.date, youth_field: str) -> ExpressionWrapper:
    """True where the consent to share with the mentor is in force today: the one consent rule, in the query."""
    consented = consented_youth_ids(kind=ConsentKind.SHARE_WITH_MENTOR, on=today)
    return ExpressionWrapper(Q(**{f"{youth_field}__in": consented}), output_field=BooleanField())


def portal_relationships(*, user, today: datetime.date):
    """The signed-in mentor's own active relationships: the portal's only way to a young person.

    Each carries `may_share`: without the consent in force today the portal shows
    CONSENT_MISSING instead of the young person, and no session can be logged.
    """
    return (
        MentorRelationship.objects.active()
        .filter(mentor__user=user)
        .exclude(mentor__status=MentorStatus.STOPPED)
        .select_related("youth", "mentor")
        .with_minutes_in_month(today)
        .annotate(may_share=_may_share(today, "youth_id"))
        .order_by("start_date", "pk")
    )


def portal_sessions(*, user, today: datetime.date, limit: int = 20):
    """The mentor's own sessions; `may_share` as for the relationships (the name and topic are hidden without it)."""
    return (
        MentorSession.objects.filter(relationship__mentor__user=user)
        .select_related("relationship__youth")
        .annotate(may_share=_may_share(today, "relationship__youth_id"))
        .order_by("-date", "-pk")[:limit]
    )


def norm_minutes() -> int:
    return NORM_HOURS_PER_MONTH * 60
