"""Lockout (django-axes) and the security log's sign-in entries (issue 13 item 3).

Five failed attempts for a username, or from an address, and no login for 15 minutes,
with the same Danish message whether the user exists or not. The clock is controlled.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from fritidsjob import roles
from fritidsjob.models import SecurityEvent, SecurityEventKind
from fritidsjob.security import LOCKOUT_MESSAGE

from .clock import clock  # noqa: F401

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"
LOCKED = LOCKOUT_MESSAGE % {"minutes": 15}
WRONG = "Indtast venligst korrekt brugernavn og adgangskode"


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def kinds(username):
    return list(SecurityEvent.objects.filter(username=username).order_by("pk").values_list("kind", flat=True))


def alert_text(response) -> str:
    match = re.search(r'<div class="alert alert-danger" role="alert">(.*?)</div>', response.content.decode(), re.S)
    return match.group(1).strip() if match else ""


def test_five_failures_lock_the_username_for_15_minutes(client, make_user, clock):  # noqa: F811
    anna = make_user("anna")
    for _number in range(4):
        response = attempt(client, "anna", "forkert")
        assert response.status_code == 200
        assert WRONG in response.content.decode()

    fifth = attempt(client, "anna", "forkert")
    assert fifth.status_code == 429
    assert alert_text(fifth) == LOCKED

    # The right password does not help while locked out, not even from another address.
    clock.advance(minutes=14, seconds=59)
    refused = attempt(client, "anna", PASSWORD, ip="10.9.9.9")
    assert refused.status_code == 429
    assert alert_text(refused) == LOCKED
    assert "_auth_user_id" not in client.session

    clock.advance(seconds=2)  # 15 minutes and 1 second after the lockout
    signed_in = attempt(client, "anna", PASSWORD, ip="10.9.9.9")
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(anna.pk)

    assert kinds("anna") == [
        *[SecurityEventKind.LOGIN_FAILED] * 5,
        SecurityEventKind.LOCKED_OUT,
        SecurityEventKind.LOGIN_FAILED,
        SecurityEventKind.LOGIN_SUCCEEDED,
    ]
    events = SecurityEvent.objects.filter(username="anna")
    first = events.order_by("pk").first()
    assert (first.ip_address, first.user) == ("10.0.0.1", None)  # a failed attempt is about a typed name
    lockout = events.get(kind=SecurityEventKind.LOCKED_OUT)
    assert lockout.detail == "Efter 5 mislykkede forsøg, i 15 minutter"
    refused = events.filter(kind=SecurityEventKind.LOGIN_FAILED).order_by("pk").last()
    assert (refused.detail, refused.ip_address) == ("Afvist, fordi der er lukket for login", "10.9.9.9")
    assert refused.occurred_at - lockout.occurred_at == datetime.timedelta(minutes=14, seconds=59)
    success = events.get(kind=SecurityEventKind.LOGIN_SUCCEEDED)
    assert (success.user, success.ip_address) == (anna, "10.9.9.9")


def test_an_unknown_username_gets_the_same_answers(client, make_user, clock):  # noqa: F811
    make_user("anna")
    known = [attempt(client, "anna", "forkert", ip="10.0.0.1") for _number in range(6)]
    unknown = [attempt(client, "findesikke", "forkert", ip="10.0.0.2") for _number in range(6)]

    assert [r.status_code for r in known] == [r.status_code for r in unknown] == [200] * 4 + [429] * 2
    assert [alert_text(r) for r in known] == [alert_text(r) for r in unknown]
    assert alert_text(unknown[-1]) == LOCKED
    expected = [*[SecurityEventKind.LOGIN_FAILED] * 5, SecurityEventKind.LOCKED_OUT, SecurityEventKind.LOGIN_FAILED]
    assert kinds("findesikke") == kinds("anna") == expected


def test_five_failures_from_one_address_lock_that_address(client, make_user, clock):  # noqa: F811
    make_user("anna")
    for number in range(5):
        attempt(client, f"gaet{number}", "forkert", ip="10.0.0.66")

    # A real user with the right password, from the locked address: refused; from another: in.
    assert attempt(client, "anna", PASSWORD, ip="10.0.0.66").status_code == 429
    assert attempt(client, "anna", PASSWORD, ip="10.0.0.7").status_code == 302

    clock.advance(minutes=16)
    client.logout()
    assert attempt(client, "anna", PASSWORD, ip="10.0.0.66").status_code == 302


def test_a_successful_login_clears_earlier_failures(client, make_user, clock):  # noqa: F811
    make_user("anna")
    for _number in range(4):
        attempt(client, "anna", "forkert")
    assert attempt(client, "anna", PASSWORD).status_code == 302
    client.logout()
    for _number in range(4):
        attempt(client, "anna", "forkert")

    assert attempt(client, "anna", PASSWORD).status_code == 302


def test_sign_out_is_logged(client, make_user):
    anna = make_user("anna")
    attempt(client, "anna", PASSWORD)

    client.post(reverse("logout"))

    assert kinds("anna") == [SecurityEventKind.LOGIN_SUCCEEDED, SecurityEventKind.LOGGED_OUT]
    assert SecurityEvent.objects.last().user == anna


def test_the_administrator_lifts_a_lockout_in_the_admin(client, make_user, users, clock):  # noqa: F811
    from axes.models import AccessAttempt

    make_user("anna")
    for _number in range(5):
        attempt(client, "anna", "forkert")
    assert attempt(client, "anna", PASSWORD).status_code == 429
    admin = Client()
    admin.force_login(users[roles.ADMINISTRATOR])

    for locked in AccessAttempt.objects.filter(username="anna"):
        url = reverse("admin:axes_accessattempt_delete", args=[locked.pk])
        assert admin.post(url, {"post": "yes"}).status_code == 302

    assert attempt(client, "anna", PASSWORD).status_code == 302


def test_a_login_without_a_request_is_not_counted_but_still_checks_the_password(client, make_user):
    # The test client's login() and scripts authenticate without a request: no address to count.
    make_user("anna")
    assert client.login(username="anna", password="forkert") is False
    assert client.login(username="anna", password=PASSWORD) is True
