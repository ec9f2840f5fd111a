from celery import shared_task

from . import retention, services


@shared_task
def record_heartbeat(*, name: str) -> None:
    """Proof of life from a worker (and, later, from beat): the health page reads it."""
    services.heartbeat_record(name=name)


@shared_task(acks_late=True)
def apply_retention() -> int:
    """Nightly: anonymise the closed cases and delete the access entries whose period has ended."""
    return len(retention.retention_apply())
