"""The stored KPI figures: computed once, read by the dashboard and the funder report, kept up to date.

A change to a record a KPI counts (core.kpis.counted_records_changed) marks every stored
figure stale inside its own transaction and, once it commits, asks the worker for one
refresh REFRESH_DELAY seconds later: the changes of those seconds share it. A page reads the
stored figures and says when they were computed; figures made stale by a change are shown
while their refresh is on its way, for at most FRESH_WITHIN, and after that (no worker,
or no refresh asked for, as without a broker) computed again on the spot. Nothing stored
yet: computed on the spot and stored, so a fresh install works. Every night the figures
of today are computed for each running project (beat), and figures nobody has read for
FORGET_AFTER are dropped.
"""

import datetime
import json
import logging
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from core.kpis import KpiWindow, full_computation, kpi_keys, kpi_window
from core.tasks import enqueue_or_fail

from ..models import Project, StoredFigures

logger = logging.getLogger(__name__)

# The promise: a change to a counted record shows on the dashboard within a minute.
FRESH_WITHIN = datetime.timedelta(seconds=60)
# How long the worker waits after a change before it refreshes (the changes meanwhile wait with it).
REFRESH_DELAY = 5
# Figures read within this are refreshed by the worker; older ones are computed again when read.
IN_USE = datetime.timedelta(days=2)
READ_MARK_EVERY = datetime.timedelta(hours=1)
FORGET_AFTER = datetime.timedelta(days=30)


@dataclass(frozen=True)
class Figures:
    """One window's figures as core.kpis.full_computation() gives them, and when they were computed."""

    data: dict[str, Any]
    computed_at: datetime.datetime
    # The caseload counted in the same snapshot (caseload_counts()).
    caseload: dict[str, Any] | None = None

    @property
    def kpis(self) -> dict[str, dict[str, Any]]:
        return self.data["kpis"]

    def series(self, key: str) -> list[tuple[datetime.date, int]] | None:
        points = self.data["series"].get(key)
        return None if points is None else [(datetime.date.fromisoformat(end), n) for end, n in points]

    def breakdown(self, dimension: str, key: str) -> dict[str, int] | None:
        pairs = self.data["breakdowns"].get(str(dimension), {}).get(key)
        return None if pairs is None else dict(pairs)


def caseload_counts() -> dict[str, Any]:
    """Active young people (all but the closed) per responsible staff member, and those without one.

    Stored with the figures (a change to a young person marks them stale like any counted record),
    so the dashboard does not count every active young person on each view.
    """
    from fritidsjob.models import Youth

    per_staff, unassigned = [], 0
    grouped = Youth.objects.active().order_by().values_list("responsible_staff").annotate(active=Count("pk"))
    for staff, active in grouped:
        if staff is None:
            unassigned = active
        else:
            per_staff.append([staff, active])
    return {"per_staff": sorted(per_staff), "unassigned": unassigned}


def _computed(window: KpiWindow) -> tuple[dict[str, Any], dict[str, Any], datetime.datetime]:
    """The full computation and the caseload in one snapshot of the data, and the moment of that snapshot.

    On PostgreSQL every query of the run sees the same committed data (REPEATABLE READ), so
    the figures are exactly those of the moment the page names, however long the run takes.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return full_computation(window), caseload_counts(), timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            computed_at = timezone.now()
            cursor.execute("SELECT 1")  # the snapshot is taken at the first statement
        return full_computation(window), caseload_counts(), computed_at


def figures_compute(*, window: KpiWindow, read: bool = False) -> Figures:
    """Compute the window's figures now and store them (replacing what was stored)."""
    data, caseload, computed_at = _computed(window)
    connection.stored_figures_computed = True  # a change after this in the same transaction marks them again
    fields = {"figures": json.dumps(data), "caseload": json.dumps(caseload), "computed_at": computed_at}
    if read:
        fields["read_at"] = computed_at
    key = {"project": window.project, "start": window.start, "as_of": window.end}
    # One statement, whether stored before or not (two requests may store them at once).
    StoredFigures.objects.bulk_create(
        [StoredFigures(**key, **fields)],
        update_conflicts=True,
        unique_fields=["project", "start", "as_of"],
        update_fields=list(fields),
    )
    # Up to date, unless a change committed after the snapshot (it keeps them stale, its refresh asked for).
    StoredFigures.objects.filter(**key).filter(
        Q(refresh_requested_at=None) | Q(refresh_requested_at__lt=computed_at), stale_since__isnull=False
    ).update(stale_since=None, refresh_requested_at=None)
    return Figures(data=data, computed_at=computed_at, caseload=caseload)


def stored_figures(*, window: KpiWindow) -> Figures:
    """The window's figures for a page: the stored ones, or computed now when there are none to show."""
    now = timezone.now()
    stored = (
        StoredFigures.objects.filter(project=window.project, start=window.start, as_of=window.end)
        .only("figures", "caseload", "computed_at", "stale_since", "refresh_requested_at", "read_at")
        .first()
    )
    if stored is None or not _showable(stored, now=now) or not stored.caseload:  # (none: stored before it was)
        return figures_compute(window=window, read=True)
    data = json.loads(stored.figures)
    if list(data["kpis"]) != kpi_keys():  # the KPIs registered have changed since
        return figures_compute(window=window, read=True)
    if stored.read_at is None or stored.read_at < now - READ_MARK_EVERY:
        StoredFigures.objects.filter(pk=stored.pk).update(read_at=now)
    return Figures(data=data, computed_at=stored.computed_at, caseload=json.loads(stored.caseload))


def _showable(stored: StoredFigures, *, now: datetime.datetime) -> bool:
    if stored.stale_since is None:
        return True
    # Stale: shown only while the refresh asked for is on its way, and not past the promise.
    return stored.refresh_requested_at is not None and stored.stale_since >= now - FRESH_WITHIN


def figures_mark_stale(sender=None, **kwargs) -> None:
    """Receiver of core.kpis.counted_records_changed: the stored figures may be out of date.

    Marked inside the writing transaction (a page in it, or after it, sees them stale), and
    once per transaction on commit the refresh is asked for. On PostgreSQL rows another
    transaction is marking are skipped rather than waited for: its own commit asks too.
    """
    open_savepoints = set(connection.savepoint_ids)
    if not getattr(connection, "stored_figures_computed", False) and any(
        callback is _ask_for_refresh and set(savepoints) <= open_savepoints
        for savepoints, callback, _robust in connection.run_on_commit
    ):
        return  # marked already in this transaction, at this level or one around it (an import saves thousands)
    connection.stored_figures_computed = False
    fresh = StoredFigures.objects.filter(stale_since=None)
    if connection.features.has_select_for_update_skip_locked and connection.in_atomic_block:
        fresh = StoredFigures.objects.filter(pk__in=fresh.select_for_update(skip_locked=True).values("pk"))
    fresh.update(stale_since=timezone.now())
    transaction.on_commit(_ask_for_refresh)


def _ask_for_refresh() -> None:
    """After a change committed: stale from now on (if not before), and one refresh asked for."""
    now = timezone.now()
    StoredFigures.objects.filter(stale_since=None).update(stale_since=now)
    from .. import tasks

    if tasks.refresh_stored_figures.app.conf.task_always_eager:
        return  # no worker: the next page computes them (as the promise's fallback would)
    first = StoredFigures.objects.filter(refresh_requested_at=None).update(refresh_requested_at=now)
    StoredFigures.objects.filter(refresh_requested_at__lt=now).update(refresh_requested_at=now)
    if first:
        _enqueue_refresh()


def _refresh_not_queued(reason: str) -> None:
    # No broker: nothing is on its way, so the pages compute the figures themselves.
    StoredFigures.objects.update(refresh_requested_at=None)
    logger.warning("The stored KPI figures' refresh could not be queued: %s", reason)


def _enqueue_refresh() -> None:
    from .. import tasks

    enqueue_or_fail(tasks.refresh_stored_figures, kwargs={}, on_failure=_refresh_not_queued, countdown=REFRESH_DELAY)


def _window_of(stored: StoredFigures) -> KpiWindow:
    return kpi_window(stored.project, stored.as_of, stored.start)


def stored_figures_refresh(*, now: datetime.datetime | None = None) -> int:
    """The worker's refresh: every stale figure in use computed again. How many were."""
    now = now or timezone.now()
    stale = StoredFigures.objects.filter(stale_since__isnull=False).select_related("project")
    refreshed = 0
    for stored in stale:
        if stored.read_at is None or stored.read_at < now - IN_USE:
            # Not in use: a page that wants them computes them; nothing is on its way.
            StoredFigures.objects.filter(pk=stored.pk).update(refresh_requested_at=None)
            continue
        figures_compute(window=_window_of(stored))
        refreshed += 1
    # A change that committed during the run asked for nothing new (a refresh was on its way): ask now.
    if StoredFigures.objects.filter(refresh_requested_at__isnull=False).exists():
        transaction.on_commit(_enqueue_refresh)
    return refreshed


def stored_figures_nightly(*, today: datetime.date | None = None) -> int:
    """Beat, at night: today's figures for every running project, and unread figures forgotten."""
    today = today or timezone.localdate()
    StoredFigures.objects.filter(
        Q(read_at__lt=timezone.now() - FORGET_AFTER) | Q(read_at=None, computed_at__lt=timezone.now() - FORGET_AFTER)
    ).delete()
    projects = Project.objects.filter(start__lte=today, end__gte=today - FORGET_AFTER)
    for project in projects:
        figures_compute(window=kpi_window(project, today))
    return len(projects)
