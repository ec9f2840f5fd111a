"""The funder report: a PDF made by Celery, stored with its as-of date, and e-mailed every quarter."""

import datetime
import io

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.formatting import number
from core.kpis import compute_kpis
from foraeldre.models import Parent
from fritidsjob import roles
from fritidsjob.models import Heartbeat, Youth
from rapporter import services, tasks
from rapporter.models import FundReport, Project, ReportStatus, ReportText
from rapporter.pdf import render_pdf
from rapporter.services.reports import REPORT_TEMPLATE, fund_report_context, last_quarter

from .factories import JournalEntryFactory, YouthFactory
from .factories_rapporter import FundReportFactory, ProjectFactory, seeded_project
from .factories_talentvaerksted import CompletedEnrollmentFactory
from .kpi_fakes import register_test_kpis
from .marks import COMMITTED_DB
from .pdf_layout import POINTS_PER_MM, page_widths, pdf_lines

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def project(monkeypatch):
    return register_test_kpis(monkeypatch)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def stored_bytes(report: FundReport) -> bytes:
    with report.file.open("rb") as handle:
        return handle.read()


MIDWAY = D(2023, 6, 30)


def make_report(project, leader, capture, as_of=MIDWAY, texts=None) -> FundReport:
    """Order a report as the page does; the on-commit hook runs the Celery task (eagerly in tests)."""
    with capture(execute=True):
        report = services.fund_report_request(project=project, as_of=as_of, requested_by=leader, texts=texts)
    report.refresh_from_db()
    return report


def people_with_names(staff) -> list[str]:
    """Young people and a parent with names that appear nowhere else."""
    youth = [
        YouthFactory(
            first_name="Zelmira", last_name="Quistgaard", registered_on=D(2022, 3, 1), responsible_staff=staff
        ),
        YouthFactory(first_name="Xaver", last_name="Brøndumsen", registered_on=D(2023, 2, 1)),
    ]
    JournalEntryFactory(youth=youth[0], date=D(2023, 1, 5), author=staff)
    parent = Parent.objects.create(first_name="Ottilie", last_name="Vindelbo")
    parent.children.set(youth)
    return ["Zelmira", "Quistgaard", "Xaver", "Brøndumsen", "Ottilie", "Vindelbo"]


def test_the_pdf_has_every_kpi_value_and_target_and_no_name(project, users, django_capture_on_commit_callbacks):
    staff = users[roles.JOBCENTER_CONSULTANT]
    staff.first_name, staff.last_name = "Kirstine", "Sagsbehandlersen"
    staff.save()
    names = [*people_with_names(staff), "Kirstine", "Sagsbehandlersen"]
    texts = {"summary": "Året gik **godt**.", "progress": "- Flere virksomheder", "challenges": "", "next_steps": ""}

    report = make_report(project, users[roles.PROJECT_LEADER], django_capture_on_commit_callbacks, texts=texts)

    assert report.status == ReportStatus.DONE
    text = pdf_text(stored_bytes(report))
    figures = compute_kpis(project, as_of=D(2023, 6, 30))["kpis"]
    assert figures["test_registreret"]["value"] == 2
    for key, kpi_figures in figures.items():
        value, target = kpi_figures["value"], kpi_figures["target"]
        assert (number(value) if value is not None else "ikke registreret") in text, key
        if target is not None:
            assert number(target) in text, key
    for target in ("350", "280", "1.000", "365", "6.400", "1.100"):
        assert target in text
    assert "Statusrapport" in text and "Sammen om fritidsjob" in text
    assert "Året gik godt." in text
    assert "Flere virksomheder" in text
    assert "30. juni 2023" in text  # the as-of date in the prose: the long form
    for name in names:
        assert name not in text
    everybody = [
        *Youth.objects.values_list("first_name", "last_name"),
        *Parent.objects.values_list("first_name", "last_name"),
    ]
    for first_name, last_name in everybody:
        assert first_name not in text and last_name not in text


def test_ordering_a_report_on_the_page_runs_the_task_and_offers_the_download(
    client, users, project, django_capture_on_commit_callbacks
):
    client.force_login(users[roles.PROJECT_LEADER])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("rapporter:report_create", args=[project.slug]),
            {"as_of": "2023-12-31", "summary": "Godt år", "progress": "", "challenges": "", "next_steps": ""},
        )

    report = FundReport.objects.get()
    assert response.url == reverse("rapporter:report_detail", args=[report.pk])
    assert (report.status, report.as_of, bool(report.file)) == (ReportStatus.DONE, D(2023, 12, 31), True)
    assert ReportText.objects.get(project=project).summary == "Godt år"  # kept for the next report
    page = client.get(response.url).content.decode()
    assert reverse("rapporter:report_download", args=[report.pk]) in page
    assert 'hx-trigger="every 2s"' not in page  # polling has stopped
    download = client.get(reverse("rapporter:report_download", args=[report.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="statusrapport-sammen-om-fritidsjob-2023-12-31.pdf"'
    assert download.content == stored_bytes(report)
    # The form for the next report starts with the texts written last time.
    assert "Godt år" in client.get(reverse("rapporter:report_create", args=[project.slug])).content.decode()


def test_an_earlier_report_downloads_again_unchanged(client, users, project, django_capture_on_commit_callbacks):
    leader = users[roles.PROJECT_LEADER]
    first = make_report(project, leader, django_capture_on_commit_callbacks, texts={"summary": "Første"})
    first_bytes = stored_bytes(first)
    # Later: more data, other texts, other targets.
    YouthFactory(registered_on=D(2022, 5, 1))
    project.targets = {**project.targets, "test_registreret": 999}
    project.save()

    second = make_report(project, leader, django_capture_on_commit_callbacks, texts={"summary": "Anden"})

    client.force_login(users[roles.FUNDER])
    assert client.get(reverse("rapporter:report_download", args=[first.pk])).content == first_bytes
    assert "Første" in pdf_text(first_bytes)
    assert "999" in pdf_text(stored_bytes(second))
    assert "999" not in pdf_text(first_bytes)


def test_a_report_is_generated_once(project, users, django_capture_on_commit_callbacks):
    report = make_report(project, users[roles.PROJECT_LEADER], django_capture_on_commit_callbacks)
    name = report.file.name

    services.fund_report_generate(report=report)
    tasks.generate_fund_report.delay(report_id=report.pk)

    report.refresh_from_db()
    assert report.file.name == name
    tasks.generate_fund_report.delay(report_id=123456)  # gone: nothing happens


def test_the_page_polls_while_the_report_is_being_made(client, users):
    queued = FundReportFactory(status=ReportStatus.RENDERING, file="")
    client.force_login(users[roles.FUNDER])

    partial = client.get(reverse("rapporter:report_detail", args=[queued.pk]), headers={"HX-Request": "true"})

    content = partial.content.decode()
    assert 'hx-trigger="every 2s"' in content
    assert "Laver PDF" in content
    assert "<html" not in content
    assert client.get(reverse("rapporter:report_download", args=[queued.pk])).status_code == 404


@COMMITTED_DB
def test_a_report_made_inside_the_request_says_it_is_made_not_that_it_comes_soon(client, users, project):
    """No broker (CELERY_BROKER_URL empty, the tests' eager mode): the PDF is done when the page answers."""
    client.force_login(users[roles.PROJECT_LEADER])

    response = client.post(
        reverse("rapporter:report_create", args=[project.slug]),
        {"as_of": "2023-12-31", "summary": "", "progress": "", "challenges": "", "next_steps": ""},
        follow=True,
    )

    page = response.content.decode()
    assert FundReport.objects.get().is_done
    assert "Rapporten er lavet." in page and "klar om lidt" not in page and "i baggrunden" not in page
    assert "Hent rapporten (PDF)" in page


def test_a_queued_report_says_when_no_worker_is_running_to_make_it(client, users, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # a broker is set up: jobs wait for a worker
    report = FundReportFactory(status=ReportStatus.QUEUED, file=None, finished_at=None)
    client.force_login(users[roles.PROJECT_LEADER])
    url = reverse("rapporter:report_detail", args=[report.pk])
    waiting = "Baggrundsprocessen, der laver rapporterne, kører ikke lige nu."

    assert waiting in client.get(url).content.decode()
    assert waiting in client.get(url, headers={"HX-Request": "true"}).content.decode()  # the poll says it too

    Heartbeat.objects.create(name="worker", last_seen=timezone.now())
    assert waiting not in client.get(url).content.decode()
    Heartbeat.objects.update(last_seen=timezone.now() - datetime.timedelta(minutes=6))
    assert waiting in client.get(url).content.decode()
    settings.CELERY_BROKER_URL = ""  # no broker: jobs run inside the request, no worker to wait for
    assert waiting not in client.get(url).content.decode()


def test_the_funder_sees_the_reports_without_who_ordered_them(client, users):
    leader = users[roles.PROJECT_LEADER]
    leader.first_name, leader.last_name = "Pernille", "Projektledersen"
    leader.save()
    FundReportFactory(project=Project.objects.get(slug="sammen-om-fritidsjob"), requested_by=leader)
    client.force_login(users[roles.FUNDER])

    content = client.get(reverse("rapporter:report_list")).content.decode()

    assert "30.06.2024" in content
    assert "Projektledersen" not in content
    assert "Lav ny statusrapport" not in content


# --- the quarterly run -----------------------------------------------------------------------


def test_last_quarter():
    assert last_quarter(D(2024, 7, 2)) == (D(2024, 4, 1), D(2024, 6, 30))
    assert last_quarter(D(2024, 1, 15)) == (D(2023, 10, 1), D(2023, 12, 31))
    assert last_quarter(D(2024, 12, 31)) == (D(2024, 7, 1), D(2024, 9, 30))


def test_quarterly_report_is_made_and_emailed_once(mailoutbox):
    running = ProjectFactory(
        start=D(2024, 1, 1), end=D(2025, 12, 31), report_recipients="fond@example.dk\nleder@example.dk"
    )
    ended = ProjectFactory(start=D(2022, 1, 1), end=D(2024, 5, 31), report_recipients="fond@example.dk")
    ProjectFactory(start=D(2024, 9, 1), end=D(2026, 12, 31), report_recipients="fond@example.dk")  # not started
    # The seeded project has no recipients: no report.

    sent = services.quarterly_fund_reports_send(today=D(2024, 7, 2))
    again = services.quarterly_fund_reports_send(today=D(2024, 7, 2))

    assert sorted((report.project.slug, report.as_of) for report in sent) == sorted(
        [(running.slug, D(2024, 6, 30)), (ended.slug, D(2024, 5, 31))]
    )
    assert again == []
    assert FundReport.objects.filter(scheduled=True).count() == 2
    assert len(mailoutbox) == 2
    message = next(m for m in mailoutbox if m.to == ["fond@example.dk", "leder@example.dk"])
    assert message.subject == f"Statusrapport: {running.name} pr. 30. juni 2024"
    (filename, content, mimetype) = message.attachments[0]
    assert (filename, mimetype) == (f"statusrapport-{running.slug}-2024-06-30.pdf", "application/pdf")
    assert running.name in pdf_text(content)
    report = FundReport.objects.get(project=running)
    assert report.emailed_to == "fond@example.dk\nleder@example.dk"


def test_the_beat_schedule_runs_the_quarterly_task():
    entry = settings.CELERY_BEAT_SCHEDULE["rapporter-kvartalsrapport"]

    assert entry["task"] == tasks.send_quarterly_fund_reports.name
    assert entry["schedule"] == crontab(minute=0, hour=7, day_of_month=2, month_of_year="1,4,7,10")


def test_the_quarterly_task_through_celery(mailoutbox):
    today = datetime.date.today()
    ProjectFactory(
        start=today - datetime.timedelta(days=400),
        end=today + datetime.timedelta(days=400),
        report_recipients="fond@example.dk",
    )

    tasks.send_quarterly_fund_reports.delay()

    assert len(mailoutbox) == 1
    assert FundReport.objects.get().as_of == last_quarter(today)[1]


def test_an_as_of_date_before_the_project_is_refused(client, users):
    client.force_login(users[roles.PROJECT_LEADER])

    response = client.post(
        reverse("rapporter:report_create", args=["sammen-om-fritidsjob"]),
        {"as_of": "2021-12-31", "summary": "", "progress": "", "challenges": "", "next_steps": ""},
    )

    assert "Opgørelsesdatoen ligger før indsatsens start (01.01.2022)." in response.content.decode()
    assert FundReport.objects.count() == 0
    assert not ReportText.objects.exists()


def test_an_as_of_date_after_the_project_is_moved_to_its_end_with_a_message(
    client, users, django_capture_on_commit_callbacks
):
    client.force_login(users[roles.PROJECT_LEADER])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("rapporter:report_create", args=["sammen-om-fritidsjob"]),
            {"as_of": "2025-06-30", "summary": "", "progress": "", "challenges": "", "next_steps": ""},
            follow=True,
        )

    assert FundReport.objects.get().as_of == D(2024, 12, 31)
    assert "Indsatsen sluttede 31.12.2024, så rapporten er opgjort pr. 31.12.2024." in response.content.decode()


def text_past_the_right_margin(content: bytes) -> list[tuple[int, str]]:
    """(page, text) of every line of text that ends beyond the page's right margin (print.css: 18 mm each side)."""
    content_widths = [width - 2 * 18 * POINTS_PER_MM for width in page_widths(content)]
    return [(line.page, line.text) for line in pdf_lines(content) if line.end > content_widths[line.page - 1] + 1]


def test_every_line_of_the_funder_pdf_lies_inside_its_page():
    """The breakdowns have a column per KPI of the contract: they once ran off pages 5-9."""
    for _ in range(4):
        CompletedEnrollmentFactory(youth=YouthFactory(in_target_group=True), completed_on=D(2023, 5, 1))
    context = fund_report_context(project=seeded_project(), as_of=MIDWAY, texts={})
    assert [table.is_empty for table in context["board"].breakdowns] == [False] * len(context["board"].breakdowns)
    assert len(context["board"].breakdowns) >= 6  # every dimension

    pdf = render_pdf(REPORT_TEMPLATE, context)

    assert text_past_the_right_margin(pdf) == []
    last_page = PdfReader(io.BytesIO(pdf)).pages[-1].extract_text()
    assert last_page.count("\n") > 5  # not a lone paragraph
