"""The company portal (issue 16): one-time links, isolation, openings with the rules, candidates."""

import datetime
import re
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from sesame import tokens_v2

from core.audit import trail_of
from foraeldre.models import Consent
from foraeldre.services import consent_withdraw
from fritidsjob import roles
from talentvaerksted.models import CV
from tests.clock import clock  # noqa: F401
from tests.factories import YouthFactory
from tests.factories_foraeldre import ConsentFactory
from tests.factories_virksomheder import CompanyFactory, ContactPersonFactory, JobOpeningFactory
from tests.matrix import collect
from virksomheder import services as company_services
from virksomheder.models import FollowUpKind, JobOpening, Match, MatchStage, OpeningStatus, Placement
from virksomheder.portal import services

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://testserver(/virksomheder/portal/link/\?sesame=\S+)")


def _invite(staff, contact):
    mail.outbox.clear()
    # The test runs in a transaction: the view's on_commit sending is run by hand.
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = staff.post(reverse("virksomheder:portal:contact_invite", args=[contact.pk]))
    assert response.status_code == 302
    contact.refresh_from_db()
    return LINK.search(mail.outbox[-1].body).group(1)


@pytest.fixture
def staff(consultant):
    """The consultant in a browser of their own (the `client` fixture is the contact's)."""
    staff_client = Client()
    staff_client.force_login(consultant)
    return staff_client


@pytest.fixture
def contact(db):
    return ContactPersonFactory(name="Karen Butik", email="karen@butik.dk")


@pytest.fixture
def signed_in(client, contact, staff):
    """The contact's own client, signed in through the invitation's link."""
    link = _invite(staff, contact)
    token = link.split("sesame=")[1]
    response = client.post(reverse("virksomheder:portal:link"), {"sesame": token})
    assert response.status_code == 302
    return client


def test_the_invitation_mails_a_link_that_signs_in_once(client, contact, staff):
    link = _invite(staff, contact)
    assert mail.outbox[-1].to == ["karen@butik.dk"]
    assert "15 minutter" in mail.outbox[-1].body
    assert contact.user.groups.filter(name=roles.COMPANY_CONTACT).exists()
    assert not contact.user.has_usable_password()
    # Opening the link (a mail scanner does) signs no one in: the button does.
    page = client.get(link)
    assert page.status_code == 200 and "Log ind" in page.content.decode()
    token = link.split("sesame=")[1]
    assert client.post(reverse("virksomheder:portal:link"), {"sesame": token})["Location"] == reverse(
        "virksomheder:portal:home"
    )
    assert client.get(reverse("virksomheder:portal:home")).status_code == 200
    client.logout()
    # Used once: the same link no longer works.
    again = client.post(reverse("virksomheder:portal:link"), {"sesame": token})
    assert again.status_code == 400
    assert "Linket er brugt eller udløbet" in again.content.decode()
    assert "Linket er brugt eller udløbet" in client.get(link).content.decode()


def test_a_link_works_for_15_minutes(client, contact, staff, monkeypatch):
    link = _invite(staff, contact)
    token = link.split("sesame=")[1]
    issued = tokens_v2.time.time()
    monkeypatch.setattr(tokens_v2, "time", SimpleNamespace(time=lambda: issued + 15 * 60 + 5))
    assert client.post(reverse("virksomheder:portal:link"), {"sesame": token}).status_code == 400
    monkeypatch.setattr(tokens_v2, "time", SimpleNamespace(time=lambda: issued + 14 * 60))
    assert client.post(reverse("virksomheder:portal:link"), {"sesame": token}).status_code == 302


def _without_tokens(response) -> str:
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode())


def test_asking_for_a_link_never_tells_whether_the_address_is_known(client, contact, staff):
    _invite(staff, contact)
    mail.outbox.clear()
    known = client.post(reverse("virksomheder:portal:login"), {"email": "KAREN@butik.dk"})
    unknown = client.post(reverse("virksomheder:portal:login"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert _without_tokens(known) == _without_tokens(unknown)
    assert [message.to for message in mail.outbox] == [["karen@butik.dk"]]


def test_a_deactivated_contact_is_signed_out_at_once(signed_in, contact, staff):
    assert signed_in.get(reverse("virksomheder:portal:home")).status_code == 200
    staff.post(reverse("virksomheder:portal:contact_deactivate", args=[contact.pk]))
    response = signed_in.get(reverse("virksomheder:portal:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_session_lasts_at_most_8_hours(clock, signed_in):  # noqa: F811
    """Active all day (a click every 20 minutes): signed out once 8 hours have passed since the sign-in."""
    home = reverse("virksomheder:portal:home")
    for _step in range(8 * 3):
        clock.advance(minutes=20)
        assert signed_in.get(home).status_code == 200
    clock.advance(minutes=1)
    response = signed_in.get(home)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _candidate(company, *, consent=True):
    youth = YouthFactory(first_name="Sofie", last_name="Særnavn", school_class="8.b")
    if consent:
        ConsentFactory(youth=youth)
    opening = JobOpeningFactory(company=company)
    return Match.objects.create(youth=youth, opening=opening, stage=MatchStage.SENT, sent_on=timezone.localdate())


def test_every_portal_url_with_another_companys_ids_answers_404(signed_in, contact):
    other = CompanyFactory()
    other_match = _candidate(other)
    other_opening = JobOpeningFactory(company=other)
    for name, args in [
        ("opening_update", [other_opening.pk]),
        ("candidate_detail", [other_match.pk]),
        ("candidate_interview", [other_match.pk]),
        ("candidate_hire", [other_match.pk]),
        ("candidate_not_hired", [other_match.pk]),
        ("candidate_cv", [other_match.pk]),
    ]:
        url = reverse(f"virksomheder:portal:{name}", args=args)
        assert signed_in.get(url).status_code in (404, 405), name
        assert signed_in.post(url, {}).status_code == 404, name
    assert Match.objects.get(pk=other_match.pk).stage == MatchStage.SENT


def test_no_staff_url_is_reachable_with_a_portal_session(client, make_user):
    client.force_login(make_user("kontakt2", roles.COMPANY_CONTACT))
    allowed = {name for name, entry in collect().items() if entry.expected[roles.COMPANY_CONTACT] in (200, 302, 404)}
    staff_pages = [n for n in allowed if not n.startswith("virksomheder:portal:")]
    # What a contact may open outside the portal: the start page, sign-in, their own account pages, public pages.
    assert all(
        n in {"home", "login", "logout", "sso_login", "sso_callback", "admin:index"}
        or n.startswith(("password_", "second_factor", "accessibility_statement", "session_"))
        or n == "rapporter:guide_public"
        # Public pages behind a link of their own: the families' sign-up and consent, a young
        # person's questionnaire, a staff member's iCal feed (404 without its secret).
        or n.startswith("familie:")
        or n in {"fritidsjob:progression_answer_link", "calendar_feed"}
        # The municipality's logo in the page header (404 until one is set up).
        or n == "municipality_logo"
        for n in staff_pages
    ), staff_pages


def test_the_candidate_shows_only_the_allowed_fields_and_is_logged_with_the_contacts_name(signed_in, contact):
    match = _candidate(contact.company)
    page = signed_in.get(reverse("virksomheder:portal:candidate_detail", args=[match.pk])).content.decode()
    assert "Sofie" in page
    assert "Særnavn" not in page and "8.b" not in page
    entry = trail_of(match.youth).filter(action=LogEntry.Action.ACCESS).first()
    assert entry.actor == contact.user
    assert entry.actor.get_full_name() == "Karen Butik"


def test_withdrawal_removes_the_candidate_the_same_day(signed_in, contact):
    match = _candidate(contact.company)
    assert "Sofie" in signed_in.get(reverse("virksomheder:portal:home")).content.decode()
    consent_withdraw(consent=Consent.objects.get(youth=match.youth), withdrawn_on=timezone.localdate())
    home = signed_in.get(reverse("virksomheder:portal:home")).content.decode()
    assert "Sofie" not in home and "Oplysninger ikke delt" in home
    detail = signed_in.get(reverse("virksomheder:portal:candidate_detail", args=[match.pk]))
    assert detail.status_code == 302
    assert Match.objects.filter(pk=match.pk).exists()


NIGHT = {"day_5_start": "15:00", "day_5_end": "21:00"}


def _opening_data(**extra):
    return {
        "title": "Opfylder",
        "kind": "fritidsjob",
        "start_date": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        "min_age": "14",
        "positions": "1",
        "hours_per_week": "4",
        **extra,
    }


def test_an_opening_is_checked_while_typing_and_waits_for_approval(signed_in, contact, staff):
    rules = signed_in.post(reverse("virksomheder:portal:rules_check"), _opening_data(**NIGHT)).content.decode()
    assert "13-14 år" in rules and "15-17 år" in rules
    assert "Arbejdsmiljøloven § 61, stk. 4" in rules
    refused = signed_in.post(reverse("virksomheder:portal:opening_create"), _opening_data(**NIGHT))
    assert refused.status_code == 200 and not JobOpening.objects.filter(company=contact.company).exists()
    fixed = signed_in.post(
        reverse("virksomheder:portal:opening_create"), _opening_data(day_5_start="15:00", day_5_end="19:00")
    )
    assert fixed.status_code == 302
    opening = JobOpening.objects.get(company=contact.company)
    assert opening.status == OpeningStatus.AWAITING_APPROVAL and opening.posted_by_contact == contact
    board = staff.get(reverse("virksomheder:opening_board")).content.decode()
    assert "Ny fra virksomheden" in board
    staff.post(reverse("virksomheder:portal:opening_approve", args=[opening.pk]))
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.OPEN and opening.approved_by.username == "konsulent"


def test_ansat_creates_the_placement_with_its_follow_ups(signed_in, contact):
    match = _candidate(contact.company)
    start = max(match.opening.start_date, timezone.localdate())
    response = signed_in.post(
        reverse("virksomheder:portal:candidate_hire", args=[match.pk]),
        {"start": start.isoformat(), "hours_per_week": "4", "day_1_start": "16:00", "day_1_end": "18:00"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    placement = Placement.objects.get(match=match)
    assert placement.created_by == contact.user
    assert set(placement.follow_ups.values_list("kind", flat=True)) == set(FollowUpKind.values)
    match.refresh_from_db()
    assert match.stage == MatchStage.HIRED


def test_ikke_ansat_takes_a_reason_from_the_list(signed_in, contact):
    match = _candidate(contact.company)
    url = reverse("virksomheder:portal:candidate_not_hired", args=[match.pk])
    assert signed_in.post(url, {"reason": "whatever"}).status_code == 200
    assert signed_in.post(url, {"reason": services.NotHiredReason.DECLINED}).status_code == 302
    match.refresh_from_db()
    assert match.stage == MatchStage.REJECTED and "sagde nej tak" in match.rejection_reason


def _add_rows(contact, count):
    for _number in range(count):
        _candidate(contact.company)
        JobOpeningFactory(company=contact.company)
    _candidate(contact.company, consent=False)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_portals_lists_take_the_same_queries_for_ten_times_the_rows(signed_in, contact):
    url = reverse("virksomheder:portal:home")
    _add_rows(contact, 1)
    few = _queries(signed_in, url)
    _add_rows(contact, 9)
    assert _queries(signed_in, url) == few


def test_the_home_pages_access_entries_name_the_contact(signed_in, contact):
    match = _candidate(contact.company)
    hidden = _candidate(contact.company, consent=False)
    signed_in.get(reverse("virksomheder:portal:home"))
    [entry] = trail_of(match.youth).filter(action=LogEntry.Action.ACCESS)
    assert entry.actor.get_full_name() == "Karen Butik"
    assert not trail_of(hidden.youth).filter(action=LogEntry.Action.ACCESS).exists()


def test_an_ended_placement_leaves_the_list_after_30_days(signed_in, contact):
    match = _candidate(contact.company)
    placement = company_services.placement_create(
        youth=match.youth,
        match=match,
        data={"start": timezone.localdate() - datetime.timedelta(days=90), "weekly_schedule": []},
        check_rules=False,
    )
    url = reverse("virksomheder:portal:home")
    ended = timezone.localdate() - datetime.timedelta(days=30)
    company_services.placement_update(placement=placement, data={"end": ended, "end_reason": "Stoppet"})
    assert "Sofie" in signed_in.get(url).content.decode()
    company_services.placement_update(placement=placement, data={"end": ended - datetime.timedelta(days=1)})
    assert "Sofie" not in signed_in.get(url).content.decode()


def test_the_cv_downloads_only_when_shared_and_with_consent_today(signed_in, contact):
    match = _candidate(contact.company)
    url = reverse("virksomheder:portal:candidate_cv", args=[match.pk])
    cv = CV.objects.create(youth=match.youth, profile="Glad for at bage.")
    assert signed_in.get(url).status_code == 404
    cv.share_in_company_portal = True
    cv.save()
    response = signed_in.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    consent_withdraw(consent=Consent.objects.get(youth=match.youth), withdrawn_on=timezone.localdate())
    assert signed_in.get(url).status_code == 302


def test_the_contact_menu_has_only_the_portal(signed_in):
    response = signed_in.get(reverse("home"))
    assert [item.entry.url_name for item in response.context["menu"]] == ["virksomheder:portal:home"]
