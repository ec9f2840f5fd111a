"""Progression for the project leader and the funder (issue 18): paired means by hand, suppression, queries."""

import datetime
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.kpis import Dimension, kpi_window
from fritidsjob import roles
from fritidsjob.models import Gender
from fritidsjob.progression import services
from fritidsjob.progression.models import Milestone, Questionnaire, Theme
from rapporter.models import Project
from rapporter.progression import progression_report
from rapporter.suppression import derivable_cells

from .factories import YouthFactory
from .factories_rapporter import SEEDED_PROJECT

D = datetime.date
pytestmark = pytest.mark.django_db


def window():
    return kpi_window(Project.objects.get(slug=SEEDED_PROJECT), as_of=D(2024, 12, 31))


def answer(youth, milestone, on, value_of):
    q = Questionnaire.objects.current()
    values = {item.pk: value_of(item) for item in q.items.in_use()}
    return services.response_create(youth=youth, questionnaire=q, milestone=milestone, values=values, answered_on=on)


def self_efficacy(value_job, value_new):
    """Values for the two statements of "tro på egne evner"; every other statement 3."""
    return lambda item: {"tro_paa_job": value_job, "tro_paa_nyt": value_new}.get(item.key, 3)


def cohort():
    """Three paired young people, one answering once, one whose first answer lies before the period."""
    anna, bo, carl = (YouthFactory(gender=g) for g in (Gender.GIRL, Gender.GIRL, Gender.BOY))
    answer(anna, Milestone.START, D(2024, 1, 10), self_efficacy(1, 2))  # theme 1.5
    answer(anna, Milestone.JOB_3_MONTHS, D(2024, 6, 1), self_efficacy(3, 3))  # theme 3.0
    answer(anna, Milestone.JOB_6_MONTHS, D(2024, 9, 1), self_efficacy(4, 5))  # latest: 4.5 -> +3
    answer(bo, Milestone.START, D(2024, 2, 1), self_efficacy(4, 4))  # 4.0
    answer(bo, Milestone.CASE_CLOSED, D(2024, 8, 1), self_efficacy(3, 4))  # 3.5 -> -0.5
    answer(carl, Milestone.START, D(2024, 3, 1), self_efficacy(2, 2))  # 2.0
    answer(carl, Milestone.COURSE_COMPLETED, D(2024, 5, 1), self_efficacy(2, 2))  # 2.0 -> 0
    answer(YouthFactory(), Milestone.START, D(2024, 3, 1), self_efficacy(1, 1))  # once: not paired
    early = YouthFactory()
    answer(early, Milestone.START, D(2021, 12, 1), self_efficacy(1, 1))  # before the project's start
    answer(early, Milestone.JOB_3_MONTHS, D(2024, 3, 1), self_efficacy(5, 5))  # once in the period
    return anna, bo, carl


def theme_row(report, theme):
    return next(row for row in report.themes if row.theme == theme)


def test_the_paired_mean_change_by_hand():
    cohort()
    report = progression_report(window=window(), limit=3, discreet=False)
    row = theme_row(report, Theme.SELF_EFFICACY)
    # Anna +3, Bo -0.5, Carl 0: three young people, mean 2.5 / 3, one of three improved.
    assert row.total.count == 3
    assert row.total.mean_change == Fraction(5, 6)
    assert str(row.total.mean) == "0.83"
    assert row.total.improved == 1 and str(row.total.share_improved) == "33.3"
    # Every other statement stayed at 3: no change, nobody improved.
    wellbeing = theme_row(report, Theme.WELLBEING).total
    assert (wellbeing.count, wellbeing.mean_change, wellbeing.improved) == (3, 0, 0)
    by_gender = dict(row.groups[Dimension.GENDER])
    assert by_gender["Pige"].count == 2 and by_gender["Pige"].mean_change == Fraction(5, 4)
    assert by_gender["Dreng"].count == 1 and by_gender["Dreng"].mean_change == 0


def test_small_groups_are_hidden_with_their_means_and_one_more_to_protect_them():
    cohort()
    report = progression_report(window=window(), limit=3, discreet=True)
    row = theme_row(report, Theme.SELF_EFFICACY)
    assert not row.total.hidden and row.total.count == 3
    genders = row.groups[Dimension.GENDER]
    # Girls 2 and boy 1 are under 3: both hidden, whole rows (count, mean and share).
    assert [(label, change.hidden) for label, change in genders] == [
        ("Pige", True),
        ("Dreng", True),
        ("Andet", False),
        ("Uoplyst", False),
    ]


def test_secondary_suppression_hides_the_smallest_other_group():
    for _n in range(3):
        girl = YouthFactory(gender=Gender.GIRL)
        answer(girl, Milestone.START, D(2024, 1, 10), self_efficacy(2, 2))
        answer(girl, Milestone.CASE_CLOSED, D(2024, 6, 1), self_efficacy(4, 4))
    boy = YouthFactory(gender=Gender.BOY)
    answer(boy, Milestone.START, D(2024, 1, 10), self_efficacy(2, 2))
    answer(boy, Milestone.CASE_CLOSED, D(2024, 6, 1), self_efficacy(1, 1))
    report = progression_report(window=window(), limit=3, discreet=True)
    row = theme_row(report, Theme.SELF_EFFICACY)
    assert row.total.count == 4 and not row.total.hidden
    genders = dict(row.groups[Dimension.GENDER])
    # The boy (1) is hidden, and the girls (3) too: else 4 - 3 = 1 and the total's mean would give his change.
    assert genders["Dreng"].hidden and genders["Pige"].hidden
    from rapporter.suppression import Cell

    column = [Cell(change.count, hidden=change.hidden) for _label, change in row.groups[Dimension.GENDER]]
    assert derivable_cells(column, total=4) == []


def test_a_theme_with_fewer_young_people_than_the_threshold_shows_no_figure():
    girl = YouthFactory(gender=Gender.GIRL)
    answer(girl, Milestone.START, D(2024, 1, 10), self_efficacy(2, 2))
    answer(girl, Milestone.CASE_CLOSED, D(2024, 6, 1), self_efficacy(4, 4))
    report = progression_report(window=window(), limit=3, discreet=True)
    row = theme_row(report, Theme.SELF_EFFICACY)
    assert row.total.hidden
    assert all(change.hidden for _label, change in row.groups[Dimension.GENDER] if change.count)


def _queries(count):
    for _n in range(count):
        youth = YouthFactory(gender=Gender.GIRL)
        answer(youth, Milestone.START, D(2024, 1, 10), self_efficacy(2, 2))
        answer(youth, Milestone.CASE_CLOSED, D(2024, 6, 1), self_efficacy(4, 4))
    with CaptureQueriesContext(connection) as queries:
        progression_report(window=window(), limit=3, discreet=True)
    return len(queries)


def test_the_report_runs_the_same_queries_for_ten_times_the_data():
    few = _queries(3)
    assert _queries(27) == few  # 3 young people, then 30
    assert few <= 8  # four, one per grouping (course, industry) and the industries' names


def test_by_first_course_and_first_job_industry_each_young_person_once():
    from fritidsjob.models import Industry

    from .factories_talentvaerksted import CourseFactory, EnrollmentFactory
    from .factories_virksomheder import CompanyFactory, make_placement

    anna, bo, carl = cohort()
    spring, autumn = CourseFactory(title="Forår"), CourseFactory(title="Efterår")
    EnrollmentFactory(youth=anna, course=spring, enrolled_on=D(2024, 1, 1))
    EnrollmentFactory(youth=anna, course=autumn, enrolled_on=D(2024, 8, 1))  # not her first
    EnrollmentFactory(youth=bo, course=autumn, enrolled_on=D(2024, 8, 1))
    shop = CompanyFactory(industry=Industry.objects.get(name="Detailhandel"))
    make_placement(youth=carl, company=shop, start=D(2024, 4, 1))
    report = progression_report(window=window(), limit=3, discreet=False)
    row = theme_row(report, Theme.SELF_EFFICACY)
    courses = {label: change.count for label, change in row.groups["forloeb"]}
    assert courses == {"Efterår": 1, "Forår": 1, "Intet forløb": 1}
    industries = {label: change.count for label, change in row.groups["branche"] if change.count}
    assert industries == {"Detailhandel": 1, "Intet job": 2}
    assert dict(row.groups["forloeb"])["Forår"].mean_change == 3


def test_the_dashboard_and_its_export_show_progression(client, users):
    cohort()
    client.force_login(users[roles.FUNDER])
    page = client.get(reverse("rapporter:kpi_overview"), {"opgoerelsesdato": "2024-12-31"})
    text = page.content.decode()
    assert 'id="progression"' in text and "Tro på egne evner" in text and "+0,83" in text
    export = client.get(
        reverse("rapporter:kpi_overview"), {"opgoerelsesdato": "2024-12-31", "eksport": "csv", "tabel": "progression"}
    )
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Tema;Opdeling;Gruppe")
    assert "Tro på egne evner;I alt;;3;0,83;33,3" in lines
    assert any(line.startswith("Tro på egne evner;Køn;Pige;skjult") for line in lines)
