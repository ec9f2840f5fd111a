"""The Talentværksted's KPI of the contract (shared/docs/kpi-and-import.md)."""

from django.utils.translation import gettext_lazy as _

from core.kpis import CountedKpi, Dimension, Kpi, register, register_counted
from fritidsjob.models import School, Youth
from fritidsjob.progression import groupings as progression_groupings

from .models import Enrollment, EnrollmentStatus

# Counting distinct youth over the completed enrollments counts a youth who completed twice once.
completed_courses = CountedKpi(
    rows=lambda: Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED, youth__in_target_group=True),
    condition=lambda window: window.contains("completed_on"),
    count="youth",
    counts_from="completed_on",
    paths={
        Dimension.SCHOOL: "youth__school",
        Dimension.POSTCODE: "youth__postcode",
        Dimension.GENDER: "youth__gender",
        Dimension.AGE_BAND: "youth__birth_date",
    },
)

register_counted(Enrollment, Youth, School)

register(
    Kpi(
        key="gennemfoert_talentvaerksted",
        label=_("Unge i målgruppen, der har gennemført et Talentværksted-forløb"),
        definition=_(
            "Antal forskellige unge i målgruppen med mindst én tilmelding til et Talentværksted-forløb "
            "med status gennemført, hvor datoen for gennemførelsen ligger i perioden. En ung, der har "
            "gennemført flere forløb, tælles én gang."
        ),
        counting=completed_courses,
        order=10,
    )
)


# Progression (issue 18): young people by their first course (the earliest enrollment).
def _first_courses(youth_ids) -> dict[int, str]:
    first: dict[int, str] = {}
    rows = Enrollment.objects.filter(youth_id__in=list(youth_ids)).order_by("youth_id", "enrolled_on", "pk")
    for youth_id, title in rows.values_list("youth_id", "course__title"):
        first.setdefault(youth_id, title)
    return first


progression_groupings.register(
    progression_groupings.Grouping(
        key="forloeb",
        label=_("Første forløb"),
        order=30,
        labels=lambda: [],
        groups=_first_courses,
        none_label=_("Intet forløb"),
    )
)
