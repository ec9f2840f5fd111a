"""Retention: closed cases are anonymised and access entries deleted when their period ends, announced first."""

import datetime
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.audit import record_access
from fritidsjob import retention, roles, services
from fritidsjob.models import AnonymisationRequest, AuditScrub, Youth, YouthStatus
from fritidsjob.tasks import apply_retention
from tests.clock import clock  # noqa: F401
from tests.factories import YouthFactory

pytestmark = pytest.mark.django_db


def closed_case(**fields) -> Youth:
    youth = YouthFactory(**fields)
    return services.youth_update(youth=youth, data={"status": YouthStatus.CLOSED, "end_reason": "Flyttet"})


@pytest.fixture
def periods(settings):
    settings.RETENTION_CLOSED_CASE_YEARS = 5
    settings.RETENTION_ACCESS_LOG_MONTHS = 6
    settings.RETENTION_NOTICE_DAYS = 30
    return settings


def test_closing_a_case_starts_its_period_and_reopening_clears_it(db):
    youth = closed_case()
    assert youth.closed_on == timezone.localdate()
    services.youth_update(youth=youth, data={"status": YouthStatus.IN_COURSE, "end_reason": ""})
    assert youth.closed_on is None


def test_a_closed_case_is_announced_30_days_ahead_and_anonymised_on_its_day(periods, clock, users):  # noqa: F811
    youth = closed_case(first_name="Retentia")
    held = closed_case(first_name="Tilbageholdt")
    retention.retention_hold_place(youth=held, reason="Klagesag verserer", placed_by=users[roles.PROJECT_LEADER])
    five_years = timezone.localdate().replace(year=timezone.localdate().year + 5) - timezone.localdate()

    clock.advance(days=five_years.days - 20)
    out = StringIO()
    call_command("opbevaring", "--dry-run", stdout=out)
    assert f"Sag #{youth.pk}" in out.getvalue() and f"Sag #{held.pk}" not in out.getvalue()
    assert apply_retention.delay().get() == 0  # not due yet: nothing happens
    youth.refresh_from_db()
    assert youth.anonymised_at is None

    clock.advance(days=21)
    assert apply_retention.delay().get() == 1
    youth.refresh_from_db()
    held.refresh_from_db()
    assert youth.first_name == "Anonymiseret" and held.first_name == "Tilbageholdt"
    done = AnonymisationRequest.objects.for_person(youth).get()
    assert done.origin == "opbevaring" and "5 år" in done.reason and done.decided_by is None
    call_command("opbevaring", "--dry-run", stdout=(out := StringIO()))
    assert f"Sag #{youth.pk}" not in out.getvalue()


def test_access_entries_are_deleted_after_six_months_through_the_logged_path(periods, clock):  # noqa: F811
    youth = YouthFactory()
    record_access(youth)
    created = LogEntry.objects.filter(action=LogEntry.Action.CREATE, object_id=youth.pk)
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == 1

    clock.advance(days=183 - 20)
    items = retention.upcoming()
    assert [(item.rule, item.count) for item in items] == [(retention.ACCESS_LOG, 1)]
    assert retention.retention_apply() == []

    clock.advance(days=21)
    assert len(retention.retention_apply()) == 1
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == 0
    assert created.count() == 1  # only access entries go
    assert AuditScrub.objects.get(kind=AuditScrub.Kind.ACCESS_LOG_EXPIRY).entries == 1


def test_the_project_leader_sees_what_is_due_and_puts_a_case_on_hold(periods, clock, users, client):  # noqa: F811
    youth = closed_case()
    clock.advance(days=5 * 366 - 25)
    client.force_login(users[roles.PROJECT_LEADER])
    page = client.get(reverse("fritidsjob:retention")).content.decode()
    assert f"Sag #{youth.pk}" in page
    refused = client.post(reverse("fritidsjob:retention_hold", args=[youth.pk]), {"reason": " "}, follow=True)
    assert "Skriv, hvorfor sagen skal opbevares længere." in refused.content.decode()
    client.post(reverse("fritidsjob:retention_hold", args=[youth.pk]), {"reason": "Aktindsigt verserer"})
    page = client.get(reverse("fritidsjob:retention")).content.decode()
    assert "Aktindsigt verserer" in page
    assert [item for item in retention.upcoming() if item.rule == retention.CLOSED_CASES] == []
    client.post(reverse("fritidsjob:retention_hold_lift", args=[youth.pk]))
    assert [item.target.pk for item in retention.upcoming() if item.rule == retention.CLOSED_CASES] == [youth.pk]


def test_the_retention_page_is_paginated_and_its_queries_do_not_grow(periods, users, client, django_assert_num_queries):
    client.force_login(users[roles.PROJECT_LEADER])
    long_ago = datetime.date.today() - datetime.timedelta(days=6 * 366)

    def make(count):
        for _ in range(count):
            Youth.objects.filter(pk=closed_case().pk).update(closed_on=long_ago)

    make(1)
    client.get(reverse("fritidsjob:retention"))
    # 10, and one for the sign-ups' rule (foraeldre/retention.py counts the expired ones).
    with django_assert_num_queries(11):
        assert client.get(reverse("fritidsjob:retention")).status_code == 200
    make(30)
    with django_assert_num_queries(11):
        response = client.get(reverse("fritidsjob:retention"))
    assert "Side 1 af 2" in response.content.decode()


def test_the_beat_schedule_runs_retention_nightly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["opbevaring"]
    assert entry["task"] == apply_retention.name
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {15})
