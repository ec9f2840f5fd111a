"""Password reset, invitations and the second factor (issue 13 items 2 and 4; fritidsjob/accounts.py)."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fritidsjob import accounts, roles
from fritidsjob.models import SecurityEvent, SecurityEventKind
from tests.factories_mentorer import MentorFactory

PASSWORD = "test-password-123"
NEW_PASSWORD = "Sommerfugl-i-haven-42"
LINK = re.compile(r"https?://[^/\s]+(/konto/adgangskode/ny/\S+/)")


def code_for(device: TOTPDevice, drift: int = 0) -> str:
    """What the authenticator app shows now (drift=1: the next 30-second step's code)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = accounts.totp_device_pending(user=user)
    codes = accounts.second_factor_enrol(device=device, token=code_for(device))
    return device, codes


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


# --- password reset --------------------------------------------------------------------------------


pytestmark = pytest.mark.django_db


def test_login_page_offers_password_reset(client):
    response = client.get(reverse("login"))
    assert reverse("password_reset") in response.content.decode()
    assert "Glemt adgangskode?" in response.content.decode()


def test_password_reset_end_to_end_link_works_once(client, make_user):
    make_user("karen", roles.JOBCENTER_CONSULTANT, email="karen@example.dk")

    unknown = client.post(reverse("password_reset"), {"email": "ukendt@example.dk"})
    known = client.post(reverse("password_reset"), {"email": "karen@example.dk"})
    # The same answer whether the address is known or not.
    assert (unknown.status_code, unknown["Location"]) == (302, reverse("password_reset_done"))
    assert (known.status_code, known["Location"]) == (302, reverse("password_reset_done"))
    assert [message.to for message in mail.outbox] == [["karen@example.dk"]]
    assert mail.outbox[0].subject == "Ny adgangskode til Fritidsjob"
    assert "Linket virker én gang og i 3 dage." in mail.outbox[0].body
    link = link_in(mail.outbox[0])

    form_url = client.get(link)["Location"]  # Django moves the token into the session
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("password_reset_complete")
    assert SecurityEvent.objects.filter(user__username="karen", kind=SecurityEventKind.PASSWORD_CHANGED).count() == 1
    assert sign_in(client, "karen", NEW_PASSWORD)["Location"] == reverse("home")

    client.logout()
    again = client.get(link, follow=True)
    assert "Linket virker ikke længere" in again.content.decode()


def test_password_reset_link_expires_after_3_days(client, make_user, monkeypatch):
    make_user("karen", roles.JOBCENTER_CONSULTANT, email="karen@example.dk")
    client.post(reverse("password_reset"), {"email": "karen@example.dk"})
    link = link_in(mail.outbox[0])
    sent = datetime.datetime.now()
    # A controlled clock for Django's token generator: 3 days less a minute, then 3 days and a minute.
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: sent + datetime.timedelta(days=3, minutes=-1))
    assert client.get(link).status_code == 302  # still valid: on to the form
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: sent + datetime.timedelta(days=3, minutes=1))
    client.cookies.clear()
    expired = client.get(link, follow=True)
    assert "Linket virker ikke længere" in expired.content.decode()


def test_a_bad_reset_link_gives_a_danish_page(client):
    response = client.get(reverse("password_reset_confirm", args=["zz", "ikke-et-token"]))
    assert response.status_code == 200
    assert "Linket virker ikke længere" in response.content.decode()


# --- invitations -----------------------------------------------------------------------------------


def test_administrator_invites_a_staff_user_who_sets_a_password(client, users, django_capture_on_commit_callbacks):
    client.force_login(users[roles.ADMINISTRATOR])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("user_invite"),
            {"first_name": "Nina", "last_name": "Ny", "email": "Nina@Example.dk", "role": roles.YOUTH_SCHOOL},
        )
    assert response["Location"] == reverse("user_list")
    user = get_user_model().objects.get(email="nina@example.dk")
    assert (user.username, user.has_usable_password()) == ("nina@example.dk", False)
    assert list(user.groups.values_list("name", flat=True)) == [roles.YOUTH_SCHOOL]
    [message] = mail.outbox
    assert (message.to, message.subject) == (["nina@example.dk"], "Du er inviteret til Fritidsjob")
    assert "Dit brugernavn er: nina@example.dk" in message.body

    client.logout()
    form_url = client.get(link_in(message))["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert sign_in(client, "nina@example.dk", NEW_PASSWORD)["Location"] == reverse("home")
    client.logout()
    assert "Linket virker ikke længere" in client.get(link_in(message), follow=True).content.decode()


def test_an_address_with_an_account_is_not_invited_again(client, users):
    users[roles.JOBCENTER_CONSULTANT].email = "karen@example.dk"
    users[roles.JOBCENTER_CONSULTANT].save()
    client.force_login(users[roles.ADMINISTRATOR])
    response = client.post(
        reverse("user_invite"),
        {"first_name": "K", "last_name": "K", "email": "karen@example.dk", "role": roles.YOUTH_SCHOOL},
    )
    assert response.status_code == 200
    assert "Der findes allerede en bruger med denne e-mailadresse." in response.content.decode()
    assert mail.outbox == []


def test_only_the_administrator_invites_staff(client, users):
    client.force_login(users[roles.PROJECT_LEADER])
    response = client.post(
        reverse("user_invite"), {"first_name": "N", "last_name": "N", "email": "n@example.dk", "role": roles.FUNDER}
    )
    assert response.status_code == 403
    assert not get_user_model().objects.filter(email="n@example.dk").exists()


def test_coordinator_gives_a_mentor_a_portal_login(client, users, django_capture_on_commit_callbacks):
    mentor = MentorFactory(first_name="Mette", last_name="Mentor", email="mette@example.dk", user=None)
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    page = client.get(mentor.get_absolute_url()).content.decode()
    assert "Giv adgang til mentorportalen" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mentorer:mentor_portal_invite", args=[mentor.pk]), follow=True)
    assert "Mette Mentor er inviteret til mentorportalen." in response.content.decode()
    mentor.refresh_from_db()
    assert (mentor.user.email, mentor.user.get_full_name()) == ("mette@example.dk", "Mette Mentor")
    assert list(mentor.user.groups.values_list("name", flat=True)) == [roles.MENTOR]
    assert [message.to for message in mail.outbox] == [["mette@example.dk"]]

    # Not yet accepted: the invitation can be sent again; once accepted, not.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentorer:mentor_portal_invite", args=[mentor.pk]))
    assert len(mail.outbox) == 2
    mentor.user.set_password(NEW_PASSWORD)
    mentor.user.save()
    refused = client.post(reverse("mentorer:mentor_portal_invite", args=[mentor.pk]), follow=True)
    assert "har allerede login til mentorportalen" in refused.content.decode()
    assert len(mail.outbox) == 2


def test_a_mentor_without_email_gets_a_clear_message(client, users):
    mentor = MentorFactory(email="", user=None)
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    response = client.post(reverse("mentorer:mentor_portal_invite", args=[mentor.pk]), follow=True)
    assert "Skriv mentorens e-mailadresse" in response.content.decode()
    assert mail.outbox == []


# --- the second factor ---------------------------------------------------------------------------


def test_staff_must_set_up_a_second_factor_when_required(client, users, settings):
    settings.MFA_REQUIRED = True
    sign_in(client, "konsulent")
    response = client.get(reverse("fritidsjob:youth_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_setup"))
    setup = client.get(response["Location"])
    assert "<svg" in setup.content.decode()
    assert "<script" not in setup.content.decode().split("<main", 1)[-1].split("</main>")[0]

    device = TOTPDevice.objects.get(user=users[roles.JOBCENTER_CONSULTANT])
    wrong = client.post(reverse("second_factor_setup"), {"code": "000000" if code_for(device) != "000000" else "1"})
    assert "Koden passer ikke" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a wrong code
    done = client.post(reverse("second_factor_setup"), {"code": code_for(device), "next": "/unge/"})
    assert done["Location"].startswith(reverse("second_factor_codes"))
    codes_page = client.get(done["Location"]).content.decode()
    codes = StaticToken.objects.filter(device__user=users[roles.JOBCENTER_CONSULTANT]).values_list("token", flat=True)
    assert len(codes) == 10
    assert all(code in codes_page for code in codes)
    # Shown once.
    assert client.get(reverse("second_factor_codes")).status_code == 302
    assert client.get(reverse("fritidsjob:youth_list")).status_code == 200


def test_a_fragment_is_refused_until_the_second_factor_is_given(client, users, settings):
    # The menu's badges are fetched with htmx: the sign-in page must never be swapped into the page.
    settings.MFA_REQUIRED = True
    sign_in(client, "konsulent")
    assert client.get(reverse("fritidsjob:youth_list"), headers={"HX-Request": "true"}).status_code == 403


def test_no_second_factor_asked_when_not_required(client, users, settings):
    settings.MFA_REQUIRED = False
    sign_in(client, "konsulent")
    assert client.get(reverse("fritidsjob:youth_list")).status_code == 200


def test_mentors_are_not_required_to_but_may_enrol(client, users, settings):
    settings.MFA_REQUIRED = True
    MentorFactory(user=users[roles.MENTOR])
    sign_in(client, "mentor")
    assert client.get(reverse("mentorer:portal")).status_code == 200
    client.logout()
    device, _codes = enrol(users[roles.MENTOR])
    sign_in(client, "mentor")
    assert client.get(reverse("mentorer:portal"))["Location"].startswith(reverse("second_factor_verify"))
    client.post(reverse("second_factor_verify"), {"code": code_for(device, drift=1)})
    assert client.get(reverse("mentorer:portal")).status_code == 200


def test_sso_sessions_are_not_asked_again(client, users, settings):
    settings.MFA_REQUIRED = True
    enrol(users[roles.PROJECT_LEADER])
    client.force_login(users[roles.PROJECT_LEADER])
    session = client.session
    session[accounts.SIGNED_IN_WITH_SESSION_KEY] = accounts.SSO
    session.save()
    assert client.get(reverse("fritidsjob:youth_list")).status_code == 200


def test_sign_in_with_the_app_code(client, users, settings):
    settings.MFA_REQUIRED = True
    device, _codes = enrol(users[roles.JOBCENTER_CONSULTANT])
    sign_in(client, "konsulent")
    response = client.get(reverse("fritidsjob:youth_list"))
    assert response["Location"] == reverse("second_factor_verify") + "?next=%2Funge%2F"
    wrong = client.post(reverse("second_factor_verify"), {"code": "12 34 5x", "next": "/unge/"})
    assert "Koden er forkert eller allerede brugt." in wrong.content.decode()
    # The code used at enrolment cannot be used again; the next step's code can.
    device.refresh_from_db()
    device.throttle_reset()
    right = client.post(reverse("second_factor_verify"), {"code": code_for(device, drift=1), "next": "/unge/"})
    assert right["Location"] == "/unge/"
    assert client.get(reverse("fritidsjob:youth_list")).status_code == 200


def test_a_password_alone_cannot_replace_the_second_factor(client, users, settings):
    settings.MFA_REQUIRED = True
    enrol(users[roles.JOBCENTER_CONSULTANT])
    sign_in(client, "konsulent")
    assert client.get(reverse("second_factor_setup"))["Location"] == reverse("second_factor_verify")
    assert client.post(reverse("second_factor_setup"), {"code": "123456"})["Location"] == reverse(
        "second_factor_verify"
    )


def test_a_recovery_code_works_once(client, users, settings):
    settings.MFA_REQUIRED = True
    _device, codes = enrol(users[roles.JOBCENTER_CONSULTANT])
    sign_in(client, "konsulent")
    assert client.post(reverse("second_factor_verify"), {"code": codes[0]})["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    client.logout()

    sign_in(client, "konsulent")
    again = client.post(reverse("second_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200
    assert "Koden er forkert eller allerede brugt." in again.content.decode()
    assert StaticToken.objects.filter(device__user=users[roles.JOBCENTER_CONSULTANT]).count() == 9


def test_administrator_resets_a_second_factor_and_it_is_recorded(client, users, settings):
    settings.MFA_REQUIRED = True
    consultant = users[roles.JOBCENTER_CONSULTANT]
    enrol(consultant)
    admin = users[roles.ADMINISTRATOR]
    enrol(admin)
    client.force_login(admin)
    session = client.session
    session[accounts.SIGNED_IN_WITH_SESSION_KEY] = accounts.SSO
    session.save()
    listing = client.get(reverse("user_list")).content.decode()
    assert "Nulstil totrinsbekræftelse for konsulent" in listing

    response = client.post(reverse("second_factor_reset", args=[consultant.pk]), follow=True)
    assert "Totrinsbekræftelsen for konsulent er nulstillet." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=consultant).exists()
    assert not StaticDevice.objects.filter(user=consultant).exists()
    entry = LogEntry.objects.filter(additional_data__event="second_factor_reset").get()
    assert (entry.object_pk, entry.actor) == (str(consultant.pk), admin)

    # At the next sign-in the consultant sets it up again.
    client.logout()
    sign_in(client, "konsulent")
    assert client.get(reverse("home"))["Location"].startswith(reverse("second_factor_setup"))


def test_enrolment_is_recorded(users):
    enrol(users[roles.JOBCENTER_CONSULTANT])
    assert LogEntry.objects.filter(
        additional_data__event="second_factor_enrolled", object_pk=str(users[roles.JOBCENTER_CONSULTANT].pk)
    ).exists()


def test_user_list_queries_do_not_grow(client, users, django_assert_num_queries):
    client.force_login(users[roles.ADMINISTRATOR])
    # session, user, permissions (user, group), count, page, groups prefetch
    with django_assert_num_queries(8):
        client.get(reverse("user_list"))
    for n in range(3):
        get_user_model().objects.create_user(f"ekstra{n}").groups.add(*users[roles.MENTOR].groups.all())
    with django_assert_num_queries(8):
        client.get(reverse("user_list"))
