"""Session limits (issue 13 item 5): 30 minutes idle, 8 hours in all, and a password change.

The clock is controlled (tests/clock.py); the sign-in goes through the login form.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from fritidsjob.models import SecurityEvent, SecurityEventKind

from .clock import clock  # noqa: F401

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"


def sign_in(client, username="anna"):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def anna(make_user):
    return make_user("anna")


def test_29_minutes_idle_is_fine_31_signs_out(client, anna, clock):  # noqa: F811
    sign_in(client)
    clock.advance(minutes=29)
    assert client.get(reverse("home")).status_code == 200

    clock.advance(minutes=29)  # active 29 minutes ago: still in
    assert client.get(reverse("home")).status_code == 200

    clock.advance(minutes=30, seconds=1)
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"
    assert messages_of(response) == [
        "Du er blevet logget ud, fordi du ikke har været aktiv i 30 minutter. Log ind igen for at fortsætte."
    ]
    assert "_auth_user_id" not in client.session
    event = SecurityEvent.objects.get(kind=SecurityEventKind.SESSION_EXPIRED)
    assert (event.user, event.detail) == (anna, "30 minutter uden aktivitet")
    # Recorded once, as an automatic sign-out, not also as a sign-out.
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.LOGGED_OUT).exists()


def test_the_idle_time_is_a_setting(client, anna, clock, settings):  # noqa: F811
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 10
    sign_in(client)
    clock.advance(minutes=10, seconds=1)

    assert client.get(reverse("home")).status_code == 302


def test_eight_hours_at_most_however_active(client, anna, clock):  # noqa: F811
    sign_in(client)
    for _step in range(24):  # every 20 minutes for 8 hours
        clock.advance(minutes=20)
        assert client.get(reverse("home")).status_code == 200

    clock.advance(minutes=1)
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert messages_of(response) == [
        "Du er blevet logget ud, fordi der er gået 8 timer, siden du loggede ind. Log ind igen for at fortsætte."
    ]
    assert SecurityEvent.objects.get(kind=SecurityEventKind.SESSION_EXPIRED).detail == "8 timer siden login"


def test_htmx_requests_count_as_activity_and_are_sent_to_the_login_page(client, anna, clock):  # noqa: F811
    sign_in(client)
    for _step in range(3):
        clock.advance(minutes=25)
        assert client.get(reverse("home"), HTTP_HX_REQUEST="true").status_code == 200

    clock.advance(minutes=31)
    response = client.get(reverse("home"), HTTP_HX_REQUEST="true")

    # htmx would swap the login page into a table: it is told to load it as a page instead.
    assert (response.status_code, response["HX-Redirect"]) == (204, reverse("login"))


def test_the_page_asks_how_long_is_left_without_counting_as_activity(client, anna, clock):  # noqa: F811
    sign_in(client)
    url = reverse("session_keepalive")
    clock.advance(minutes=10)
    assert client.get(url).json() == {"signed_in": True, "seconds_left": 20 * 60}
    clock.advance(minutes=19)
    assert client.get(url).json() == {"signed_in": True, "seconds_left": 60}

    # "Bliv logget ind": the idle clock starts again.
    assert client.post(url).json() == {"signed_in": True, "seconds_left": 30 * 60}
    clock.advance(minutes=30, seconds=1)
    assert client.get(url).json() == {"signed_in": False, "seconds_left": 0}
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SESSION_EXPIRED).count() == 1


def test_the_keep_alive_answers_the_signed_out(client):
    assert client.get(reverse("session_keepalive")).json() == {"signed_in": False, "seconds_left": 0}
    assert client.post(reverse("session_keepalive")).json() == {"signed_in": False, "seconds_left": 0}


def test_every_page_carries_the_warning_with_its_clocks(client, anna, clock):  # noqa: F811
    sign_in(client)
    clock.advance(minutes=6)

    page = client.get(reverse("home")).content.decode()

    assert 'id="session-warning"' in page
    assert 'data-seconds-left="1800"' in page  # the request itself was activity
    assert 'data-cap-seconds-left="28440"' in page  # 8 hours less the 6 minutes
    assert "/static/js/session.js" in page
    assert "Bliv logget ind" in page
    assert 'id="session-warning"' not in Client().get(reverse("login")).content.decode()


def test_a_password_change_signs_out_the_other_sessions(anna):
    laptop, phone = sign_in(Client()), sign_in(Client())
    assert phone.get(reverse("home")).status_code == 200

    response = laptop.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Nyt-kodeord-2026!", "new_password2": "Nyt-kodeord-2026!"},
    )

    assert response.status_code == 302
    assert laptop.get(reverse("home")).status_code == 200  # the session that changed it stays
    signed_out = phone.get(reverse("home"))
    assert (signed_out.status_code, signed_out["Location"]) == (302, f"{reverse('login')}?next=/")
    event = SecurityEvent.objects.get(kind=SecurityEventKind.PASSWORD_CHANGED)
    assert (event.user, event.actor, event.ip_address) == (anna, None, "127.0.0.1")
