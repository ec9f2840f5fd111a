"""What the industry guides take from other apps: the ONE place to wire them up.

The guides print live local figures per industry and the young-worker rules that
matter in the industry. Those records and rules belong to the companies app
(virksomheder) and its rules module (virksomheder.young_workers).
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class IndustryFigures:
    """Local figures for one industry; None means the app does not record them yet."""

    companies_in_network: int | None = None
    youth_in_jobs: int | None = None


def industry_figures(industries: Iterable) -> dict[int, IndustryFigures]:
    """The live figures of each industry, by industry id, in two queries.

    Companies in the company network, and distinct young people in a job today
    (a placement started and not ended), by the company's industry.
    """
    from django.db.models import Count
    from django.utils import timezone

    from virksomheder.models import Company, Placement

    industries = list(industries)
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
        pk: IndustryFigures(companies_in_network=network.get(pk, 0), youth_in_jobs=in_jobs.get(pk, 0)) for pk in ids
    }


def young_worker_rules(industry) -> str | None:
    """Markdown on the rules for young workers that matter in `industry`, with their sources.

    The text comes from the rules module (bekendtgørelse om unges arbejde and
    arbejdsmiljøloven §§ 60-62), the same figures the checks of openings and placements
    use; no database queries. None would leave the section out of the guides (their
    pages warn when that happens).
    """
    from virksomheder.young_workers import rules_markdown

    return rules_markdown(industry.young_worker_notes)
