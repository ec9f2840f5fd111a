"""The companies' part of a young person's timeline: matches, placements and follow-ups (three queries)."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from core.timeline import TimelineItem, register
from fritidsjob.models import Youth

from .models import FollowUp, Match, MatchStage, Placement


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


@register
def match_items(youth: Youth) -> Iterable[TimelineItem]:
    kind = _("Job")
    for match in Match.objects.filter(youth=youth).select_related("opening__company", "created_by"):
        job = _("%(title)s hos %(company)s") % {"title": match.opening.title, "company": match.opening.company}
        yield TimelineItem(
            date=match.suggested_on,
            kind=kind,
            title=_("Foreslået til %(job)s") % {"job": job},
            text=_("%(score)s point") % {"score": match.score},
            author=_name(match.created_by),
            icon="match",
        )
        if match.sent_on:
            title = _("Sendt til %(company)s") % {"company": match.opening.company}
            yield TimelineItem(date=match.sent_on, kind=kind, title=title, icon="match")
        if match.interview_on:
            title = _("Samtale om %(job)s") % {"job": job}
            yield TimelineItem(date=match.interview_on, kind=kind, title=title, icon="match")
        if match.stage == MatchStage.REJECTED and match.decided_on:
            yield TimelineItem(
                date=match.decided_on,
                kind=kind,
                title=_("Match afvist: %(job)s") % {"job": job},
                text=match.rejection_reason,
                icon="match",
            )


@register
def placement_items(youth: Youth) -> Iterable[TimelineItem]:
    kind = _("Ansættelse")
    placements = Placement.objects.filter(youth=youth).select_related("company", "opening", "created_by")
    for placement in placements:
        yield TimelineItem(
            date=placement.start,
            kind=kind,
            title=_("Ansat som %(title)s hos %(company)s") % {"title": placement.title, "company": placement.company},
            author=_name(placement.created_by),
            icon="placement",
        )
        if placement.end:
            yield TimelineItem(
                date=placement.end,
                kind=kind,
                title=_("Ansættelsen hos %(company)s sluttede") % {"company": placement.company},
                text=placement.end_reason,
                icon="placement",
            )
    follow_ups = FollowUp.objects.filter(placement__youth=youth, completed_on__isnull=False).select_related(
        "placement__company", "completed_by"
    )
    for follow_up in follow_ups:
        company = follow_up.placement.company
        title = _("%(kind)s: %(company)s") % {"kind": follow_up.get_kind_display(), "company": company}
        if follow_up.is_six_months:
            title += " – " + (_("jobbet er fastholdt") if follow_up.job_kept else _("jobbet er ikke fastholdt"))
        yield TimelineItem(
            date=follow_up.completed_on,
            kind=_("Opfølgning"),
            title=title,
            text=follow_up.note,
            author=_name(follow_up.completed_by),
            icon="followup",
        )
