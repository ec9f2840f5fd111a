from django import template

from fritidsjob.models import Weekday

from .. import selectors

register = template.Library()


@register.inclusion_tag("virksomheder/partials/case_panel.html", takes_context=True)
def virksomheder_case_panel(context, youth):
    """The young person's matches, jobs and follow-ups on the case page (three queries)."""
    user = context["request"].user
    if not user.has_perm("virksomheder.view_placement"):
        return {"show": False}
    return {
        "show": True,
        "youth": youth,
        "perms": context.get("perms"),
        "matches": [m for m in selectors.matches_for_youth(youth=youth) if m.is_active],
        "placements": selectors.placements_for_youth(youth=youth),
    }


@register.filter
def shifts(schedule) -> list[dict]:
    """A stored weekly schedule as {"day", "start", "end"} for display, Monday first."""
    items = sorted(schedule or [], key=lambda item: (int(item["weekday"]), item["start"]))
    return [{"day": Weekday(int(item["weekday"])).label, "start": item["start"], "end": item["end"]} for item in items]
