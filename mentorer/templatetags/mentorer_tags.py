from django import template
from django.utils.translation import gettext as _

from ..models import NORM_HOURS_PER_MONTH, hours, hours_label

register = template.Library()


@register.filter
def as_hours(minutes) -> str:
    """Minutes as Danish hours: 90 -> "1,5 t"."""
    return _("%(hours)s t") % {"hours": hours_label(minutes)}


@register.filter
def below_norm(minutes) -> bool:
    return hours(minutes) < NORM_HOURS_PER_MONTH
