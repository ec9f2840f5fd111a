"""The follow-ups of "I dag": mine that are due by the end of this week, overdue ones included (one query)."""

from django.urls import reverse

from core.scoping import visible_to
from core.today import SECTION_ROWS, register

from .agenda import FOLLOW_UP_TITLES, mine_follow_ups
from .models import FollowUp, FollowUpKind


@register(template="virksomheder/partials/today_follow_ups.html", order=40)
def follow_ups_this_week(request, visit):
    user = request.user
    if not user.has_perm("virksomheder.view_followup"):
        return None
    follow_ups = list(
        visible_to(FollowUp.objects.open(), user)
        .filter(mine_follow_ups(user), due_date__lte=visit.week_end, placement__youth__anonymised_at__isnull=True)
        .select_related("placement__youth", "placement__company")
        .order_by("due_date", "pk")[: SECTION_ROWS + 1]
    )
    rows = [
        {
            "follow_up": follow_up,
            "title": FOLLOW_UP_TITLES[FollowUpKind(follow_up.kind)],
            "url": reverse("virksomheder:followup_complete", args=[follow_up.pk]),
            "overdue": follow_up.due_date < visit.today,
        }
        for follow_up in follow_ups[:SECTION_ROWS]
    ]
    return {"rows": rows, "more": len(follow_ups) > SECTION_ROWS}
