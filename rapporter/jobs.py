"""The health page's view of this app's background jobs (core.jobs): funder reports, guide PDFs and imports."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core import jobs

from .models import IMPORT_PENDING, FundReport, GuideStatus, ImportBatch, ImportStatus, IndustryGuide, ReportStatus
from .services.sweep import GUIDE_PENDING, REPORT_PENDING, stuck_after

# Failed reports stay failed until someone presses "Prøv igen": the page counts the recent ones.
RECENT_FAILURES = datetime.timedelta(days=7)


@jobs.register
def summaries(now: datetime.datetime) -> list[jobs.JobSummary]:
    cutoff = now - stuck_after()
    reports = FundReport.objects.aggregate(
        pending=Count("pk", filter=Q(status__in=REPORT_PENDING)),
        stuck=Count("pk", filter=Q(status__in=REPORT_PENDING, queued_at__lt=cutoff)),
        failed=Count("pk", filter=Q(status=ReportStatus.FAILED, finished_at__gte=now - RECENT_FAILURES)),
    )
    guides = IndustryGuide.objects.aggregate(
        pending=Count("pk", filter=Q(pdf_status__in=GUIDE_PENDING)),
        stuck=Count(
            "pk", filter=Q(pdf_status__in=GUIDE_PENDING) & (Q(pdf_queued_at__lt=cutoff) | Q(pdf_queued_at=None))
        ),
        failed=Count("pk", filter=Q(pdf_status=GuideStatus.FAILED)),
    )
    imports = ImportBatch.objects.aggregate(
        pending=Count("pk", filter=Q(status__in=IMPORT_PENDING)),
        stuck=Count("pk", filter=Q(status__in=IMPORT_PENDING) & (Q(queued_at__lt=cutoff) | Q(queued_at=None))),
        # Only jobs that stopped (an error, a dead worker, no broker), not files with bad lines.
        failed=Count("pk", filter=Q(status=ImportStatus.FAILED, finished_at__gte=now - RECENT_FAILURES) & ~Q(error="")),
    )
    return [
        jobs.JobSummary(label=_("Statusrapporter"), url=reverse("rapporter:report_list"), **reports),
        jobs.JobSummary(label=_("Brancheguidernes PDF'er"), url=reverse("rapporter:guide_list"), **guides),
        jobs.JobSummary(label=_("Importer"), url=reverse("rapporter:import_upload"), **imports),
    ]
