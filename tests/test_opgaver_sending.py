"""Sending reminders: e-mail and SMS, quiet hours, exactly once, retries with backoff, failures staff can see.

The mail server and the SMS gateway are outside the system, so the tests put
scripted stand-ins in their place; everything of ours runs for real on a
controlled clock.
"""

import datetime
import io
import json
import os
import smtplib
import subprocess
import sys
from pathlib import Path

import pytest
from celery.exceptions import Retry
from celery.utils.time import get_exponential_backoff_interval
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from fritidsjob.models import Youth
from opgaver import channels, registry, selectors, services, sms
from opgaver.models import Channel, Delivery, DeliveryStatus, RecipientKind, ReminderRule, Task
from opgaver.registry import Due, MessagePlan, Plan, Rule, TaskPlan
from opgaver.tasks import send_delivery, send_due_deliveries

from .factories import UserFactory, YouthFactory
from .factories_opgaver import DeliveryFactory

ROOT = Path(__file__).resolve().parent.parent
CPH = channels.COPENHAGEN
UTC = datetime.UTC
DAY = datetime.date(2024, 5, 6)  # a Monday


def cph(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=CPH)


# --- stand-ins for the mail server and the SMS gateway ---------------------------------------


class ScriptedMailServer(BaseEmailBackend):
    """Answers each send with the next item of `script`: an exception to raise, or None to accept."""

    script: list = []

    def send_messages(self, messages):
        answer = self.script.pop(0) if self.script else None
        if answer is not None:
            raise answer
        mail.outbox.extend(messages)
        return len(messages)


class ScriptedSmsGateway(sms.BaseSmsBackend):
    script: list = []
    sent: list = []

    def send(self, *, to, body, reference=""):
        answer = self.script.pop(0) if self.script else None
        if answer is not None:
            raise answer
        self.sent.append((to, body))
        return f"gw-{len(self.sent)}"


@pytest.fixture
def mail_server(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.ScriptedMailServer"}}
    ScriptedMailServer.script = []
    mail.outbox = []
    return ScriptedMailServer


@pytest.fixture
def sms_gateway(settings):
    settings.SMS_BACKEND = f"{__name__}.ScriptedSmsGateway"
    ScriptedSmsGateway.script, ScriptedSmsGateway.sent = [], []
    return ScriptedSmsGateway


# --- a rule that sends messages (phase 2's course-session reminder will look like this) --------


class TextTheYouth(Rule):
    key = "test_besked_til_ung"
    name = "Test: besked til den unge"
    max_days_late = 0

    def due(self, window):
        for youth in Youth.objects.filter(last_name="Beskedsen").select_related("responsible_staff"):
            yield Due(record=youth, due_date=window.today, youth=youth, known_since=datetime.date(2020, 1, 1))

    def plan(self, due):
        text = "Hej! Husk Talentværkstedet i morgen kl. 15. Hilsen Fritidsjob"
        return Plan(
            task=TaskPlan(title="Ring, hvis den unge ikke kommer", assignee=due.youth.responsible_staff, notify=False),
            messages=[
                MessagePlan(Channel.SMS, due.youth.phone, RecipientKind.YOUTH, "message", {"text": text}),
                MessagePlan(
                    Channel.EMAIL,
                    due.youth.email,
                    RecipientKind.YOUTH,
                    "message",
                    {"subject": "Talentværkstedet", "text": text},
                ),
            ],
        )


@pytest.fixture
def message_rule(db, monkeypatch):
    monkeypatch.setitem(registry._rules, TextTheYouth.key, TextTheYouth())
    services.reminder_rules_sync(today=datetime.date(2020, 1, 1))
    ReminderRule.objects.update(active_since=datetime.date(2020, 1, 1))


@pytest.fixture
def staff(db):
    return UserFactory(username="karen", first_name="Karen", email="karen@example.dk")


@pytest.fixture
def youth(staff):
    return YouthFactory(last_name="Beskedsen", phone="20304050", email="ung@example.dk", responsible_staff=staff)


def sms_delivery() -> Delivery:
    return Delivery.objects.get(channel=Channel.SMS)


# --- quiet hours -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (cph(2024, 5, 6, 19, 59), cph(2024, 5, 6, 19, 59)),  # the last minute it may go
        (cph(2024, 5, 6, 20, 0), cph(2024, 5, 7, 8, 0)),  # the first quiet minute
        (cph(2024, 5, 6, 23, 59), cph(2024, 5, 7, 8, 0)),
        (cph(2024, 5, 7, 0, 0), cph(2024, 5, 7, 8, 0)),
        (cph(2024, 5, 7, 7, 59), cph(2024, 5, 7, 8, 0)),  # the last quiet minute
        (cph(2024, 5, 7, 8, 0), cph(2024, 5, 7, 8, 0)),  # the first minute it may go
        (datetime.datetime(2024, 5, 6, 18, 0, tzinfo=UTC), cph(2024, 5, 7, 8, 0)),  # 20:00 summer time
        (cph(2025, 3, 29, 21, 0), cph(2025, 3, 30, 8, 0)),  # the night summer time starts
        (cph(2024, 12, 24, 19, 59, 59), cph(2024, 12, 24, 19, 59, 59)),
    ],
)
def test_no_sms_between_20_and_8_copenhagen_time(moment, allowed):
    assert channels.sms_send_time(moment) == allowed
    assert channels.earliest_send_time(Channel.EMAIL, moment) == moment


def test_sms_made_at_1959_goes_at_once(message_rule, youth, sms_gateway):
    services.reminder_rules_run(now=cph(2024, 5, 6, 19, 59))
    delivery = sms_delivery()

    assert delivery.send_after == cph(2024, 5, 6, 19, 59)
    assert services.delivery_send(delivery=delivery, now=cph(2024, 5, 6, 19, 59, 30)) is services.SendOutcome.SENT
    assert sms_gateway.sent == [("20304050", "Hej! Husk Talentværkstedet i morgen kl. 15. Hilsen Fritidsjob")]


def test_sms_made_at_2000_is_held_until_0800(message_rule, youth, sms_gateway):
    services.reminder_rules_run(now=cph(2024, 5, 6, 20, 0))
    delivery = sms_delivery()
    assert delivery.send_after == cph(2024, 5, 7, 8, 0)

    # Asked to send in the night anyway (a stray task): it holds.
    assert services.delivery_send(delivery=delivery, now=cph(2024, 5, 6, 23, 0)) is services.SendOutcome.HELD
    assert services.deliveries_due(now=cph(2024, 5, 7, 7, 59)) == [Delivery.objects.get(channel=Channel.EMAIL).pk]
    assert sms_gateway.sent == []

    email = Delivery.objects.get(channel=Channel.EMAIL)
    assert services.deliveries_due(now=cph(2024, 5, 7, 8, 0)) == [email.pk, delivery.pk]  # by time
    assert services.delivery_send(delivery=delivery, now=cph(2024, 5, 7, 8, 0)) is services.SendOutcome.SENT
    assert len(sms_gateway.sent) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.sent_at, delivery.attempts) == (DeliveryStatus.SENT, cph(2024, 5, 7, 8, 0), 1)


def test_an_sms_retry_that_would_fall_in_the_evening_waits_for_the_morning(message_rule, youth, sms_gateway):
    services.reminder_rules_run(now=cph(2024, 5, 6, 19, 59))
    sms_gateway.script = [sms.SmsTemporaryError("gateway busy")]

    outcome = services.delivery_send(delivery=sms_delivery(), now=cph(2024, 5, 6, 19, 59, 30))

    assert outcome is services.SendOutcome.RETRY
    assert sms_delivery().send_after == cph(2024, 5, 7, 8, 0)


def test_email_to_the_youth_is_not_held_at_night(message_rule, youth, mail_server):
    services.reminder_rules_run(now=cph(2024, 5, 6, 23, 30))
    email = Delivery.objects.get(channel=Channel.EMAIL)

    assert services.delivery_send(delivery=email, now=cph(2024, 5, 6, 23, 30)) is services.SendOutcome.SENT
    assert [(m.to, m.subject) for m in mail.outbox] == [(["ung@example.dk"], "Talentværkstedet")]
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"


# --- exactly once ----------------------------------------------------------------------------


def test_duplicate_beat_tick_creates_and_sends_each_reminder_once(
    message_rule, youth, mail_server, sms_gateway, django_capture_on_commit_callbacks, monkeypatch
):
    now = cph(2024, 5, 6, 10, 0)
    # The tasks queued on commit read the clock themselves: they must see the
    # same Monday morning, not the wall clock (at night they would hold the SMS).
    monkeypatch.setattr(timezone, "now", lambda: now)
    for _tick in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.reminder_rules_run(now=now)
        for delivery_id in services.deliveries_due(now=now):
            services.delivery_send(delivery=Delivery.objects.get(pk=delivery_id), now=now)

    assert Task.objects.filter(reminder__rule__key=TextTheYouth.key).count() == 1
    assert Delivery.objects.filter(reminder__rule__key=TextTheYouth.key).count() == 2
    assert [m.to for m in mail.outbox] == [["ung@example.dk"]]
    assert len(sms_gateway.sent) == 1
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_message_is_claimed_once(staff, mail_server):
    delivery = DeliveryFactory(to="karen@example.dk", send_after=cph(2024, 5, 6, 9, 0))
    now = cph(2024, 5, 6, 10, 0)

    outcomes = [services.delivery_send(delivery=delivery, now=now) for _ in range(3)]
    send_due_deliveries.delay()

    assert outcomes == [services.SendOutcome.SENT, services.SendOutcome.SKIPPED, services.SendOutcome.SKIPPED]
    assert len(mail.outbox) == 1


def test_a_reminder_made_twice_is_refused_by_the_constraint(message_rule, youth):
    row = ReminderRule.objects.get(key=TextTheYouth.key)
    rule = registry.all_rules()[TextTheYouth.key]
    due = Due(record=youth, due_date=DAY, youth=youth, known_since=DAY)
    now = cph(2024, 5, 6, 10, 0)

    first = services.reminder_create_once(row=row, rule=rule, due=due, now=now)
    second = services.reminder_create_once(row=row, rule=rule, due=due, now=now)

    assert first is not None and second is None
    assert (Task.objects.count(), Delivery.objects.count()) == (1, 2)


def test_a_message_cut_off_midway_is_never_sent_again_but_shown_as_failed(staff, mail_server):
    delivery = DeliveryFactory(
        responsible=staff,
        status=DeliveryStatus.SENDING,
        attempts=1,
        claimed_at=cph(2024, 5, 6, 10, 0),
        send_after=cph(2024, 5, 6, 10, 0),
    )

    assert services.deliveries_due(now=cph(2024, 5, 6, 10, 14)) == []
    assert Delivery.objects.get().status == DeliveryStatus.SENDING
    assert services.deliveries_due(now=cph(2024, 5, 6, 10, 16)) == []

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "uvist, om beskeden nåede frem" in delivery.last_error
    assert list(selectors.failed_deliveries_for(user=staff)) == [delivery]
    assert services.delivery_send(delivery=delivery, now=cph(2024, 5, 6, 11, 0)) is services.SendOutcome.SKIPPED
    assert mail.outbox == []


# --- retries and failures --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), True),
        (smtplib.SMTPConnectError(421, b"Service not available"), True),
        (smtplib.SMTPSenderRefused(451, b"Try again later", "fritidsjob@localhost"), True),
        (smtplib.SMTPRecipientsRefused({"x@example.dk": (450, b"Mailbox busy")}), True),
        (smtplib.SMTPRecipientsRefused({"x@example.dk": (550, b"No such user")}), False),
        (smtplib.SMTPDataError(554, b"Rejected"), False),
        (smtplib.SMTPAuthenticationError(535, b"Bad credentials"), False),
        (ConnectionRefusedError(111, "Connection refused"), True),
        (TimeoutError("timed out"), True),
        (sms.SmsTemporaryError("gateway down"), True),
        (sms.SmsUncertainError("no answer after the request went out"), False),  # could send it twice
        (sms.SmsError("invalid number"), False),
        (ValueError("bad header"), False),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_only_errors_that_may_pass_are_retried(error, transient):
    assert channels.is_transient(error) is transient


def test_transient_failures_back_off_exponentially_then_fail_visibly(staff, mail_server, client):
    mail_server.script = [smtplib.SMTPServerDisconnected("Connection unexpectedly closed")] * 6
    delivery = DeliveryFactory(responsible=staff, to="karen@example.dk", send_after=cph(2024, 5, 6, 10, 0))
    now, waits, outcomes = cph(2024, 5, 6, 10, 0), [], []

    while True:
        outcome = services.delivery_send(delivery=delivery, now=now)
        outcomes.append(outcome)
        if outcome is not services.SendOutcome.RETRY:
            break
        delivery.refresh_from_db()
        wait = delivery.send_after - now
        waits.append(int(wait.total_seconds()))
        # Not a moment before its time.
        assert services.delivery_send(delivery=delivery, now=now + wait - datetime.timedelta(seconds=1)) is (
            services.SendOutcome.SKIPPED
        )
        now += wait

    assert waits == [60, 120, 240, 480, 960]
    # The same waits Celery's autoretry uses for the task's retries (retry_backoff, no jitter).
    assert waits == [
        get_exponential_backoff_interval(send_delivery.retry_backoff, retries, send_delivery.retry_backoff_max)
        for retries in range(send_delivery.max_retries)
    ]
    assert outcomes[-1] is services.SendOutcome.FAILED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.sent_at) == (DeliveryStatus.FAILED, 6, None)
    assert delivery.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert mail.outbox == []
    assert list(selectors.failed_deliveries_for(user=staff)) == [delivery]
    assert services.deliveries_due(now=now + datetime.timedelta(days=1)) == []


def test_a_transient_failure_then_success_sends_once(staff, mail_server):
    mail_server.script = [ConnectionRefusedError(111, "Connection refused"), TimeoutError("timed out"), None]
    delivery = DeliveryFactory(to="karen@example.dk", send_after=cph(2024, 5, 6, 10, 0))

    outcomes = [
        services.delivery_send(delivery=delivery, now=moment)
        for moment in (cph(2024, 5, 6, 10, 0), cph(2024, 5, 6, 10, 1), cph(2024, 5, 6, 10, 3))
    ]

    assert outcomes == [services.SendOutcome.RETRY, services.SendOutcome.RETRY, services.SendOutcome.SENT]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.SENT, 3, "")
    assert len(mail.outbox) == 1


def test_a_permanent_failure_is_not_retried(staff, mail_server):
    mail_server.script = [smtplib.SMTPRecipientsRefused({"karen@example.dk": (550, b"No such user")})]
    delivery = DeliveryFactory(responsible=staff, to="karen@example.dk", send_after=cph(2024, 5, 6, 10, 0))

    assert services.delivery_send(delivery=delivery, now=cph(2024, 5, 6, 10, 0)) is services.SendOutcome.FAILED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert "No such user" in delivery.last_error


def test_the_send_task_retries_transient_errors_only_and_acknowledges_late():
    assert send_delivery.autoretry_for == (channels.TransientSendError,)
    assert send_delivery.acks_late is True
    assert (send_delivery.max_retries, send_delivery.retry_backoff, send_delivery.retry_jitter) == (5, 60, False)


def test_the_send_task_records_a_transient_failure_and_asks_celery_to_retry(staff, mail_server):
    mail_server.script = [smtplib.SMTPServerDisconnected("Connection unexpectedly closed")]
    delivery = DeliveryFactory(responsible=staff, to="karen@example.dk")

    # Eager in tests, so the retry Celery schedules comes back to the caller.
    with pytest.raises(Retry, match=r"Retry in 60s: TransientSendError\('SMTPServerDisconnected"):
        send_delivery.delay(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    assert delivery.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert mail.outbox == []


def test_the_send_task_ignores_a_delivery_that_is_gone(db):
    assert send_delivery.delay(delivery_id=987654).get() == "gone"


def test_staff_can_send_a_failed_message_again(staff, mail_server, django_capture_on_commit_callbacks):
    delivery = DeliveryFactory(responsible=staff, status=DeliveryStatus.FAILED, attempts=6, last_error="nede")

    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_retry(delivery=delivery, now=cph(2024, 5, 6, 10, 0))

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    assert len(mail.outbox) == 1
    with pytest.raises(services.ValidationError, match="Kun en mislykket udsendelse"):
        services.delivery_retry(delivery=delivery, now=cph(2024, 5, 6, 10, 5))


# --- SMS backends ----------------------------------------------------------------------------


def test_file_sms_backend_writes_one_json_line_per_message(tmp_path):
    backend = sms.FileSmsBackend(file_path=str(tmp_path))

    first = backend.send(to="20304050", body="Hej Ida")
    backend.send(to="+4521222324", body="Vi ses i morgen")

    messages = backend.messages()
    assert [(m["to"], m["body"]) for m in messages] == [("20304050", "Hej Ida"), ("+4521222324", "Vi ses i morgen")]
    assert messages[0]["id"] == first
    assert json.loads((tmp_path / "sms.jsonl").read_text().splitlines()[1])["body"] == "Vi ses i morgen"


def test_console_sms_backend_prints_the_message():
    stream = io.StringIO()
    sms.ConsoleSmsBackend(stream=stream).send(to="20304050", body="Hej Ida")
    assert "SMS til 20304050" in stream.getvalue() and "Hej Ida" in stream.getvalue()


def test_without_a_provider_an_sms_fails_visibly_instead_of_pretending(settings, staff):
    settings.SMS_BACKEND = "opgaver.sms.DisabledSmsBackend"
    delivery = DeliveryFactory(channel=Channel.SMS, to="20304050", responsible=staff, send_after=cph(2024, 5, 6, 10))

    assert sms.sms_enabled() is False
    assert services.delivery_send(delivery=delivery, now=cph(2024, 5, 6, 10, 0)) is services.SendOutcome.FAILED
    delivery.refresh_from_db()
    assert delivery.last_error == (
        "SmsError: Der er ikke sat en SMS-udbyder op (SMS_BACKEND), så SMS'en kan ikke sendes."
    )


def test_sms_backend_follows_the_setting(settings, tmp_path, staff):
    settings.SMS_BACKEND = "opgaver.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = str(tmp_path)
    delivery = DeliveryFactory(channel=Channel.SMS, to="20304050", body_text="Hej", send_after=cph(2024, 5, 6, 10))

    assert services.delivery_send(delivery=delivery, now=cph(2024, 5, 6, 10, 0)) is services.SendOutcome.SENT
    assert [(m["to"], m["body"]) for m in sms.FileSmsBackend().messages()] == [("20304050", "Hej")]


def test_email_url_filemail_writes_messages_to_a_directory(tmp_path):
    """EMAIL_URL=filemail:////path (as the worker in the integration test uses it) configures Django's file backend."""
    code = "import django; django.setup(); from django.conf import settings; print(settings.MAILERS['default'])"
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "EMAIL_URL")}
    env.update(DJANGO_SETTINGS_MODULE="fritidsjob.settings", DJANGO_DEBUG="true", EMAIL_URL=f"filemail:///{tmp_path}")

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(
        {"BACKEND": "django.core.mail.backends.filebased.EmailBackend", "OPTIONS": {"file_path": str(tmp_path)}}
    )
