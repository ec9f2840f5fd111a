"""What the industry guides take from the companies app: local figures and the young-worker rules."""

from django.db.models import Count
from django.utils import timezone

from core import industry_guides

from .models import Company, Placement
from .young_workers import rules_markdown


@industry_guides.register_figures
def industry_figures(industries) -> dict[int, industry_guides.IndustryFigures]:
    """Companies in the company network, and distinct young people in a job today (a placement
    started and not ended), by the company's industry; two queries.
    """
    ids = [industry.pk for industry in industries]
    network = dict(
        Company.objects.in_network()
        .filter(industry__in=ids)
        .order_by()
        .values("industry")
        .annotate(count=Count("pk"))
        .values_list("industry", "count")
    )
    in_jobs = dict(
        Placement.objects.employed_on(timezone.localdate())
        .filter(company__industry__in=ids)
        .order_by()
        .values("company__industry")
        .annotate(count=Count("youth", distinct=True))
        .values_list("company__industry", "count")
    )
    return {
        pk: industry_guides.IndustryFigures(companies_in_network=network.get(pk, 0), youth_in_jobs=in_jobs.get(pk, 0))
        for pk in ids
    }


@industry_guides.register_rules
def young_worker_rules(industry) -> str:
    """The rules of bekendtgørelse om unges arbejde and arbejdsmiljøloven §§ 60-62 with their sources,
    the same figures the checks of openings and placements use, and the notes of the industry's
    trade (its explicit `young_worker_notes`); no database queries.
    """
    return rules_markdown(industry.young_worker_notes)
