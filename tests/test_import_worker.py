"""The upload page with a real Celery worker, fed through Redis: the check and the import in the background.

This process is the web server (Django's test client, tasks queued through Redis as in
production); the worker is a separate process with the ordinary settings, on the test
database and on a media folder both share (tests/test_celery_worker.py explains the set-up).
A worker killed with SIGKILL in the middle of the write leaves nothing imported; the sweep
queues the job again and a new worker imports the whole file once.
"""

import contextlib
import datetime
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
import redis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse
from django.utils import timezone

from fritidsjob import roles
from fritidsjob.celery import app
from fritidsjob.models import Youth
from rapporter import services
from rapporter.models import ImportBatch, ImportStatus
from tests.marks import COMMITTED_DB
from tests.test_celery_worker import (
    QUIET_WORKER_ARGS,
    ROOT,
    WORKER_ARGS,
    database_url_of_test_database,
    forget_queue,
    stop,
    worker_environment,
)

pytestmark = [pytest.mark.redis, COMMITTED_DB]

WAIT_SECONDS = 120  # a busy 2-core machine checks and writes a few thousand rows in seconds, not minutes
HEADER = "ref;fornavn;efternavn;foedselsdato;maalgruppe;koen;postnummer"


def youth_csv(count: int) -> SimpleUploadedFile:
    lines = [HEADER] + [f"W{number};Navn{number};Efternavn;2010-03-15;ja;pige;8800" for number in range(count)]
    return SimpleUploadedFile("unge.csv", ("\r\n".join(lines) + "\r\n").encode("utf-8"), content_type="text/csv")


class Worker:
    """`celery worker` on its own queue, logging to a file."""

    def __init__(self, *, queue: str, broker_url: str, media_root, log_path):
        env = worker_environment(database_url_of_test_database(), broker_url)
        env["MEDIA_ROOT"] = str(media_root)
        self.log_path = log_path
        with log_path.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, *WORKER_ARGS, *QUIET_WORKER_ARGS, "--queues", queue, "--hostname", f"{queue}@%h"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None and " ready." not in self.log():
            time.sleep(0.25)
        assert " ready." in self.log(), f"the worker did not start:\n{self.log()}"

    def log(self) -> str:
        return self.log_path.read_text()


@pytest.fixture
def background(settings, tmp_path):
    """Tasks go through Redis to a queue of this test's own; files live in a folder the worker sees too."""
    broker_url = os.environ["REDIS_URL"]
    queue = f"test-import-{uuid.uuid4().hex}"
    media_root = tmp_path / "media"
    media_root.mkdir()
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = media_root
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")}
    app.conf.update(task_always_eager=False, broker_url=broker_url, task_default_queue=queue)
    workers: list[Worker] = []

    def start_worker() -> Worker:
        worker = Worker(queue=queue, broker_url=broker_url, media_root=media_root, log_path=tmp_path / "worker.log")
        workers.append(worker)
        return worker

    try:
        yield start_worker
    finally:
        app.conf.update(saved)
        for worker in workers:
            stop(worker.process)
        forget_queue(broker_url, queue, None)
        # What a killed worker left unacknowledged (restored only after an hour): gone with the test.
        with redis.Redis.from_url(broker_url) as client:
            client.delete("unacked", "unacked_index", "unacked_mutex")


@pytest.fixture
def leader_client(client, users):
    client.force_login(users[roles.PROJECT_LEADER])
    return client


def poll(client, batch: ImportBatch, until, seen: list[tuple]) -> str:
    """Poll the status partial as htmx does, noting each (status, phase, done, total) seen, until `until(batch)`."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        batch.refresh_from_db()  # first: the partial then shows this state or a later one
        partial = client.get(reverse("rapporter:import_detail", args=[batch.pk]), headers={"HX-Request": "true"})
        seen.append((batch.status, batch.progress_phase, batch.progress_done, batch.progress_total))
        if until(batch):
            return partial.content.decode()
        assert time.monotonic() < deadline, f"still {seen[-1]} after {WAIT_SECONDS} s"
        if 'hx-trigger="every 2s"' in partial.content.decode():
            assert 'role="progressbar"' in partial.content.decode()
        time.sleep(0.1)


@contextlib.contextmanager
def youth_inserts_held():
    """Another connection holds a SHARE lock on the youth table: reads go on, the import's INSERT waits.

    So the test sees the write under way, inside its open transaction, however fast the machine.
    """
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    other.set_autocommit(False)
    try:
        with other.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Youth._meta.db_table} IN SHARE MODE")
        yield
    finally:
        other.rollback()
        other.close()


def writing(batch: ImportBatch) -> bool:
    # The write's progress reaches its total (new cases validated) before the INSERT, which waits.
    return batch.progress_phase == "skrivning" and batch.progress_done == batch.progress_total > 0


def test_a_file_is_checked_and_imported_in_the_background_with_progress(background, leader_client):
    worker = background()
    rows = 3000

    response = leader_client.post(reverse("rapporter:import_upload"), {"kind": "unge", "file": youth_csv(rows)})

    batch = ImportBatch.objects.get()
    assert response.url == reverse("rapporter:import_detail", args=[batch.pk])
    seen: list[tuple] = []
    checked = poll(leader_client, batch, lambda b: not b.is_pending, seen)
    assert batch.status == ImportStatus.READY, worker.log()
    assert "Filen er i orden." in checked and f'id="antal-oprettet">{rows}<' in checked
    assert ("kontrolleres", "", 0, 0) in seen or any(s[0] == "kontrolleres" and s[1] == "kontrol" for s in seen), seen
    assert (batch.progress_phase, batch.progress_done, batch.progress_total) == ("kontrol", rows, rows)
    assert Youth.objects.count() == 0  # the check wrote nothing

    with youth_inserts_held():
        leader_client.post(reverse("rapporter:import_confirm", args=[batch.pk]))
        seen = []
        held = poll(leader_client, batch, writing, seen)
        # The write's progress shows while its transaction is still open (written through a connection of its own).
        assert f"{rows} af {rows} rækker skrevet" in held and 'role="progressbar"' in held
        assert batch.status == ImportStatus.IMPORTING
        assert Youth.objects.count() == 0
    # The worker deletes the uploaded file just after it commits the import: wait for both.
    imported = poll(leader_client, batch, lambda b: not b.is_pending and not b.file, seen)

    assert batch.status == ImportStatus.IMPORTED, worker.log()
    assert "Importeret." in imported and f'id="antal-oprettet">{rows}<' in imported
    assert Youth.objects.filter(import_ref__startswith="W").count() == rows
    assert not batch.file
    assert "rapporter.tasks.run_import_batch" in worker.log() and "succeeded" in worker.log()


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_is_resumed(background, leader_client):
    worker = background()
    rows = 5000
    leader_client.post(reverse("rapporter:import_upload"), {"kind": "unge", "file": youth_csv(rows)})
    batch = ImportBatch.objects.get()
    poll(leader_client, batch, lambda b: not b.is_pending, [])
    assert batch.status == ImportStatus.READY, worker.log()

    with youth_inserts_held():
        leader_client.post(reverse("rapporter:import_confirm", args=[batch.pk]))
        poll(leader_client, batch, writing, [])
        os.kill(worker.process.pid, signal.SIGKILL)  # mid-write: its transaction is open
        worker.process.wait(timeout=10)

    batch.refresh_from_db()
    assert (batch.status, batch.result) == (ImportStatus.IMPORTING, {})
    assert Youth.objects.filter(import_ref__startswith="W").count() == 0  # nothing half imported

    # The page keeps showing the job as under way until the sweep (beat, every few minutes) finds it stuck.
    later = timezone.now() + datetime.timedelta(minutes=16)
    assert services.stuck_jobs_sweep(now=later) == {"requeued": 1, "failed": 0}
    resumed = background()
    poll(leader_client, batch, lambda b: not b.is_pending, [])

    assert batch.status == ImportStatus.IMPORTED, resumed.log()
    assert (batch.requeued, batch.result["created"]) == (1, rows)
    assert Youth.objects.filter(import_ref__startswith="W").count() == rows
    page = leader_client.get(reverse("rapporter:import_detail", args=[batch.pk])).content.decode()
    assert "Importeret." in page
