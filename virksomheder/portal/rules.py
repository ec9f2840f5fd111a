"""The young-worker rules explained for an opening as the company types it: what a 13-14-year-old and
a 15-17-year-old may do in it, with the rules broken and their sources (virksomheder.young_workers)."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .. import rules_check, young_workers

# The two groups the rules treat differently; each is checked at its youngest age the opening allows.
AGE_GROUPS = ((13, 14, _("13-14 år")), (15, 17, _("15-17 år")))


@dataclass(frozen=True)
class GroupExplanation:
    label: str
    age: int
    limits: str  # what this age may, in one Danish line
    violations: list  # young_workers.Violation: what the opening as typed breaks for this age

    @property
    def ok(self) -> bool:
        return not self.violations


def explain(*, min_age: int, start: datetime.date, schedule, hours_per_week, hazards) -> list[GroupExplanation]:
    """Per age group the opening admits (its minimum age or older): the limits, and what it breaks."""
    explained = []
    for low, high, label in AGE_GROUPS:
        if high < min_age:
            continue
        age = max(low, min_age)
        violations = rules_check.opening_violations(
            min_age=age, start=start, schedule=schedule, hours_per_week=hours_per_week, hazards=hazards
        )
        explained.append(
            GroupExplanation(
                label=str(label), age=age, limits=young_workers.limits_for(age).describe(), violations=violations
            )
        )
    return explained
