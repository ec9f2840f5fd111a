"""Reporting journeys in a real browser (fixtures in tests/browser.py).

The project leader imports a spreadsheet (one bad line first), opens the dashboard,
orders the funder report and downloads it; the funder sees the aggregated dashboard
and cannot reach any person.
"""

import importlib
import io
import re

import pytest
from django.apps import apps
from pypdf import PdfReader

from fritidsjob import roles
from fritidsjob.models import Youth

from .browser import BROWSER_TEST_MARKS, expect, log_in
from .factories import YouthFactory
from .kpi_fakes import register_test_kpis

pytestmark = BROWSER_TEST_MARKS

HEADER = "ref;fornavn;efternavn;foedselsdato;maalgruppe;oprettet"
BAD = [HEADER, "U1;Anna;Hansen;2010-03-15;ja;2023-02-01", "U2;Bo;Jensen;31-02-2011;ja;2023-03-01"]
FIXED = [HEADER, "U1;Anna;Hansen;2010-03-15;ja;2023-02-01", "U2;Bo;Jensen;28-02-2011;ja;2023-03-01"]


@pytest.fixture(autouse=True)
def seeded_project():
    """The project and deliverables of the data migrations, made again if a previous test's flush removed them.

    serialized_rollback cannot restore them here: while Playwright's event loop runs,
    the test sees a different connection object than the one the test database
    was serialized on (asgiref's Local follows the loop), so nothing is restored.
    """
    for migration, function in [
        ("rapporter.migrations.0002_sammen_om_fritidsjob", "add_project"),
        ("rapporter.migrations.0004_sammen_om_fritidsjob_deliverables", "add_deliverables"),
    ]:
        getattr(importlib.import_module(migration), function)(apps, None)


def csv_upload(lines: list[str]) -> dict:
    return {"name": "unge.csv", "mimeType": "text/csv", "buffer": ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")}


def upload(page, lines: list[str]) -> None:
    # Once seen on CI: the upload page's form submitted before the page had finished loading
    # was lost (the page stayed, nothing uploaded). Submit only a loaded page.
    page.wait_for_load_state("load")
    page.get_by_label("Hvad indeholder filen?").select_option(label="Unge")
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(csv_upload(lines))
    page.get_by_role("button", name="Kontrollér filen").click()


def test_project_leader_imports_opens_the_dashboard_and_downloads_the_funder_report(page, make_user, monkeypatch):
    register_test_kpis(monkeypatch)  # a real KPI over the youth, so the imported cases show in the figures
    make_user("projektleder", roles.PROJECT_LEADER)
    log_in(page, "projektleder")

    # One bad line: it is named, and nothing is imported.
    page.get_by_role("link", name="Importér regneark").click()
    expect(page.get_by_role("heading", name="Import af regneark")).to_be_visible()
    upload(page, BAD)
    expect(page.get_by_role("alert")).to_contain_text("Filen blev afvist. Intet er importeret.")
    errors = page.locator("#importfejl")
    expect(errors).to_contain_text("linje 3")
    expect(errors).to_contain_text("foedselsdato")
    expect(errors).to_contain_text('ugyldig dato "31-02-2011"')
    expect(page.get_by_role("button", name="Importér")).to_have_count(0)
    assert Youth.objects.count() == 0

    # The fixed file: the dry run shows what will happen, the confirmation imports it.
    page.get_by_role("link", name="Upload en fil").click()
    upload(page, FIXED)
    expect(page.get_by_role("status")).to_contain_text("Filen er i orden.")
    expect(page.locator("#antal-oprettet")).to_have_text("2")
    assert Youth.objects.count() == 0
    page.get_by_role("button", name="Importér").click()
    expect(page.get_by_role("alert").first).to_contain_text("Importeret: 2 oprettet, 0 opdateret, 0 uændret.")
    assert sorted(Youth.objects.values_list("import_ref", flat=True)) == ["U1", "U2"]

    # The dashboard counts them.
    page.get_by_role("link", name="Nøgletal", exact=True).first.click()
    expect(page.get_by_role("heading", name="Nøgletal: Sammen om fritidsjob")).to_be_visible()
    row = page.locator("#noegletal tr", has_text="test_registreret")
    expect(row).to_contain_text("2")
    expect(row).to_contain_text("100")
    expect(page.locator("svg.kpi-chart").first).to_be_visible()

    # Order the funder report and download it.
    page.get_by_role("link", name="Statusrapporter").click()
    page.get_by_role("link", name="Lav ny statusrapport").click()
    page.get_by_label("Opgørelsesdato").fill("2023-06-30")
    page.get_by_label("Sammenfatning").fill("Et godt halvår med mange nye unge.")
    page.get_by_role("button", name="Lav rapporten").click()
    expect(page.get_by_role("heading", name="Statusrapport pr. 30. juni 2023")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Hent rapporten (PDF)").click()
    download = info.value
    assert download.suggested_filename == "statusrapport-sammen-om-fritidsjob-2023-06-30.pdf"
    with open(download.path(), "rb") as handle:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Et godt halvår med mange nye unge." in text
    assert "test_registreret 2 100" in text
    assert "Anna" not in text and "Hansen" not in text


def test_the_funder_sees_the_aggregated_dashboard_and_no_person(page, make_user):
    make_user("fond", roles.FUNDER)
    youth = YouthFactory(first_name="Hemmelig", last_name="Personsen")
    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet
    log_in(page, "fond")

    expect(page.get_by_role("link", name="Unge")).to_have_count(0)
    page.get_by_role("link", name="Se nøgletal").click()
    expect(page.get_by_role("heading", name="Nøgletal: Sammen om fritidsjob")).to_be_visible()
    expect(page.locator("#noegletal")).to_contain_text("Virksomheder vejledt")
    expect(page.locator("#noegletal")).to_contain_text("1.000")
    expect(page.get_by_role("heading", name="Leverancer")).to_be_visible()
    expect(page.get_by_role("heading", name="Sager pr. medarbejder")).to_have_count(0)
    page.locator("#opdeling").get_by_role("link", name="Køn").click()
    expect(page.locator("#opdeling")).to_contain_text("Nøgletal opdelt efter køn")
    assert "Hemmelig" not in page.content()

    for url in ("/unge/", f"/unge/{youth.pk}/", "/rapporter/import/", "/rapporter/indsatser/"):
        page.goto(url)
        expect(page.get_by_role("heading", name="Ingen adgang")).to_be_visible()
        assert "Hemmelig" not in page.content()
    page.goto("/unge/?eksport=csv")
    expect(page.get_by_role("heading", name="Ingen adgang")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/unge/\?eksport=csv$"))
