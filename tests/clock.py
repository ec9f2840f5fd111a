"""A controlled clock for tests of lockouts and session limits.

Django, the session store and our code read django.utils.timezone.now; django-axes imported
`now` into two of its modules, so those are set too.
"""

import datetime

import pytest
from django.utils import timezone


class Clock:
    def __init__(self, start: datetime.datetime):
        self.current = start

    def __call__(self) -> datetime.datetime:
        return self.current

    def advance(self, **delta) -> datetime.datetime:
        self.current += datetime.timedelta(**delta)
        return self.current


@pytest.fixture
def clock(monkeypatch):
    import axes.attempts
    import axes.handlers.proxy

    fake = Clock(timezone.now().replace(microsecond=0))
    monkeypatch.setattr(timezone, "now", fake)
    monkeypatch.setattr(axes.attempts, "now", fake)
    monkeypatch.setattr(axes.handlers.proxy, "now", fake)
    return fake
