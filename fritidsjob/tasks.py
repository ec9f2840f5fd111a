from celery import shared_task

from . import services


@shared_task
def record_heartbeat(*, name: str) -> None:
    """Proof of life from a worker (and, later, from beat): the health page reads it."""
    services.heartbeat_record(name=name)
