"""The Content-Security-Policy in a real browser: nothing on the pages is refused, and what the
inline handlers and style attributes did still works from static/js/fritidsjob.js."""

import importlib

import pytest
from django.apps import apps

from fritidsjob import roles

from .browser import BROWSER_TEST_MARKS, expect, log_in
from .factories import YouthFactory
from .factories_rapporter import ProjectFactory
from .kpi_fakes import register_test_kpis

pytestmark = BROWSER_TEST_MARKS


@pytest.fixture(autouse=True)
def seeded_project():
    # As in test_browser_rapporter.py: the data migrations' project, made again after a flush.
    for migration, function in [
        ("rapporter.migrations.0002_sammen_om_fritidsjob", "add_project"),
        ("rapporter.migrations.0004_sammen_om_fritidsjob_deliverables", "add_deliverables"),
    ]:
        getattr(importlib.import_module(migration), function)(apps, None)


def test_pages_run_under_the_csp_without_a_single_violation(page, make_user, monkeypatch):
    register_test_kpis(monkeypatch)
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    ProjectFactory(name="Anden indsats")
    YouthFactory()
    make_user("projektleder", roles.PROJECT_LEADER)
    log_in(page, "projektleder")

    # The KPI bars get their width from data-width (a style attribute would be refused).
    page.goto("/rapporter/noegletal/")
    bar = page.locator(".progress-bar[data-width]").first
    expect(bar).to_be_attached()
    width = bar.get_attribute("data-width").replace(",", ".")
    assert float(bar.evaluate("el => el.style.width").removesuffix("%")) == min(100.0, float(width))

    # The project choice submits itself on change (it was an inline onchange).
    page.goto("/rapporter/statusrapporter/")
    page.get_by_label("Indsats").select_option(label="Anden indsats")
    expect(page.get_by_role("heading", name="Statusrapporter til fonden: Anden indsats")).to_be_visible()

    # htmx still works (the menu badges and the case list's filter load through it).
    page.goto("/unge/")
    page.get_by_label("Navn").fill("Ung")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert violations == []
