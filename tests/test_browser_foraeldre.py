"""The parents' journey in a real browser (fixtures in tests/browser.py)."""

import re
from pathlib import Path

from pypdf import PdfReader

from foraeldre.consent import has_valid_consent
from foraeldre.models import ConsentKind, ContactKind, InformationEvent, Parent
from fritidsjob import roles
from fritidsjob.models import School

from .browser import BROWSER_TEST_MARKS, expect, log_in, wait_for_htmx
from .factories import YouthFactory, birth_date_for_age
from .factories_foraeldre import make_guide

pytestmark = BROWSER_TEST_MARKS
SCREENSHOT = Path("/tmp/parent_page.png")


def test_parent_consent_contacts_event_and_guide(page, make_user):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", last_name="Konsulent")
    youth = YouthFactory(first_name="Freja", last_name="Mølgaard", birth_date=birth_date_for_age(16))
    brother = YouthFactory(first_name="Bertil", last_name="Mølgaard", birth_date=birth_date_for_age(14))
    school = School.objects.order_by("name").first()
    make_guide(2)
    page.set_viewport_size({"width": 1024, "height": 900})  # a tablet on its side

    # Register a parent from the young person's case.
    log_in(page, "konsulent")
    page.goto(youth.get_absolute_url())
    page.get_by_role("link", name="Tilføj forælder").click()
    expect(page.get_by_role("heading", name="Opret forælder")).to_be_visible()
    page.get_by_label("Fornavn").fill("Mona")
    page.get_by_label("Efternavn").fill("Mølgaard")
    page.get_by_label("Telefon").fill("20304050")
    page.get_by_label("Relation").select_option(label="Mor")
    page.get_by_label("Forældremyndighed").select_option(label="Ja")
    page.get_by_label("Sprog").fill("arabisk")
    page.get_by_label("Behov for tolk").check()
    page.get_by_label("Sag i jobcentret").check()
    # Freja is ticked already (from her case); her brother is found by name and ticked too.
    expect(page.get_by_label(re.compile("Freja Mølgaard \\("))).to_be_checked()
    wait_for_htmx(page)
    page.get_by_role("searchbox", name="Søg efter en ung på navn").fill("bert møl")
    page.get_by_label(re.compile("Bertil Mølgaard \\(")).check()
    page.get_by_role("button", name="Gem", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("Mona Mølgaard er oprettet.")
    expect(page.get_by_role("heading", name="Mona Mølgaard")).to_be_visible()
    parent = Parent.objects.get(first_name="Mona")
    assert set(parent.children.all()) == {youth, brother}

    # Record consent for sharing with a company and a mentor in one submit: the parent and, at 16, Freja herself.
    page.locator(f'a[href="/foraeldre/samtykker/ung/{youth.pk}/"]').click()
    expect(page.get_by_role("heading", name="Samtykker for Freja Mølgaard")).to_be_visible()
    page.get_by_label("Deling med virksomhed").check()
    page.get_by_label("Deling med mentor").check()
    page.get_by_label("Givet af").select_option(label="Mona Mølgaard (Mor, forældremyndighed)")
    page.get_by_label("Den unge har selv givet samtykke").check()
    page.get_by_role("button", name="Registrér samtykke").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Samtykke er registreret: deling med virksomhed, deling med mentor."
    )
    status = page.get_by_role("table", name="Status i dag").get_by_role("row").filter(has_text="Deling med virksomhed")
    expect(status).to_contain_text("Gyldigt")
    assert has_valid_consent(youth=youth, kind=ConsentKind.SHARE_WITH_COMPANY) is True

    # An introduction and a guidance contact on the parent's page (htmx redraws the contacts).
    page.get_by_role("link", name="Til sagen").click()
    page.get_by_role("list", name="Forældre").get_by_role("link", name="Mona Mølgaard").click()
    contacts = page.get_by_role("list", name="Kontakter")
    page.evaluate("window.__marker = 1")
    page.get_by_label("Type").select_option(label="Introduktion til Talentværkstedet")
    page.get_by_label("Notat").fill("Vist rundt i Talentværkstedet med tolk.")
    page.get_by_label("Tolk brugt").check()
    page.get_by_role("button", name="Gem kontakt").click()
    expect(page.get_by_role("status")).to_have_text("Introduktion til Talentværkstedet med Mona Mølgaard er gemt.")
    page.get_by_label("Type").select_option(label="Vejledning")
    page.get_by_label("Notat").fill("Talt om fritidsjob og familiens hverdag.")
    page.get_by_role("button", name="Gem kontakt").click()
    expect(page.get_by_role("status")).to_have_text("Vejledning med Mona Mølgaard er gemt.")
    expect(contacts.get_by_role("listitem")).to_have_count(2)
    assert page.evaluate("window.__marker") == 1, "the page was reloaded: htmx did not swap the contacts"
    assert sorted(parent.contacts.values_list("kind", flat=True)) == [ContactKind.INTRODUCTION, ContactKind.GUIDANCE]
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # An information event with head counts.
    page.get_by_role("link", name="Informationsmøder").click()
    page.get_by_role("link", name="Registrér møde").click()
    page.get_by_label("Titel").fill("Oplæg for 8. årgang")
    page.get_by_label("Skole", exact=True).select_option(label=school.name)
    page.get_by_label("Antal unge").fill("48")
    page.get_by_label("Antal forældre").fill("21")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("er registreret med 69 deltagere.")
    expect(page.get_by_role("table", name="Møder")).to_contain_text(school.name)
    assert InformationEvent.objects.get().total == 69

    # The parents' guide as a PDF.
    page.get_by_role("link", name="Forældreguide").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent PDF (Dansk)").click()
    assert download.value.suggested_filename == "fritidsjobguide-da.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Fritidsjobguide til forældre" in text
    assert re.search(r"1\.\s+Afsnit nummer 1", text)
    assert "Tekst til afsnit 2." in text


def test_mentor_and_funder_see_no_parents(page, make_user):
    make_user("fond", roles.FUNDER)
    log_in(page, "fond")
    expect(page.get_by_role("navigation").get_by_role("link", name="Forældre")).to_have_count(0)
    assert page.goto("/foraeldre/").status == 403
