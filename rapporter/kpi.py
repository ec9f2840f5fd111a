"""The KPIs of the contract (shared/docs/kpi-and-import.md), computed one way for all callers.

The dashboard, the funder PDF and `manage.py kpi` all call `compute_kpis`, so the
numbers the project leader sees are the numbers the funder gets.

Each KPI is a function of a `KpiWindow` that returns `{"value": ..., **extra}`;
`compute_kpis` adds the target from `project.targets`. A KPI whose records are
not kept yet reports `None` ("not recorded"), never 0, so nobody mistakes a
missing feature for zero results. When an app starts keeping the records, it
replaces the placeholder in `KPIS` with a function that counts them in the
database with aggregates, e.g.::

    def youth_in_job(window: KpiWindow) -> dict:
        youth = Youth.objects.target_group().filter(window.contains("placements__start"))
        return {"value": youth.distinct().count()}

    KPIS["unge_i_job"] = youth_in_job   # or edit the entry below
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from .models import Project


@dataclass(frozen=True)
class KpiWindow:
    """The dates a KPI run counts: [project.start, end], both inclusive; `end` is the as-of date."""

    project: Project
    start: datetime.date
    end: datetime.date

    @property
    def as_of(self) -> datetime.date:
        return self.end

    def contains(self, date_field: str) -> Q:
        """A filter for records whose `date_field` (a lookup path) lies in the window."""
        return Q(**{f"{date_field}__gte": self.start, f"{date_field}__lte": self.end})


# Returns {"value": int | None, **extra fields of that KPI}; never the target.
KpiFunction = Callable[[KpiWindow], dict[str, Any]]


def not_recorded(*extra_fields: str) -> KpiFunction:
    """A placeholder for a KPI whose records the app does not keep yet: every figure is None."""

    def figures(window: KpiWindow) -> dict[str, Any]:
        return {"value": None, **dict.fromkeys(extra_fields)}

    return figures


# The apps' KPI functions use KpiWindow (and rapporter.kpi_engine, which imports
# it), so they are imported once it is defined.
from foraeldre import kpis as parent_kpis  # noqa: E402
from talentvaerksted.kpis import completed_courses  # noqa: E402
from virksomheder import kpis as company_kpis  # noqa: E402

# Every KPI of the contract, in the contract's order (the JSON output and the
# dashboard follow this order). Replace a placeholder when its records exist.
KPIS: dict[str, KpiFunction] = {
    # talentvaerksted: course enrollments completed in the window.
    "gennemfoert_talentvaerksted": completed_courses,
    # virksomheder: placements started in the window and held six calendar months.
    "fastholdt_6_maaneder": company_kpis.youth_retained_six_months,
    # virksomheder: guidance contacts; also the count per industry and industries covered.
    "virksomheder_vejledt": company_kpis.companies_guided,
    # foraeldre: guidance contacts with parents who have a case at the jobcentre.
    "foraeldre_med_sag_vejledt": parent_kpis.parents_with_case_guided,
    # foraeldre: information events, youth + parents attending.
    "informeret_unge_og_foraeldre": parent_kpis.youth_and_parents_informed,
    # foraeldre: introduction contacts with parents.
    "foraeldre_introduceret": parent_kpis.parents_introduced,
    # virksomheder: target-group youth with a placement started in the window (no target).
    "unge_i_job": company_kpis.youth_in_job,
}

KPI_KEYS: tuple[str, ...] = tuple(KPIS)


def kpi_window(
    project: Project, as_of: datetime.date | None = None, start: datetime.date | None = None
) -> KpiWindow:
    """The window of a run: as_of defaults to today and is clamped to the project's end.

    `start` narrows the window to a sub-period; it is clamped into [project.start, as_of].
    """
    end = project.window_end(as_of)
    start = project.start if start is None else max(project.start, min(start, end))
    return KpiWindow(project=project, start=start, end=end)


def kpi_figures(window: KpiWindow) -> dict[str, dict[str, Any]]:
    """Every registered KPI in `window`: {key: {"value", "target", **extra}}, in registration order."""
    targets = window.project.targets or {}
    kpis = {}
    for key, function in KPIS.items():
        figures = dict(function(window))
        value = figures.pop("value")
        # "target" right after "value", then the KPI's own extra fields, as in the contract.
        kpis[key] = {"value": value, "target": targets.get(key), **figures}
    return kpis


def compute_kpis(
    project: Project, as_of: datetime.date | None = None, start: datetime.date | None = None
) -> dict[str, Any]:
    """All KPIs of `project` in the contract's shape: {"project", "as_of", "kpis": {key: {...}}}."""
    window = kpi_window(project, as_of, start)
    return {"project": project.slug, "as_of": window.end.isoformat(), "kpis": kpi_figures(window)}
