"""WCAG 2.1 AA with axe-core: every HTML page of the role matrix, for every role, at 1366 and 390 px.

axe-core is vendored in tests/vendor/axe-core/ (see its README). For each role the matrix's own
factories make the data, one browser context signs in once, and every page the matrix answers
200 for that role is opened once and checked at both widths (the layout follows the viewport; no
reload needed). Any serious or critical violation of a wcag2a/wcag2aa/wcag21a/wcag21aa rule fails,
listed by role, width, page, rule and the first targets.

The roles are split over two xdist groups (the suite runs with --dist loadgroup), so with two
workers each checks half the pages with its own single chromium.
"""

import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from fritidsjob import roles

from .axe import AXE_SCRIPT, describe, serious_violations
from .browser import BROWSER_TEST_MARKS
from .conftest import ROLE_USERNAMES
from .matrix import ANON, collect

WIDTHS = ({"width": 1366, "height": 900}, {"width": 390, "height": 844})

# Roughly equal halves by measured time (2 workers): 69 + 92 pages against 69 + 97 + 13 + 11 + 6,
# the Administrator's pages being the quickest.
GROUPS = {
    roles.JOBCENTER_CONSULTANT: "axe-1",
    roles.PROJECT_LEADER: "axe-1",
    roles.YOUTH_SCHOOL: "axe-2",
    roles.ADMINISTRATOR: "axe-2",
    roles.FUNDER: "axe-2",
    roles.MENTOR: "axe-2",
    ANON: "axe-2",
    roles.DATA_PROTECTION_OFFICER: "axe-2",
    roles.COMPANY_CONTACT: "axe-2",
}

# Content htmx loads when the page opens (the menu's task count) is part of the page.
HTMX_SETTLED = "() => !document.querySelector('[hx-trigger=load], .htmx-request')"

pytestmark = BROWSER_TEST_MARKS


def _html_pages(role: str) -> list[str]:
    """The matrix's URLs that answer this role 200 with a whole HTML page (not a PDF, JSON or partial),
    their data made by the matrix's factories."""
    client = Client()
    if role != ANON:
        client.force_login(_user(role))
    urls = []
    for url_name, entry in collect().items():
        if entry.method != "get" or entry.expected[role] != 200:
            continue
        url = reverse(url_name, args=entry.args() if entry.args else [])
        response = client.get(url, entry.data)
        assert response.status_code == 200, (url_name, role, response.status_code)
        if response["Content-Type"].startswith("text/html") and b"<html" in response.content[:500]:
            query = response.wsgi_request.META.get("QUERY_STRING")
            urls.append(f"{url}?{query}" if query else url)
    return urls


def _user(role: str):
    return get_user_model().objects.get(username=ROLE_USERNAMES[role])


def _signed_in_context(browser, live_server, role: str):
    context = browser.new_context(base_url=live_server.url, locale="da-DK", timezone_id="Europe/Copenhagen")
    context.set_default_timeout(15_000)
    context.add_init_script(path=str(AXE_SCRIPT))  # through the DevTools protocol: the page's CSP does not apply
    if role != ANON:
        client = Client()
        client.force_login(_user(role))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    return context


@pytest.mark.parametrize(
    "role",
    [pytest.param(role, marks=pytest.mark.xdist_group(group), id=role) for role, group in GROUPS.items()],
)
def test_every_page_has_no_serious_wcag_violation(browser, live_server, users, role):  # users: one per role
    started = time.monotonic()
    urls = _html_pages(role)
    assert urls, f"no HTML page for {role}"
    found = time.monotonic()
    context = _signed_in_context(browser, live_server, role)
    page = context.new_page()
    js_errors = []
    page.on("pageerror", lambda error: js_errors.append(str(error)))
    problems = []
    try:
        for url in urls:
            page.set_viewport_size(WIDTHS[0])
            response = page.goto(url)
            assert response is not None and response.status == 200, (url, response and response.status)
            page.wait_for_function(HTMX_SETTLED)
            for viewport in WIDTHS:
                page.set_viewport_size(viewport)
                for violation in serious_violations(page):
                    problems.append(f"{role} {viewport['width']}px {url}: {describe(violation)}")
    finally:
        context.close()
    print(
        f"axe: {role}: {len(urls)} pages x {len(WIDTHS)} widths in {time.monotonic() - started:.1f} s"
        f" (data and page list {found - started:.1f} s)"
    )
    assert not js_errors, js_errors
    assert not problems, f"{len(problems)} serious or critical WCAG violations:\n" + "\n".join(problems)
