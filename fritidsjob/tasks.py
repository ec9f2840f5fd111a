import datetime

from celery import shared_task
from django.utils import timezone

from . import access_log, retention, services


@shared_task
def record_heartbeat(*, name: str) -> None:
    """Proof of life from a worker (and, later, from beat): the health page reads it."""
    services.heartbeat_record(name=name)


@shared_task(acks_late=True)
def apply_retention() -> int:
    """Nightly: anonymise the closed cases and delete the access entries whose period has ended."""
    return len(retention.retention_apply())


@shared_task
def flag_unusual_access(*, day: str | None = None) -> int:
    """The daily check of the access log (yesterday unless `day`, ISO): flag, then e-mail the administrators."""
    checked = datetime.date.fromisoformat(day) if day else timezone.localdate() - datetime.timedelta(days=1)
    flags = access_log.access_flags_create(day=checked)
    return access_log.access_flags_email(flags=flags)
