"""Real small KPIs over youth and journal entries, for the reporting tests.

They are registered in core.kpis.KPIS for one test, as each app registers its own KPIs.
"""

import dataclasses

from core.kpis import KPIS, CountedKpi, Dimension, Kpi, not_recorded
from fritidsjob.models import JournalEntry, Youth
from rapporter.models import Project


def registered_youth() -> CountedKpi:
    """Target-group youth registered in the window, split by school, postcode, gender and age."""
    return CountedKpi(
        rows=lambda: Youth.objects.target_group(),
        condition=lambda window: window.contains("registered_on"),
        paths={
            Dimension.SCHOOL: "school",
            Dimension.POSTCODE: "postcode",
            Dimension.GENDER: "gender",
            Dimension.AGE_BAND: "birth_date",
        },
    )


def youth_with_journal() -> CountedKpi:
    """Distinct youth with a journal entry dated in the window: counted over the entries, like placements."""
    return CountedKpi(
        rows=lambda: JournalEntry.objects.filter(youth__in_target_group=True),
        condition=lambda window: window.contains("date"),
        count="youth",
        paths={Dimension.SCHOOL: "youth__school", Dimension.GENDER: "youth__gender"},
    )


def fake_kpi(key: str, counting, **fields) -> Kpi:
    """A KPI for a test: the counting under `key`, labelled by its key."""
    return Kpi(key=key, label=key, definition=f"Sådan tælles {key}.", counting=counting, **fields)


def register_test_kpis(monkeypatch) -> Project:
    """Both KPIs registered (for this test only), with targets on the seeded project (2022-01-01 to 2024-12-31).

    The contract's own KPIs are made "not recorded" for the test, so the reporting
    tests do not depend on which apps keep which records.
    """
    for key, kpi in list(KPIS.items()):
        extra = [field for field in ("per_branche", "brancher_daekket") if key == "virksomheder_vejledt"]
        monkeypatch.setitem(KPIS, key, dataclasses.replace(kpi, counting=not_recorded(*extra)))
    monkeypatch.setitem(KPIS, "test_registreret", fake_kpi("test_registreret", registered_youth()))
    monkeypatch.setitem(KPIS, "test_journal", fake_kpi("test_journal", youth_with_journal()))
    project = Project.objects.get(slug="sammen-om-fritidsjob")
    project.targets = {**project.targets, "test_registreret": 100, "test_journal": 10}
    project.save()
    return project
