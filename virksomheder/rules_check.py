"""Openings and placements checked against the young-worker rules (virksomheder.young_workers).

The rules themselves live in young_workers; this module only builds the rules'
WorkPlan from our records and decides what a violation means for saving:

- no violations: save;
- violations that all allow an exception: save only with a written justification;
- any violation without an exception: refused.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import young_workers as rules


def shifts_from_json(schedule: Iterable[dict] | None) -> list:
    return [rules.Shift.from_json(item) for item in schedule or []]


def birth_date_for_min_age(*, min_age: int, start: datetime.date) -> datetime.date:
    """The latest birth date of someone who is `min_age` on `start`: the youngest the opening allows."""
    return start - relativedelta(years=min_age)


def work_plan(
    *,
    birth_date: datetime.date,
    start: datetime.date,
    schedule: Iterable[dict] | None,
    hours_per_week: Decimal | None,
    hazards: Iterable[str] | None,
):
    return rules.WorkPlan(
        birth_date=birth_date,
        start_date=start,
        shifts=shifts_from_json(schedule),
        hours_per_week=hours_per_week,
        hazards=frozenset(hazards or []),
    )


def opening_violations(*, min_age: int, start: datetime.date, schedule, hours_per_week, hazards) -> list:
    """An opening against the youngest person it allows: its minimum age on its start date."""
    plan = work_plan(
        birth_date=birth_date_for_min_age(min_age=min_age, start=start),
        start=start,
        schedule=schedule,
        hours_per_week=hours_per_week,
        hazards=hazards,
    )
    return rules.check(plan)


def youth_violations(*, youth, start: datetime.date, schedule, hours_per_week, hazards) -> list:
    """The work against one young person: their age on the start date."""
    plan = work_plan(
        birth_date=youth.birth_date, start=start, schedule=schedule, hours_per_week=hours_per_week, hazards=hazards
    )
    return rules.check(plan)


class RulesRefused(ValidationError):
    """Saving was refused because of the rules; `violations` are shown as warnings with their sources."""

    def __init__(self, message: str, *, violations: list, field: str | None = None):
        super().__init__({field: [message]} if field else message, code="young_worker_rules")
        self.violations = violations


@dataclass(frozen=True)
class Decision:
    violations: list
    allowed_with_justification: bool  # every violation allows an exception

    @property
    def ok(self) -> bool:
        return not self.violations


def decide(violations: list) -> Decision:
    return Decision(violations=violations, allowed_with_justification=all(v.exception_allowed for v in violations))


def require_allowed(violations: list, *, justification: str) -> None:
    """Raise RulesRefused unless the work may be saved: no violations, or only exceptions with a justification."""
    if not violations:
        return
    if not all(v.exception_allowed for v in violations):
        raise RulesRefused(
            _(
                "Kan ikke gemmes: arbejdet overholder ikke reglerne for unges arbejde, og reglen giver ikke mulighed "
                "for undtagelser. Ret dage, tider, timer, alder eller arbejdsforhold."
            ),
            violations=violations,
        )
    if not justification.strip():
        raise RulesRefused(
            _(
                "Arbejdet bryder reglerne for unges arbejde. Reglen tillader undtagelser: skriv en begrundelse for "
                "at gemme alligevel."
            ),
            violations=violations,
            field="rules_justification",
        )
