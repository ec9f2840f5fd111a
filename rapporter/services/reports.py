"""The funder report: requested in the app or by the quarterly schedule, made by a Celery task, stored."""

import datetime
import logging
from functools import partial

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import long_date, render_markdown
from core.kpis import KPIS, Dimension, kpi_window
from core.tasks import enqueue_or_fail

from .. import name_check, progression, selectors
from ..models import FundReport, Project, ReportStatus, ReportText
from ..pdf import render_pdf

logger = logging.getLogger(__name__)

REPORT_TEMPLATE = "rapporter/pdf/fund_report.html"


def current_texts(project: Project) -> dict[str, str]:
    text = ReportText.objects.filter(project=project).first()
    return text.as_dict() if text else dict.fromkeys(ReportText.SECTIONS, "")


@transaction.atomic
def fund_report_request(
    *, project: Project, as_of: datetime.date | None, requested_by, texts: dict[str, str] | None = None
) -> FundReport:
    """A queued report; the PDF is made by a Celery task once this transaction has committed.

    Refused (a ValidationError per section, naming the words) while its texts name a young person or parent.
    """
    texts = texts if texts is not None else current_texts(project)
    name_check.report_texts_check(texts)
    report = FundReport(
        project=project,
        as_of=kpi_window(project, as_of).end,
        texts=texts,
        requested_by=requested_by,
    )
    report.full_clean()
    report.save()
    fund_report_enqueue(report.pk)
    return report


def _mark_unqueued(reason: str, *, report_id: int) -> None:
    FundReport.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.FAILED, error=reason, finished_at=timezone.now()
    )


def fund_report_enqueue(report_id: int) -> None:
    """Queue the report's task once the transaction commits; a broker that is gone marks it failed."""
    from .. import tasks

    transaction.on_commit(
        lambda: enqueue_or_fail(
            tasks.generate_fund_report,
            kwargs={"report_id": report_id},
            on_failure=partial(_mark_unqueued, report_id=report_id),
        )
    )


@transaction.atomic
def fund_report_retry(*, report: FundReport) -> FundReport:
    """Prøv igen: a failed report goes back on the queue with the texts and date it was ordered with."""
    if report.status != ReportStatus.FAILED:
        raise ValidationError(_("Kun en fejlet rapport kan prøves igen."))
    now = timezone.now()
    fields = {"status": ReportStatus.QUEUED, "error": "", "finished_at": None, "queued_at": now, "requeued": 0}
    if not FundReport.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(**fields):
        raise ValidationError(_("Rapporten er allerede sat i gang igen."))
    for field, value in fields.items():
        setattr(report, field, value)
    fund_report_enqueue(report.pk)
    return report


def fund_report_context(*, project: Project, as_of: datetime.date, texts: dict[str, str]) -> dict:
    """What the PDF shows: aggregated figures only (no caseload, small counts hidden), nothing about a person."""
    board = selectors.dashboard(
        project=project, as_of=as_of, dimensions=list(Dimension), discreet=True, with_caseload=False
    )
    return {
        "board": board,
        "texts": {section: render_markdown(texts.get(section, "")) for section in ReportText.SECTIONS},
        "has_texts": any((texts.get(section) or "").strip() for section in ReportText.SECTIONS),
        "definitions": [KPIS[row.key] for row in board.rows],
        "generated_at": timezone.localtime(),
        "small_number_limit": project.small_number_limit,
        "progression": progression.progression_report(window=board.window, limit=project.small_number_limit),
    }


def _section_labels() -> dict[str, str]:
    return {
        section: str(ReportText._meta.get_field(section).verbose_name).capitalize() for section in ReportText.SECTIONS
    }


def _set_status(report: FundReport, status: str) -> None:
    FundReport.objects.filter(pk=report.pk).update(status=status)
    report.status = status


def fund_report_generate(*, report: FundReport) -> FundReport:
    """Compute, render and store the PDF. Runs once per report: a second call finds it claimed."""
    # Each step commits on its own, so the page polling the report sees the progress.
    if not FundReport.objects.filter(pk=report.pk, status=ReportStatus.QUEUED).update(status=ReportStatus.COMPUTING):
        report.refresh_from_db()
        return report
    report.status = ReportStatus.COMPUTING
    # Names may have been registered since the report was ordered (or a scheduled one took the saved texts).
    if problem := name_check.report_texts_problem(report.texts or {}, _section_labels()):
        report.status, report.error, report.finished_at = ReportStatus.FAILED, problem, timezone.now()
        report.save(update_fields=["status", "error", "finished_at"])
        return report
    try:
        context = fund_report_context(project=report.project, as_of=report.as_of, texts=report.texts)
        _set_status(report, ReportStatus.RENDERING)
        pdf = render_pdf(REPORT_TEMPLATE, context)
        report.file.save(report.download_name, ContentFile(pdf), save=False)
        report.status = ReportStatus.DONE
        report.finished_at = timezone.now()
        report.save(update_fields=["file", "status", "finished_at"])
    except Exception as error:  # a report that cannot be made must say so, not spin forever
        logger.exception("Funder report %s failed", report.pk)
        report.status = ReportStatus.FAILED
        report.error = f"{type(error).__name__}: {error}"[:2000]
        report.finished_at = timezone.now()
        report.save(update_fields=["status", "error", "finished_at"])
    return report


def fund_report_email(*, report: FundReport, recipients: list[str]) -> bool:
    """Send the stored PDF; False if it was sent already (at most once per report)."""
    if not recipients or not report.is_done:
        return False
    sent_at = timezone.now()
    if not FundReport.objects.filter(pk=report.pk, emailed_at=None).update(
        emailed_at=sent_at, emailed_to="\n".join(recipients)
    ):
        return False
    try:
        with report.file.open("rb") as handle:
            content = handle.read()
        message = EmailMessage(
            subject=_("Statusrapport: %(project)s pr. %(date)s")
            % {"project": report.project.name, "date": long_date(report.as_of)},
            body=_(
                "Kære modtager\n\n"
                "Hermed kvartalets statusrapport for %(project)s med nøgletal opgjort pr. %(date)s. "
                "Rapporten er vedhæftet som PDF og indeholder ingen personoplysninger.\n\n"
                "Venlig hilsen\nFritidsjob"
            )
            % {"project": report.project.name, "date": long_date(report.as_of)},
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
            attachments=[(report.download_name, content, "application/pdf")],
        )
        message.send()
    except Exception:
        # Not sent after all: let the next run (or a retry) try again.
        FundReport.objects.filter(pk=report.pk, emailed_at=sent_at).update(emailed_at=None, emailed_to="")
        raise
    report.emailed_at, report.emailed_to = sent_at, "\n".join(recipients)
    return True


def last_quarter(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the calendar quarter before the one `today` is in."""
    this_quarter = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    start = this_quarter - relativedelta(months=3)
    return start, this_quarter - datetime.timedelta(days=1)


def quarterly_fund_reports_send(*, today: datetime.date | None = None) -> list[FundReport]:
    """For every project that ran in the quarter just ended and has recipients: make its report and e-mail it.

    Safe to run again: one scheduled report per project and as-of date, each e-mailed once.
    """
    quarter_start, quarter_end = last_quarter(today or timezone.localdate())
    projects = Project.objects.filter(start__lte=quarter_end, end__gte=quarter_start).exclude(report_recipients="")
    sent = []
    for project in projects:
        as_of = kpi_window(project, quarter_end).end
        report = FundReport.objects.filter(project=project, as_of=as_of, scheduled=True).first()
        if report is None:
            try:
                with transaction.atomic():
                    report = FundReport.objects.create(
                        project=project, as_of=as_of, scheduled=True, texts=current_texts(project)
                    )
            except IntegrityError:  # another run made it just now
                report = FundReport.objects.get(project=project, as_of=as_of, scheduled=True)
        if report.status == ReportStatus.QUEUED:
            fund_report_generate(report=report)
        report.refresh_from_db()
        if fund_report_email(report=report, recipients=project.recipient_list):
            sent.append(report)
    return sent
