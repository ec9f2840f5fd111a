from django import template

from fritidsjob.models import Weekday

register = template.Library()


@register.filter
def shifts(schedule) -> list[dict]:
    """A stored weekly schedule as {"day", "start", "end"} for display, Monday first."""
    items = sorted(schedule or [], key=lambda item: (int(item["weekday"]), item["start"]))
    return [{"day": Weekday(int(item["weekday"])).label, "start": item["start"], "end": item["end"]} for item in items]
