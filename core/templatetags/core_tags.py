from django import template
from django.utils.safestring import mark_safe

from .. import today
from ..panels import panels

register = template.Library()


@register.simple_tag(takes_context=True)
def case_panels(context, youth):
    """Every registered case-page panel the user may see, in order (as an inclusion tag renders)."""
    request = context["request"]
    rendered = []
    for panel in panels():
        values = panel.context(request, youth)
        if values is None:
            continue
        values = {"youth": youth, "perms": context.get("perms"), **values}
        new_context = context.new(values)
        if "csrf_token" in context:
            new_context["csrf_token"] = context["csrf_token"]
        rendered.append(context.template.engine.get_template(panel.template).render(new_context))
    return mark_safe("".join(rendered))  # each panel's template escaped its own output


@register.simple_tag(takes_context=True)
def today_sections(context, visit):
    """Every registered "I dag" section the user may see, in order (core/today.py)."""
    request = context["request"]
    rendered = []
    for section in today.sections():
        values = section.context(request, visit)
        if values is None:
            continue
        # context.new() keeps none of the context processors' values: pass on the ones the sections use.
        new_context = context.new({"visit": visit, "user": request.user, "perms": context.get("perms"), **values})
        if "csrf_token" in context:
            new_context["csrf_token"] = context["csrf_token"]
        rendered.append(context.template.engine.get_template(section.template).render(new_context))
    return mark_safe("".join(rendered))  # each section's template escaped its own output
