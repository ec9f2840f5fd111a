"""The audit trail of personal data, kept by django-auditlog.

Every create, change and delete of a registered model is recorded with the
actor (AuditlogMiddleware), the time and the changed fields; opening a case
page is recorded as an access (LogAccessMixin on the view). Entries are
append-only: the admin shows them read-only and, on PostgreSQL, a trigger
refuses UPDATE and DELETE (migration fritidsjob 0003).
"""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q


def register_models() -> None:
    """The case models. Every other app registers its own personal-data models in its AppConfig.ready()."""
    from .models import JournalEntry, Youth

    auditlog.register(
        Youth,
        m2m_fields={"industries_of_interest"},
        exclude_fields=["updated_at", "created_at"],
        # Records that the CPR number changed, never the number itself.
        mask_fields=["cpr_encrypted"],
    )
    auditlog.register(JournalEntry, exclude_fields=["created_at"])



def youth_audit_entries(youth_id: int):
    """Everything recorded about one young person: the case itself and records that belong to it.

    Records of other apps that point at a young person carry the youth id in
    LogEntry.additional_data: give such a model `get_additional_data()`
    returning {"youth_id": ...}, as JournalEntry does.
    """
    from .models import Youth

    youth_type = ContentType.objects.get_for_model(Youth)
    return (
        LogEntry.objects.filter(
            Q(content_type=youth_type, object_id=youth_id) | Q(additional_data__youth_id=youth_id)
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
