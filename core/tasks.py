"""Queueing a background job on a user's request, so that a broker that is gone never gives a 500.

Every place that queues a job because someone pressed a button goes through
`enqueue_or_fail` (inside `transaction.on_commit`, as always)::

    transaction.on_commit(
        lambda: enqueue_or_fail(
            tasks.generate_fund_report, kwargs={"report_id": report.pk}, on_failure=mark_failed
        )
    )

With the broker unreachable the publish fails within a couple of seconds
(settings: CELERY_BROKER_CONNECTION_TIMEOUT, no publish retry here), the
failure is logged, and `on_failure(reason)` records it on the job so its page can
say so and offer "Prøv igen". No task is defined here.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# What a job failed for when it never reached the queue; pages test for it to say so.
QUEUE_ERROR_PREFIX = "Køserveren svarede ikke"


def queue_error(error: BaseException) -> str:
    return f"{QUEUE_ERROR_PREFIX}: {type(error).__name__}: {error}"[:2000]


def enqueue_or_fail(
    task: Any, *, kwargs: dict[str, Any], on_failure: Callable[[str], None], countdown: float | None = None
) -> bool:
    """Queue `task(**kwargs)` (to run `countdown` seconds from now); True if queued (or run, in eager
    mode), False if the broker could not be reached."""
    app = task.app
    if app.conf.task_always_eager:
        task.apply_async(kwargs=kwargs)
        return True
    try:
        # A connection of its own: no pooled connection to a broker that went away meanwhile.
        with app.connection_for_write() as connection:
            task.apply_async(kwargs=kwargs, connection=connection, retry=False, countdown=countdown)
    except (OperationalError, OSError) as error:
        logger.warning("Could not queue %s(%s): %s", task.name, kwargs, error)
        on_failure(queue_error(error))
        return False
    return True


def broker_down_message() -> str:
    return _("Baggrundskøen svarer ikke lige nu, så jobbet er ikke sat i gang. Prøv igen om lidt.")
