"""scripts/benchmark.py keeps working: every measurement runs once on a few hundred youth.

Not a timed test (the figures are the script's to print): it checks that the seeding, the
pages it asks for and the import it times still fit the app.
"""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "benchmark.py"


@pytest.fixture
def benchmark():
    spec = importlib.util.spec_from_file_location("benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_measurement_runs_on_a_small_database(benchmark, monkeypatch):
    monkeypatch.setattr(benchmark, "IMPORT_ROWS", 40)
    bench, counts, _seconds = benchmark.prepare(300, 2024, runs=2)
    printed = []

    figures = benchmark.measure_all(bench, out=printed.append)

    assert counts["unge"] == 300
    assert counts["opgaver"] == benchmark.BUSY_CONSULTANT_TASKS + 300 // 5
    labels = [figure.label for figure in figures]
    assert "dashboard: full recomputation" in labels and "dashboard: stored figures" in labels
    assert "task inbox (600 open tasks)" in labels
    assert "import of 40 unge rows: first" in labels
    assert "start page I dag (the busy consultant)" in labels
    assert "import of 40 unge rows: again, every row changed" in labels
    assert len(figures) == len(printed) == 19
    for figure in figures:
        assert len(figure.timings) == 2, figure.label
        assert figure.queries > 0, figure.label
    # The dashboard's and the search's SQL replays on a raw cursor.
    assert all(figure.raw_sql for figure in figures if "dashboard" in figure.label or "search" in figure.label)
