"""The export audit: who downloaded which list, and, for personal data, whose data was in it."""

from django.db import transaction

from core.audit import record_export_access

from ..models import ExportRecord


@transaction.atomic
def export_record_create(
    *,
    user,
    name: str,
    file_format: str,
    query: str,
    objects: list,
    personal_data: bool,
    remote_addr: str | None = None,
    row_count: int | None = None,
) -> ExportRecord:
    """Record the export; for personal data also an access entry per person, so each one's audit trail shows it."""
    record = ExportRecord(
        user=user,
        name=name,
        file_format=file_format,
        # A person-free export passes no objects but still has its rows counted.
        row_count=len(objects) if row_count is None else row_count,
        query=query[:1000],
        personal_data=personal_data,
    )
    record.full_clean()
    record.save()
    if personal_data:
        record_export_access(
            objects,
            actor=user,
            remote_addr=remote_addr,
            details={"export": f"{name}.{file_format}", "export_id": record.pk},
        )
    return record


def record_export(sender, signal, **export) -> None:
    """Receiver of core.exports.exported: every file handed out is recorded."""
    export_record_create(**export)
