"""The worker's own heartbeat: a timer in every worker records Heartbeat "worker" once a minute.

The beat tick (Heartbeat "beat") needs beat and a worker; this one only a
worker, so the health page can tell which of the two has stopped.
"""

import logging

from celery.signals import worker_ready
from django.db import close_old_connections

logger = logging.getLogger(__name__)

WORKER_HEARTBEAT_SECONDS = 60
WORKER_HEARTBEAT_NAME = "worker"


def record_worker_heartbeat() -> None:
    from fritidsjob.services import heartbeat_record

    try:
        heartbeat_record(name=WORKER_HEARTBEAT_NAME)
    except Exception:  # a database hiccup must not stop the worker's timer
        logger.exception("Could not record the worker heartbeat")
    finally:
        close_old_connections()


@worker_ready.connect(dispatch_uid="opgaver_worker_heartbeat")
def start_worker_heartbeat(sender, **kwargs) -> None:
    record_worker_heartbeat()
    sender.timer.call_repeatedly(WORKER_HEARTBEAT_SECONDS, record_worker_heartbeat)
