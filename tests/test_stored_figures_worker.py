"""A change to a counted record reaches the dashboard's stored figures through a real Celery worker.

This process is the web server (tasks queued through Redis, as in production); the worker a
separate process on the test database (tests/test_celery_worker.py explains the set-up).
"""

import datetime
import json
import os
import time
import uuid

import pytest
import redis
from django.utils import timezone

from core.kpis import kpi_window
from fritidsjob import roles
from fritidsjob.celery import app
from rapporter.models import Project, StoredFigures
from rapporter.services import figures as stored
from tests.factories import UserFactory
from tests.factories_foraeldre import InformationEventFactory
from tests.marks import COMMITTED_DB
from tests.test_celery_worker import forget_queue, stop
from tests.test_import_worker import Worker

pytestmark = [pytest.mark.redis, COMMITTED_DB]

URL = "/rapporter/noegletal/"
INFORMED = "informeret_unge_og_foraeldre"


@pytest.fixture
def worker(tmp_path):
    broker_url = os.environ["REDIS_URL"]
    queue = f"test-figures-{uuid.uuid4().hex}"
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")}
    app.conf.update(task_always_eager=False, broker_url=broker_url, task_default_queue=queue)
    media_root = tmp_path / "media"
    media_root.mkdir()
    started = Worker(queue=queue, broker_url=broker_url, media_root=media_root, log_path=tmp_path / "worker.log")
    try:
        yield started
    finally:
        app.conf.update(saved)
        stop(started.process)
        forget_queue(broker_url, queue, None)
        with redis.Redis.from_url(broker_url) as client:
            client.delete("unacked", "unacked_index", "unacked_mutex")


def informed(row: StoredFigures) -> int:
    return json.loads(row.figures)["kpis"][INFORMED]["value"]


def test_changes_to_counted_records_are_on_the_dashboard_within_a_minute_by_one_refresh(worker, client, users):
    project = Project.objects.get(slug="sammen-om-fritidsjob")
    as_of = timezone.localdate() if project.start <= timezone.localdate() <= project.end else project.end
    day = min(as_of, project.end) - datetime.timedelta(days=1)
    client.force_login(users[roles.PROJECT_LEADER])
    first = client.get(URL).context["board"]
    before = {row.key: row.value for row in first.rows}[INFORMED]
    row = StoredFigures.objects.get(project=project, as_of=kpi_window(project).end)

    # Three commits in quick succession: one refresh after the debounce, not three.
    began = time.monotonic()
    for _number in range(3):
        InformationEventFactory(date=day, youth_count=10, parent_count=5)
    assert StoredFigures.objects.get(pk=row.pk).stale_since is not None
    # Meanwhile the page shows the stored figures and the moment they are of (the refresh is on its way).
    meanwhile = client.get(URL).context["board"]
    assert meanwhile.computed_at == row.computed_at

    deadline = began + 60
    while time.monotonic() < deadline:
        current = StoredFigures.objects.get(pk=row.pk)
        if current.stale_since is None:
            break
        time.sleep(0.5)
    assert worker.process.poll() is None, worker.log()
    current = StoredFigures.objects.get(pk=row.pk)
    assert current.stale_since is None, f"not refreshed within a minute; worker log:\n{worker.log()}"
    assert current.computed_at > row.computed_at
    assert informed(current) == before + 3 * 15
    after = client.get(URL).context["board"]
    assert {r.key: r.value for r in after.rows}[INFORMED] == before + 3 * 15
    assert after.computed_at == current.computed_at
    refreshes = [
        line for line in worker.log().splitlines() if "refresh_stored_figures[" in line and "succeeded" in line
    ]
    assert len(refreshes) == 1, worker.log()
    assert stored.stored_figures_refresh() == 0  # nothing left stale
    UserFactory()  # a record no KPI counts asks for nothing
    assert StoredFigures.objects.get(pk=row.pk).refresh_requested_at is None
