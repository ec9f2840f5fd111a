"""What the health page checks: the broker, beat, the workers."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from kombu import Connection

from fritidsjob.models import Heartbeat

from .worker import WORKER_HEARTBEAT_NAME

BROKER_TIMEOUT_SECONDS = 1.0
# Beat ticks and the worker's heartbeat come every minute: five without one is a stop.
STALE_AFTER = datetime.timedelta(minutes=5)


@dataclass(frozen=True)
class BrokerStatus:
    configured: bool
    reachable: bool
    error: str = ""
    # The embedded broker (a SQLite file, make run) rather than a server such as Redis.
    embedded: bool = False


def broker_status(*, timeout: float = BROKER_TIMEOUT_SECONDS) -> BrokerStatus:
    """Connect to the broker once, giving up after `timeout` seconds."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return BrokerStatus(configured=False, reachable=False)
    embedded = False
    try:
        with Connection(url, connect_timeout=timeout) as connection:
            embedded = connection.transport.driver_type == "sql"
            # The SQLAlchemy transport passes its options to create_engine: there the lock wait is the timeout.
            connection.transport_options = (
                {"connect_args": {"timeout": timeout}}
                if embedded
                else {"socket_connect_timeout": timeout, "socket_timeout": timeout, "max_retries": 0}
            )
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
            if embedded:
                # Connecting opens no file: reading the queue's size does (and makes its tables).
                connection.default_channel.queue_declare(queue=settings.CELERY_TASK_DEFAULT_QUEUE)
    except Exception as error:
        return BrokerStatus(
            configured=True, reachable=False, embedded=embedded, error=f"{type(error).__name__}: {error}"[:300]
        )
    return BrokerStatus(configured=True, reachable=True, embedded=embedded)


def is_fresh(last_seen: datetime.datetime | None, now: datetime.datetime) -> bool:
    return last_seen is not None and now - last_seen <= STALE_AFTER


def no_worker_running(*, now: datetime.datetime) -> bool:
    """Jobs go through a broker, but no worker has shown life lately: a queued job waits until one starts."""
    if not settings.CELERY_BROKER_URL:  # eager: the job runs inside the request
        return False
    last_seen = Heartbeat.objects.filter(name=WORKER_HEARTBEAT_NAME).values_list("last_seen", flat=True).first()
    return not is_fresh(last_seen, now)
