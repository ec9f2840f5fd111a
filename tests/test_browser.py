"""The youth case journey in a real browser (fixtures in tests/browser.py)."""

import re
from pathlib import Path

from django.contrib.auth.models import Group

from fritidsjob import roles, services
from fritidsjob.models import Industry, School, Youth

from .browser import BROWSER_TEST_MARKS, expect, log_in, wait_for_htmx
from .factories import YouthFactory, birth_date_for_age

pytestmark = BROWSER_TEST_MARKS
SCREENSHOT = Path("/tmp/case_page.png")


def fill_youth_form(page, *, first_name: str, last_name: str, birth_date) -> None:
    page.get_by_label("Fornavn").fill(first_name)
    page.get_by_label("Efternavn").fill(last_name)
    page.get_by_label("Fødselsdato").fill(birth_date.isoformat())


def test_register_youth_find_in_list_and_write_journal(page, make_user):
    make_user("ungdomsskole", roles.YOUTH_SCHOOL)
    # Someone else in the list, so the search visibly filters.
    other = YouthFactory(first_name="Anders", last_name="Andersen")
    school = School.objects.order_by("name").first()
    industry = Industry.objects.order_by("position", "name").first()
    assert school and industry, "the data migration's schools and industries are missing"
    birth_date = birth_date_for_age(15)

    log_in(page, "ungdomsskole")
    page.get_by_role("link", name="Opret ung").click()
    expect(page.get_by_role("heading", name="Opret ung")).to_be_visible()
    fill_youth_form(page, first_name="Freja", last_name="Mølgaard", birth_date=birth_date)
    page.get_by_label("Skole", exact=True).select_option(label=school.name)
    page.get_by_label(industry.name, exact=True).check()
    page.get_by_role("button", name="Gem", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("Freja Mølgaard er oprettet.")
    expect(page.get_by_role("heading", name="Freja Mølgaard")).to_be_visible()
    expect(page.locator("dd", has_text=school.name)).to_be_visible()
    expect(page.locator("dd", has_text=industry.name)).to_be_visible()
    youth = Youth.objects.get(first_name="Freja", last_name="Mølgaard")
    assert youth.birth_date == birth_date
    assert list(youth.industries_of_interest.all()) == [industry]

    # Find her in the list: the search box filters the table with htmx.
    page.get_by_role("navigation").get_by_role("link", name="Unge").click()
    table = page.locator("#youth-table")
    expect(table.get_by_role("link", name=other.full_name)).to_be_visible()
    wait_for_htmx(page)
    page.get_by_placeholder("Søg på navn").fill("Freja Møl")
    expect(table.get_by_role("link", name=other.full_name)).to_have_count(0)
    expect(table).to_contain_text("1 unge")
    expect(page).to_have_url(re.compile(r"/unge/\?.*name=Freja"))  # hx-push-url
    table.get_by_role("link", name="Freja Mølgaard").click()
    expect(page).to_have_url(re.compile(rf"/unge/{youth.pk}/$"))

    # A journal note, posted with htmx: only #journal-and-timeline is swapped.
    timeline = page.get_by_role("list", name="Tidslinje")
    expect(timeline).to_contain_text("Sagen blev oprettet")
    page.evaluate("window.__marker = 1")
    page.get_by_label("Type").select_option(label="Telefon")
    note = "Ringede til Freja om et fritidsjob i Netto. Hun vil gerne prøve."
    page.get_by_role("textbox", name="Notat").fill(note)
    page.get_by_role("button", name="Gem notat").click()

    expect(page.get_by_role("status")).to_have_text("Notatet er gemt.")
    entry = timeline.get_by_role("listitem").filter(has_text=note)
    expect(entry).to_be_visible()
    expect(entry).to_contain_text("Telefon")
    expect(page.get_by_role("textbox", name="Notat")).to_have_value("")  # a fresh form came back
    assert page.evaluate("window.__marker") == 1, "the page was reloaded: htmx did not swap the fragment"
    assert youth.journal_entries.get().text == note

    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_duplicate_warning_then_confirm(page, make_user):
    make_user("ungdomsskole", roles.YOUTH_SCHOOL)
    birth_date = birth_date_for_age(15)
    services.youth_create(data={"first_name": "Mads", "last_name": "Holm", "birth_date": birth_date})

    log_in(page, "ungdomsskole")
    page.goto("/unge/ny/")
    fill_youth_form(page, first_name="mads", last_name="Holm ", birth_date=birth_date)
    page.get_by_role("button", name="Gem", exact=True).click()

    warning = page.locator(".alert-warning")
    expect(warning).to_contain_text("Mulig dublet")
    expect(warning.get_by_role("link")).to_have_text(f"Mads Holm, født {birth_date:%d.%m.%Y}")
    assert Youth.objects.count() == 1
    page.get_by_label(re.compile("det er en anden ung, opret alligevel")).check()
    page.get_by_role("button", name="Gem", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("er oprettet.")
    assert Youth.objects.filter(last_name__iexact="holm", birth_date=birth_date).count() == 2


def test_funder_may_not_see_the_youth_list(page, make_user):
    make_user("fond", roles.FUNDER)
    assert Group.objects.filter(name=roles.FUNDER).exists()

    log_in(page, "fond")
    expect(page.get_by_role("navigation").get_by_role("link", name="Unge")).to_have_count(0)
    response = page.goto("/unge/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Ingen adgang")).to_be_visible()
