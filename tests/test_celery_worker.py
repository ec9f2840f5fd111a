"""A real Celery worker, fed through Redis, writes to the test database.

The test process runs tasks eagerly (settings_test.py), so it sends the task
with a client app of its own that only knows the broker. The worker is a
separate process with the ordinary settings (fritidsjob.settings, debug on,
so tasks go through the broker), told where pytest-django's test database is.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from celery import Celery
from django.db import connection

from fritidsjob.models import Heartbeat
from fritidsjob.tasks import record_heartbeat
from tests.marks import COMMITTED_DB

ROOT = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 30
WORKER_ARGS = ["-m", "celery", "-A", "fritidsjob", "worker", "--pool=solo", "--loglevel=info"]
# Only this test talks to this worker: no cluster chatter.
QUIET_WORKER_ARGS = ["--without-gossip", "--without-mingle", "--without-heartbeat"]


def database_url_of_test_database() -> str:
    """A DATABASE_URL for the database this test runs against.

    At test time settings_dict["NAME"] is pytest-django's test database
    (test_<name>, test_<name>_gw0 under xdist), not the one in DATABASE_URL.
    """
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip(f"a worker process can't share the {connection.vendor} test database: needs PostgreSQL")
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host, query = db["HOST"] or db.get("OPTIONS", {}).get("host", ""), ""
    if host.startswith("/"):  # a socket directory goes to psycopg as an option
        host, query = "", f"?host={quote(host, safe='')}"
    port = f":{db['PORT']}" if db["PORT"] and host else ""
    at = "@" if credentials else ""
    return f"postgres://{credentials}{at}{quote(host, safe='')}{port}/{quote(db['NAME'], safe='')}{query}"


def worker_environment(database_url: str, broker_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="fritidsjob.settings",
        # Debug on so the settings need no production secrets; with a broker
        # configured, fritidsjob.settings doesn't run tasks eagerly.
        DJANGO_DEBUG="true",
        DATABASE_URL=database_url,
        REDIS_URL=broker_url,
        CELERY_BROKER_URL=broker_url,
        CELERY_RESULT_BACKEND=broker_url,
        PYTHONUNBUFFERED="1",
    )
    return env


def stop(worker: subprocess.Popen) -> None:
    """Warm shutdown (SIGTERM), so the worker closes its database connection
    before pytest-django flushes and later drops the test database."""
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)


def forget_queue(broker_url: str, queue: str, task_id: str | None) -> None:
    """Removes what the queue and the task's result left in Redis."""
    keys = [queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"]
    if task_id:
        keys.append(f"celery-task-meta-{task_id}")
    with redis.Redis.from_url(broker_url) as client:
        client.delete(*keys)


@pytest.mark.redis
@COMMITTED_DB
def test_worker_runs_a_task_sent_through_redis(tmp_path):
    broker_url = os.environ["REDIS_URL"]
    database_url = database_url_of_test_database()
    queue = f"test-{uuid.uuid4().hex}"
    heartbeat_name = f"test-worker-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path / "worker.log"

    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, *WORKER_ARGS, *QUIET_WORKER_ARGS, "--queues", queue, "--hostname", f"{queue}@%h"],
            cwd=ROOT,
            env=worker_environment(database_url, broker_url),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    client = Celery("fritidsjob-test-client", broker=broker_url, set_as_current=False)
    sent = None
    try:
        # Once the worker is ready, its queue is declared and the message can't miss it.
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and worker.poll() is None and " ready." not in log_path.read_text():
            time.sleep(0.25)
        sent = client.send_task(record_heartbeat.name, kwargs={"name": heartbeat_name}, queue=queue)

        while time.monotonic() < deadline and worker.poll() is None:
            if Heartbeat.objects.filter(name=heartbeat_name).exists():
                break
            time.sleep(0.25)

        assert worker.poll() is None, f"the worker exited ({worker.returncode}):\n{log_path.read_text()}"
        names = list(Heartbeat.objects.filter(name=heartbeat_name).values_list("name", flat=True))
        assert names == [heartbeat_name], f"no heartbeat after {WAIT_SECONDS} s; worker log:\n{log_path.read_text()}"
    finally:
        client.close()
        stop(worker)
        forget_queue(broker_url, queue, sent.id if sent else None)

    log = log_path.read_text()
    assert f"Task {record_heartbeat.name}[" in log
    assert "succeeded" in log
