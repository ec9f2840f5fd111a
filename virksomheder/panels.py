"""The companies' panel on a young person's case page: matches, jobs and follow-ups (three queries)."""

from core.panels import register

from . import selectors


@register(template="virksomheder/partials/case_panel.html", order=30)
def jobs_panel(request, youth):
    if not request.user.has_perm("virksomheder.view_placement"):
        return None
    return {
        "show": True,
        "matches": [m for m in selectors.matches_for_youth(youth=youth) if m.is_active],
        "placements": selectors.placements_for_youth(youth=youth),
    }
