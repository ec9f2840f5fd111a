"""The security log (issue 13 item 3): what is recorded, and the "Sikkerhedslog" page."""

import datetime

import pytest
from auditlog.context import set_actor
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from fritidsjob import roles, security
from fritidsjob.models import SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db

K = SecurityEventKind


@pytest.fixture
def admin_client(client, users):
    client.force_login(users[roles.ADMINISTRATOR])
    return client


def event(kind, username="anna", days_ago=0, **extra):
    occurred_at = timezone.now() - datetime.timedelta(days=days_ago)
    return SecurityEvent.objects.create(kind=kind, username=username, occurred_at=occurred_at, **extra)


def listed(response) -> list[str]:
    return [f"{e.kind}:{e.username}" for e in response.context["object_list"]]


# --- What is recorded ----------------------------------------------------------------------------


def test_role_changes_are_recorded_with_who_made_them(make_user, users):
    administrator = users[roles.ADMINISTRATOR]
    anna = make_user("anna")
    mentor, leader = Group.objects.get(name=roles.MENTOR), Group.objects.get(name=roles.PROJECT_LEADER)
    # The log is append-only (on PostgreSQL a trigger refuses DELETE): count from here.
    before = SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    with set_actor(administrator, remote_addr="10.1.2.3"):
        anna.groups.add(mentor)
        leader.user_set.add(anna)  # from the group's side
        anna.groups.remove(mentor)
        anna.groups.clear()

    entries = [
        (e.kind, e.user, e.detail, e.actor, e.ip_address)
        for e in SecurityEvent.objects.filter(user=anna, pk__gt=before).order_by("pk")
    ]
    assert entries == [
        (K.ROLE_ADDED, anna, roles.MENTOR, administrator, "10.1.2.3"),
        (K.ROLE_ADDED, anna, roles.PROJECT_LEADER, administrator, "10.1.2.3"),
        (K.ROLE_REMOVED, anna, roles.MENTOR, administrator, "10.1.2.3"),
        (K.ROLE_REMOVED, anna, roles.PROJECT_LEADER, administrator, "10.1.2.3"),
    ]


def test_second_factor_devices_are_recorded_when_confirmed_and_when_removed(make_user):
    anna = make_user("anna")

    totp = TOTPDevice.objects.create(user=anna, name="Telefon", confirmed=False)
    assert not SecurityEvent.objects.filter(kind=K.SECOND_FACTOR_ADDED).exists()  # enrolment begun, not done
    totp.confirmed = True
    totp.save()
    totp.save()  # a later save (the drift after a code) is no new device
    StaticDevice.objects.create(user=anna, name="Gendannelseskoder")
    TOTPDevice.objects.get(pk=totp.pk).delete()

    entries = [(e.kind, e.detail) for e in SecurityEvent.objects.filter(user=anna).exclude(kind=K.ROLE_ADDED)]
    assert sorted(entries) == sorted(
        [
            (K.SECOND_FACTOR_ADDED, "TOTP device: Telefon"),
            (K.SECOND_FACTOR_ADDED, "static device: Gendannelseskoder"),
            (K.SECOND_FACTOR_REMOVED, "TOTP device: Telefon"),
        ]
    )


def test_record_is_the_entry_point_for_the_other_parts_of_the_sign_in(rf, make_user, users):
    anna = make_user("anna")
    request = rf.post("/", REMOTE_ADDR="10.4.4.4")
    request.user = users[roles.ADMINISTRATOR]

    entry = security.record(kind=K.SECOND_FACTOR_REMOVED, user=anna, request=request, detail="Nulstillet")

    assert (entry.user, entry.username, entry.actor, entry.ip_address, entry.detail) == (
        anna,
        "anna",
        users[roles.ADMINISTRATOR],
        "10.4.4.4",
        "Nulstillet",
    )


# --- The page ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [(roles.ADMINISTRATOR, 200), (roles.PROJECT_LEADER, 403), (roles.JOBCENTER_CONSULTANT, 403), (roles.MENTOR, 403)],
)
def test_only_the_administrator_sees_the_log(client, users, role, status):
    client.force_login(users[role])
    assert client.get(reverse("security_log")).status_code == status
    assert client.get(reverse("security_log"), {"eksport": "csv"}).status_code == status


def test_the_log_shows_the_entries_newest_first(admin_client):
    event(K.LOGIN_FAILED, "gaest", days_ago=2, ip_address="10.0.0.9", detail="")
    event(K.LOCKED_OUT, "gaest", days_ago=1, ip_address="10.0.0.9", detail="Efter 5 mislykkede forsøg, i 15 minutter")

    response = admin_client.get(reverse("security_log"), {"username": "gaest"})

    page = response.content.decode()
    assert "Sikkerhedslog" in page
    assert listed(response) == ["locked_out:gaest", "login_failed:gaest"]
    assert "Låst ude" in page and "10.0.0.9" in page and "Efter 5 mislykkede forsøg" in page


def test_the_filters(admin_client):
    # The admin's own sign-in is logged too, today and under another name: no filter below lists it.
    event(K.LOGIN_FAILED, "anna", days_ago=10)
    event(K.LOGIN_FAILED, "bo", days_ago=3)
    event(K.LOGIN_SUCCEEDED, "anna", days_ago=3)
    event(K.ROLE_ADDED, "annabella", days_ago=0)
    url = reverse("security_log")
    today = timezone.localdate()

    assert listed(admin_client.get(url, {"kind": "login_failed"})) == ["login_failed:bo", "login_failed:anna"]
    assert listed(admin_client.get(url, {"username": "ANNA"})) == [
        "role_added:annabella",
        "login:anna",
        "login_failed:anna",
    ]
    between = {"date_from": str(today - datetime.timedelta(days=4)), "date_to": str(today - datetime.timedelta(days=1))}
    assert listed(admin_client.get(url, between)) == ["login:anna", "login_failed:bo"]
    assert listed(admin_client.get(url, {**between, "kind": "login", "username": "anna"})) == ["login:anna"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2026-05-10", "date_to": "2026-05-01"}, "Til-datoen ligger før fra-datoen."),
        ({"date_from": "99999-01-01"}, "Indtast en gyldig dato."),
        ({"kind": "noget"}, "Marker en gyldig valgmulighed."),
    ],
)
def test_bad_filters_get_a_danish_message_not_a_500(admin_client, query, message):
    event(K.LOGIN_FAILED)

    response = admin_client.get(reverse("security_log"), query)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert listed(response) == []


def test_the_htmx_filter_redraws_the_table_only(admin_client):
    event(K.LOGIN_FAILED, "gaest")

    response = admin_client.get(reverse("security_log"), {"username": "gaest"}, HTTP_HX_REQUEST="true")

    assert "<form" not in response.content.decode()
    assert listed(response) == ["login_failed:gaest"]


def test_the_log_is_paginated(admin_client):
    for number in range(55):
        event(K.LOGIN_FAILED, f"gaest{number}")

    first, second = admin_client.get(reverse("security_log")), admin_client.get(reverse("security_log"), {"page": 2})

    assert len(first.context["object_list"]) == 50
    assert len(second.context["object_list"]) >= 5


def test_the_page_costs_the_same_queries_for_ten_times_the_entries(admin_client, make_user):
    def add(count):
        for number in range(count):
            user, actor = (
                make_user(f"bruger{SecurityEvent.objects.count()}-{number}"),
                make_user(f"admin-{number}-{count}"),
            )
            event(K.ROLE_ADDED, user.username, user=user, actor=actor, detail=roles.MENTOR)

    url = reverse("security_log")
    add(2)
    admin_client.get(url)  # warm the caches
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    add(18)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)

    assert len(response.context["object_list"]) >= 20
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]
