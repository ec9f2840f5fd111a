"""Job suggestions, placements and follow-ups, for a young person's right-of-access package (core.personal_data)."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import item_of, register

from .models import FollowUp, Match, Placement


@register(
    subject="ung",
    title=_("Jobforslag"),
    intro=_("Job, den unge er blevet foreslået til, og hvor langt forslaget nåede."),
    covers=[Match],
    order=50,
)
def matches(youth):
    for match in youth.job_matches.select_related("opening__company", "youth", "created_by"):
        yield item_of(match)


@register(
    subject="ung",
    title=_("Job og opfølgning"),
    intro=_("Den unges fritidsjob og opfølgningerne efter en og seks måneder."),
    covers=[Placement, FollowUp],
    order=55,
)
def placements(youth):
    for placement in youth.placements.select_related("company", "opening", "match", "youth", "created_by"):
        yield item_of(placement)
        for follow_up in placement.follow_ups.select_related("completed_by", "placement__company"):
            yield item_of(follow_up, title=f"{follow_up} ({placement.company})")
