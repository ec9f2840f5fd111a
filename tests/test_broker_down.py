"""Redis gone: ordering a report or saving a guide answers at once, the job says so, and "Prøv igen" works.

The broker here is real and unreachable: a port on 127.0.0.1 that nothing listens on,
given to the Celery app as its broker (with eager mode off for the test). The view's
transaction really commits (a committed test database), so the on-commit enqueue runs
inside the request, as in production.
"""

import datetime
import socket
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fritidsjob import roles
from fritidsjob.celery import app
from fritidsjob.models import Industry
from rapporter import services
from rapporter.models import FundReport, GuideStatus, ImportBatch, ImportStatus, IndustryGuide, ReportStatus
from rapporter.services.sweep import STUCK_ERROR

from .factories_rapporter import FundReportFactory, ImportBatchFactory, IndustryGuideFactory
from .kpi_fakes import register_test_kpis
from .marks import COMMITTED_DB

ANSWER_WITHIN_SECONDS = 3
REPORT_FORM = {"as_of": "2023-12-31", "summary": "Godt år", "progress": "", "challenges": "", "next_steps": ""}
GUIDE_FORM = {"why_hire": "Unge er friske.", "suitable_tasks": "", "practical_steps": "", "contact": ""}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broker_down():
    """The Celery app publishes to a broker on a closed port; `back()` returns to eager mode (the broker is back)."""
    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(broker_url=f"redis://127.0.0.1:{closed_port()}/0", task_always_eager=False)

    class Broker:
        @staticmethod
        def back():
            app.conf.task_always_eager = True

    yield Broker
    app.conf.update(saved)


def post_timed(client, url, data=None):
    started = time.monotonic()
    response = client.post(url, data or {}, follow=True)
    return response, time.monotonic() - started


@COMMITTED_DB
def test_ordering_a_report_with_the_broker_gone_answers_at_once_and_try_again_works(
    client, users, monkeypatch, broker_down
):
    project = register_test_kpis(monkeypatch)
    client.force_login(users[roles.PROJECT_LEADER])

    response, seconds = post_timed(client, reverse("rapporter:report_create", args=[project.slug]), REPORT_FORM)

    assert seconds < ANSWER_WITHIN_SECONDS
    assert response.status_code == 200
    report = FundReport.objects.get()
    assert (report.status, report.failed_to_queue, report.finished_at is not None) == (ReportStatus.FAILED, True, True)
    page = response.content.decode()
    assert "Rapporten er gemt, men kunne ikke sættes i gang. Baggrundskøen svarer ikke lige nu" in page
    assert "Ikke sat i gang" in page
    assert 'hx-trigger="every 2s"' not in page  # nothing to wait for
    retry = reverse("rapporter:report_retry", args=[report.pk])
    assert f'action="{retry}"' in page and "Prøv igen" in page

    # Still down: "Prøv igen" answers at once too, and the report stays failed.
    response, seconds = post_timed(client, retry)
    assert seconds < ANSWER_WITHIN_SECONDS
    assert "Baggrundskøen svarer ikke lige nu" in response.content.decode()
    report.refresh_from_db()
    assert report.failed_to_queue is True

    broker_down.back()
    response = client.post(retry, follow=True)

    report.refresh_from_db()
    assert (report.status, bool(report.file), report.error) == (ReportStatus.DONE, True, "")
    assert "Rapporten bliver lavet igen." in response.content.decode()
    assert reverse("rapporter:report_download", args=[report.pk]) in response.content.decode()


@COMMITTED_DB
def test_saving_a_guide_with_the_broker_gone_keeps_the_text_and_the_pdf_can_be_made_again(client, users, broker_down):
    retail = Industry.objects.get(name="Detailhandel")
    client.force_login(users[roles.PROJECT_LEADER])

    response, seconds = post_timed(client, reverse("rapporter:guide_update", args=[retail.pk]), GUIDE_FORM)

    assert seconds < ANSWER_WITHIN_SECONDS
    assert response.status_code == 200
    guide = IndustryGuide.objects.get(industry=retail)
    assert (guide.why_hire, guide.pdf_status) == ("Unge er friske.", GuideStatus.FAILED)
    page = response.content.decode()
    assert "Brancheguiden er gemt, men PDF&#x27;en kunne ikke sættes i gang." in page
    assert reverse("rapporter:guide_regenerate", args=[guide.pk]) in page

    broker_down.back()
    client.post(reverse("rapporter:guide_regenerate", args=[guide.pk]))

    guide.refresh_from_db()
    assert (guide.pdf_status, guide.is_current) == (GuideStatus.READY, True)


@pytest.mark.django_db
def test_retrying_a_report_that_has_not_failed_is_refused_with_a_message(client, users):
    report = FundReportFactory()
    client.force_login(users[roles.PROJECT_LEADER])

    response = client.post(reverse("rapporter:report_retry", args=[report.pk]), follow=True)

    assert "Kun en fejlet rapport kan prøves igen." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE


# --- the sweep -------------------------------------------------------------------------------


NOW = timezone.make_aware(datetime.datetime(2026, 3, 2, 12, 0))


def minutes_ago(minutes: int) -> datetime.datetime:
    return NOW - datetime.timedelta(minutes=minutes)


@pytest.mark.django_db
def test_the_sweep_queues_stuck_jobs_once_more_then_fails_them(django_capture_on_commit_callbacks):
    pending = {"status": ReportStatus.COMPUTING, "file": None, "finished_at": None}
    died = FundReportFactory(**pending, queued_at=minutes_ago(16))
    died_again = FundReportFactory(**pending, queued_at=minutes_ago(16), requeued=1)
    working = FundReportFactory(**pending, queued_at=minutes_ago(14))
    done = FundReportFactory(queued_at=minutes_ago(60))
    guide_died = IndustryGuideFactory(pdf_status=GuideStatus.RENDERING, pdf_queued_at=minutes_ago(20))
    guide_died_again = IndustryGuideFactory(
        pdf_status=GuideStatus.QUEUED, pdf_queued_at=minutes_ago(20), pdf_requeued=1
    )

    with django_capture_on_commit_callbacks() as enqueued:
        counts = services.stuck_jobs_sweep(now=NOW)

    assert counts == {"requeued": 2, "failed": 2}
    assert len(enqueued) == 2  # one task each for the report and the guide queued again
    states = {r.pk: (r.status, r.queued_at, r.requeued) for r in FundReport.objects.all()}
    assert states[died.pk] == (ReportStatus.QUEUED, NOW, 1)
    assert states[working.pk] == (ReportStatus.COMPUTING, minutes_ago(14), 0)
    assert states[done.pk][0] == ReportStatus.DONE
    died_again.refresh_from_db()
    assert (died_again.status, died_again.finished_at) == (ReportStatus.FAILED, NOW)
    assert died_again.error == STUCK_ERROR.format(minutes=15)
    guide_died.refresh_from_db()
    guide_died_again.refresh_from_db()
    assert (guide_died.pdf_status, guide_died.pdf_queued_at, guide_died.pdf_requeued) == (GuideStatus.QUEUED, NOW, 1)
    assert guide_died_again.pdf_status == GuideStatus.FAILED

    # Sixteen minutes later the jobs queued again are still not done: now they fail (and the
    # one that was working then is stuck now: it is queued again).
    with django_capture_on_commit_callbacks() as enqueued:
        later = services.stuck_jobs_sweep(now=NOW + datetime.timedelta(minutes=16))
    assert (later, len(enqueued)) == ({"requeued": 1, "failed": 2}, 1)
    died.refresh_from_db()
    guide_died.refresh_from_db()
    assert (died.status, guide_died.pdf_status) == (ReportStatus.FAILED, GuideStatus.FAILED)


@pytest.mark.django_db
def test_the_sweep_is_on_beats_schedule(settings):
    app.loader.import_default_modules()  # what worker and beat do first; alone, this test had no task modules
    entry = settings.CELERY_BEAT_SCHEDULE["rapporter-fastlaaste-job"]
    assert entry["task"] == "rapporter.tasks.sweep_stuck_jobs"
    assert entry["schedule"] <= 5 * 60
    assert app.tasks["rapporter.tasks.sweep_stuck_jobs"].name == entry["task"]


@pytest.mark.django_db
def test_the_health_page_shows_stuck_and_failed_jobs(client, users, settings):
    settings.CELERY_BROKER_URL = ""
    pending = {"status": ReportStatus.QUEUED, "file": None, "finished_at": None}
    FundReportFactory(**pending, queued_at=timezone.now() - datetime.timedelta(minutes=30))
    FundReportFactory(**pending)
    FundReportFactory(status=ReportStatus.FAILED, file=None, error="PDF fejl")
    IndustryGuideFactory(pdf_status=GuideStatus.FAILED)
    client.force_login(users[roles.PROJECT_LEADER])

    content = client.get(reverse("opgaver:health")).content.decode()

    section = content.split('id="status-jobs"', 1)[1].split("</section>")[0]
    rows = [row.split("</tr>")[0] for row in section.split("<tr>")[2:]]
    cells = [[cell.split("</td>")[0].strip() for cell in row.split("<td>")[1:]] for row in rows]
    assert cells[0][1:] == [
        "2",
        '<span class="badge text-bg-danger">1</span>',
        '<span class="badge text-bg-warning">1</span>',
    ]
    assert cells[1][1:] == ["0", "0", '<span class="badge text-bg-warning">1</span>']
    assert "Statusrapporter" in cells[0][0] and "Brancheguidernes PDF" in cells[1][0]


@COMMITTED_DB
def test_uploading_or_confirming_an_import_with_the_broker_gone_says_so_at_once(client, users, broker_down):
    client.force_login(users[roles.PROJECT_LEADER])
    upload = SimpleUploadedFile(
        "unge.csv", b"ref;fornavn;efternavn;foedselsdato;maalgruppe\r\nU1;Anna;Hansen;2010-03-15;ja\r\n"
    )

    response, seconds = post_timed(client, reverse("rapporter:import_upload"), {"kind": "unge", "file": upload})

    assert seconds < ANSWER_WITHIN_SECONDS
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.failed_to_queue, bool(batch.file)) == (ImportStatus.FAILED, True, False)
    page = response.content.decode()
    assert "Filen kunne ikke kontrolleres. Baggrundskøen svarer ikke lige nu" in page
    assert "Baggrundskøen svarede ikke, så jobbet blev ikke sat i gang. Intet er importeret." in page

    ready = ImportBatchFactory()
    response, seconds = post_timed(client, reverse("rapporter:import_confirm", args=[ready.pk]))

    assert seconds < ANSWER_WITHIN_SECONDS
    ready.refresh_from_db()
    assert (ready.status, ready.failed_to_queue) == (ImportStatus.FAILED, True)
    assert "Importen kunne ikke sættes i gang. Baggrundskøen svarer ikke lige nu" in response.content.decode()
