"""Invitations and the second factor in a real browser (fixtures in tests/browser.py).

A new staff member is invited, chooses a password from the e-mail, enrols an
authenticator app (the test computes its codes) and signs in again with a code;
a coordinator gives a mentor a portal login, and the mentor, on a phone, logs a session.
The e-mails are read from Django's test outbox: the live server runs in this process.
"""

import base64
import re

from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from foraeldre.models import ConsentKind
from fritidsjob import roles
from mentorer.models import MentorSession

from .browser import BROWSER_TEST_MARKS, expect, log_in
from .factories import YouthFactory
from .factories_foraeldre import ConsentFactory
from .factories_mentorer import MentorFactory, RelationshipFactory
from .test_browser_mentorer import DESKTOP, PHONE, log_out

pytestmark = BROWSER_TEST_MARKS
NEW_PASSWORD = "Sommerfugl-i-haven-42"
LINK = re.compile(r"https?://[^/\s]+(/konto/adgangskode/ny/\S+/)")


def app_code(key: bytes, drift: int = 0) -> str:
    """What an authenticator app shows for `key` now (drift=1: the next 30-second step)."""
    return f"{totp(key, step=30, digits=6, drift=drift):06d}"


def _link_sent_to(address: str) -> str:
    [message] = [message for message in mail.outbox if message.to == [address]]
    return LINK.search(message.body).group(1)


def _choose_password(page, link: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", name="Vælg adgangskode")).to_be_visible()
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Gem adgangskode").click()
    expect(page.get_by_role("heading", name="Adgangskoden er gemt")).to_be_visible()


def _sign_in(page, username: str) -> None:
    page.goto("/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def test_invited_staff_member_sets_a_password_enrols_totp_and_signs_in_with_a_code(page, make_user, settings):
    make_user("admin", roles.ADMINISTRATOR, is_staff=True, first_name="Anne", last_name="Admin")
    page.set_viewport_size(DESKTOP)
    log_in(page, "admin")
    page.get_by_role("navigation").get_by_role("link", name="Brugere").click()
    page.get_by_role("link", name="Inviter en bruger").click()
    page.get_by_label("Fornavn").fill("Nina")
    page.get_by_label("Efternavn").fill("Ny")
    page.get_by_label("E-mail").fill("nina@example.dk")
    page.get_by_label("Rolle").select_option(label=roles.JOBCENTER_CONSULTANT)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("alert")).to_contain_text("Invitationen er sendt til nina@example.dk.")
    log_out(page)

    # From here on a second factor is required, as in production.
    settings.MFA_REQUIRED = True
    _choose_password(page, _link_sent_to("nina@example.dk"))
    _sign_in(page, "nina@example.dk")
    expect(page.get_by_role("heading", name="Sæt totrinsbekræftelse op")).to_be_visible()
    expect(page.get_by_role("img", name="QR-kode til godkendelsesappen")).to_be_visible()
    # The key as the app gets it (the QR code holds the same, for typing it in instead of scanning).
    key = base64.b32decode(page.locator("#totp-secret").inner_text())
    page.get_by_role("textbox", name="Kode").fill(app_code(key))
    page.get_by_role("button", name="Slå totrinsbekræftelse til").click()
    codes = page.get_by_role("list", name="Gendannelseskoder").get_by_role("listitem")
    expect(codes).to_have_count(10)
    page.get_by_role("link", name="Jeg har gemt koderne").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Velkommen"))).to_be_visible()
    log_out(page)

    _sign_in(page, "nina@example.dk")
    expect(page.get_by_role("heading", name="Totrinsbekræftelse")).to_be_visible()
    # The code from enrolment is spent; the app's next one is accepted.
    device = TOTPDevice.objects.get(user__username="nina@example.dk", confirmed=True)
    assert device.bin_key == key
    page.get_by_role("textbox", name="Kode").fill(app_code(key, drift=1))
    page.get_by_role("button", name="Bekræft", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Velkommen"))).to_be_visible()


def test_coordinator_invites_a_mentor_who_logs_a_session_on_a_phone(page, make_user):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", last_name="Konsulent")
    mentor = MentorFactory(first_name="Mette", last_name="Mentor", email="mette@example.dk", user=None)
    youth = YouthFactory(first_name="Sofie", last_name="Frisk")
    ConsentFactory(youth=youth, kind=ConsentKind.SHARE_WITH_MENTOR)
    RelationshipFactory(mentor=mentor, youth=youth)
    page.set_viewport_size(DESKTOP)

    log_in(page, "konsulent")
    page.goto(mentor.get_absolute_url())
    page.get_by_role("button", name="Giv adgang til mentorportalen").click()
    expect(page.get_by_role("alert")).to_contain_text("Mette Mentor er inviteret til mentorportalen.")
    expect(page.get_by_text("Har login til mentorportalen")).to_be_visible()
    log_out(page)

    page.set_viewport_size(PHONE)
    _choose_password(page, _link_sent_to("mette@example.dk"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _sign_in(page, "mette@example.dk")
    # A mentor lands straight in the portal.
    expect(page.get_by_role("heading", name="Mine mentees", level=1)).to_be_visible()
    page.get_by_role("region", name="Sofie").get_by_role("link", name="Log møde med Sofie").click()
    page.get_by_label("Varighed").select_option(label="1 time")
    page.get_by_label("Emne").fill("Første møde")
    page.get_by_role("button", name="Gem møde").click()
    expect(page.get_by_role("alert")).to_contain_text("Mødet med Sofie er gemt (60 min).")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the portal scrolls sideways"
    session = MentorSession.objects.get()
    assert (session.relationship.mentor_id, session.topic) == (mentor.pk, "Første møde")
