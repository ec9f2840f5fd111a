from django import template

from core.formatting import number

register = template.Library()


@register.filter
def dk_number(value, decimals=0):
    """6400 -> 6.400 (Danish thousands separator); None stays empty."""
    return number(value, int(decimals))


@register.filter
def signed(value):
    """+3 / −2 / 0, with a real minus sign."""
    if value is None:
        return ""
    if value > 0:
        return f"+{number(value)}"
    if value < 0:
        return f"\u2212{number(-value)}"
    return "0"
