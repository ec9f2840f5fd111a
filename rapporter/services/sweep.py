"""The sweep (beat, every few minutes): reports, guides and imports whose worker died do not stay "i gang" forever.

A job still not done STUCK_JOB_MINUTES after it was queued is queued once more (its
message may have been lost, or the worker died mid-task); if that does not help either,
it is marked failed, and its page offers "Prøv igen".
"""

import datetime

from django.conf import settings
from django.db.models import F, Q

from ..models import IMPORT_PENDING, FundReport, GuideStatus, ImportBatch, ImportStatus, IndustryGuide, ReportStatus
from .guides import industry_guide_enqueue
from .import_batches import import_batch_forget_file, import_batch_requeue
from .reports import fund_report_enqueue

# A stuck job is queued again this many times before it is marked failed.
MAX_REQUEUES = 1
REPORT_PENDING = (ReportStatus.QUEUED, ReportStatus.COMPUTING, ReportStatus.RENDERING)
GUIDE_PENDING = (GuideStatus.QUEUED, GuideStatus.RENDERING)
IMPORTED_NOTHING = "Intet er importeret."
STUCK_ERROR = "Blev ikke færdig inden for {minutes} minutter, heller ikke efter et nyt forsøg (en worker stoppede)."


def stuck_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.STUCK_JOB_MINUTES)


def stuck_reports(now: datetime.datetime):
    return FundReport.objects.filter(status__in=REPORT_PENDING, queued_at__lt=now - stuck_after())


def stuck_guides(now: datetime.datetime):
    cutoff = now - stuck_after()
    return IndustryGuide.objects.filter(
        Q(pdf_queued_at__lt=cutoff) | Q(pdf_queued_at=None), pdf_status__in=GUIDE_PENDING
    )


def stuck_imports(now: datetime.datetime):
    # No queued_at: an import a web request ran before imports became jobs, whose process died.
    cutoff = now - stuck_after()
    return ImportBatch.objects.filter(Q(queued_at__lt=cutoff) | Q(queued_at=None), status__in=IMPORT_PENDING)


def stuck_jobs_sweep(*, now: datetime.datetime) -> dict[str, int]:
    """Queue each stuck job again, or fail it when it was queued again already. Safe to run concurrently."""
    counts = {"requeued": 0, "failed": 0}
    error = STUCK_ERROR.format(minutes=settings.STUCK_JOB_MINUTES)
    for report in stuck_reports(now).only("pk", "status", "queued_at", "requeued"):
        # Each update is conditional on what we read, so two sweeps never both act on one job.
        claimed = FundReport.objects.filter(pk=report.pk, status=report.status, queued_at=report.queued_at)
        if report.requeued < MAX_REQUEUES:
            if claimed.update(status=ReportStatus.QUEUED, queued_at=now, requeued=F("requeued") + 1):
                fund_report_enqueue(report.pk)
                counts["requeued"] += 1
        elif claimed.update(status=ReportStatus.FAILED, error=error, finished_at=now):
            counts["failed"] += 1
    for guide in stuck_guides(now).only("pk", "pdf_status", "pdf_queued_at", "pdf_requeued"):
        claimed = IndustryGuide.objects.filter(
            pk=guide.pk, pdf_status=guide.pdf_status, pdf_queued_at=guide.pdf_queued_at
        )
        if guide.pdf_requeued < MAX_REQUEUES:
            if claimed.update(pdf_status=GuideStatus.QUEUED, pdf_queued_at=now, pdf_requeued=F("pdf_requeued") + 1):
                industry_guide_enqueue(guide)
                counts["requeued"] += 1
        elif claimed.update(pdf_status=GuideStatus.FAILED):
            counts["failed"] += 1
    for batch in stuck_imports(now).only("pk", "status", "requeued", "file"):
        # The import commits its data and its status together, so a stuck one has written nothing.
        if batch.requeued < MAX_REQUEUES:
            if import_batch_requeue(batch=batch, now=now):
                counts["requeued"] += 1
        elif ImportBatch.objects.filter(pk=batch.pk, status=batch.status, requeued=batch.requeued).update(
            status=ImportStatus.FAILED, error=error + " " + IMPORTED_NOTHING, finished_at=now
        ):
            import_batch_forget_file(batch)
            counts["failed"] += 1
    return counts
