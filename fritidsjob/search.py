"""Young people in the top search (core/search.py): the case list's name match, one query."""

from django.utils.translation import gettext_lazy as _

from core.scoping import visible_to
from core.search import Hit, register

from .models import Youth


def describe(youth: Youth) -> Hit:
    detail = " · ".join(part for part in (youth.get_status_display(), str(youth.school or "")) if part)
    return Hit(title=youth.full_name, url=youth.get_absolute_url(), detail=detail)


@register(
    "unge",
    _("Unge"),
    model=Youth,
    permission="fritidsjob.view_youth",
    describe=describe,
    list_url_name="fritidsjob:youth_list",
    personal_data=True,
    order=10,
)
def youth(*, user, words):
    return (
        visible_to(Youth.objects.not_anonymised(), user)
        .name_matches(" ".join(words))
        .select_related("school")
        .order_by("last_name", "first_name", "pk")
    )
