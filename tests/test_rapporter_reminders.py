"""The quarterly funder report reminder (issue 8), on a controlled clock."""

import datetime

import pytest

from opgaver import services
from opgaver.models import Task
from rapporter.reminders import quarter_ends

from .factories_rapporter import ProjectFactory
from .test_opgaver_rules import at, rules  # noqa: F401  (the rules fixture)

D = datetime.date
KEY = "kvartalsrapport"

pytestmark = pytest.mark.usefixtures("rules")


def run(day: datetime.date):
    result = services.reminder_rules_run(now=at(day))
    assert result.errors == {}


def tasks():
    return list(
        Task.objects.filter(reminder__rule__key=KEY).order_by("due_date").values_list("due_date", "assignee", "title")
    )


@pytest.fixture
def lead_14_days(rules):  # noqa: F811
    rules[KEY].lead_days = 14
    rules[KEY].save()


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 2, 10), D(2026, 8, 15), [D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30)]),
        (D(2026, 1, 1), D(2026, 3, 31), [D(2026, 3, 31)]),
        (D(2026, 3, 31), D(2026, 4, 1), [D(2026, 3, 31), D(2026, 6, 30)]),
        (D(2026, 11, 20), D(2027, 1, 5), [D(2026, 12, 31), D(2027, 3, 31)]),
    ],
)
def test_quarter_ends_cover_the_quarters_the_project_touches(start, end, expected):
    assert quarter_ends(start, end) == expected


def test_a_task_14_days_before_each_quarter_ends_and_not_a_day_earlier(lead_14_days):
    project = ProjectFactory(
        name="Fritidsjob 2026", start=D(2026, 2, 10), end=D(2026, 8, 15), report_recipients="fond@example.dk"
    )

    run(D(2026, 3, 16))
    assert tasks() == []
    run(D(2026, 3, 17))
    assert tasks() == [(D(2026, 3, 31), None, "Kvartalsrapport til fonden pr. 31. marts 2026")]
    task = Task.objects.get()
    assert "Den sendes automatisk den 2. april 2026 til 1 modtager." in task.description
    assert "Fritidsjob 2026" in task.description
    assert task.concerning_url == project.get_absolute_url()

    run(D(2026, 3, 18))
    assert len(tasks()) == 1  # once


def test_the_last_quarter_is_due_on_the_projects_end_and_sent_after_the_quarter(lead_14_days):
    ProjectFactory(start=D(2026, 2, 10), end=D(2026, 8, 15), report_recipients="")
    run(D(2026, 8, 1))
    ((due, _assignee, _title),) = tasks()
    assert due == D(2026, 8, 15)
    assert "ingen modtagere" in Task.objects.get().description


def test_quarters_already_over_are_never_reminded_about(lead_14_days):
    ProjectFactory(start=D(2026, 2, 10), end=D(2026, 12, 31))
    run(D(2026, 7, 10))
    assert tasks() == []
    run(D(2026, 9, 16))
    assert [due for due, *_ in tasks()] == [D(2026, 9, 30)]
