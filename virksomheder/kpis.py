"""The companies' KPIs of the contract (shared/docs/kpi-and-import.md), counted in the database, and the
industry breakdown of every KPI."""

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from core.kpis import Breakdown, CountedKpi, Dimension, Kpi, register, register_counted, register_dimension
from fritidsjob.models import Industry, School, Youth
from fritidsjob.progression import groupings as progression_groupings

from .models import Company, Guidance, Placement


def _industry_labels(counts: dict) -> Breakdown:
    # Every configured industry, 0 where none, as the contract's per_branche.
    result = {name: counts.get(pk, 0) for pk, name in Industry.objects.values_list("pk", "name")}
    if counts.get(None):
        result[str(_("Uden branche"))] = counts[None]
    return result


# A KPI's path for INDUSTRY is a ForeignKey to fritidsjob.Industry.
register_dimension(Dimension.INDUSTRY, labels=_industry_labels)

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


# Also the company list's filter "Vejledt i projektperioden" (virksomheder.filters).
companies_guided = CountedKpi(
    rows=lambda: Guidance.objects.all(),
    condition=lambda window: window.contains("date"),
    count="company",
    counts_from="date",
    paths={Dimension.INDUSTRY: "company__industry", Dimension.POSTCODE: "company__postcode"},
    extra=_guided_per_industry,
)

# Placement.six_months_on holds start + relativedelta(months=6), so the database compares dates;
# the effective end is min(end, as_of), or as_of while employed. A placement that counts at an
# as-of date counts from six_months_on on (its start lies before that, its end does not move).
youth_retained_six_months = CountedKpi(
    rows=_target_group_placements,
    condition=lambda window: (
        window.contains("start")
        & Q(six_months_on__lte=window.as_of)
        & (Q(end__isnull=True) | Q(end__gte=F("six_months_on")))
    ),
    count="youth",
    counts_from="six_months_on",
    paths=YOUTH_PATHS,
)

youth_in_job = CountedKpi(
    rows=_target_group_placements,
    condition=lambda window: window.contains("start"),
    count="youth",
    counts_from="start",
    paths=YOUTH_PATHS,
)

register_counted(Guidance, Placement, Company, Industry, Youth, School)

register(
    Kpi(
        key="fastholdt_6_maaneder",
        label=_("Unge i målgruppen, der har holdt et fritidsjob i mindst seks måneder"),
        definition=_(
            "Antal forskellige unge i målgruppen med mindst én ansættelse, der er startet i perioden, og "
            "som har varet mindst seks kalendermåneder: startdatoen plus seks måneder må ikke ligge efter "
            "den effektive slutdato. Den effektive slutdato er ansættelsens slutdato (sidste arbejdsdag), "
            "dog højst opgørelsesdatoen; har ansættelsen ingen slutdato, er det opgørelsesdatoen. Der regnes "
            "i kalendermåneder, så 31.08.2023 plus seks måneder er 29.02.2024."
        ),
        example=_("En ansættelse fra 15.01.2023 til 15.07.2023 tæller; en, der sluttede 14.07.2023, tæller ikke."),
        counting=youth_retained_six_months,
        order=20,
    )
)

register(
    Kpi(
        key="virksomheder_vejledt",
        label=_("Virksomheder vejledt"),
        definition=_(
            "Antal forskellige virksomheder med mindst én vejledning dateret i perioden. Tallet opgøres "
            "også pr. branche (alle brancher vises, også dem med 0) og som antal brancher med mindst én "
            "vejledt virksomhed."
        ),
        counting=companies_guided,
        order=30,
        extra_labels={"per_branche": _("Pr. branche"), "brancher_daekket": _("Brancher dækket")},
    )
)

register(
    Kpi(
        key="unge_i_job",
        label=_("Unge i målgruppen, der er kommet i job"),
        definition=_(
            "Antal forskellige unge i målgruppen med mindst én ansættelse, hvis startdato ligger i "
            "perioden. Nøgletallet har intet mål; det viser, hvor mange der kommer i job."
        ),
        counting=youth_in_job,
        order=70,
    )
)


# Progression (issue 18): young people by the industry of their first job.
def _first_industries(youth_ids) -> dict[int, str]:
    first: dict[int, str] = {}
    rows = Placement.objects.filter(youth_id__in=list(youth_ids)).order_by("youth_id", "start", "pk")
    for youth_id, industry in rows.values_list("youth_id", "company__industry__name"):
        first.setdefault(youth_id, industry or str(_("Uden branche")))
    return first


progression_groupings.register(
    progression_groupings.Grouping(
        key="branche",
        label=_("Branche (første job)"),
        order=40,
        labels=lambda: list(Industry.objects.values_list("name", flat=True)),
        groups=_first_industries,
        none_label=_("Intet job"),
    )
)
