"""Celery tasks for reminders: thin, ids as keyword arguments, the work is in services.py.

Every task is acknowledged late (settings: CELERY_TASK_ACKS_LATE), so a worker
that dies mid-task leaves it on the queue for another; the services make
running a task twice harmless.
"""

from celery import shared_task
from django.utils import timezone

from . import services, worker  # noqa: F401  (worker: the worker's own heartbeat)
from .channels import TransientSendError
from .models import Delivery


@shared_task(acks_late=True)
def run_reminder_rules() -> dict:
    """Beat's tick: make the reminders that are due (each exactly once) and queue their messages."""
    result = services.reminder_rules_run(now=timezone.now())
    if result.errors:
        # The other rules ran; failing the task makes the broken one visible in the worker log.
        raise RuntimeError(f"Reminder rules failed: {result.errors}")
    return result.created


@shared_task(acks_late=True)
def send_due_deliveries() -> int:
    """Beat's tick: queue the messages whose time has come (held over night, retries, lost enqueues)."""
    due = services.deliveries_due(now=timezone.now())
    for delivery_id in due:
        send_delivery.delay(delivery_id=delivery_id)
    return len(due)


@shared_task(
    bind=True,
    acks_late=True,
    # Only errors that may pass (the mail server or gateway down, 4xx answers) are retried.
    autoretry_for=(TransientSendError,),
    max_retries=services.SEND_ATTEMPTS - 1,
    retry_backoff=services.RETRY_BACKOFF_SECONDS,
    retry_backoff_max=services.RETRY_BACKOFF_MAX_SECONDS,
    retry_jitter=False,
    soft_time_limit=60,
    time_limit=90,
)
def send_delivery(self, *, delivery_id: int) -> str:
    delivery = Delivery.objects.filter(pk=delivery_id).first()
    if delivery is None:
        return "gone"
    outcome = services.delivery_send(delivery=delivery, now=timezone.now())
    if outcome is services.SendOutcome.RETRY:
        delivery.refresh_from_db(fields=["last_error"])
        raise TransientSendError(delivery.last_error)
    return outcome.value
