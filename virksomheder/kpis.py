"""The companies' KPIs of the contract (shared/docs/kpi-and-import.md), counted in the database.

rapporter.kpi puts them in KPIS.
"""

from django.db.models import Count, F, Q

from fritidsjob.models import Industry
from rapporter.kpi_engine import CountedKpi, Dimension

from .models import Guidance, Placement

YOUTH_PATHS = {
    Dimension.INDUSTRY: "company__industry",
    Dimension.SCHOOL: "youth__school",
    Dimension.POSTCODE: "youth__postcode",
    Dimension.GENDER: "youth__gender",
    Dimension.AGE_BAND: "youth__birth_date",
}


def _target_group_placements():
    return Placement.objects.filter(youth__in_target_group=True)


def _guided_per_industry(window) -> dict:
    """per_branche (every configured industry, 0 where none) and brancher_daekket: two queries."""
    guided = Count("companies", filter=window.contains("companies__guidance__date"), distinct=True)
    counts = dict(Industry.objects.annotate(guided=guided).values_list("name", "guided").order_by("position", "name"))
    return {"per_branche": counts, "brancher_daekket": sum(1 for count in counts.values() if count)}


# virksomheder_vejledt: distinct companies with at least one guidance contact dated in the window.
companies_guided = CountedKpi(
    rows=lambda: Guidance.objects.all(),
    condition=lambda window: window.contains("date"),
    count="company",
    paths={Dimension.INDUSTRY: "company__industry", Dimension.POSTCODE: "company__postcode"},
    extra=_guided_per_industry,
)

# fastholdt_6_maaneder: distinct target-group youth with a placement started in the window and
# start + 6 calendar months <= effective_end (min(end, as_of), or as_of while employed).
# Placement.six_months_on holds start + relativedelta(months=6), so the database compares dates.
youth_retained_six_months = CountedKpi(
    rows=_target_group_placements,
    condition=lambda window: window.contains("start")
    & Q(six_months_on__lte=window.as_of)
    & (Q(end__isnull=True) | Q(end__gte=F("six_months_on"))),
    count="youth",
    paths=YOUTH_PATHS,
)

# unge_i_job: distinct target-group youth with at least one placement started in the window.
youth_in_job = CountedKpi(
    rows=_target_group_placements,
    condition=lambda window: window.contains("start"),
    count="youth",
    paths=YOUTH_PATHS,
)
