"""The employer answers the one- and six-month follow-ups through the e-mail's link (issue 16, item 4)."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.core import mail

from core.audit import trail_of
from fritidsjob import roles
from opgaver import services as task_services
from opgaver.models import Delivery, RecipientKind, Task, TaskStatus
from tests.factories import YouthFactory
from tests.factories_foraeldre import ConsentFactory
from tests.factories_virksomheder import ContactPersonFactory
from tests.factories_virksomheder import make_placement as make_history
from tests.reminder_rules import at, rules_active_since_long_ago
from virksomheder.models import FollowUp, FollowUpKind, Placement
from virksomheder.portal import services

pytestmark = pytest.mark.django_db
D = datetime.date
LINK = re.compile(r"https?://[^/\s]+(/virksomheder/portal/opfoelgning/[^/\s]+/)")


@pytest.fixture
def rules(db):
    rules_active_since_long_ago()


@pytest.fixture
def contact(make_user):
    user = make_user("karen-butik", roles.COMPANY_CONTACT, first_name="Karen Butik", email="karen@butik.dk")
    return ContactPersonFactory(name="Karen Butik", email="karen@butik.dk", user=user)


START = D(2024, 1, 15)


def hired(contact, *, start=START, known_since=None):
    youth = YouthFactory(first_name="Sofie")
    ConsentFactory(youth=youth, given_on=start - datetime.timedelta(days=30))
    placement = make_history(youth=youth, company=contact.company, start=start)
    Placement.objects.filter(pk=placement.pk).update(created_by=contact.user)  # hired in the portal
    FollowUp.objects.filter(placement=placement).update(created_at=at(known_since or start, 9))
    return placement


def run(day, capture):
    with capture(execute=True):
        result = task_services.reminder_rules_run(now=at(day))
    assert result.errors == {}


def employer_mails():
    return Delivery.objects.filter(recipient_kind=RecipientKind.COMPANY).order_by("pk")


def test_the_mail_goes_out_exactly_once_on_the_day_even_with_a_duplicate_beat_tick(
    rules, contact, django_capture_on_commit_callbacks
):
    placement = hired(contact)
    run(D(2024, 2, 14), django_capture_on_commit_callbacks)
    assert employer_mails().count() == 0
    for _tick in range(2):
        run(D(2024, 2, 15), django_capture_on_commit_callbacks)
    run(D(2024, 2, 16), django_capture_on_commit_callbacks)
    delivery = employer_mails().get()
    assert delivery.to == "karen@butik.dk"
    assert "Sofie" not in delivery.body_text + delivery.subject + delivery.body_html
    assert [m.to for m in mail.outbox if m.to == ["karen@butik.dk"]] == [["karen@butik.dk"]]
    for _tick in range(2):
        run(D(2024, 7, 15), django_capture_on_commit_callbacks)
    assert employer_mails().count() == 2
    assert FollowUp.objects.filter(placement=placement).count() == 2


def test_imported_history_is_never_mailed(rules, contact, django_capture_on_commit_callbacks):
    hired(contact, start=D(2023, 1, 15), known_since=D(2024, 3, 1))
    run(D(2024, 3, 1), django_capture_on_commit_callbacks)
    assert employer_mails().count() == 0


def _answer_link(contact, placement, kind):
    follow_up = placement.follow_ups.get(kind=kind)
    return LINK.search(services.follow_up_link(follow_up=follow_up, contact=contact)).group(1), follow_up


def test_still_employed_at_six_months_is_confirmed_by_the_employer_and_closes_the_task(
    client, rules, contact, django_capture_on_commit_callbacks
):
    placement = hired(contact)
    run(D(2024, 7, 15), django_capture_on_commit_callbacks)
    url, follow_up = _answer_link(contact, placement, FollowUpKind.SIX_MONTHS)
    assert Task.objects.filter(object_id=follow_up.pk, status=TaskStatus.OPEN).exists()
    page = client.get(url)
    assert page.status_code == 200 and "Sofie" in page.content.decode()
    entry = trail_of(placement.youth).filter(action=LogEntry.Action.ACCESS).first()
    assert entry.actor == contact.user and entry.actor.get_full_name() == "Karen Butik"
    assert client.post(url, {"still_employed": "ja", "how": "godt", "comment": "Fin"}).status_code == 200
    follow_up.refresh_from_db()
    assert (follow_up.job_kept, follow_up.confirmed_by_contact, follow_up.completed_by) == (True, contact, contact.user)
    assert not Task.objects.filter(object_id=follow_up.pk, status=TaskStatus.OPEN).exists()
    # Answered once: the link says so and changes nothing.
    assert "allerede besvaret" in client.get(url).content.decode()
    assert Placement.objects.retained_six_months(D(2024, 7, 16)).filter(pk=placement.pk).exists()


def test_no_longer_employed_asks_for_the_last_day_and_ends_the_placement(client, contact):
    placement = hired(contact)
    url, follow_up = _answer_link(contact, placement, FollowUpKind.ONE_MONTH)
    refused = client.post(url, {"still_employed": "nej"})
    assert refused.status_code == 200 and "Skriv den sidste arbejdsdag" in refused.content.decode()
    client.post(url, {"still_employed": "nej", "last_day": "2024-02-01"})
    placement.refresh_from_db()
    follow_up.refresh_from_db()
    assert placement.end == D(2024, 2, 1) and follow_up.is_done and follow_up.confirmed_by_contact == contact


def test_a_forged_link_or_a_deactivated_contact_is_404(client, contact):
    placement = hired(contact)
    url, _follow_up = _answer_link(contact, placement, FollowUpKind.ONE_MONTH)
    assert client.get(url[:-3] + "xx/").status_code == 404
    services.contact_deactivate(contact=contact)
    assert client.get(url).status_code == 404
