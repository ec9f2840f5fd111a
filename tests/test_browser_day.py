"""Issue 19's journeys in a real browser: a consultant's day from "I dag", and the calendar on a tablet."""

import datetime
import re

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from fritidsjob import roles
from opgaver import sms

from .browser import BROWSER_TEST_MARKS, expect, log_in, wait_for_htmx
from .factories import YouthFactory
from .factories_talentvaerksted import CourseFactory, CourseSessionFactory, EnrollmentFactory
from .factories_virksomheder import CompanyFactory, make_placement

pytestmark = BROWSER_TEST_MARKS


def test_a_consultant_starts_on_i_dag_follows_a_follow_up_finds_a_young_person_and_sends_an_sms(
    page, make_user, settings, tmp_path, sms_at_any_hour
):
    settings.SMS_BACKEND = "opgaver.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = str(tmp_path)
    consultant = make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", last_name="Konsulent")
    today = timezone.localdate()
    placed = YouthFactory(first_name="Oliver", last_name="Nørgaard", responsible_staff=consultant)
    make_placement(youth=placed, company=CompanyFactory(name="Bageriet"), start=today - relativedelta(months=1))
    ida = YouthFactory(first_name="Ida", last_name="Holm", phone="20304050", responsible_staff=consultant)

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "konsulent")
    follow_ups = page.get_by_role("region", name="Opfølgninger denne uge", exact=True)
    expect(page.get_by_role("region", name="Mine unge", exact=True)).to_contain_text("Ida Holm")
    follow_ups.get_by_role("link", name="Opfølgning (1 md.)").click()
    expect(page.get_by_role("heading", name="Opfølgning efter 1 måned", level=1)).to_be_visible()

    search = page.get_by_role("search").get_by_role("searchbox", name="Søg overalt")
    search.fill("ida hol")
    search.press("Enter")
    results = page.get_by_role("region", name="Unge", exact=True)
    results.get_by_role("link", name="Ida Holm").click()
    expect(page.get_by_role("heading", name="Ida Holm", level=1)).to_be_visible()

    page.get_by_role("link", name="Send SMS eller e-mail").click()
    expect(page.get_by_text("aldrig følsomme oplysninger").first).to_be_visible()
    page.get_by_label("Ida Holm, Den unge").check()
    page.get_by_label("Skabelon").select_option(label="Bed om at blive ringet op")
    page.get_by_role("button", name="Send", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("Beskeden er sendt til Ida Holm.")
    expect(page.get_by_role("list", name="Tidslinje")).to_contain_text("SMS til ung (sendt)")
    assert [(m["to"], m["body"]) for m in sms.FileSmsBackend(file_path=str(tmp_path)).messages()] == [
        ("20304050", "Hej Ida. Vil du ringe til mig, når du har tid? Venlig hilsen Karen Konsulent, Fritidsjob")
    ]
    assert ida.deliveries.get().sent_by == consultant


def test_a_consultant_on_a_tablet_opens_tomorrows_session_from_the_calendar_and_takes_roll_call(page, make_user):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    course = CourseFactory(title="Hold 3", start_date=tomorrow - datetime.timedelta(days=14))
    EnrollmentFactory(course=course, youth=YouthFactory(first_name="Freja", last_name="Mølgaard"))
    CourseSessionFactory(course=course, date=tomorrow)

    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet
    log_in(page, "konsulent")
    page.get_by_role("navigation").get_by_role("link", name="Kalender").click()
    expect(page.get_by_role("heading", name="Kalender", level=1)).to_be_visible()
    if tomorrow.weekday() == 0:  # tomorrow is next week's Monday
        page.get_by_role("link", name="Næste uge").click()
    day = page.get_by_role("region", name=re.compile(rf"{tomorrow.day}\. "))
    day.get_by_role("link", name=re.compile("Mødegang: Hold 3")).click()

    expect(page.get_by_role("heading", name="Fremmøde")).to_be_visible()
    wait_for_htmx(page)
    freja = page.get_by_role("group", name="Fremmøde for Freja Mølgaard")
    # Tomorrow's session is not held yet: the roll call takes an excuse now (mødt/udeblevet on the day).
    freja.get_by_role("button", name="Mødt").click()
    expect(page.get_by_text("Mødegangen er ikke holdt endnu.")).to_be_visible()
    freja.get_by_role("button", name="Afbud").click()
    expect(freja.get_by_role("button", name="Afbud")).to_have_attribute("aria-pressed", "true")
