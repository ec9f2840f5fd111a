"""Progression in a real browser (issue 18): a course completed, the consultant's task, the young person
answers on a 390 px phone through the SMS link; three months into a job again; the case shows both; the
project leader's dashboard shows the paired change; the funder PDF has the section and no name."""

import datetime
import importlib
import io
import re
from urllib.parse import urlsplit

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from fritidsjob import roles
from fritidsjob.progression.models import ProgressionResponse
from opgaver import services as opgaver_services
from opgaver import sms
from opgaver.models import ReminderRule
from rapporter.models import FundReport
from rapporter.pdf import render_pdf
from rapporter.services.reports import REPORT_TEMPLATE, fund_report_context
from talentvaerksted.models import EnrollmentStatus

from .browser import BROWSER_TEST_MARKS, expect, log_in
from .factories import YouthFactory
from .factories_rapporter import ProjectFactory
from .factories_talentvaerksted import EnrollmentFactory
from .factories_virksomheder import make_placement

pytestmark = BROWSER_TEST_MARKS


@pytest.fixture(autouse=True)
def default_questionnaire():
    """The default questionnaire of the data migration, made again if a previous test's flush removed it."""
    importlib.import_module("fritidsjob.migrations.0014_default_questionnaire").create(apps, None)


def came_in(record, day):
    type(record).objects.filter(pk=record.pk).update(
        created_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    )
    return record


def run_rules():
    today = timezone.localdate()
    opgaver_services.reminder_rules_sync(today=today)
    # Rules active from yesterday: the start a year ago is history, today's milestones are not.
    ReminderRule.objects.update(active_since=today - datetime.timedelta(days=1), enabled=True, lead_days=0)
    result = opgaver_services.reminder_rules_run(now=timezone.now().replace(hour=11))
    assert result.errors == {}


def sms_link(first_name):
    bodies = [m["body"] for m in sms.FileSmsBackend().messages() if first_name in m["body"]]
    assert bodies, "no SMS for the young person"
    url = re.search(r"https?://\S+", bodies[-1]).group(0)
    return urlsplit(url).path, bodies[-1]


def answer_on_phone(browser, live_server, path, value_label):
    context = browser.new_context(
        base_url=live_server.url,
        locale="da-DK",
        timezone_id="Europe/Copenhagen",
        viewport={"width": 390, "height": 844},
    )
    phone = context.new_page()
    phone.goto(path)
    expect(phone.get_by_role("heading", name="Hej Freja, hvordan går det?")).to_be_visible()
    assert "Frisk" not in phone.content()
    # Nothing scrolls sideways on the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    for group in phone.locator("fieldset.progression-item").all():
        group.get_by_text(value_label).click()
    phone.get_by_role("button", name="Send mine svar").click()
    expect(phone.get_by_role("heading", name="Tak, Freja!")).to_be_visible()
    context.close()


def test_a_young_person_answers_twice_and_the_leader_and_funder_see_the_change(
    page, browser, live_server, make_user, settings, tmp_path, sms_at_any_hour
):
    settings.SMS_BACKEND = "opgaver.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = str(tmp_path)
    settings.SITE_URL = live_server.url
    today = timezone.localdate()
    project = ProjectFactory(
        name="Progression i dag", start=today - relativedelta(years=1), end=today + relativedelta(years=1)
    )
    consultant = make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", email="karen@example.dk")
    make_user("projektleder", roles.PROJECT_LEADER)
    youth = YouthFactory(
        first_name="Freja",
        last_name="Frisk",
        phone="20304050",
        responsible_staff=consultant,
        registered_on=today - relativedelta(years=1),
    )
    came_in(youth, today - relativedelta(years=1))

    # She completes a course today: the consultant gets a task, Freja an SMS with her link.
    enrollment = came_in(EnrollmentFactory(youth=youth), today - datetime.timedelta(days=30))
    type(enrollment).objects.filter(pk=enrollment.pk).update(status=EnrollmentStatus.COMPLETED, completed_on=today)
    run_rules()
    log_in(page, "konsulent")
    page.goto("/opgaver/")
    expect(page.get_by_role("row").filter(has_text="Spørgeskema: efter gennemført forløb")).to_be_visible()

    path, body = sms_link("Freja")
    assert "Frisk" not in body
    answer_on_phone(browser, live_server, path, "Lidt")

    # Three months into a job that started three months ago: asked again.
    job = make_placement(youth=youth, start=today - relativedelta(months=3))
    came_in(job, today - relativedelta(months=3))
    run_rules()
    second_path, _body = sms_link("Freja")
    assert second_path != path
    answer_on_phone(browser, live_server, second_path, "Meget")
    assert ProgressionResponse.objects.filter(youth=youth).count() == 2

    # The case shows both answers per theme.
    page.goto(f"/unge/{youth.pk}/")
    panel = page.locator("#progression")
    expect(panel.locator("svg.progression-chart")).to_be_visible()
    row = panel.get_by_role("row").filter(has_text="Tro på egne evner")
    expect(row).to_contain_text("2,0")
    expect(row).to_contain_text("4,0")

    # The project leader's dashboard: the paired change.
    page.get_by_role("button", name="Log ud").click()
    log_in(page, "projektleder")
    page.goto(reverse("rapporter:kpi_overview") + f"?indsats={project.pk}")
    section = page.locator("#progression")
    expect(section.get_by_role("heading", name="Progression")).to_be_visible()
    expect(section.get_by_role("row").filter(has_text="Tro på egne evner").first).to_contain_text("+2,00")

    # The funder PDF: the progression section, no name.
    pdf = render_pdf(REPORT_TEMPLATE, fund_report_context(project=project, as_of=today, texts={}))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Progression" in text and "Tro på egne evner" in text
    assert "Freja" not in text and "Frisk" not in text
    assert FundReport.objects.count() == 0
