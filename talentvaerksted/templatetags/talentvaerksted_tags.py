from django import template

from .. import selectors
from ..models import CV

register = template.Library()


@register.inclusion_tag("talentvaerksted/partials/case_panel.html", takes_context=True)
def talentvaerksted_case_panel(context, youth):
    """The young person's courses, diplomas and CV on the case page (two queries)."""
    user = context["request"].user
    if not user.has_perm("talentvaerksted.view_enrollment"):
        return {"show": False}
    return {
        "show": True,
        "youth": youth,
        "perms": context.get("perms"),
        "enrollments": selectors.enrollments_for_youth(youth=youth),
        "has_cv": CV.objects.filter(youth=youth).exists(),
    }
