"""The embedded broker: kombu's SQLAlchemy transport on a SQLite file when no Redis is set.

Which broker the settings choose is read in fresh processes (the settings are evaluated
once per process). Publishing goes to a real SQLite file in a temporary folder, with the
Celery app switched from the tests' eager mode to the broker for the test.
"""

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from celery import beat
from celery.signals import beat_init
from django.urls import reverse
from django.utils import timezone

from core.tasks import QUEUE_ERROR_PREFIX, enqueue_or_fail
from fritidsjob import roles
from fritidsjob.celery import app
from fritidsjob.models import Heartbeat
from fritidsjob.settings import broker_transport_options
from fritidsjob.tasks import record_heartbeat
from opgaver.models import Reminder

ROOT = Path(__file__).resolve().parent.parent

SHOW_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({"
    "'url': s.CELERY_BROKER_URL, 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'options': s.CELERY_BROKER_TRANSPORT_OPTIONS,"
    "'results': s.CELERY_RESULT_BACKEND, 'schedule': s.CELERY_BEAT_SCHEDULE_FILENAME}))"
)


def settings_in_a_process(tmp_path, settings_module="fritidsjob.settings", **env) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "PYTEST_")) and key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(DJANGO_SETTINGS_MODULE=settings_module, DJANGO_DEBUG="true", **env)
    output = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_without_redis_the_settings_use_the_embedded_broker_file(tmp_path):
    broker_file = tmp_path / "broker.sqlite3"
    chosen = settings_in_a_process(tmp_path, CELERY_BROKER_FILE=str(broker_file))

    assert chosen["url"] == f"sqla+sqlite:///{broker_file}"
    assert chosen["eager"] is False  # the worker runs the tasks
    assert chosen["results"] is None  # nothing reads task results
    # The SQLAlchemy transport hands its options to create_engine: no socket options there.
    assert chosen["options"]["connect_args"] == {"timeout": 2.0}
    assert "socket_connect_timeout" not in chosen["options"]
    assert chosen["schedule"] == str(ROOT / "celerybeat-schedule")
    assert "/celery-broker.sqlite3*" in (ROOT / ".gitignore").read_text()
    assert "/celerybeat-schedule*" in (ROOT / ".gitignore").read_text()


def test_with_redis_url_the_settings_use_redis(tmp_path):
    chosen = settings_in_a_process(tmp_path, REDIS_URL="redis://127.0.0.1:6379/5")

    assert (chosen["url"], chosen["results"], chosen["eager"]) == (
        "redis://127.0.0.1:6379/5",
        "redis://127.0.0.1:6379/5",
        False,
    )
    assert chosen["options"]["socket_connect_timeout"] == 2.0


def test_an_empty_broker_url_runs_tasks_in_the_web_process_and_tests_never_touch_the_broker_file(tmp_path):
    assert settings_in_a_process(tmp_path, CELERY_BROKER_URL="")["eager"] is True
    under_tests = settings_in_a_process(tmp_path, settings_module="fritidsjob.settings_test")
    assert (under_tests["url"], under_tests["eager"]) == ("", True)
    assert "connect_args" not in under_tests["options"]


@pytest.fixture
def embedded_broker(tmp_path):
    """The Celery app publishes to a SQLite broker file of the test's own (no worker reads it)."""
    path = tmp_path / "broker.sqlite3"
    url = f"sqla+sqlite:///{path}"
    saved = {key: app.conf[key] for key in ("broker_url", "broker_transport_options", "task_always_eager")}
    app.conf.update(broker_url=url, broker_transport_options=broker_transport_options(url), task_always_eager=False)
    yield path
    app.conf.update(saved)


def queued_messages(path) -> list[dict]:
    with sqlite3.connect(path) as database:
        rows = database.execute("SELECT payload FROM kombu_message WHERE visible = 1").fetchall()
    return [json.loads(payload) for (payload,) in rows]


def test_a_job_queued_on_the_embedded_broker_waits_in_the_file(embedded_broker):
    failures = []

    assert enqueue_or_fail(record_heartbeat, kwargs={"name": "web"}, on_failure=failures.append) is True

    assert failures == []
    [message] = queued_messages(embedded_broker)
    assert message["headers"]["task"] == record_heartbeat.name


def test_a_locked_broker_file_fails_the_job_within_the_connect_timeout(embedded_broker):
    enqueue_or_fail(record_heartbeat, kwargs={"name": "first"}, on_failure=pytest.fail)  # makes the tables
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        database = sqlite3.connect(embedded_broker)
        database.execute("BEGIN EXCLUSIVE")
        locked.set()
        release.wait(30)
        database.rollback()
        database.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    failures = []
    try:
        assert locked.wait(10)
        started = time.monotonic()
        queued = enqueue_or_fail(record_heartbeat, kwargs={"name": "second"}, on_failure=failures.append)
        seconds = time.monotonic() - started
    finally:
        release.set()
        holder.join()

    assert queued is False
    assert seconds < 6, f"a locked broker file held the request for {seconds:.1f} s"
    [reason] = failures
    assert reason.startswith(QUEUE_ERROR_PREFIX) and "locked" in reason


@pytest.mark.django_db
def test_health_page_names_the_embedded_broker_and_says_plainly_that_worker_and_beat_are_not_running(
    client, users, settings, embedded_broker
):
    settings.CELERY_BROKER_URL = app.conf.broker_url
    client.force_login(users[roles.PROJECT_LEADER])

    page = client.get(reverse("opgaver:health")).content.decode()

    broker = page.split('id="status-broker"', 1)[1].split("</section>")[0]
    assert ">Svarer<" in broker and "Den indbyggede kø i en SQLite-fil" in broker
    assert "Beat kører ikke" in page and "intet tik de seneste 5 minutter" in page
    assert "Ingen worker kører: intet livstegn de seneste 5 minutter" in page

    Heartbeat.objects.create(name="beat", last_seen=timezone.now())
    Heartbeat.objects.create(name="worker", last_seen=timezone.now())
    page = client.get(reverse("opgaver:health")).content.decode()
    assert "kører ikke" not in page and "Ingen worker kører" not in page


@pytest.mark.django_db
def test_health_page_without_a_broker_does_not_ask_for_a_worker(client, users, settings):
    settings.CELERY_BROKER_URL = ""
    client.force_login(users[roles.PROJECT_LEADER])

    page = client.get(reverse("opgaver:health")).content.decode()

    assert "Ikke sat op" in page and "Ingen worker kører" not in page


@pytest.mark.django_db
def test_a_new_beat_sends_its_interval_entries_at_once_and_only_once(tmp_path, users):
    """beat_init on a fresh schedule file: the heartbeat and the rules run now (eagerly here), the calendar waits."""
    app.loader.import_default_modules()  # as `celery beat` does first: every task module is loaded
    service = beat.Service(app=app, schedule_filename=str(tmp_path / "celerybeat-schedule"))
    try:
        beat_init.send(sender=service)
        entries = service.scheduler.schedule
        assert Heartbeat.objects.filter(name="beat").exists()
        assert entries["reminder-rules"].total_run_count == 1
        assert entries["beat-heartbeat"].total_run_count == 1
        assert entries["rapporter-kvartalsrapport"].total_run_count == 0  # crontab: keeps its time
        first_tick = Heartbeat.objects.get(name="beat").last_seen

        beat_init.send(sender=service)  # beat started again on the same schedule
        assert Heartbeat.objects.get(name="beat").last_seen == first_tick
        assert entries["reminder-rules"].total_run_count == 1
    finally:
        service.scheduler.close()
    assert not Reminder.objects.exists()  # nothing was due: the rules ran and made nothing
