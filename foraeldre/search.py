"""Parents in the top search (core/search.py): the parent list's match, one query."""

from django.utils.translation import gettext_lazy as _

from core.scoping import visible_to
from core.search import Hit, register

from .models import Parent


def describe(parent: Parent) -> Hit:
    return Hit(title=parent.full_name, url=parent.get_absolute_url(), detail=parent.get_relation_display())


@register(
    "foraeldre",
    _("Forældre"),
    model=Parent,
    permission="foraeldre.view_parent",
    describe=describe,
    list_url_name="foraeldre:parent_list",
    personal_data=True,
    order=20,
)
def parents(*, user, words):
    return (
        visible_to(Parent.objects.filter(anonymised_at__isnull=True), user)
        .matching(words)
        .order_by("last_name", "first_name", "pk")
    )
