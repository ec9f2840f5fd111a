"""Follow-ups due and network meetings on the calendar, the feed and "I dag" (one query each)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.agenda import SOURCE_LIMIT, Item, register
from core.scoping import visible_to

from .models import FollowUp, FollowUpKind, NetworkMeeting

# The short titles the calendar and the feed show: never the young person or the company.
FOLLOW_UP_TITLES = {
    FollowUpKind.ONE_MONTH: gettext_lazy("Opfølgning (1 md.)"),
    FollowUpKind.SIX_MONTHS: gettext_lazy("Opfølgning (6 mdr.)"),
}


def mine_follow_ups(user) -> Q:
    """A follow-up is mine when I am responsible for the young person or made the placement."""
    return Q(placement__youth__responsible_staff=user) | Q(placement__created_by=user)


@register("opfoelgning", gettext_lazy("Opfølgninger"))
def follow_ups_due(*, user, start, end):
    follow_ups = (
        visible_to(FollowUp.objects.open(), user)
        .filter(due_date__gte=start, due_date__lte=end, placement__youth__anonymised_at__isnull=True)
        .select_related("placement__youth")
        .order_by("due_date", "pk")[:SOURCE_LIMIT]
    )
    return [
        Item(
            date=follow_up.due_date,
            title=str(FOLLOW_UP_TITLES[FollowUpKind(follow_up.kind)]),
            url=reverse("virksomheder:followup_complete", args=[follow_up.pk]),
            mine=user.pk in (follow_up.placement.youth.responsible_staff_id, follow_up.placement.created_by_id),
            uid=f"followup-{follow_up.pk}",
        )
        for follow_up in follow_ups
    ]


@register("netvaerksmoede", gettext_lazy("Netværksmøder"))
def network_meetings(*, user, start, end):
    meetings = (
        visible_to(NetworkMeeting.objects, user)
        .filter(date__gte=start, date__lte=end)
        .order_by("date", "pk")[:SOURCE_LIMIT]
    )
    editable = user.has_perm("virksomheder.change_networkmeeting")
    return [
        Item(
            date=meeting.date,
            title=_("Netværksmøde: %(title)s") % {"title": meeting.title},
            url=reverse("virksomheder:meeting_update", args=[meeting.pk])
            if editable
            else reverse("virksomheder:meeting_list"),
            mine=meeting.organiser_id == user.pk,
            uid=f"networkmeeting-{meeting.pk}",
        )
        for meeting in meetings
    ]
