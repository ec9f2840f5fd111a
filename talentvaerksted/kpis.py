"""The Talentværksted's KPI of the contract (shared/docs/kpi-and-import.md), used by rapporter.kpi."""

from rapporter.kpi_engine import CountedKpi, Dimension

from .models import Enrollment, EnrollmentStatus

# gennemfoert_talentvaerksted: distinct target-group youth with at least one enrollment of
# status gennemført whose completion date lies in the window. Counting distinct youth over
# the completed enrollments counts a youth who completed twice once.
completed_courses = CountedKpi(
    rows=lambda: Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED, youth__in_target_group=True),
    condition=lambda window: window.contains("completed_on"),
    count="youth",
    paths={
        Dimension.SCHOOL: "youth__school",
        Dimension.POSTCODE: "youth__postcode",
        Dimension.GENDER: "youth__gender",
        Dimension.AGE_BAND: "youth__birth_date",
    },
)
