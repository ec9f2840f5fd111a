"""The mentors' panel on a young person's case page: the mentor relationships (one query)."""

from django.utils import timezone

from core.panels import register

from . import selectors
from .models import NORM_HOURS_PER_MONTH


@register(template="mentorer/partials/case_panel.html", order=40)
def mentor_panel(request, youth):
    if not request.user.has_perm("mentorer.view_mentorrelationship"):
        return None
    relationships = selectors.relationships_for_youth(youth=youth, today=timezone.localdate())
    return {
        "show": True,
        "relationships": relationships,
        "has_active": any(r.is_active for r in relationships),
        "norm": NORM_HOURS_PER_MONTH,
    }
