"""Real small KPIs over the case data this branch has (youth, journal entries), for the reporting tests.

They are registered in rapporter.kpi.KPIS the way each app registers its own KPIs.
"""

from fritidsjob.models import JournalEntry, Youth
from rapporter.kpi import KPIS, not_recorded
from rapporter.kpi_engine import CountedKpi, Dimension
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



def register_test_kpis(monkeypatch) -> Project:
    """Both KPIs registered (for this test only), with targets on the seeded project (2022-01-01 to 2024-12-31).

    The contract's own KPIs are made "not recorded" for the test, so the reporting
    tests do not depend on which apps keep which records.
    """
    for key in list(KPIS):
        extra = [field for field in ("per_branche", "brancher_daekket") if key == "virksomheder_vejledt"]
        monkeypatch.setitem(KPIS, key, not_recorded(*extra))
    monkeypatch.setitem(KPIS, "test_registreret", registered_youth())
    monkeypatch.setitem(KPIS, "test_journal", youth_with_journal())
    project = Project.objects.get(slug="sammen-om-fritidsjob")
    project.targets = {**project.targets, "test_registreret": 100, "test_journal": 10}
    project.save()
    return project
