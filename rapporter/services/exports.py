"""The export audit: who downloaded which list, and, for personal data, whose data was in it."""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from ..models import ExportRecord

AUDIT_BATCH_SIZE = 1000


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
        details = {"export": f"{name}.{file_format}", "export_id": record.pk}
        LogEntry.objects.bulk_create(
            [
                LogEntry(
                    content_type=ContentType.objects.get_for_model(type(obj)),  # cached after the first
                    object_pk=str(obj.pk),
                    object_id=obj.pk if isinstance(obj.pk, int) else None,
                    object_repr=str(obj)[:200],
                    action=LogEntry.Action.ACCESS,
                    changes_text="",
                    actor=user,
                    remote_addr=remote_addr,
                    additional_data={
                        **details,
                        **(obj.get_additional_data() if hasattr(obj, "get_additional_data") else {}),
                    },
                )
                # Persons of every audited model in the export (e.g. parents and their children).
                for obj in objects
                if auditlog.contains(type(obj))
            ],
            batch_size=AUDIT_BATCH_SIZE,
        )
    return record


def record_export(sender, signal, **export) -> None:
    """Receiver of core.exports.exported: every file handed out is recorded."""
    export_record_create(**export)
