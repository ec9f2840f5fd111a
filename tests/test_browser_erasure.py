"""Erasure in a real browser (fixtures in tests/browser.py).

A consultant asks for a closed case to be anonymised, the project leader approves it, and
the case list and the case no longer show the person, while the dashboard's figures stay.
"""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from fritidsjob import erasure, roles, services
from fritidsjob.models import YouthStatus

from .browser import BROWSER_TEST_MARKS, expect, log_in
from .factories import ClosedYouthFactory, YouthFactory
from .factories_virksomheder import make_placement
from .test_browser_phone import PHONE, assert_fits_the_phone

pytestmark = BROWSER_TEST_MARKS
User = get_user_model()


@pytest.fixture(autouse=True)
def seeded_project():
    """The seeded project, made again if a previous test's flush removed it (see test_browser_rapporter)."""
    importlib.import_module("rapporter.migrations.0002_sammen_om_fritidsjob").add_project(apps, None)


def test_a_consultant_requests_anonymisation_and_the_project_leader_approves_it(page, make_user):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT)
    make_user("projektleder", roles.PROJECT_LEADER)
    youth = YouthFactory(
        first_name="Sølvi", last_name="Kragelund", phone="61234567", birth_date=datetime.date(2008, 6, 15)
    )
    make_placement(youth=youth, start=datetime.date(2023, 4, 1), tasks="Opfylder")
    services.youth_update(youth=youth, data={"status": YouthStatus.CLOSED, "end_reason": "Flyttet"})

    log_in(page, "konsulent")
    page.goto(f"/unge/{youth.pk}/")
    page.get_by_role("link", name="Anmod om anonymisering").click()
    page.get_by_label("Begrundelse").fill("Familien har bedt om sletning")
    page.get_by_role("button", name="Send anmodning").click()
    expect(page.get_by_text("Anmodningen om anonymisering er sendt til godkendelse.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sølvi Kragelund")).to_be_visible()  # nothing happens before approval

    page.context.clear_cookies()
    log_in(page, "projektleder")
    page.get_by_role("link", name="Nøgletal", exact=True).first.click()
    figures = page.locator("#noegletal")
    expect(figures.locator("tr", has_text="Unge i målgruppen, der er kommet i job")).to_contain_text("1")
    before = figures.inner_text()

    page.get_by_role("link", name="Opbevaring", exact=True).first.click()
    expect(page.get_by_role("heading", name="Opbevaring og anonymisering")).to_be_visible()
    row = page.locator("li", has_text=f"Sag #{youth.pk}")
    expect(row).to_contain_text("Familien har bedt om sletning")
    row.get_by_role("button", name="Godkend og anonymisér").click()
    expect(page.get_by_text("Personen er anonymiseret")).to_be_visible()

    page.get_by_role("link", name="Unge", exact=True).first.click()
    expect(page.get_by_role("heading", name="Unge")).to_be_visible()
    assert "Sølvi" not in page.content() and "Kragelund" not in page.content()
    page.goto(f"/unge/{youth.pk}/")
    expect(page.get_by_role("heading", name="Anonymiseret ung")).to_be_visible()
    assert "Sølvi" not in page.content() and "61234567" not in page.content()

    page.get_by_role("link", name="Nøgletal", exact=True).first.click()
    expect(page.locator("#noegletal")).to_be_visible()
    assert page.locator("#noegletal").inner_text() == before


def test_the_retention_page_and_the_case_card_fit_a_phone(page, make_user):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT)
    make_user("projektleder", roles.PROJECT_LEADER)
    youth = YouthFactory()
    services.youth_update(youth=youth, data={"status": YouthStatus.CLOSED, "end_reason": "Flyttet"})
    erasure.anonymisation_request(
        person=ClosedYouthFactory(),
        reason="Familien har bedt om sletning af alle oplysninger",
        requested_by=User.objects.get(username="konsulent"),
    )
    page.set_viewport_size(PHONE)
    log_in(page, "projektleder")
    page.goto("/unge/opbevaring/")
    expect(page.get_by_role("button", name="Godkend og anonymisér")).to_be_visible()
    assert_fits_the_phone(page)
    page.goto(f"/unge/{youth.pk}/")
    expect(page.get_by_role("button", name="Tilbagehold")).to_be_visible()
    assert_fits_the_phone(page)
