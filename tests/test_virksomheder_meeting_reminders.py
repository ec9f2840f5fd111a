"""The day before a network meeting, the contacts signed up in the portal get an e-mail (issue 16's leftover),
through the reminder machinery on a controlled clock: exactly once, never about a held meeting, retried."""

import datetime
import smtplib

import pytest
from django.core import mail

from opgaver import services as task_services
from opgaver.models import Delivery, DeliveryStatus, RecipientKind, Reminder, ReminderRule
from tests.factories import UserFactory
from tests.factories_virksomheder import CompanyFactory, ContactPersonFactory
from tests.reminder_rules import at, rules_active_since_long_ago
from tests.test_opgaver_sending import mail_server  # noqa: F401  (the scripted mail server)
from virksomheder.models import NetworkMeeting, NetworkMeetingSignup
from virksomheder.portal import services as portal_services

pytestmark = pytest.mark.django_db
D = datetime.date
MEETING_DAY = D(2026, 3, 12)  # a Thursday
EVE = MEETING_DAY - datetime.timedelta(days=1)
KEY = "netvaerksmoede_i_morgen"
SIGNED_UP = D(2026, 3, 1)


@pytest.fixture
def rules(db):
    rules_active_since_long_ago()
    ReminderRule.objects.filter(key__startswith="progression_").update(enabled=False)


@pytest.fixture
def organiser(db):
    return UserFactory(username="kim", first_name="Kim", email="kim@example.dk")


@pytest.fixture
def meeting(organiser):
    return NetworkMeeting.objects.create(
        date=MEETING_DAY, title="Sommerjob i detailhandlen", place="Jobcentret, mødelokale 2", organiser=organiser
    )


def contact(name: str, email: str, *, active=True):
    user = UserFactory(username=email.split("@")[0], first_name=name, email=email, is_active=active)
    return ContactPersonFactory(company=CompanyFactory(), name=name, email=email, user=user)


def sign_up(meeting, person, *, on=SIGNED_UP) -> NetworkMeetingSignup:
    signup = NetworkMeetingSignup.objects.create(meeting=meeting, contact=person)
    NetworkMeetingSignup.objects.filter(pk=signup.pk).update(created_at=at(on, 9))
    return signup


def run(day, capture, hour=10):
    with capture(execute=True):
        result = task_services.reminder_rules_run(now=at(day, hour))
    assert result.errors == {}


def reminders():
    return list(Delivery.objects.filter(reminder__rule__key=KEY).order_by("to").values_list("to", flat=True))


def test_the_signed_up_contact_gets_one_email_the_day_before(rules, meeting, django_capture_on_commit_callbacks):
    karen = contact("Karen Butik", "karen@butik.dk")
    contact("Bo Lager", "bo@lager.dk")  # not signed up
    sign_up(meeting, karen)

    run(EVE - datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert reminders() == []  # two days before: nothing yet
    for _tick in range(2):  # a duplicate beat tick
        run(EVE, django_capture_on_commit_callbacks)
    run(EVE, django_capture_on_commit_callbacks, hour=23)
    run(MEETING_DAY, django_capture_on_commit_callbacks)
    assert reminders() == ["karen@butik.dk"]

    delivery = Delivery.objects.get(reminder__rule__key=KEY)
    assert delivery.recipient_kind == RecipientKind.COMPANY and delivery.status == DeliveryStatus.SENT
    assert delivery.subject == "I morgen: Sommerjob i detailhandlen"
    assert "Hej Karen Butik" in delivery.body_text
    assert "torsdag 12. marts 2026" in delivery.body_text
    assert "Jobcentret, mødelokale 2" in delivery.body_text and "Jobcentret, mødelokale 2" in delivery.body_html
    assert portal_services.portal_login_url() in delivery.body_text
    assert delivery.responsible.username == "kim"  # told if it fails for good
    assert [message.to for message in mail.outbox] == [["karen@butik.dk"]]


def test_only_contacts_still_signed_up_with_portal_access_and_an_address(
    rules, meeting, django_capture_on_commit_callbacks
):
    sign_up(meeting, contact("Karen Butik", "karen@butik.dk"))
    sign_up(meeting, contact("Ole Ophørt", "ole@ophoert.dk", active=False))  # deactivated in the portal
    cancelled = sign_up(meeting, contact("Aase Afmeldt", "aase@afmeldt.dk"))
    cancelled.delete()
    no_address = contact("Nis Uden", "nis@uden.dk")
    sign_up(meeting, no_address)
    type(no_address).objects.filter(pk=no_address.pk).update(email="")
    other = NetworkMeeting.objects.create(date=MEETING_DAY + datetime.timedelta(days=7), title="Et andet møde")
    sign_up(other, contact("Lis Senere", "lis@senere.dk"))

    run(EVE, django_capture_on_commit_callbacks)
    assert reminders() == ["karen@butik.dk"]


def test_never_about_a_meeting_already_held_nor_for_a_signup_made_later(
    rules, meeting, django_capture_on_commit_callbacks
):
    karen = contact("Karen Butik", "karen@butik.dk")
    sign_up(meeting, karen)
    # The beat was down the day before: on the day, and after, it is too late.
    run(MEETING_DAY, django_capture_on_commit_callbacks)
    run(MEETING_DAY + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert reminders() == []
    # A sign-up that came into the system after the day before (history) is never reminded about.
    later = NetworkMeeting.objects.create(date=D(2026, 4, 2), title="Forårsmøde")
    sign_up(later, karen, on=D(2026, 4, 2))
    run(D(2026, 4, 1), django_capture_on_commit_callbacks)
    assert reminders() == []
    assert not Reminder.objects.filter(rule__key=KEY).exists()


def test_a_moved_meeting_reminds_for_its_new_day(rules, meeting, django_capture_on_commit_callbacks):
    sign_up(meeting, contact("Karen Butik", "karen@butik.dk"))
    run(EVE, django_capture_on_commit_callbacks)
    NetworkMeeting.objects.filter(pk=meeting.pk).update(date=D(2026, 3, 19))
    run(D(2026, 3, 18), django_capture_on_commit_callbacks)
    run(D(2026, 3, 18), django_capture_on_commit_callbacks)
    assert reminders() == ["karen@butik.dk", "karen@butik.dk"]


def test_a_failed_send_is_retried_and_sent_once(rules, meeting, mail_server):  # noqa: F811
    sign_up(meeting, contact("Karen Butik", "karen@butik.dk"))
    task_services.reminder_rules_run(now=at(EVE))  # the sending is the worker's, below
    delivery = Delivery.objects.get(reminder__rule__key=KEY)
    mail_server.script = [smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), None]

    first = task_services.delivery_send(delivery=delivery, now=at(EVE))
    second = task_services.delivery_send(delivery=delivery, now=at(EVE) + datetime.timedelta(minutes=1))

    assert (first, second) == (task_services.SendOutcome.RETRY, task_services.SendOutcome.SENT)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert [message.to for message in mail.outbox] == [["karen@butik.dk"]]
