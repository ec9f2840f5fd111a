"""Shared fixtures: users per role, and the rules for tests that need Redis.

Under CI=true a missing PostgreSQL or Redis fails the run: CI must never pass
by quietly skipping the tests that need the real services.
"""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group

from fritidsjob import roles

# Playwright fixtures (browser, page) for the browser tests.
pytest_plugins = ["tests.browser"]

IN_CI = os.environ.get("CI", "").lower() == "true"
REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")

ROLE_USERNAMES = {
    roles.JOBCENTER_CONSULTANT: "konsulent",
    roles.YOUTH_SCHOOL: "ungdomsskole",
    roles.PROJECT_LEADER: "projektleder",
    roles.FUNDER: "fond",
    roles.MENTOR: "mentor",
    roles.ADMINISTRATOR: "admin",
    roles.DATA_PROTECTION_OFFICER: "dpo",
    roles.COMPANY_CONTACT: "kontakt",
}


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=3):
            return True
    except OSError:
        return False


def pytest_sessionstart(session):
    if not IN_CI:
        return
    problems = []
    if not DATABASE_URL.startswith("postgres"):
        problems.append("DATABASE_URL does not point at PostgreSQL")
    elif not _reachable(DATABASE_URL, 5432):
        problems.append(f"PostgreSQL is unreachable at {DATABASE_URL}")
    if not REDIS_URL:
        problems.append("REDIS_URL is not set")
    elif not _reachable(REDIS_URL, 6379):
        problems.append(f"Redis is unreachable at {REDIS_URL}")
    if problems:
        pytest.exit("CI=true but " + "; ".join(problems), returncode=3)


def pytest_collection_modifyitems(config, items):
    if REDIS_URL:
        return
    skip = pytest.mark.skip(reason="needs Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run it")
    for item in items:
        if "redis" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def municipality_header_not_set_up():
    """Every test starts as an instance without a municipality set up, and no page pays a query to learn it.

    The page header's logo is cached (core.municipality.header); a test that sets one up
    (opsaet_kommune) would otherwise leave it cached for the next test, whose database has none.
    """
    from django.core.cache import cache

    from core import municipality

    cache.set(municipality.HEADER_CACHE_KEY, municipality.NOT_SET_UP, timeout=None)
    yield
    cache.set(municipality.HEADER_CACHE_KEY, municipality.NOT_SET_UP, timeout=None)


@pytest.fixture
def sms_at_any_hour(monkeypatch):
    """No quiet hours: a test that sends an SMS now, on the real clock, may run at any hour.

    Quiet hours have their own tests (tests/test_opgaver_sending.py, tests/test_case_messages.py).
    """
    import datetime

    from opgaver import channels

    monkeypatch.setattr(channels, "QUIET_UNTIL", datetime.time(0, 0))
    monkeypatch.setattr(channels, "QUIET_FROM", datetime.time(23, 59, 59))


@pytest.fixture
def make_user(db, django_user_model):
    def make(username: str, role: str | None = None, **extra):
        user = django_user_model.objects.create_user(username=username, password="test-password-123", **extra)
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def users(make_user):
    """One user per role, keyed by role name, plus 'anonymous': None."""
    # Administrators use the Django admin, which needs is_staff.
    return {
        role: make_user(username, role, is_staff=role == roles.ADMINISTRATOR)
        for role, username in ROLE_USERNAMES.items()
    }


@pytest.fixture
def consultant(users):
    return users[roles.JOBCENTER_CONSULTANT]


@pytest.fixture
def consultant_client(client, consultant):
    client.force_login(consultant)
    return client


@pytest.fixture
def on_commit_at_once(monkeypatch):
    """transaction.on_commit callbacks run at once, as after a real commit: a test's own transaction
    never commits, so a job queued on commit (eager in tests) would otherwise never run."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
