"""Shared Playwright fixtures for browser tests (loaded by tests/conftest.py).

Playwright (sync API) drives Debian's chromium. The browser is never
downloaded: /usr/bin/chromium (``apt-get install chromium``) is used, and
browser tests are skipped without it, except under CI=true, where a missing
browser fails the run. A browser test module sets
``pytestmark = BROWSER_TEST_MARKS`` and uses the ``page`` fixture and ``log_in``.
"""

import os
import re
from pathlib import Path

import pytest
from django.db import connections

from .marks import COMMITTED_DB

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect
# Two cores run the live server, the browser and other test workers at once.
expect.set_options(timeout=15_000)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "test-password-123"  # what tests/conftest.py's make_user gives every user
IN_CI = os.environ.get("CI", "").lower() == "true"

BROWSER_TEST_MARKS = [
    pytest.mark.browser,
    # live_server runs Django in another thread, so the data must really be committed.
    COMMITTED_DB,
]


@pytest.fixture(scope="module")
def _allow_orm_next_to_playwright():
    # Playwright's sync API runs an asyncio event loop in this (the test)
    # thread for as long as it is started. Django then sees a running loop and
    # refuses every ORM call here (fixtures, setup, assertions, the DB flush at
    # teardown) with SynchronousOnlyOperation, although nothing is actually
    # async: the ORM calls and the browser calls take turns in one thread, and
    # the live server has its own thread and connection. So we tell Django it
    # is safe, for this module only.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def _serialized_test_data() -> dict[str, str]:
    """The test databases' data as serialized at setup, by alias (for serialized_rollback)."""
    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture(scope="module")
def browser(_allow_orm_next_to_playwright):
    """One chromium for the whole module; each test gets its own context."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium (never `playwright install`)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    serialized = _serialized_test_data()
    with playwright_sync.sync_playwright() as p:
        # While Playwright runs, its event loop counts as running in this thread, so
        # Django hands out other connection objects (asgiref keeps thread-critical
        # locals per context then). Those lack the data the data migrations made,
        # serialized at setup: without it serialized_rollback neither restores it
        # nor keeps the flush from running post_migrate, and every later module
        # would start without schools, industries, the project, ...
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK", timezone_id="Europe/Copenhagen")
    context.set_default_timeout(10_000)
    page = context.new_page()
    js_errors = []
    page.on("pageerror", lambda error: js_errors.append(str(error)))
    yield page
    context.close()
    assert not js_errors, f"JavaScript errors in the page: {js_errors}"


def log_in(page, username: str) -> None:
    page.goto("/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    # Staff land on "I dag", mentors straight in their portal.
    expect(page.get_by_role("heading", name=re.compile(r"^(Velkommen|Mine mentees)"), level=1)).to_be_visible()


def wait_for_htmx(page) -> None:
    """Wait until htmx has processed the page.

    The script sits at the end of <body>, so a form can be visible (and filled)
    before htmx listens to it; a search typed then would never be sent.
    """
    page.wait_for_function("() => document.readyState === 'complete' && window.htmx !== undefined")
