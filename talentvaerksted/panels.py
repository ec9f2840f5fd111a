"""The Talentværksted's panel on a young person's case page: courses, diplomas and CV (two queries)."""

from core.panels import register

from . import selectors
from .models import CV


@register(template="talentvaerksted/partials/case_panel.html", order=20)
def courses_panel(request, youth):
    if not request.user.has_perm("talentvaerksted.view_enrollment"):
        return None
    return {
        "show": True,
        "enrollments": selectors.enrollments_for_youth(youth=youth),
        "has_cv": CV.objects.filter(youth=youth).exists(),
    }
