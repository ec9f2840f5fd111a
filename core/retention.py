"""Retention: the kinds of record that are anonymised or deleted once kept long enough.

Each kind is a rule registered by the app that owns the records (in its `retention.py`,
found at start-up by core.apps): its period comes from the settings the municipality sets
(RETENTION_*; README "Databeskyttelse"), what is due by a given day, and how one due item
is carried out. The nightly task, `manage.py opbevaring` and the project leader's page
all read this registry, so what is listed as due is exactly what the task will do.

Hook for sign-ups (tilmeldinger), which do not exist yet: the app that adds them
registers a rule "afviste_tilmeldinger" whose period is settings.RETENTION_REJECTED_SIGNUP_MONTHS
(counted from the rejection), and whose `carry_out` anonymises the sign-up.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Due:
    rule: str
    due_on: datetime.date
    description: str  # never a name: "Sag #12 (afsluttet 03.02.2021)"
    target: Any = None  # what carry_out needs: a person, a cut-off time
    count: int = 1
    url: str = ""


@dataclass(frozen=True)
class RetentionRule:
    key: str
    label: str
    period: Callable[[], str]  # "5 år efter afslutning", from the settings when asked
    due_by: Callable[[datetime.date], Iterable[Due]]
    carry_out: Callable[[Due], None]
    order: int = 100


_rules: dict[str, RetentionRule] = {}


def register(rule: RetentionRule) -> None:
    _rules[rule.key] = rule


def rules_by_key() -> dict[str, RetentionRule]:
    return dict(_rules)


def rules() -> list[RetentionRule]:
    return sorted(_rules.values(), key=lambda rule: rule.order)


def due_by(day: datetime.date) -> list[Due]:
    """Everything every rule has due on or before `day`, soonest first."""
    return sorted((item for rule in rules() for item in rule.due_by(day)), key=lambda item: item.due_on)
