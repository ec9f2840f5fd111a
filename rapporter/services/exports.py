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
) -> ExportRecord:
    """Record the export; for personal data also an access entry per person, so each one's audit trail shows it."""
    record = ExportRecord(
        user=user,
        name=name,
        file_format=file_format,
        row_count=len(objects),
        query=query[:1000],
        personal_data=personal_data,
    )
    record.full_clean()
    record.save()
    models = {type(obj) for obj in objects}
    if personal_data and len(models) == 1 and auditlog.contains(next(iter(models))):
        content_type = ContentType.objects.get_for_model(next(iter(models)))
        details = {"export": f"{name}.{file_format}", "export_id": record.pk}
        LogEntry.objects.bulk_create(
            [
                LogEntry(
                    content_type=content_type,
                    object_pk=str(obj.pk),
                    object_id=obj.pk if isinstance(obj.pk, int) else None,
                    object_repr=str(obj)[:200],
                    action=LogEntry.Action.ACCESS,
                    changes_text="",
                    actor=user,
                    remote_addr=remote_addr,
                    additional_data={**details, **(obj.get_additional_data() if hasattr(obj, "get_additional_data") else {})},
                )
                for obj in objects
            ],
            batch_size=AUDIT_BATCH_SIZE,
        )
    return record
