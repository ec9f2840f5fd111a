"""Reads for the inbox, the team's view and the health page, each in a fixed number of queries."""

import datetime

from django.conf import settings
from django.db.models import Q

from core import jobs
from fritidsjob.forms import staff_users
from fritidsjob.models import Heartbeat

from . import health
from .models import Delivery, DeliveryStatus, Task

TEAM_PERMISSION = "opgaver.view_team_tasks"
HEALTH_PERMISSION = "opgaver.view_health"


def task_scope(*, user):
    """The tasks a user may see and act on: their own; the team leader's: everyone's."""
    if user.has_perm(TEAM_PERMISSION):
        return Task.objects.all()
    return Task.objects.filter(assignee=user)


def _for_lists(queryset):
    return queryset.select_related("youth", "assignee").prefetch_related("concerning").order_by("due_date", "pk")


def inbox_tasks(*, user, today: datetime.date):
    return _for_lists(Task.objects.current(today).filter(assignee=user))


def snoozed_tasks(*, user, today: datetime.date):
    return _for_lists(Task.objects.snoozed(today).filter(assignee=user))


def team_tasks(*, today: datetime.date):
    """What the team leader keeps an eye on: overdue tasks, and tasks nobody has been given."""
    return _for_lists(Task.objects.open().filter(Q(due_date__lt=today) | Q(assignee__isnull=True)))


def open_task_count(*, user, today: datetime.date) -> int:
    return Task.objects.current(today).filter(assignee=user).count()


def assignable_staff():
    return staff_users()


def delivery_scope(*, user):
    if user.has_perm(HEALTH_PERMISSION):
        return Delivery.objects.all()
    return Delivery.objects.filter(responsible=user)


# The most failed messages a page lists: each is acted on (sent again or removed), so more means a
# broken channel, which Driftsstatus shows; a page must not grow with it.
FAILED_SHOWN = 100


def failed_deliveries_for(*, user, limit: int = FAILED_SHOWN):
    """Messages that failed for good and that this staff member answers for."""
    return Delivery.objects.failed_unresolved().filter(responsible=user).select_related("youth", "responsible")[:limit]


def failed_deliveries(*, limit: int = FAILED_SHOWN):
    return Delivery.objects.failed_unresolved().select_related("youth", "responsible")[:limit]


def health_overview(*, now: datetime.datetime) -> dict:
    heartbeats = {beat.name: beat.last_seen for beat in Heartbeat.objects.filter(name__in=["beat", "worker"])}
    return {
        "broker": health.broker_status(),
        "beat_last_seen": heartbeats.get("beat"),
        "beat_ok": health.is_fresh(heartbeats.get("beat"), now),
        "worker_last_seen": heartbeats.get("worker"),
        "worker_ok": health.is_fresh(heartbeats.get("worker"), now),
        "stale_minutes": int(health.STALE_AFTER.total_seconds() // 60),
        "pending_count": Delivery.objects.filter(status=DeliveryStatus.PENDING).count(),
        "late_count": Delivery.objects.due(now - health.STALE_AFTER).count(),
        "failed": failed_deliveries(),
        # Reports, PDFs and other jobs users wait for, from the apps that have them (core.jobs).
        "jobs": jobs.summaries(now),
        "stuck_minutes": settings.STUCK_JOB_MINUTES,
    }
