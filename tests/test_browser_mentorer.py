"""The mentor journey in a real browser (fixtures in tests/browser.py): a coordinator approves a mentor once the
vetting is complete, matches a young person, the mentor logs a session on a phone, the coordinator sees the hours."""

import time
from pathlib import Path

from foraeldre.models import ConsentKind
from fritidsjob import roles
from fritidsjob.models import Industry
from mentorer.models import AttestAssessment, MentorRelationship, MentorSession, MentorStatus

from .browser import BROWSER_TEST_MARKS, expect, log_in
from .factories import YouthFactory, birth_date_for_age
from .factories_foraeldre import ConsentFactory
from .factories_mentorer import MentorFactory, days_ago

pytestmark = BROWSER_TEST_MARKS
SCREENSHOT = Path("/tmp/mentor_portal_phone.png")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def log_out(page) -> None:
    toggler = page.get_by_role("button", name="Vis menu")
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("button", name="Log ud").click()


def test_approve_match_log_a_session_on_a_phone_and_see_the_hours(page, make_user):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", last_name="Konsulent")
    make_user("mette", roles.MENTOR, first_name="Mette", last_name="Mentor")
    retail = Industry.objects.order_by("position").first()
    youth = YouthFactory(first_name="Sofie", last_name="Frisk", birth_date=birth_date_for_age(14), postcode="8800")
    youth.industries_of_interest.set([retail])
    ConsentFactory(youth=youth, kind=ConsentKind.SHARE_WITH_MENTOR)
    mentor = MentorFactory(
        first_name="Mette",
        last_name="Mentor",
        status=MentorStatus.APPLICANT,
        postcode="8800",
        intro_course_on=None,
        boerneattest_on=days_ago(30),
        boerneattest_assessment=AttestAssessment.CLEAR,
        industries=[retail],
    )
    page.set_viewport_size(DESKTOP)

    # The coordinator tries to approve: the form says what is missing.
    log_in(page, "konsulent")
    page.get_by_role("navigation").get_by_role("link", name="Mentorer").click()
    expect(page.get_by_role("heading", name="Mentorer – overblik")).to_be_visible()
    page.get_by_role("table", name="Screening mangler eller udløber").get_by_role("link", name="Mette Mentor").click()
    page.get_by_role("link", name="Rediger").click()
    expect(page.get_by_role("status")).to_contain_text("Mangler nu: introduktionskursus.")
    page.get_by_label("Status").select_option(label="Godkendt")
    page.get_by_role("button", name="Gem", exact=True).click()
    refusal = "kan ikke godkendes, før screeningen er færdig. Mangler: introduktionskursus."
    expect(page.get_by_text(refusal)).to_be_visible()
    assert mentor.__class__.objects.get(pk=mentor.pk).status == MentorStatus.APPLICANT

    # Completing the vetting (and linking the portal login) lets it through.
    page.get_by_label("Introduktionskursus taget").fill(days_ago(1).isoformat())
    page.get_by_label("Status").select_option(label="Godkendt")
    page.get_by_label("Brugerkonto til mentorportalen").select_option(label="Mette Mentor (mette)")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Ændringerne er gemt.")
    expect(page.get_by_role("list", name="Screening")).to_contain_text("Introduktionskursus taget")

    # Match Sofie (14, so the valid børneattest matters) from her case.
    page.goto(youth.get_absolute_url())
    page.get_by_role("link", name="Find en mentor").click()
    suggestions = page.get_by_role("list", name="Forslag")
    expect(suggestions).to_contain_text(f"Branche, den unge er interesseret i: {retail.name}")
    expect(suggestions).to_contain_text("Gyldig børneattest (den unge er under 15 år)")
    suggestions.get_by_role("link", name="Vælg Mette").click()
    page.get_by_label("Mål med den unges egne ord").fill("Jeg vil gerne arbejde i en butik og tjene mine egne penge.")
    page.get_by_label("Næste skridt").fill("Besøge Mettes butik.")
    page.get_by_role("button", name="Start forløbet").click()
    expect(page.get_by_role("alert")).to_contain_text("Sofie Frisk er koblet til mentor Mette Mentor.")
    relationship = MentorRelationship.objects.get()
    assert (relationship.youth, relationship.mentor_id) == (youth, mentor.pk)
    log_out(page)

    # The mentor, on a phone: log in, open the portal, log a session, in under a minute.
    page.set_viewport_size(PHONE)
    began = time.monotonic()
    log_in(page, "mette")  # a mentor lands straight in the portal
    card = page.get_by_role("region", name="Sofie")
    expect(card).to_contain_text("Jeg vil gerne arbejde i en butik")
    expect(card).to_contain_text("Besøge Mettes butik.")
    expect(page.get_by_text("Frisk")).to_have_count(0)  # the first name only
    card.get_by_role("link", name="Log møde med Sofie").click()
    page.get_by_label("Varighed").select_option(label="1½ time")
    page.get_by_label("Telefon").check()
    page.get_by_label("Emne").fill("Besøg i butikken")
    page.get_by_role("button", name="Gem møde").click()
    expect(page.get_by_role("alert")).to_contain_text("Mødet med Sofie er gemt (90 min).")
    elapsed = time.monotonic() - began
    assert elapsed < 60, f"logging a session took {elapsed:.0f} s"
    expect(page.get_by_role("region", name="Sofie")).to_contain_text("Denne måned: 1,5 t af 3 t")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the portal scrolls sideways"
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    session = MentorSession.objects.get()
    assert (session.duration_minutes, session.form, session.topic) == (90, "telefon", "Besøg i butikken")
    log_out(page)

    # The coordinator sees the hours.
    page.set_viewport_size(DESKTOP)
    log_in(page, "konsulent")
    page.goto(mentor.get_absolute_url())
    expect(page.locator("#mentor-hours")).to_have_text("1,5 t")
    page.goto(relationship.get_absolute_url())
    expect(page.locator("#relationship-hours")).to_have_text("1,5 t af 3 t")
    expect(page.get_by_role("table", name="Møder")).to_contain_text("Besøg i butikken")
