from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors
from ..models import NORM_HOURS_PER_MONTH, hours, hours_label

register = template.Library()


@register.filter
def as_hours(minutes) -> str:
    """Minutes as Danish hours: 90 -> "1,5 t"."""
    return _("%(hours)s t") % {"hours": hours_label(minutes)}


@register.filter
def below_norm(minutes) -> bool:
    return hours(minutes) < NORM_HOURS_PER_MONTH


@register.inclusion_tag("mentorer/partials/case_panel.html", takes_context=True)
def mentorer_case_panel(context, youth):
    """The young person's mentor relationships on the case page (one query)."""
    user = context["request"].user
    if not user.has_perm("mentorer.view_mentorrelationship"):
        return {"show": False}
    relationships = selectors.relationships_for_youth(youth=youth, today=timezone.localdate())
    return {
        "show": True,
        "youth": youth,
        "perms": context.get("perms"),
        "relationships": relationships,
        "has_active": any(r.is_active for r in relationships),
        "norm": NORM_HOURS_PER_MONTH,
    }
