import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import beat_init
from django.conf import settings
from django.core import checks

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fritidsjob.settings")

app = Celery("fritidsjob")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect(dispatch_uid="fritidsjob_beat_first_tick")
def send_never_run_entries(sender, **kwargs) -> None:
    """A beat that has never ticked (a new schedule file) sends its interval entries at once.

    Celery would first wait a whole interval (15 minutes for the reminder rules), so a fresh
    `make run` would show no beat and no reminder for that long. Every entry is idempotent,
    so the extra tick does no harm; the calendar entries (crontab) keep their times.
    """
    scheduler = sender.scheduler
    for entry in list(scheduler.schedule.values()):
        if entry.total_run_count == 0 and not isinstance(entry.schedule, crontab):
            scheduler.apply_entry(scheduler.reserve(entry))


@checks.register("celery", deploy=True)
def check_production_broker(**kwargs) -> list[checks.CheckMessage]:
    """The embedded broker is for one machine in development: production names its Redis."""
    if settings.CELERY_BROKER_URL != settings.EMBEDDED_BROKER_URL:
        return []
    return [
        checks.Warning(
            "Background jobs go through the embedded SQLite broker (no REDIS_URL or CELERY_BROKER_URL).",
            hint="Set REDIS_URL (e.g. redis://redis:6379/0) so web, worker and beat share a real broker.",
            id="fritidsjob.W001",
        )
    ]
