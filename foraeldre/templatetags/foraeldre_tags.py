from django import template

from ..consent import consent_overview

register = template.Library()


@register.inclusion_tag("foraeldre/partials/youth_panel.html", takes_context=True)
def parents_and_consent(context, youth):
    """The parents and the consent state on a young person's case page (three queries)."""
    perms = context.get("perms")
    show_parents = bool(perms and perms["foraeldre"]["view_parent"])
    show_consent = bool(perms and perms["foraeldre"]["view_consent"])
    return {
        "youth": youth,
        "perms": perms,
        "show_parents": show_parents,
        "show_consent": show_consent,
        "parents": list(youth.parents.all()) if show_parents else [],
        "states": consent_overview(youth=youth) if show_consent else [],
    }
