"""Courses in the top search (core/search.py): the course list's title match, one query."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.formatting import short_date
from core.scoping import visible_to
from core.search import Hit, register

from .models import Course


def describe(course: Course) -> Hit:
    return Hit(title=course.title, url=course.get_absolute_url(), detail=short_date(course.start_date))


@register(
    "forloeb",
    _("Forløb"),
    model=Course,
    permission="talentvaerksted.view_course",
    describe=describe,
    list_url_name="talentvaerksted:course_list",
    list_parameter="title",
    order=50,
)
def courses(*, user, words):
    match = Q()
    for word in words:
        match &= Q(title__icontains=word)
    return visible_to(Course.objects, user).filter(match).order_by("-start_date", "title", "pk")
