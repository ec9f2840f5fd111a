"""The dashboard's stored KPI figures (rapporter/services/figures.py): equal to a fresh count, and kept so.

The reference computation here is the engine's own per-KPI code path, without the stored
figures' shortcuts: each value by its own query, each series by the filtered aggregate per
month end (counts_from unset), each breakdown by its query. After every import, edit and
deletion the stored figures, refreshed as the worker refreshes them, equal it as a whole.
"""

import dataclasses
import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.formatting import clock_time, short_date
from core.kpis import CountedKpi, Dimension, breakdown_of, kpi_window, month_ends, provides, registered, series_of
from foraeldre.models import Parent, ParentContact
from fritidsjob import roles
from fritidsjob.celery import app
from rapporter.models import Project, StoredFigures
from rapporter.services import figures as stored
from talentvaerksted.models import Enrollment
from tests.test_kpi_contract_end_to_end import FILES, import_all
from virksomheder.models import Placement

pytestmark = pytest.mark.django_db

URL = "/rapporter/noegletal/"
D = datetime.date


def reference(window) -> dict:
    """Every figure the slow, obvious way, in the stored figures' shape."""
    result = {"kpis": {}, "series": {}, "breakdowns": {}}
    for kpi in registered():
        function = kpi.counting
        if isinstance(function, CountedKpi):
            function = dataclasses.replace(function, counts_from=None)
        figures = dict(function(window))
        series = series_of(function, window, figures["value"])
        result["kpis"][kpi.key] = figures
        result["series"][kpi.key] = None if series is None else [[end.isoformat(), n] for end, n in series]
        for dimension in Dimension:
            if dimension != Dimension.MONTH and provides(function, dimension, figures):
                split = breakdown_of(function, window, dimension, figures, series)
                result["breakdowns"].setdefault(str(dimension), {})[kpi.key] = [list(pair) for pair in split.items()]
    return result


def stored_data(window) -> dict:
    row = StoredFigures.objects.get(project=window.project, start=window.start, as_of=window.end)
    return json.loads(row.figures)


def import_file(tmp_path, kind: str, content: str) -> None:
    path = tmp_path / f"{kind}-again.csv"
    path.write_text(content, encoding="utf-8")
    call_command("importer", kind, str(path), stdout=StringIO())


@pytest.fixture
def project():
    return Project.objects.get(slug="sammen-om-fritidsjob")


def windows_of(project) -> list:
    # The whole project, a date inside it, and a sub-period: each stored on its own.
    return [
        kpi_window(project, D(2024, 12, 31)),
        kpi_window(project, D(2024, 6, 30)),
        kpi_window(project, D(2024, 6, 30), start=D(2023, 2, 1)),
    ]


def test_stored_figures_equal_a_fresh_count_after_imports_edits_and_deletions(tmp_path, project):
    import_all(tmp_path)
    windows = windows_of(project)
    now = timezone.now()
    for window in windows:
        stored.stored_figures(window=window)  # a page reads them: computed and stored
    assert StoredFigures.objects.count() == len(windows)
    assert all(stored_data(window) == reference(window) for window in windows)
    assert any(stored_data(windows[0])["kpis"][key]["value"] for key in stored_data(windows[0])["kpis"])

    def change_then_compare(change) -> None:
        change()
        # Every stored window is stale at once (a page in the same transaction does not show them)...
        assert not StoredFigures.objects.filter(stale_since=None).exists()
        # ...and the worker's refresh makes each equal to a fresh count again.
        assert stored.stored_figures_refresh(now=now) == len(windows)
        assert not StoredFigures.objects.filter(stale_since__isnull=False).exists()
        for window in windows:
            assert stored_data(window) == reference(window)

    # Imports: a changed youth (now in the target group), a new placement and a changed contact.
    change_then_compare(lambda: import_file(tmp_path, "unge", FILES["unge"].replace("2007-11-11;nej", "2007-11-11;ja")))
    change_then_compare(
        lambda: import_file(
            tmp_path,
            "ansaettelser",
            FILES["ansaettelser"] + "a7;u6;v3;2023-03-01;2023-10-01;8;Opfylder\n",
        )
    )
    change_then_compare(
        lambda: import_file(
            tmp_path, "foraeldrekontakter", FILES["foraeldrekontakter"].replace("c4;p4;2024-07-01", "c4;p4;2024-03-01")
        )
    )

    # Edits in the app: a placement ended a day early, a parent's child removed.
    def end_placement_early():
        placement = Placement.objects.get(import_ref="a1")
        placement.end = D(2023, 7, 14)
        placement.save()

    change_then_compare(end_placement_early)
    change_then_compare(lambda: Parent.objects.get(import_ref="p1").children.clear())
    # Deletions: a completed enrollment and a parent contact.
    change_then_compare(lambda: Enrollment.objects.filter(youth__import_ref="u6").delete())
    change_then_compare(lambda: ParentContact.objects.get(import_ref="c6").delete())


def test_the_dashboard_says_when_its_figures_were_computed_and_shows_them_while_the_refresh_is_on_its_way(
    client, users, project, tmp_path
):
    import_all(tmp_path)
    client.force_login(users[roles.PROJECT_LEADER])
    query = {"opgoerelsesdato": "2024-06-30"}

    first = client.get(URL, query)
    row = StoredFigures.objects.get()
    computed = f"Tallene er opgjort {short_date(row.computed_at)} kl. {clock_time(row.computed_at)}"
    assert computed in first.content.decode()
    assert first.context["board"].computed_at == row.computed_at
    guided = {r.key: r.value for r in first.context["board"].rows}["foraeldre_med_sag_vejledt"]

    # A change committed and its refresh asked for (as the commit hook does with a worker): the
    # page keeps showing the figures of the moment it names, never a mix.
    ParentContact.objects.filter(import_ref="c1").delete()
    StoredFigures.objects.update(refresh_requested_at=timezone.now())
    shown = client.get(URL, query).context["board"]
    assert shown.computed_at == row.computed_at
    assert {r.key: r.value for r in shown.rows}["foraeldre_med_sag_vejledt"] == guided

    # No refresh within the minute promised (no worker): the page counts them itself.
    StoredFigures.objects.update(stale_since=timezone.now() - stored.FRESH_WITHIN - datetime.timedelta(seconds=1))
    later = client.get(URL, query).context["board"]
    assert later.computed_at > row.computed_at
    assert {r.key: r.value for r in later.rows}["foraeldre_med_sag_vejledt"] == guided - 1
    assert StoredFigures.objects.get().stale_since is None


def test_a_fresh_install_computes_the_figures_on_the_spot(client, users, project):
    client.force_login(users[roles.FUNDER])
    assert not StoredFigures.objects.exists()

    response = client.get(URL)

    assert response.status_code == 200
    window = kpi_window(project)
    assert stored_data(window) == reference(window)


def test_changes_committed_together_ask_for_one_refresh_and_a_running_one_for_the_next(
    project, monkeypatch, django_capture_on_commit_callbacks
):
    window = kpi_window(project, D(2024, 6, 30))
    stored.stored_figures(window=window)
    asked = []
    monkeypatch.setattr(stored, "_enqueue_refresh", lambda: asked.append(timezone.now()))
    monkeypatch.setitem(app.conf, "task_always_eager", False)  # as with a broker and a worker

    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):  # three saves of counted records in one transaction
            Parent.objects.create(first_name=f"P{number}", last_name="X", has_jobcenter_case=True)
    with django_capture_on_commit_callbacks(execute=True):
        Parent.objects.create(first_name="Q", last_name="X", has_jobcenter_case=True)  # a refresh is on its way

    assert len(asked) == 1
    row = StoredFigures.objects.get()
    assert row.stale_since is not None and row.refresh_requested_at is not None

    # A change that commits while the worker computes keeps them stale, and the worker asks again.
    with django_capture_on_commit_callbacks(execute=True):
        StoredFigures.objects.update(refresh_requested_at=timezone.now() + datetime.timedelta(seconds=30))
        stored.stored_figures_refresh()
    assert len(asked) == 2
    assert StoredFigures.objects.get().stale_since is not None


def test_records_no_kpi_counts_mark_nothing_stale(project, users):
    stored.stored_figures(window=kpi_window(project))
    users[roles.PROJECT_LEADER].first_name = "Ny"
    users[roles.PROJECT_LEADER].save()
    assert StoredFigures.objects.get().stale_since is None


def test_the_nightly_run_computes_today_for_running_projects_and_forgets_unread_figures(project):
    old = kpi_window(project, D(2023, 1, 31))
    stored.stored_figures(window=old)
    StoredFigures.objects.update(read_at=timezone.now() - stored.FORGET_AFTER - datetime.timedelta(days=1))

    assert stored.stored_figures_nightly(today=D(2024, 5, 1)) == 1

    assert list(StoredFigures.objects.values_list("start", "as_of")) == [(project.start, D(2024, 5, 1))]


def test_the_series_from_first_dates_equal_the_per_month_columns(tmp_path, project):
    import_all(tmp_path)
    window = kpi_window(project, D(2024, 12, 31))
    for kpi in registered():
        if isinstance(kpi.counting, CountedKpi) and kpi.counting.counts_from:
            slow = dataclasses.replace(kpi.counting, counts_from=None)
            assert kpi.counting.series(window, month_ends(window)) == slow.series(window, month_ends(window)), kpi.key
