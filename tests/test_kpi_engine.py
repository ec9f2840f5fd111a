"""The KPI engine's extensions: sub-periods, monthly series, breakdowns and pace.

The tests register small KPIs over youth and journal entries, the way each app
registers its own: a CountedKpi, a hand-written function with the breakdown
protocol, and a plain function the engine must handle by itself.
"""

import datetime

import pytest
from django.db.models import Count

from core.kpis import (
    KPIS,
    Dimension,
    KpiWindow,
    Pace,
    breakdown_of,
    compute_kpis,
    expected_by,
    kpi_window,
    month_ends,
    not_recorded,
    pace_of,
    series_of,
)
from fritidsjob.models import Gender, School, Youth
from rapporter.models import Project

from .factories import JournalEntryFactory, UserFactory, YouthFactory
from .kpi_fakes import fake_kpi, registered_youth, youth_with_journal

pytestmark = pytest.mark.django_db

D = datetime.date
PAST_PROJECT = {"slug": "fortid", "name": "Fortid", "start": D(2023, 1, 1), "end": D(2023, 12, 31)}


def plain_registered(window: KpiWindow) -> dict:
    """A KPI with no series or breakdown of its own: the engine calls it per month end."""
    return {"value": Youth.objects.target_group().filter(window.contains("registered_on")).count()}


def gender_by_hand(window: KpiWindow) -> dict:
    return {"value": Youth.objects.filter(window.contains("registered_on")).count()}


def _gender_breakdown(window: KpiWindow, dimension: str) -> dict[str, int]:
    rows = Youth.objects.filter(window.contains("registered_on")).order_by().values("gender").annotate(n=Count("pk"))
    return {row["gender"]: row["n"] for row in rows}


# The protocol without CountedKpi: attributes on the KPI function.
gender_by_hand.dimensions = (Dimension.GENDER,)
gender_by_hand.breakdown = _gender_breakdown


def with_per_branche(window: KpiWindow) -> dict:
    return {"value": 5, "per_branche": {"Detailhandel": 3, "Bygge og anlæg": 2}, "brancher_daekket": 2}


@pytest.fixture
def project():
    return Project.objects.create(**PAST_PROJECT, targets={"test_registreret": 12})


@pytest.fixture
def registered(monkeypatch):
    function = registered_youth()
    monkeypatch.setitem(KPIS, "test_registreret", fake_kpi("test_registreret", function))
    return function


def youth_registered(*dates: D, **extra) -> list[Youth]:
    return [YouthFactory(registered_on=day, **extra) for day in dates]


def window(project, as_of=None, start=None) -> KpiWindow:
    return kpi_window(project, as_of, start)


# --- windows and months --------------------------------------------------------------------


def test_sub_period_start_is_clamped_into_the_project_window(project):
    assert window(project, D(2023, 6, 30)) == KpiWindow(project, D(2023, 1, 1), D(2023, 6, 30))
    assert window(project, D(2023, 6, 30), start=D(2023, 4, 1)).start == D(2023, 4, 1)
    assert window(project, D(2023, 6, 30), start=D(2022, 4, 1)).start == D(2023, 1, 1)
    assert window(project, D(2023, 6, 30), start=D(2023, 9, 1)).start == D(2023, 6, 30)


def test_month_ends_run_to_the_as_of_date(project):
    assert month_ends(window(project, D(2023, 3, 10), start=D(2023, 1, 15))) == [
        D(2023, 1, 31),
        D(2023, 2, 28),
        D(2023, 3, 10),
    ]
    assert len(month_ends(window(project, D(2024, 5, 1)))) == 12


def test_a_sub_period_counts_only_records_dated_in_it(project, registered):
    youth_registered(D(2023, 2, 1), D(2023, 4, 1), D(2023, 4, 30), D(2023, 5, 1))

    assert compute_kpis(project, as_of=D(2023, 4, 30))["kpis"]["test_registreret"]["value"] == 3
    assert compute_kpis(project, as_of=D(2023, 4, 30), start=D(2023, 4, 1))["kpis"]["test_registreret"]["value"] == 2


# --- series --------------------------------------------------------------------------------


def test_series_is_cumulative_per_month_and_ends_with_the_value(project, registered):
    youth_registered(D(2022, 12, 31), D(2023, 1, 1), D(2023, 1, 31), D(2023, 3, 15), D(2023, 4, 1))
    YouthFactory(registered_on=D(2023, 2, 10), in_target_group=False)  # not in the target group
    run = window(project, D(2023, 3, 31))

    series = series_of(registered, run, registered(run)["value"])

    assert series == [(D(2023, 1, 31), 2), (D(2023, 2, 28), 2), (D(2023, 3, 31), 3)]


def test_series_of_a_plain_function_is_computed_per_month_end_and_agrees(project):
    youth_registered(D(2023, 1, 5), D(2023, 2, 5), D(2023, 2, 6), D(2023, 6, 1))
    run = window(project, D(2023, 6, 15))

    plain = series_of(plain_registered, run, plain_registered(run)["value"])

    assert plain == series_of(registered_youth(), run, 4)
    assert [value for _end, value in plain] == [1, 3, 3, 3, 3, 4]


def test_a_kpi_not_recorded_has_no_series_and_no_breakdown(project):
    run = window(project, D(2023, 6, 30))
    placeholder = not_recorded()

    assert series_of(placeholder, run, None) is None
    assert breakdown_of(placeholder, run, Dimension.MONTH, {"value": None}, None) is None
    assert breakdown_of(placeholder, run, Dimension.GENDER, {"value": None}, None) is None


def test_distinct_subjects_are_counted_once_in_the_month_they_first_count(project):
    school = School.objects.order_by("name").first()
    anna, bo = YouthFactory(school=school), YouthFactory(school=None)
    for youth, day in [(anna, D(2023, 1, 10)), (anna, D(2023, 2, 10)), (bo, D(2023, 2, 11)), (bo, D(2023, 2, 12))]:
        JournalEntryFactory(youth=youth, date=day)
    function, run = youth_with_journal(), window(project, D(2023, 2, 28))

    assert function(run) == {"value": 2}
    series = series_of(function, run, 2)
    assert series == [(D(2023, 1, 31), 1), (D(2023, 2, 28), 2)]
    assert breakdown_of(function, run, Dimension.MONTH, {"value": 2}, series) == {"januar 2023": 1, "februar 2023": 1}
    assert function.breakdown(run, Dimension.SCHOOL) == {school.name: 1, "Ingen skole": 1}


# --- breakdowns ----------------------------------------------------------------------------


def test_breakdowns_by_gender_school_and_postcode(project, registered):
    schools = list(School.objects.order_by("name")[:2])
    YouthFactory(registered_on=D(2023, 2, 1), gender=Gender.GIRL, school=schools[0], postcode="8800")
    YouthFactory(registered_on=D(2023, 2, 1), gender=Gender.GIRL, school=schools[1], postcode="8830")
    YouthFactory(registered_on=D(2023, 3, 1), gender=Gender.BOY, school=None, postcode="")
    YouthFactory(registered_on=D(2024, 3, 1), gender=Gender.OTHER)  # after the project
    run = window(project, D(2023, 12, 31))

    assert registered.breakdown(run, Dimension.GENDER) == {"Pige": 2, "Dreng": 1, "Andet": 0, "Uoplyst": 0}
    assert registered.breakdown(run, Dimension.SCHOOL) == {schools[0].name: 1, schools[1].name: 1, "Ingen skole": 1}
    assert registered.breakdown(run, Dimension.POSTCODE) == {"8800": 1, "8830": 1, "Uoplyst": 1}


def test_age_bands_are_ages_on_the_as_of_date(project, registered):
    as_of = D(2023, 6, 30)
    births = [
        D(2008, 6, 30),  # 15 on the as-of date
        D(2008, 7, 1),  # 14 until the next day
        D(2010, 6, 30),  # 13
        D(2010, 7, 1),  # 12
        D(2005, 6, 30),  # 18
    ]
    for birth in births:
        YouthFactory(registered_on=D(2023, 2, 1), birth_date=birth)

    assert registered.breakdown(window(project, as_of), Dimension.AGE_BAND) == {
        "Under 13 år": 1,
        "13-14 år": 2,
        "15-17 år": 1,
        "18 år og derover": 1,
    }


def test_the_breakdown_protocol_on_a_plain_function_and_per_branche(project):
    YouthFactory(registered_on=D(2023, 2, 1), gender=Gender.GIRL)
    run = window(project, D(2023, 6, 30))

    figures = gender_by_hand(run)
    assert breakdown_of(gender_by_hand, run, Dimension.GENDER, figures, None) == {"pige": 1}
    assert breakdown_of(gender_by_hand, run, Dimension.SCHOOL, figures, None) is None
    # The contract's per_branche is the industry breakdown of a KPI that has it.
    assert breakdown_of(with_per_branche, run, Dimension.INDUSTRY, with_per_branche(run), None) == {
        "Detailhandel": 3,
        "Bygge og anlæg": 2,
    }


@pytest.mark.parametrize("youth_count", [3, 30])
def test_series_and_every_breakdown_take_one_query_each_whatever_the_data(
    project, registered, django_assert_num_queries, youth_count
):
    staff = UserFactory()
    for number in range(youth_count):
        youth = YouthFactory(registered_on=D(2023, 1 + number % 12, 1), postcode=f"88{number % 10}0")
        JournalEntryFactory(youth=youth, author=staff, date=D(2023, 1 + number % 12, 2))
    run = window(project, D(2023, 12, 31))

    with django_assert_num_queries(1):
        registered.series(run, month_ends(run))
    with django_assert_num_queries(4):
        for dimension in (Dimension.SCHOOL, Dimension.POSTCODE, Dimension.GENDER, Dimension.AGE_BAND):
            registered.breakdown(run, dimension)
    with django_assert_num_queries(1):
        youth_with_journal().series(run, month_ends(run))


# --- pace ----------------------------------------------------------------------------------


def contract_window(as_of: D, start: D | None = None) -> KpiWindow:
    seeded = Project.objects.get(slug="sammen-om-fritidsjob")  # 2022-01-01 to 2024-12-31: 1096 days
    return kpi_window(seeded, as_of, start)


def test_expected_is_the_targets_share_of_the_days_gone():
    # 2023-06-30 is day 546 of 1096: 350 * 546 / 1096 = 174.36
    assert expected_by(target=350, window=contract_window(D(2023, 6, 30))) == 174
    assert expected_by(target=350, window=contract_window(D(2024, 12, 31))) == 350
    assert expected_by(target=350, window=contract_window(D(2022, 1, 1))) == 0  # 0.32 rounds down
    # A sub-period expects its own days' share: 2023 has 365 days: 6400 * 365 / 1096 = 2131.39
    assert expected_by(target=6400, window=contract_window(D(2023, 12, 31), start=D(2023, 1, 1))) == 2131


def test_expected_rounds_half_up():
    project = Project(slug="kort", name="Kort", start=D(2024, 1, 1), end=D(2024, 1, 4))

    assert expected_by(target=2, window=KpiWindow(project, D(2024, 1, 1), D(2024, 1, 1))) == 1  # 0.5
    assert expected_by(target=6, window=KpiWindow(project, D(2024, 1, 1), D(2024, 1, 1))) == 2  # 1.5


def test_on_track_or_behind_and_by_how_much():
    run = contract_window(D(2023, 6, 30))

    assert pace_of(value=170, target=350, window=run) == Pace(value=170, expected=174)
    behind = pace_of(value=170, target=350, window=run)
    assert (behind.on_track, behind.behind_by, behind.difference) == (False, 4, -4)
    ahead = pace_of(value=180, target=350, window=run)
    assert (ahead.on_track, ahead.ahead_by, ahead.behind_by) == (True, 6, 0)
    assert pace_of(value=174, target=350, window=run).on_track is True
    assert pace_of(value=None, target=350, window=run) is None
    assert pace_of(value=10, target=None, window=run) is None


def test_a_window_before_the_project_starts_expects_nothing():
    future = Project(slug="senere", name="Senere", start=D(2030, 1, 1), end=D(2030, 12, 31))

    assert expected_by(target=100, window=kpi_window(future, D(2029, 6, 1))) == 0
