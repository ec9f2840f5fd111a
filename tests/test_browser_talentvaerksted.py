"""The Talentværksted journey on a tablet: create a course with sessions, enroll, roll call, complete, diploma."""

import datetime
import re

from django.utils import timezone
from pypdf import PdfReader

from fritidsjob import roles
from talentvaerksted.models import Attendance, Course, Enrollment

from .browser import BROWSER_TEST_MARKS, expect, log_in, wait_for_htmx
from .factories import YouthFactory

pytestmark = BROWSER_TEST_MARKS
TABLET = {"width": 768, "height": 1024}


def test_course_roll_call_completion_and_diploma_on_a_tablet(page, make_user):
    make_user("ungdomsskole", roles.YOUTH_SCHOOL, first_name="Ulla", last_name="Underviser")
    freja = YouthFactory(first_name="Freja", last_name="Mølgaard")
    oliver = YouthFactory(first_name="Oliver", last_name="Nørgaard")
    today = timezone.localdate()
    first_session = today - datetime.timedelta(weeks=1)

    page.set_viewport_size(TABLET)
    log_in(page, "ungdomsskole")

    # A course with two weekly sessions; the rule: at least half of them.
    page.get_by_role("link", name="Opret forløb").click()
    page.get_by_label("Titel").fill("Talentværksted forår")
    page.get_by_label("CV", exact=True).check()
    page.get_by_label("Jobsamtale").check()
    page.get_by_label("Startdato").fill(first_session.isoformat())
    page.get_by_label("Slutdato").fill((today + datetime.timedelta(weeks=1)).isoformat())
    page.get_by_label("Sted").fill("Ungdomsskolen")
    page.get_by_label("Antal pladser").fill("8")
    page.get_by_label("Krav til fremmøde (%)").fill("50")
    page.get_by_label("Ulla Underviser").check()
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("alert")).to_contain_text("Forløbet Talentværksted forår er oprettet.")

    page.get_by_role("link", name="Tilføj mødegange").click()
    page.get_by_label("Dato").fill(first_session.isoformat())
    page.get_by_label("Fra kl.").fill("15:30")
    page.get_by_label("Til kl.").fill("17:00")
    page.get_by_label("Antal uger").fill("2")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("alert")).to_contain_text("2 mødegange er oprettet.")
    expect(page.get_by_role("list", name="Mødegange").get_by_role("listitem")).to_have_count(2)
    course = Course.objects.get(title="Talentværksted forår")

    # Enroll two young people through the name search.
    for person in (freja, oliver):
        wait_for_htmx(page)
        page.get_by_role("searchbox", name="Søg efter en ung at tilmelde").fill(person.first_name)
        page.get_by_role("button", name=f"Tilmeld {person.full_name}").click()
        expect(page.get_by_role("alert")).to_contain_text(f"{person.full_name} er tilmeldt.")
    participants = page.locator("#participants")
    expect(participants.get_by_role("row")).to_have_count(3)  # header + two

    # Roll call of the first session: one tap each, saved with htmx, no reload.
    page.get_by_role("link", name="Fremmøde").first.click()
    expect(page.get_by_role("heading", name="Fremmøde")).to_be_visible()
    page.evaluate("window.__marker = 1")
    freja_buttons = page.get_by_role("group", name="Fremmøde for Freja Mølgaard")
    oliver_buttons = page.get_by_role("group", name="Fremmøde for Oliver Nørgaard")
    freja_buttons.get_by_role("button", name="Mødt").click()
    oliver_buttons.get_by_role("button", name="Udeblevet").click()
    expect(freja_buttons.get_by_role("button", name="Mødt")).to_have_attribute("aria-pressed", "true")
    expect(oliver_buttons.get_by_role("button", name="Udeblevet")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.__marker") == 1, "the page was reloaded: htmx did not swap the row"
    statuses = {a.enrollment.youth_id: a.status for a in Attendance.objects.select_related("enrollment")}
    assert statuses == {freja.pk: "moedt", oliver.pk: "udeblevet"}

    # The rule proposes Freja (1 of 2 = 50 %); staff confirm it.
    page.get_by_role("link", name="Til forløbet").click()
    freja_row = participants.get_by_role("row").filter(has_text="Freja Mølgaard")
    expect(freja_row).to_contain_text("Foreslås gennemført")
    expect(participants.get_by_role("row").filter(has_text="Oliver Nørgaard")).not_to_contain_text("Foreslås")
    freja_row.get_by_role("link", name="Gennemført").click()
    expect(page.get_by_role("status")).to_contain_text("Fremmødekravet er opfyldt: mødt 1 af 2 mødegange")
    page.get_by_role("button", name="Bekræft gennemført").click()
    expect(page.get_by_role("alert")).to_contain_text("Freja Mølgaard har gennemført forløbet.")
    enrollment = Enrollment.objects.get(course=course, youth=freja)
    assert (enrollment.status, enrollment.completed_on) == ("gennemfoert", today)

    # The diploma, downloaded from the course page, names her.
    with page.expect_download() as download:
        freja_row.get_by_role("link", name="Hent diplom").click()
    text = "\n".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Freja Mølgaard" in text
    assert "Talentværksted forår" in text

    # ... and is on her case page too.
    freja_row.get_by_role("link", name="Freja Mølgaard").click()
    expect(page).to_have_url(re.compile(rf"/unge/{freja.pk}/$"))
    expect(page.locator("#talentvaerksted").get_by_role("link", name="Hent diplom")).to_be_visible()
    expect(page.get_by_role("list", name="Tidslinje")).to_contain_text("Gennemførte Talentværksted forår")
