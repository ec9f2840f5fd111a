"""WCAG 2.1 AA beyond what axe-core sees (tests/test_browser_axe.py): the accessibility statement and
its /was address, the footer link and the skip link on every layout, keyboard-reachable scroll
regions, and each chart's table of numbers."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import loader
from django.urls import reverse

from core.kpis import KpiWindow
from fritidsjob import roles
from rapporter.charts import cumulative_chart
from rapporter.models import Project

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATEMENT = reverse("accessibility_statement")


def test_the_statement_is_public_and_says_what_the_guidance_asks(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tilgaengelighed@viborg.dk"
    settings.ACCESSIBILITY_CONTACT_PHONE = "87 87 87 87"

    response = client.get(STATEMENT)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1" in content and "Tilgængelighedserklæring" in content
    for heading in (
        "Hvad erklæringen dækker",
        "Overholdelsesstatus",
        "Kendte problemer",
        "Feedback og kontaktoplysninger",
        "Håndhævelse",
        "Udarbejdelse af erklæringen",
    ):
        assert f">{heading}</h2>" in content
    assert "Webstedet overholder delvist standarden EN 301 549" in content
    assert 'href="mailto:tilgaengelighed@viborg.dk"' in content
    assert "Telefon: 87 87 87 87" in content
    assert "Digitaliseringsstyrelsen fører tilsyn" in content
    assert "udarbejdet den 3. december 2026" in content


def test_without_a_phone_number_only_the_e_mail_is_given(client, settings):
    settings.ACCESSIBILITY_CONTACT_PHONE = ""
    assert "Telefon:" not in client.get(STATEMENT).content.decode()


@pytest.mark.parametrize("path", ["/was", "/was/"])
def test_was_leads_to_our_statement(client, path):
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (302, STATEMENT)


def test_was_leads_to_the_published_statement_once_there_is_one(client, settings):
    settings.ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/fritidsjob-viborg-dk"
    response = client.get("/was")
    assert (response.status_code, response["Location"]) == (302, "https://www.was.digst.dk/fritidsjob-viborg-dk")
    assert 'href="https://www.was.digst.dk/fritidsjob-viborg-dk"' in client.get(STATEMENT).content.decode()


def test_a_user_still_to_set_up_the_second_factor_can_read_the_statement(client, users, settings):
    settings.MFA_REQUIRED = True
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    assert client.get(reverse("fritidsjob:youth_list")).status_code == 302  # sent to set it up
    assert client.get(STATEMENT).status_code == 200


FOOTER_LINK = f'<a href="{STATEMENT}">Tilgængelighedserklæring</a>'
SKIP_LINK = '<a class="visually-hidden-focusable skip-link" href="#indhold">Spring til indhold</a>'


def _assert_layout(content: str) -> None:
    assert FOOTER_LINK in content
    assert SKIP_LINK in content
    assert re.search(r'<main id="indhold" tabindex="-1"', content)


def test_every_layout_has_the_skip_link_main_content_and_the_footer_link(client, users):
    _assert_layout(client.get(reverse("login")).content.decode())
    _assert_layout(client.get("/findes-ikke/").content.decode())  # 404, signed out
    client.force_login(users[roles.PROJECT_LEADER])
    _assert_layout(client.get(reverse("home")).content.decode())
    # The 400 and 500 pages are rendered without a request (nothing may depend on one).
    _assert_layout(loader.get_template("500.html").render({}))
    _assert_layout(loader.get_template("400.html").render({"too_big": False}))


# A box that can scroll sideways or down must be reachable by keyboard and named (axe rule
# scrollable-region-focusable; it only sees the boxes that overflow with the test's data).
SCROLL_BOX = re.compile(r'<div class="[^"]*\b(?:table-responsive|breakdown-scroll)\b[^"]*"[^>]*>')


def test_every_scroll_region_is_focusable_and_named():
    unnamed = []
    for template in TEMPLATES.rglob("*.html"):
        if "pdf" in template.parts or "email" in template.parts:
            continue
        for tag in SCROLL_BOX.findall(template.read_text()):
            if not all(attribute in tag for attribute in ('tabindex="0"', 'role="region"', "aria-label=")):
                unnamed.append(f"{template.relative_to(TEMPLATES)}: {tag}")
    assert unnamed == []


def test_a_chart_comes_with_its_numbers_as_a_table():
    project = Project.objects.get(slug="sammen-om-fritidsjob")
    window = KpiWindow(project, project.start, datetime.date(2022, 3, 31))
    series = [(datetime.date(2022, 1, 31), 4), (datetime.date(2022, 2, 28), 9), (datetime.date(2022, 3, 31), 1200)]

    chart = cumulative_chart(series=series, window=window, target=3000, label="Unge i fritidsjob")

    assert [(row.date, row.value) for row in chart.rows] == [
        ("31.01.2022", "4"),
        ("28.02.2022", "9"),
        ("31.03.2022", "1.200"),
    ]
    # On the straight line from 0 at the start (1 January 2022) to 3,000 at the end (31 December 2024):
    # 3000 * 30, 58 and 89 / 1095 days = 82.2, 158.9, 243.8.
    assert [row.expected for row in chart.rows] == ["82", "159", "244"]
    assert cumulative_chart(series=series, window=window, target=None, label="x").rows[0].expected == ""
