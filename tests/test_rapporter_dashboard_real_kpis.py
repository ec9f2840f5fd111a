"""The dashboard with the real KPIs of every app (not the test KPIs of kpi_fakes):
its query count does not grow with ten times the records each KPI counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from foraeldre.models import ContactKind
from fritidsjob import roles
from fritidsjob.models import Gender, Industry, School

from .factories import UserFactory, YouthFactory
from .factories_foraeldre import InformationEventFactory, ParentContactFactory, ParentFactory
from .factories_talentvaerksted import CompletedEnrollmentFactory
from .factories_virksomheder import CompanyFactory, GuidanceFactory, make_placement

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("rapporter:kpi_overview")
BREAKDOWNS = ["maaned", "branche", "skole", "postnummer", "koen", "alder"]


def add_activity(count: int, *, offset: int = 0) -> None:
    """`count` young people with something for every KPI of the contract, within 2023."""
    schools = list(School.objects.order_by("name")[:3])
    industries = list(Industry.objects.order_by("name")[:4])
    staff = UserFactory()
    for number in range(offset, offset + count):
        day = D(2023, 1 + number % 6, 1 + number % 27)
        youth = YouthFactory(
            school=schools[number % 3],
            gender=[Gender.GIRL, Gender.BOY][number % 2],
            postcode=["8800", "8830", "8850"][number % 3],
            birth_date=D(2008, 1 + number % 12, 1),
        )
        CompletedEnrollmentFactory(youth=youth, completed_on=day)
        parent = ParentFactory(children=[youth], has_jobcenter_case=number % 2 == 0)
        ParentContactFactory(parent=parent, kind=ContactKind.GUIDANCE, date=day, staff=staff)
        ParentContactFactory(parent=parent, kind=ContactKind.INTRODUCTION, date=day, staff=staff)
        InformationEventFactory(date=day, youth_count=10, parent_count=5)
        company = CompanyFactory(industry=industries[number % 4], postcode="8800")
        GuidanceFactory(company=company, date=day, consultant=staff)
        make_placement(youth=youth, company=company, start=day - datetime.timedelta(days=200))


def queries_per_breakdown(client) -> dict[str, int]:
    counts = {}
    for breakdown in BREAKDOWNS:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"opdeling": breakdown, "opgoerelsesdato": "2023-12-31"})
        assert response.status_code == 200
        counts[breakdown] = len(captured)
    return counts


@pytest.mark.parametrize("role", [roles.PROJECT_LEADER, roles.FUNDER])
def test_every_breakdown_costs_the_same_queries_for_ten_times_the_data(client, users, role):
    client.force_login(users[role])
    add_activity(3)
    small = queries_per_breakdown(client)
    first = client.get(URL, {"opgoerelsesdato": "2023-12-31"}).context["board"]
    assert all(row.value for row in first.rows), "every KPI counts something in this data"

    add_activity(27, offset=3)
    large = queries_per_breakdown(client)

    assert large == small
    values = {row.key: row.value for row in client.get(URL, {"opgoerelsesdato": "2023-12-31"}).context["board"].rows}
    assert values["gennemfoert_talentvaerksted"] == 30
    assert values["informeret_unge_og_foraeldre"] == 30 * 15
