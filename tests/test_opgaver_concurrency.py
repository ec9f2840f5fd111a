"""Exactly once with two workers at the same time, on PostgreSQL (each thread has its own connection).

SQLite serialises writers with a file lock, so these races only mean something
on the database production uses.
"""

import datetime
import threading
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction

from fritidsjob.models import Youth
from opgaver import registry, services
from opgaver.models import Delivery, DeliveryStatus, Reminder, ReminderRule, Task
from opgaver.registry import Due
from opgaver.reminders import CaseWithoutJournal

from .factories import UserFactory, YouthFactory
from .factories_opgaver import DeliveryFactory
from .marks import COMMITTED_DB

pytestmark = COMMITTED_DB

CPH = services.channels.COPENHAGEN
NOW = datetime.datetime(2024, 5, 6, 10, 0, tzinfo=CPH)
WAIT = 30


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip(f"races between connections need PostgreSQL, not {connection.vendor}")
    # The flush after an earlier transactional test may have recreated the content types with
    # new ids; the cache can still hold the old ones (auditlog needs them).
    ContentType.objects.clear_cache()


@pytest.fixture
def journal_rule(db):
    services.reminder_rules_sync(today=datetime.date(2020, 1, 1))
    ReminderRule.objects.update(active_since=datetime.date(2020, 1, 1))
    # Only the journal rule, so every case makes exactly one reminder.
    ReminderRule.objects.exclude(key=CaseWithoutJournal.key).update(enabled=False)
    return ReminderRule.objects.get(key=CaseWithoutJournal.key)


def stale_cases(count: int, staff) -> list[Youth]:
    """Cases registered 60 days before NOW with no journal: due today for the journal rule."""
    cases = YouthFactory.create_batch(count, responsible_staff=staff, registered_on=datetime.date(2024, 3, 7))
    Youth.objects.update(created_at=datetime.datetime(2024, 3, 7, 9, tzinfo=CPH))
    return cases


def in_parallel(*functions):
    """Run each function in its own thread, released together; return their results in order."""
    barrier = threading.Barrier(len(functions))
    results, errors = [None] * len(functions), []

    def run(index, function):
        try:
            barrier.wait(timeout=WAIT)
            results[index] = function()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT * 2)
    assert errors == []
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_two_workers_running_the_rules_at_once_create_and_send_each_reminder_once(journal_rule):
    staff = UserFactory(username="karen", email="karen@example.dk")
    cases = stale_cases(25, staff)
    mail.outbox = []

    # Each run commits its reminders one by one and sends their e-mails right after
    # the commit (Celery is eager here), so the rules and the sends race together.
    results = in_parallel(lambda: services.reminder_rules_run(now=NOW), lambda: services.reminder_rules_run(now=NOW))

    assert sum(result.created[CaseWithoutJournal.key] for result in results) == 25
    assert Reminder.objects.filter(rule=journal_rule).count() == 25
    assert sorted(Task.objects.values_list("youth_id", flat=True)) == sorted(youth.pk for youth in cases)
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 25
    assert len(mail.outbox) == 25


def test_two_workers_sending_the_same_messages_send_each_once(db):
    deliveries = DeliveryFactory.create_batch(30, send_after=NOW)
    ids = [delivery.pk for delivery in deliveries]
    mail.outbox = []

    def worker(order):
        return [services.delivery_send(delivery=Delivery(pk=pk, channel="email"), now=NOW) for pk in order]

    first, second = in_parallel(lambda: worker(ids), lambda: worker(list(reversed(ids))))

    outcomes = first + second
    assert outcomes.count(services.SendOutcome.SENT) == 30
    assert outcomes.count(services.SendOutcome.SKIPPED) == 30
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(d.to for d in deliveries)


class GatedMailServer(BaseEmailBackend):
    """A slow mail server: holds each message until the test lets it through."""

    inside = threading.Event()
    release = threading.Event()

    def send_messages(self, messages):
        type(self).inside.set()
        assert type(self).release.wait(timeout=WAIT)
        mail.outbox.extend(messages)
        return len(messages)


def test_a_message_being_sent_by_one_worker_is_not_sent_by_another(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.GatedMailServer"}}
    GatedMailServer.inside.clear()
    GatedMailServer.release.clear()
    delivery = DeliveryFactory(send_after=NOW)
    mail.outbox = []
    outcome = []

    first = threading.Thread(
        target=lambda: (outcome.append(services.delivery_send(delivery=delivery, now=NOW)), connection.close())
    )
    first.start()
    try:
        assert GatedMailServer.inside.wait(timeout=WAIT)
        # The first worker is talking to the mail server right now.
        assert services.delivery_send(delivery=delivery, now=NOW) is services.SendOutcome.SKIPPED
        assert Delivery.objects.get().status == DeliveryStatus.SENDING
    finally:
        GatedMailServer.release.set()
        first.join(timeout=WAIT)

    assert outcome == [services.SendOutcome.SENT]
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_the_second_insert_of_a_reminder_waits_for_the_first_and_then_creates_nothing(journal_rule):
    youth = stale_cases(1, UserFactory(username="karen"))[0]
    rule = registry.all_rules()[CaseWithoutJournal.key]
    due = Due(record=youth, due_date=NOW.date(), youth=youth, context={"since": datetime.date(2024, 3, 7)})
    inserted, commit = threading.Event(), threading.Event()
    second_pid = []

    def first():
        with transaction.atomic():
            reminder = services.reminder_create_once(row=journal_rule, rule=rule, due=due, now=NOW)
            inserted.set()
            assert commit.wait(timeout=WAIT)  # holds its uncommitted row while the second tries
        return reminder

    def second():
        assert inserted.wait(timeout=WAIT)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            second_pid.append(cursor.fetchone()[0])
        return services.reminder_create_once(row=journal_rule, rule=rule, due=due, now=NOW)

    results = [None, None]

    def run(index, function):
        try:
            results[index] = function()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(0, first)), threading.Thread(target=run, args=(1, second))]
    for thread in threads:
        thread.start()
    try:
        # Wait until PostgreSQL reports the second connection blocked on the first's row.
        deadline = time.monotonic() + WAIT
        blocked = False
        while time.monotonic() < deadline and not blocked:
            if second_pid:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [second_pid[0]])
                    row = cursor.fetchone()
                    blocked = row is not None and row[0] == "Lock"
            if not blocked:
                time.sleep(0.02)
        assert blocked, "the second insert never waited for the first"
    finally:
        commit.set()
        for thread in threads:
            thread.join(timeout=WAIT)

    assert isinstance(results[0], Reminder)
    assert results[1] is None
    assert Reminder.objects.count() == 1
    assert Task.objects.count() == 1
