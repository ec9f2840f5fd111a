"""Mentors in the top search (core/search.py): the mentor list's match, one query. Staff only."""

from django.utils.translation import gettext_lazy as _

from core.scoping import visible_to
from core.search import Hit, register

from .models import Mentor


def describe(mentor: Mentor) -> Hit:
    detail = " · ".join(part for part in (mentor.employer, mentor.get_status_display()) if part)
    return Hit(title=mentor.full_name, url=mentor.get_absolute_url(), detail=detail)


@register(
    "mentorer",
    _("Mentorer"),
    model=Mentor,
    permission="mentorer.view_mentor",
    describe=describe,
    list_url_name="mentorer:mentor_list",
    personal_data=True,
    order=40,
)
def mentors(*, user, words):
    return visible_to(Mentor.objects, user).matching(words).order_by("last_name", "first_name", "pk")
