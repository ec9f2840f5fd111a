"""A real Celery beat and a real worker, through Redis, on the test database (PostgreSQL).

Beat runs with the schedule from the settings, sped up by environment
variables to a tick a second, so within seconds the rules run many times over.
Each reminder must be created exactly once and its e-mail must reach the
outbox (Django's file backend, EMAIL_URL=filemail://) exactly once. The
approach is tests/test_celery_worker.py's: processes with the ordinary
settings, told where pytest-django's test database is, on a queue of their own.
"""

import datetime
import email
import email.policy
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from foraeldre.models import Consent, ConsentKind, Parent
from fritidsjob.models import Heartbeat
from opgaver import services
from opgaver.models import Delivery, DeliveryStatus, Reminder, ReminderRule, Task

from .factories import JournalEntryFactory, UserFactory, YouthFactory
from .marks import COMMITTED_DB
from .test_celery_worker import (
    QUIET_WORKER_ARGS,
    ROOT,
    WORKER_ARGS,
    database_url_of_test_database,
    forget_queue,
    stop,
    worker_environment,
)

WAIT_SECONDS = 60
RULE_RUNS_TO_SEE = 4  # beat ticks the rules over and over; none may create anything twice
SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # between messages in Django's file e-mail backend


def read_outbox(directory: Path) -> list[email.message.EmailMessage]:
    messages = []
    for path in sorted(directory.glob("*.log")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages


def due_today():
    """Two cases with a reminder due today: one without a journal entry for 60 days, one whose consent was withdrawn."""
    today = timezone.localdate()
    staff = UserFactory(username="karen", first_name="Karen", email="karen@example.dk")
    parent = Parent.objects.create(first_name="Mor", last_name="Testesen")

    quiet = YouthFactory(
        first_name="Stille", registered_on=today - datetime.timedelta(days=60), responsible_staff=staff
    )
    withdrawn = YouthFactory(first_name="Trukket", registered_on=today, responsible_staff=staff)
    JournalEntryFactory(youth=withdrawn, date=today, author=staff)
    for youth in (quiet, withdrawn):
        parent.children.add(youth)
        for kind in (ConsentKind.PARTICIPATION, ConsentKind.PROCESSING):
            Consent.objects.create(
                youth=youth, kind=kind, given_by=parent, given_on=today - datetime.timedelta(days=60)
            )
    Consent.objects.filter(youth=withdrawn, kind=ConsentKind.PARTICIPATION).update(withdrawn_on=today)
    return quiet, withdrawn


def start(args: list[str], log_path: Path, env: dict) -> subprocess.Popen:
    with log_path.open("w") as log:
        return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


@pytest.mark.redis
@COMMITTED_DB
def test_beat_and_worker_create_each_reminder_once_and_email_it_once(tmp_path):
    broker_url = os.environ["REDIS_URL"]
    database_url = database_url_of_test_database()
    queue = f"test-{uuid.uuid4().hex}"
    outbox = tmp_path / "outbox"
    services.reminder_rules_sync(today=timezone.localdate())
    # The progression milestones (issue 18) would ask every new case at its start; tests/test_progression.py has them.
    ReminderRule.objects.filter(key__startswith="progression_").update(enabled=False)
    quiet, withdrawn = due_today()

    env = worker_environment(database_url, broker_url)
    env.update(
        # Beat and worker on a queue of their own, so parallel test runs don't meet.
        CELERY_TASK_DEFAULT_QUEUE=queue,
        CELERY_RESULT_BACKEND="cache+memory://",
        EMAIL_URL=f"filemail:///{outbox}",
        SMS_BACKEND="opgaver.sms.FileSmsBackend",
        SMS_FILE_PATH=str(tmp_path / "sms"),
        REMINDER_RULES_INTERVAL="1",
        DELIVERY_SWEEP_INTERVAL="1",
        BEAT_HEARTBEAT_INTERVAL="1",
    )
    worker_log, beat_log = tmp_path / "worker.log", tmp_path / "beat.log"
    worker = start([*WORKER_ARGS, *QUIET_WORKER_ARGS, "--queues", queue, "--hostname", f"{queue}@%h"], worker_log, env)
    beat = start(
        [
            "-m",
            "celery",
            "-A",
            "fritidsjob",
            "beat",
            "--loglevel=info",
            "--max-interval",
            "1",
            "--schedule",
            str(tmp_path / "beat-schedule"),
        ],
        beat_log,
        env,
    )

    def logs() -> str:
        return f"worker log:\n{worker_log.read_text()}\nbeat log:\n{beat_log.read_text()}"

    def rule_runs() -> int:
        return worker_log.read_text().count("Task opgaver.tasks.run_reminder_rules[") // 2  # received + succeeded

    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and worker.poll() is None and beat.poll() is None:
            sent = Delivery.objects.filter(status=DeliveryStatus.SENT).count()
            if sent >= 2 and rule_runs() >= RULE_RUNS_TO_SEE and Heartbeat.objects.filter(name="beat").exists():
                break
            time.sleep(0.25)
        assert worker.poll() is None, f"the worker exited ({worker.returncode}):\n{logs()}"
        assert beat.poll() is None, f"beat exited ({beat.returncode}):\n{logs()}"
        assert rule_runs() >= RULE_RUNS_TO_SEE, f"beat ran the rules {rule_runs()} times in {WAIT_SECONDS} s:\n{logs()}"
    finally:
        stop(beat)
        stop(worker)
        forget_queue(broker_url, queue, None)

    assert sorted(Reminder.objects.values_list("rule__key", "object_id", "due_date")) == sorted(
        [
            ("sag_uden_journal", quiet.pk, timezone.localdate()),
            ("samtykke_mangler", withdrawn.pk, timezone.localdate()),
        ]
    ), logs()
    assert sorted(Task.objects.values_list("title", "youth_id")) == [
        ("Ingen journalnotat i 60 dage", quiet.pk),
        ("Samtykke mangler", withdrawn.pk),
    ]
    assert list(Delivery.objects.values_list("status", "attempts")) == [(DeliveryStatus.SENT, 1)] * 2

    messages = read_outbox(outbox)
    assert sorted((m["To"], m["Subject"]) for m in messages) == [
        ("karen@example.dk", "Ny opgave i Fritidsjob: Ingen journalnotat i 60 dage"),
        ("karen@example.dk", "Ny opgave i Fritidsjob: Samtykke mangler"),
    ], logs()
    for message in messages:
        assert "Hej Karen" in message.get_body(preferencelist=("plain",)).get_content()
        assert "Hej Karen" in message.get_body(preferencelist=("html",)).get_content()

    # Beat ticked, and the worker's own timer reported in.
    assert set(Heartbeat.objects.values_list("name", flat=True)) >= {"beat", "worker"}
    assert "Scheduler: Sending due task reminder-rules (opgaver.tasks.run_reminder_rules)" in beat_log.read_text()
