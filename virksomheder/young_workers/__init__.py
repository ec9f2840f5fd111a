"""The rules for workers under 18 (unges arbejde): pure code without database access.

Openings, placements, matching and the industry guides all ask this package; no other code
holds a figure of these rules.

- shifts.py: a weekly schedule's shifts and the clock text of the messages;
- limits.py: who may do what at which age, the forbidden kinds of work, and the sources
  the figures were checked against;
- rules.py: the engine, `check(WorkPlan(...))` -> the violations, in Danish with sources;
- guide.py: the rules as Markdown for the industry guides, with each trade's notes.
"""

from fritidsjob.models import age_on

from .guide import rules_markdown
from .limits import HAZARD_RULES, NIGHT_EXCEPTIONS, AgeGroup, Hazard, Limits, NightException, limits_for
from .rules import Violation, WorkPlan, check
from .shifts import Shift

__all__ = [
    "HAZARD_RULES",
    "NIGHT_EXCEPTIONS",
    "AgeGroup",
    "Hazard",
    "Limits",
    "NightException",
    "Shift",
    "Violation",
    "WorkPlan",
    "age_on",
    "check",
    "limits_for",
    "rules_markdown",
]
