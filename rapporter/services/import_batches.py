"""The upload page's imports: dry run on upload, the real import on confirmation, the file deleted after."""

import datetime

from django.utils import timezone

from core.importing import ImportResult, run_import

from ..models import ImportBatch, ImportStatus


def result_as_dict(result: ImportResult) -> dict:
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "errors": [{"line": e.line, "field": e.field, "message": e.message, "text": str(e)} for e in result.errors],
    }


def _forget_file(batch: ImportBatch) -> None:
    # The spreadsheet holds personal data: once it has served its purpose it goes.
    if batch.file:
        batch.file.delete(save=False)


def import_batch_create(*, kind: str, upload, uploaded_by) -> ImportBatch:
    """Store the upload and dry-run it; a rejected file is not kept."""
    batch = ImportBatch(kind=kind, filename=upload.name[:255], uploaded_by=uploaded_by, status=ImportStatus.READY)
    batch.file.save(upload.name, upload, save=False)
    with batch.file.open("rb") as handle:
        result = run_import(kind=kind, file=handle, filename=upload.name, dry_run=True)
    batch.dry_run = result_as_dict(result)
    if not result.ok:
        batch.status = ImportStatus.REJECTED
        batch.finished_at = timezone.now()
        _forget_file(batch)
    batch.full_clean()
    batch.save()
    return batch


def import_batch_confirm(*, batch: ImportBatch, confirmed_by) -> ImportBatch:
    """Run the import for real (all or nothing, in one transaction inside run_import). Runs once per batch."""
    if not ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.READY).update(status=ImportStatus.IMPORTING):
        batch.refresh_from_db()
        return batch
    try:
        with batch.file.open("rb") as handle:
            result = run_import(kind=batch.kind, file=handle, filename=batch.filename)
    except Exception:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.READY)
        raise
    # The data may have changed since the dry run, so the import can still find bad rows.
    batch.status = ImportStatus.IMPORTED if result.ok else ImportStatus.FAILED
    batch.result = result_as_dict(result)
    batch.finished_by = confirmed_by
    batch.finished_at = timezone.now()
    _forget_file(batch)
    batch.save()
    return batch


def import_batch_discard(*, batch: ImportBatch, discarded_by) -> ImportBatch:
    if ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.READY).update(status=ImportStatus.DISCARDED):
        batch.status = ImportStatus.DISCARDED
        batch.finished_by = discarded_by
        batch.finished_at = timezone.now()
        _forget_file(batch)
        batch.save()
    else:
        batch.refresh_from_db()
    return batch


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
