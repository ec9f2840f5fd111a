"""Background jobs of the reporting app: thin wrappers around the services."""

from celery import shared_task
from django.utils import timezone

from . import services
from .models import FundReport, ImportBatch, IndustryGuide


@shared_task
def generate_fund_report(*, report_id: int) -> None:
    report = FundReport.objects.select_related("project").filter(pk=report_id).first()
    if report is None:
        return
    services.fund_report_generate(report=report)


@shared_task
def generate_industry_guide(*, guide_id: int) -> None:
    guide = IndustryGuide.objects.select_related("industry").filter(pk=guide_id).first()
    if guide is None:
        return
    services.industry_guide_generate(guide=guide)


@shared_task
def check_import_batch(*, batch_id: int) -> None:
    """The dry run of an uploaded file."""
    batch = ImportBatch.objects.select_related("uploaded_by").filter(pk=batch_id).first()
    if batch is None:
        return
    services.import_batch_check(batch=batch)


@shared_task
def run_import_batch(*, batch_id: int) -> None:
    """The confirmed import of a checked file."""
    batch = ImportBatch.objects.select_related("finished_by").filter(pk=batch_id).first()
    if batch is None:
        return
    services.import_batch_run(batch=batch)


@shared_task
def send_quarterly_fund_reports() -> None:
    """Scheduled (CELERY_BEAT_SCHEDULE): the funder report of the quarter just ended, e-mailed to its recipients."""
    services.quarterly_fund_reports_send()


@shared_task
def discard_stale_imports() -> None:
    """Scheduled (CELERY_BEAT_SCHEDULE): uploads never confirmed lose their file after a week."""
    services.import_batches_discard_stale()


@shared_task
def sweep_stuck_jobs() -> dict:
    """Scheduled (CELERY_BEAT_SCHEDULE): reports, guides and imports whose worker died are queued again or failed."""
    return services.stuck_jobs_sweep(now=timezone.now())


@shared_task
def refresh_stored_figures() -> int:
    """Asked for by a change to a counted record (debounced): the stale stored KPI figures computed again."""
    return services.stored_figures_refresh()


@shared_task
def compute_nightly_figures() -> int:
    """Scheduled (CELERY_BEAT_SCHEDULE): today's KPI figures of every running project, before anyone asks."""
    return services.stored_figures_nightly()
