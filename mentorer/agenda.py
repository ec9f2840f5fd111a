"""Mentor meetings on the calendar, the feed and "I dag" (one query). Staff only: mentors use their portal."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.agenda import SOURCE_LIMIT, Item, register
from core.scoping import visible_to

from .models import MentorSession


@register("mentormoede", gettext_lazy("Mentormøder"))
def mentor_meetings(*, user, start, end):
    sessions = (
        visible_to(MentorSession.objects, user)
        .filter(date__gte=start, date__lte=end, relationship__youth__anonymised_at__isnull=True)
        .select_related("relationship")
        .order_by("date", "pk")[:SOURCE_LIMIT]
    )
    return [
        Item(
            date=session.date,
            title=_("Mentormøde (%(form)s)") % {"form": session.get_form_display().lower()},
            url=reverse("mentorer:relationship_detail", args=[session.relationship_id]),
            mine=session.relationship.coordinator_id == user.pk,
            uid=f"mentorsession-{session.pk}",
        )
        for session in sessions
    ]
