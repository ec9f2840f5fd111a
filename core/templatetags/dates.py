"""The two date formats as template filters, built into every template (settings TEMPLATES "builtins").

    {{ youth.birth_date|long_date }}            14. maj 2011   (fields, headings, letters, PDFs' prose)
    {{ session.date|long_date:"weekday" }}      tirsdag 14. maj 2024
    {{ task.due_date|short_date }}              02.12.2026     (tables, lists, forms)
    {{ session.date|short_date:"weekday" }}     tir 02.12.2026
    {{ report.requested_at|short_datetime }}    02.12.2026 14:05 (":seconds" for logs)
    {{ form.day.initial|iso_date }}             2026-12-02     (an <input type="date">'s value)

The formats themselves live in core/formatting.py.
"""

from django import template

from .. import formatting

register = template.Library()

WEEKDAY = "weekday"
SECONDS = "seconds"


def _option(arg, allowed: str) -> bool:
    if arg in (None, ""):
        return False
    if arg != allowed:
        raise template.TemplateSyntaxError(f'Unknown option {arg!r}: only "{allowed}"')
    return True


@register.filter(expects_localtime=True)
def long_date(value, arg=None) -> str:
    return formatting.long_date(value, weekday=_option(arg, WEEKDAY))


@register.filter(expects_localtime=True)
def short_date(value, arg=None) -> str:
    return formatting.short_date(value, weekday=_option(arg, WEEKDAY))


@register.filter(expects_localtime=True)
def short_datetime(value, arg=None) -> str:
    return formatting.short_datetime(value, seconds=_option(arg, SECONDS))


@register.filter(expects_localtime=True)
def clock_time(value) -> str:
    return formatting.clock_time(value)


@register.filter(expects_localtime=True)
def iso_date(value) -> str:
    return formatting.iso_date(value)
