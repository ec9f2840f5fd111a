"""The upload page's imports, as background jobs: the dry run on upload, the real import on confirmation.

Each runs as a Celery task (rapporter.tasks) queued once the batch is committed, and writes its
progress on the batch row, which the page polls. The import writes the data and marks the batch
imported in one transaction, so a worker that dies mid-import leaves nothing behind; the sweep
(services.sweep) then queues the job once more or marks it failed, as for reports.
"""

import datetime
import logging
import time
from functools import partial

from auditlog.context import set_actor
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from core.importing import WRITING, ImportResult, ImportSuperseded, run_import
from core.tasks import enqueue_or_fail

from ..models import ImportBatch, ImportStatus

logger = logging.getLogger(__name__)

# The error a job gets when it stopped with an exception (the details go to the log).
CRASH_ERROR = "Jobbet stoppede med en fejl. Intet er importeret."
# Progress is written at most this often (seconds): the page polls every two seconds.
PROGRESS_INTERVAL = 0.5


def result_as_dict(result: ImportResult) -> dict:
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "errors": [{"line": e.line, "field": e.field, "message": e.message, "text": str(e)} for e in result.errors],
    }


def import_batch_forget_file(batch: ImportBatch) -> None:
    # The spreadsheet holds personal data: once it has served its purpose it goes.
    if batch.file:
        batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")


# --- queueing ------------------------------------------------------------------------


def _mark_unqueued(reason: str, *, batch_id: int, status: str) -> None:
    if ImportBatch.objects.filter(pk=batch_id, status=status, started_at=None).update(
        status=ImportStatus.FAILED, error=reason, finished_at=timezone.now()
    ):
        import_batch_forget_file(ImportBatch.objects.get(pk=batch_id))


def import_batch_enqueue(batch: ImportBatch) -> None:
    """Queue the batch's job (dry run or import, by its status) once the transaction commits.

    A broker that cannot be reached marks the batch failed (the page says so).
    """
    from .. import tasks

    task = tasks.check_import_batch if batch.status == ImportStatus.CHECKING else tasks.run_import_batch
    transaction.on_commit(
        lambda: enqueue_or_fail(
            task,
            kwargs={"batch_id": batch.pk},
            on_failure=partial(_mark_unqueued, batch_id=batch.pk, status=batch.status),
        )
    )


@transaction.atomic
def import_batch_create(*, kind: str, upload, uploaded_by) -> ImportBatch:
    """Store the upload; its dry run runs in the background (import_batch_check)."""
    batch = ImportBatch(
        kind=kind,
        filename=upload.name[:255],
        uploaded_by=uploaded_by,
        status=ImportStatus.CHECKING,
        queued_at=timezone.now(),
    )
    batch.file.save(upload.name, upload, save=False)
    batch.full_clean(exclude=["dry_run"])  # filled in by the check
    batch.save()
    import_batch_enqueue(batch)
    return batch


@transaction.atomic
def import_batch_confirm(*, batch: ImportBatch, confirmed_by) -> ImportBatch:
    """Queue the real import of a checked file. Only once per batch: a second call changes nothing."""
    fields = {
        "status": ImportStatus.IMPORTING,
        "queued_at": timezone.now(),
        "started_at": None,
        "requeued": 0,
        "finished_by": confirmed_by,
        "progress_phase": "",
        "progress_done": 0,
        "progress_total": 0,
    }
    if ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.READY).update(**fields):
        for field, value in fields.items():
            setattr(batch, field, value)
        import_batch_enqueue(batch)
    else:
        batch.refresh_from_db()
    return batch


# --- the jobs ------------------------------------------------------------------------


class _ProgressWriter:
    """Writes a job's progress on its batch row, at most every PROGRESS_INTERVAL seconds.

    The write runs in the import's transaction, where an ordinary UPDATE would stay invisible until
    the commit, so on PostgreSQL its progress goes through a connection of its own, committed at
    once. The import's transaction never touches the batch row until its last statement, so the
    two never wait on each other. (SQLite has one writer at a time: there the write's progress
    shows when it is done.)
    """

    def __init__(self, batch_id: int):
        self.batch_id = batch_id
        self.last = 0.0
        self.side = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done not in (0, total) and now - self.last < PROGRESS_INTERVAL:
            return
        self.last = now
        fields = {"progress_phase": phase, "progress_done": done, "progress_total": total}
        if phase != WRITING or connection.vendor != "postgresql":
            ImportBatch.objects.filter(pk=self.batch_id).update(**fields)
        else:
            if self.side is None:
                self.side = connections.create_connection(connection.alias)
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportBatch._meta.db_table} SET progress_phase = %s, progress_done = %s, "
                    "progress_total = %s WHERE id = %s",
                    [phase, done, total, self.batch_id],
                )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _claim(batch: ImportBatch, status: str) -> bool:
    """Take the queued job (once: a second message for it, or a late one, finds it taken)."""
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=status, started_at=None, requeued=batch.requeued)
    if not claimed.update(started_at=timezone.now(), progress_phase="", progress_done=0, progress_total=0):
        return False
    batch.status = status
    return True


def _finish(batch: ImportBatch, status: str, attempt: int, **fields) -> bool:
    """Record the job's end, unless the sweep gave up on this attempt meanwhile."""
    fields = {"status": status, "finished_at": timezone.now(), **fields}
    done = ImportBatch.objects.filter(pk=batch.pk, status=batch.status, requeued=attempt).update(**fields)
    if done:
        for field, value in fields.items():
            setattr(batch, field, value)
    return bool(done)


def _crashed(batch: ImportBatch, attempt: int) -> None:
    logger.exception("Import batch %s (%s) stopped with an error", batch.pk, batch.kind)
    if _finish(batch, ImportStatus.FAILED, attempt, error=CRASH_ERROR):
        import_batch_forget_file(batch)


def import_batch_check(*, batch: ImportBatch) -> ImportBatch:
    """The dry run (the task behind the upload): READY, or REJECTED with every bad line; a rejected file goes."""
    attempt = batch.requeued
    if not _claim(batch, ImportStatus.CHECKING):
        batch.refresh_from_db()
        return batch
    progress = _ProgressWriter(batch.pk)
    try:
        with batch.file.open("rb") as handle:
            result = run_import(kind=batch.kind, file=handle, filename=batch.filename, dry_run=True, progress=progress)
    except Exception:
        _crashed(batch, attempt)
        raise
    finally:
        progress.close()
    if result.ok:
        # READY waits for the user, so it is not finished: no finished_at.
        ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.CHECKING, requeued=attempt).update(
            status=ImportStatus.READY, dry_run=result_as_dict(result)
        )
    elif _finish(batch, ImportStatus.REJECTED, attempt, dry_run=result_as_dict(result)):
        import_batch_forget_file(batch)
    batch.refresh_from_db()
    return batch


def import_batch_run(*, batch: ImportBatch) -> ImportBatch:
    """The confirmed import (the task behind Importér): all or nothing, and the batch marked with the data."""
    attempt = batch.requeued
    if not _claim(batch, ImportStatus.IMPORTING):
        batch.refresh_from_db()
        return batch

    def mark_imported(result: ImportResult) -> bool:
        # Inside the import's transaction: the data and IMPORTED commit together or not at all.
        written = result.created + result.updated
        return _finish(
            batch,
            ImportStatus.IMPORTED,
            attempt,
            result=result_as_dict(result),
            progress_phase=WRITING,
            progress_done=written,
            progress_total=written,
        )

    progress = _ProgressWriter(batch.pk)
    try:
        # The audit entries name who confirmed the import, as they would inside the request.
        with set_actor(batch.finished_by), batch.file.open("rb") as handle:
            result = run_import(
                kind=batch.kind, file=handle, filename=batch.filename, progress=progress, commit_if=mark_imported
            )
    except ImportSuperseded:
        # The sweep gave this attempt up (queued it again or failed it) while it ran: its data is rolled back.
        batch.refresh_from_db()
        return batch
    except DatabaseError:
        # E.g. another attempt of the same batch committed the same records first.
        batch.refresh_from_db()
        if batch.status != ImportStatus.IMPORTED:
            _crashed(batch, attempt)
        return batch
    except Exception:
        _crashed(batch, attempt)
        raise
    finally:
        progress.close()
    if not result.ok:
        # The data may have changed since the dry run, so the import can still find bad rows.
        _finish(batch, ImportStatus.FAILED, attempt, result=result_as_dict(result))
    if batch.status in (ImportStatus.IMPORTED, ImportStatus.FAILED):
        import_batch_forget_file(batch)
    batch.refresh_from_db()
    return batch


def import_batch_discard(*, batch: ImportBatch, discarded_by) -> ImportBatch:
    if ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.READY).update(status=ImportStatus.DISCARDED):
        batch.status = ImportStatus.DISCARDED
        batch.finished_by = discarded_by
        batch.finished_at = timezone.now()
        import_batch_forget_file(batch)
        batch.save()
    else:
        batch.refresh_from_db()
    return batch


def import_batch_requeue(*, batch: ImportBatch, now: datetime.datetime) -> bool:
    """The sweep: a stuck job queued once more (the attempt it replaces can no longer finish)."""
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=batch.status, requeued=batch.requeued)
    if not claimed.update(started_at=None, queued_at=now, requeued=F("requeued") + 1, progress_done=0):
        return False
    batch.requeued += 1
    import_batch_enqueue(batch)
    return True


# An upload nobody confirmed or discarded is discarded after this long (its file holds personal data).
STALE_AFTER = datetime.timedelta(days=7)


def import_batches_discard_stale(*, now: datetime.datetime | None = None) -> int:
    """Discard uploads left waiting for confirmation; returns how many."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    discarded = 0
    for batch in ImportBatch.objects.filter(status=ImportStatus.READY, uploaded_at__lt=cutoff):
        if import_batch_discard(batch=batch, discarded_by=None).status == ImportStatus.DISCARDED:
            discarded += 1
    return discarded
