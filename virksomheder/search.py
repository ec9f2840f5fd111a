"""Companies in the top search (core/search.py): the company list's match, one query."""

from django.utils.translation import gettext_lazy as _

from core.scoping import visible_to
from core.search import Hit, register

from .models import Company


def describe(company: Company) -> Hit:
    return Hit(title=company.name, url=company.get_absolute_url(), detail=str(company.industry or ""))


@register(
    "virksomheder",
    _("Virksomheder"),
    model=Company,
    permission="virksomheder.view_company",
    describe=describe,
    list_url_name="virksomheder:company_list",
    order=30,
)
def companies(*, user, words):
    return visible_to(Company.objects, user).matching(words).select_related("industry").order_by("name", "pk")
