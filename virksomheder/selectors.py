"""Reads for the companies' pages, each in a fixed number of queries."""

import datetime

from django.db.models import Count, Max, Prefetch, Q

from core.scoping import visible_to

from .models import (
    Company,
    ContactPerson,
    FollowUp,
    Guidance,
    JobOpening,
    Match,
    MatchStage,
    NetworkMeeting,
    OpeningStatus,
    Placement,
)


def company_list(*, user):
    """Every company (staff share them), with its latest guidance and counts done in the database."""
    return (
        visible_to(Company.objects, user)
        .select_related("industry", "responsible_consultant")
        .annotate(
            last_guidance=Max("guidance__date"),
            open_openings=Count("openings", filter=Q(openings__status=OpeningStatus.OPEN), distinct=True),
        )
        .order_by("name", "pk")
    )


def company_for_page(*, user):
    return (
        visible_to(Company.objects, user)
        .select_related("industry", "responsible_consultant")
        .prefetch_related(
            # With the portal login: the page shows each contact's access and last sign-in.
            Prefetch("contacts", queryset=ContactPerson.objects.select_related("user")),
            "register_changes",
            Prefetch("guidance", queryset=Guidance.objects.select_related("consultant", "network_meeting")),
            Prefetch("openings", queryset=JobOpening.objects.select_related("industry")),
            Prefetch("placements", queryset=Placement.objects.select_related("youth", "opening")),
        )
    )


def meeting_list(*, user):
    return (
        visible_to(NetworkMeeting.objects, user)
        .select_related("organiser")
        .prefetch_related("companies", "signups__contact__company")
    )


def opening_list(*, user):
    return (
        visible_to(JobOpening.objects, user)
        .select_related("company", "industry")
        .annotate(
            active_matches=Count(
                "matches",
                filter=Q(matches__stage__in=[MatchStage.SUGGESTED, MatchStage.SENT, MatchStage.INTERVIEW]),
                distinct=True,
            ),
            placed=Count("placements", distinct=True),
        )
    )


def opening_board(*, openings, totals_of) -> list[tuple[str, str, int, list[JobOpening]]]:
    """One page of openings in columns by status: (status, label, all of that status in `totals_of`, openings).

    Two queries: the page and the count per status.
    """
    columns = {status: [] for status in OpeningStatus.values}
    for opening in openings:
        columns[opening.status].append(opening)
    # distinct: the list's own annotations join the matches and placements.
    totals = dict(totals_of.order_by().values_list("status").annotate(n=Count("pk", distinct=True)))
    return [(status.value, status.label, totals.get(status.value, 0), columns[status]) for status in OpeningStatus]


def opening_for_page(*, user):
    return visible_to(JobOpening.objects, user).select_related(
        "company", "industry", "created_by", "posted_by_contact", "approved_by", "company_changed_by"
    )


def match_for_page(*, user):
    return visible_to(Match.objects, user).select_related("youth", "opening__company")


def matches_for_opening(*, opening: JobOpening) -> list[Match]:
    return list(opening.matches.select_related("youth", "placement").order_by("stage", "-score", "pk"))


def placement_list(*, user):
    return (
        visible_to(Placement.objects, user).select_related("youth", "company", "opening").prefetch_related("follow_ups")
    )


def placement_for_page(*, user):
    return (
        visible_to(Placement.objects, user)
        .select_related("youth", "company__industry", "opening", "match", "created_by")
        .prefetch_related(
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("completed_by", "confirmed_by_contact"))
        )
    )


def follow_up_for_page(*, user):
    return visible_to(FollowUp.objects, user).select_related(
        "placement__youth", "placement__company", "placement__opening"
    )


def matches_for_youth(*, youth) -> list[Match]:
    return list(Match.objects.filter(youth=youth).select_related("opening__company"))


def placements_for_youth(*, youth) -> list[Placement]:
    """The young person's placements, each with `follow_up_list`: always two queries (no prefetch
    that is skipped when there are no placements, so the case page's count does not vary)."""
    placements = list(Placement.objects.filter(youth=youth).select_related("company", "opening"))
    follow_ups: dict[int, list[FollowUp]] = {placement.pk: [] for placement in placements}
    for follow_up in FollowUp.objects.filter(placement__youth=youth).order_by("due_date", "pk"):
        follow_ups[follow_up.placement_id].append(follow_up)
    for placement in placements:
        placement.follow_up_list = follow_ups[placement.pk]
    return placements


def open_follow_ups_due(*, today: datetime.date):
    return FollowUp.objects.open().filter(due_date__lte=today)
