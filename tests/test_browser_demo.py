"""The demo's story in a real browser (fixtures in tests/browser.py): after seed_demo the project leader's
dashboard opens on the continuation project with today's figures, and the first period 2022-2024 shows
its history with every KPI above 0."""

import importlib
import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from core.formatting import short_date

from .browser import BROWSER_TEST_MARKS, PASSWORD, expect, log_in

pytestmark = BROWSER_TEST_MARKS


@pytest.fixture(autouse=True)
def demo(settings):
    # The data migrations' project, made again if a previous module's flush removed them
    # (see tests/test_browser_rapporter.py's seeded_project for why serialized_rollback cannot).
    for migration, function in [
        ("rapporter.migrations.0002_sammen_om_fritidsjob", "add_project"),
        ("rapporter.migrations.0004_sammen_om_fritidsjob_deliverables", "add_deliverables"),
    ]:
        getattr(importlib.import_module(migration), function)(apps, None)
    settings.DEBUG = True
    settings.DEMO_PASSWORD = PASSWORD
    call_command("seed_demo", "--youth", "10", "--history", "60", "--seed", "3", stdout=io.StringIO())


def _kpi_values(page) -> list[str]:
    return page.locator("#noegletal tbody tr td:nth-child(2)").all_inner_texts()


def test_the_dashboard_opens_on_the_continuation_and_the_first_period_has_its_history(page):
    log_in(page, "projektleder")
    page.get_by_role("navigation").get_by_role("link", name="Nøgletal").first.click()

    expect(page.get_by_role("heading", name=re.compile("videreførelse 2025-2027"))).to_be_visible()
    expect(page.get_by_label("Indsats", exact=True)).to_have_value("sammen-om-fritidsjob-2025")
    expect(page.get_by_text(f"Opgjort pr. {short_date(timezone.localdate())}", exact=True)).to_be_visible()
    assert any(value.strip() not in ("0", "") for value in _kpi_values(page))

    page.get_by_label("Indsats", exact=True).select_option("sammen-om-fritidsjob")
    page.get_by_role("button", name="Vis").click()

    expect(page.get_by_role("heading", name="Nøgletal: Sammen om fritidsjob")).to_be_visible()
    expect(page.get_by_text("Opgjort pr. 31.12.2024", exact=True)).to_be_visible()
    # Today lies after the period: the page says the figures stop at its end.
    expect(page.get_by_role("status").filter(has_text="Indsatsen sluttede 31.12.2024")).to_be_visible()
    values = [value.strip() for value in _kpi_values(page)]
    assert len(values) == 7
    assert [value for value in values if not re.fullmatch(r"[1-9][0-9.]*", value)] == []
