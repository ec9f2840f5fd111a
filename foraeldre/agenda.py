"""Information events on the calendar, the feed and "I dag" (two queries: the events and their staff)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.agenda import SOURCE_LIMIT, Item, register
from core.scoping import visible_to

from .models import InformationEvent


@register("informationsmoede", gettext_lazy("Informationsmøder"))
def information_events(*, user, start, end):
    events = list(
        visible_to(InformationEvent.objects, user)
        .filter(date__gte=start, date__lte=end)
        .select_related("school")
        .order_by("date", "pk")[:SOURCE_LIMIT]
    )
    mine = set(
        InformationEvent.staff.through.objects.filter(informationevent__in=events, user=user).values_list(
            "informationevent_id", flat=True
        )
    )
    editable = user.has_perm("foraeldre.change_informationevent")
    return [
        Item(
            date=event.date,
            title=_("Informationsmøde: %(title)s") % {"title": event.title or event.location},
            url=reverse("foraeldre:event_update", args=[event.pk]) if editable else reverse("foraeldre:event_list"),
            mine=event.pk in mine,
            uid=f"informationevent-{event.pk}",
        )
        for event in events
    ]
