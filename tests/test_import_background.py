"""The upload page's check and import as background jobs: queued on commit, progress on the batch, the sweep.

Here the jobs run in this process (called as the worker would call them); the real worker, fed
through Redis and killed mid-import, is in test_import_worker.py.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.importing import VALIDATING
from fritidsjob import roles
from fritidsjob.models import Youth
from rapporter import services, tasks
from rapporter.models import ImportBatch, ImportStatus
from rapporter.services import import_batches
from rapporter.services.sweep import STUCK_ERROR

from .factories_rapporter import ImportBatchFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("rapporter:import_upload")
HEADER = "ref;fornavn;efternavn;foedselsdato;maalgruppe"


def youth_csv(count: int) -> bytes:
    lines = [HEADER] + [f"B{number};Navn{number};Efternavn;2010-03-15;ja" for number in range(count)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


@pytest.fixture
def leader_client(client, users):
    client.force_login(users[roles.PROJECT_LEADER])
    return client


def detail(batch) -> str:
    return reverse("rapporter:import_detail", args=[batch.pk])


def test_an_upload_waits_for_its_check_with_a_progress_bar_that_polls(
    leader_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        response = leader_client.post(
            UPLOAD, {"kind": "unge", "file": SimpleUploadedFile("unge.csv", youth_csv(3))}, follow=True
        )

    batch = ImportBatch.objects.get()
    assert (batch.status, len(queued)) == (ImportStatus.CHECKING, 1)  # the check is queued, not run
    content = response.content.decode()
    assert "Filen bliver kontrolleret (prøvekørsel). Intet bliver gemt." in content
    assert "Venter på en ledig baggrundsproces" in content
    assert 'role="progressbar"' in content and 'aria-valuenow="0"' in content
    assert f'hx-get="{detail(batch)}" hx-trigger="every 2s"' in content
    assert '<div aria-live="polite">' in content  # the live region outside what htmx swaps

    # The poll gets the status alone, and once the worker has checked the file, the counts.
    tasks.check_import_batch(batch_id=batch.pk)
    partial = leader_client.get(detail(batch), headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<div id="importstatus">')  # done: no more polling
    assert "Filen er i orden." in partial and "<html" not in partial
    batch.refresh_from_db()
    assert (batch.status, batch.dry_run["created"]) == (ImportStatus.READY, 3)
    assert (batch.progress_phase, batch.progress_done, batch.progress_total) == ("kontrol", 3, 3)
    assert Youth.objects.count() == 0


def test_the_import_runs_as_a_job_after_confirmation_and_shows_its_result(
    leader_client, users, django_capture_on_commit_callbacks
):
    batch = ImportBatchFactory(file__data=youth_csv(4))

    with django_capture_on_commit_callbacks() as queued:
        response = leader_client.post(reverse("rapporter:import_confirm", args=[batch.pk]), follow=True)

    batch.refresh_from_db()
    assert (batch.status, batch.started_at, len(queued)) == (ImportStatus.IMPORTING, None, 1)
    content = response.content.decode()
    assert "Importen er sat i gang og kører i baggrunden." in content
    assert "Filen bliver importeret. Intet er gemt, før alle rækker er skrevet." in content

    queued[0]()  # the worker takes it (eager here)

    batch.refresh_from_db()
    assert (batch.status, batch.result["created"], batch.finished_by) == (
        ImportStatus.IMPORTED,
        4,
        users[roles.PROJECT_LEADER],
    )
    assert (batch.progress_phase, batch.progress_done, batch.progress_total) == ("skrivning", 4, 4)
    assert not batch.file
    assert Youth.objects.filter(import_ref__startswith="B").count() == 4
    result = leader_client.get(detail(batch)).content.decode()
    assert "Importeret." in result and 'id="antal-oprettet">4<' in result
    # A late second message for the same job does nothing.
    tasks.run_import_batch(batch_id=batch.pk)
    assert Youth.objects.filter(import_ref__startswith="B").count() == 4


def test_an_attempt_the_sweep_gave_up_on_writes_nothing(monkeypatch):
    batch = ImportBatchFactory(file__data=youth_csv(5))
    services.import_batch_confirm(batch=batch, confirmed_by=batch.uploaded_by)
    real_progress = import_batches._ProgressWriter.__call__

    def sweep_meanwhile(self, phase, done, total):
        # Another process (the sweep) queues the job again while this attempt works.
        if phase == VALIDATING and done == total:
            ImportBatch.objects.filter(pk=self.batch_id).update(requeued=1, started_at=None)
        real_progress(self, phase, done, total)

    monkeypatch.setattr(import_batches._ProgressWriter, "__call__", sweep_meanwhile)

    tasks.run_import_batch(batch_id=batch.pk)

    batch.refresh_from_db()
    assert (batch.status, batch.requeued, batch.started_at) == (ImportStatus.IMPORTING, 1, None)
    assert Youth.objects.filter(import_ref__startswith="B").count() == 0  # rolled back with the attempt
    assert batch.file  # the next attempt needs it


NOW = timezone.make_aware(datetime.datetime(2026, 3, 2, 12, 0))


def test_a_stuck_import_is_queued_once_more_then_failed_with_nothing_imported(django_capture_on_commit_callbacks):
    stuck = ImportBatchFactory(
        status=ImportStatus.IMPORTING, queued_at=NOW - datetime.timedelta(minutes=16), started_at=NOW
    )
    stuck_check = ImportBatchFactory(status=ImportStatus.CHECKING, queued_at=NOW - datetime.timedelta(minutes=20))
    working = ImportBatchFactory(status=ImportStatus.IMPORTING, queued_at=NOW - datetime.timedelta(minutes=5))
    # Left by a web request that ran the import itself (before imports were jobs) and died.
    from_before = ImportBatchFactory(status=ImportStatus.IMPORTING, queued_at=None)

    with django_capture_on_commit_callbacks() as queued:
        counts = services.stuck_jobs_sweep(now=NOW)

    assert (counts, len(queued)) == ({"requeued": 3, "failed": 0}, 3)
    stuck.refresh_from_db()
    assert (stuck.status, stuck.started_at, stuck.queued_at, stuck.requeued) == (ImportStatus.IMPORTING, None, NOW, 1)
    working.refresh_from_db()
    assert working.requeued == 0
    from_before.refresh_from_db()
    assert (from_before.queued_at, from_before.requeued) == (NOW, 1)

    later = NOW + datetime.timedelta(minutes=16)
    with django_capture_on_commit_callbacks() as queued:
        counts = services.stuck_jobs_sweep(now=later)

    assert counts == {"requeued": 1, "failed": 3}  # the three given up, and the one working before now stuck
    for batch in (stuck, stuck_check, from_before):
        batch.refresh_from_db()
        assert (batch.status, batch.finished_at, bool(batch.file)) == (ImportStatus.FAILED, later, False)
        assert batch.error == STUCK_ERROR.format(minutes=15) + " Intet er importeret."
    assert Youth.objects.count() == 0


def test_a_failed_job_says_so_on_its_page(leader_client):
    batch = ImportBatchFactory(status=ImportStatus.FAILED, error=STUCK_ERROR.format(minutes=15), file=None)

    content = leader_client.get(detail(batch)).content.decode()

    assert "Importen blev ikke færdig. Intet er importeret." in content
    assert "Upload filen igen for at prøve igen." in content
    assert 'hx-trigger="every 2s"' not in content
