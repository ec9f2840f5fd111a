"""The parents' panel on a young person's case page: the parents and the consent state (three queries)."""

from core.panels import register

from .consent import consent_overview


@register(template="foraeldre/partials/youth_panel.html", order=10)
def parents_and_consent(request, youth):
    show_parents = request.user.has_perm("foraeldre.view_parent")
    show_consent = request.user.has_perm("foraeldre.view_consent")
    if not (show_parents or show_consent):
        return None
    return {
        "show_parents": show_parents,
        "show_consent": show_consent,
        "parents": list(youth.parents.all()) if show_parents else [],
        "states": consent_overview(youth=youth) if show_consent else [],
    }
