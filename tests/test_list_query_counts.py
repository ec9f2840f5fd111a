"""List pages that no other module counts queries on: the same queries for ten times the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.audit import record_export_access
from fritidsjob import roles
from fritidsjob.models import AccessFlag, AccessFlagKind
from virksomheder import services as company_services

from .factories import UserFactory, YouthFactory
from .factories_foraeldre import ParentFactory
from .factories_rapporter import FundReportFactory
from .factories_virksomheder import CompanyFactory

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_meetings(count: int) -> None:
    organiser = UserFactory()
    for number in range(count):
        company_services.network_meeting_create(
            data={"date": datetime.date(2024, 1 + number % 12, 1), "title": f"Møde {number}", "organiser": organiser},
            companies=[CompanyFactory(), CompanyFactory()],
        )


def add_reports(count: int) -> None:
    for number in range(count):
        FundReportFactory(as_of=datetime.date(2024, 1, 1) + datetime.timedelta(days=number))


def add_retention_items(count: int) -> None:
    """Closed cases past their period, requests waiting for approval and cases on hold."""
    from fritidsjob import erasure, retention, services
    from fritidsjob.models import Youth, YouthStatus

    from .factories import ClosedYouthFactory, YouthFactory

    long_ago = datetime.date.today() - datetime.timedelta(days=20 * 366)
    requester, leader = UserFactory(), UserFactory()
    for _ in range(count):
        due, held, asked = YouthFactory(), YouthFactory(), ClosedYouthFactory()
        for youth in (due, held):
            services.youth_update(youth=youth, data={"status": YouthStatus.CLOSED, "end_reason": "Flyttet"})
            Youth.objects.filter(pk=youth.pk).update(closed_on=long_ago)
        erasure.anonymisation_request(person=asked, reason="Bedt om det", requested_by=requester)
        retention.retention_hold_place(youth=held, reason="Klagesag", placed_by=leader)


def add_access_entries(count: int) -> None:
    """Lookups of young people and parents by several users, and a flag of unusual access for each."""
    for _number in range(count):
        youth = YouthFactory()
        user = UserFactory()
        record_export_access(
            [youth, ParentFactory(children=[youth])], actor=user, remote_addr=None, details={"export": "unge.csv"}
        )
        AccessFlag.objects.create(
            day=datetime.date.today(), kind=AccessFlagKind.OUTSIDE_CASELOAD, user=user, youth_id=youth.pk
        )


@pytest.mark.parametrize(
    ("url_name", "role", "add"),
    [
        ("virksomheder:meeting_list", roles.JOBCENTER_CONSULTANT, add_meetings),
        ("rapporter:report_list", roles.PROJECT_LEADER, add_reports),
        ("rapporter:report_list", roles.FUNDER, add_reports),
        ("fritidsjob:retention", roles.PROJECT_LEADER, add_retention_items),
        ("access_log", roles.ADMINISTRATOR, add_access_entries),
    ],
)
def test_the_list_costs_the_same_queries_for_ten_times_the_rows(client, users, url_name, role, add):
    client.force_login(users[role])
    url = reverse(url_name)
    add(2)
    few = queries(client, url)
    add(18)
    assert queries(client, url) == few
