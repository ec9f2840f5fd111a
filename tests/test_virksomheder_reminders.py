"""The placement reminder rules (issue 8) on a controlled clock: the one-month check-in and the
six-month retention follow-up (a task 7 days before, due on the date)."""

import datetime

import pytest

from opgaver import services
from opgaver.models import Task, TaskStatus
from tests.reminder_rules import at, rules_active_since_long_ago
from virksomheder import services as company_services
from virksomheder.models import FollowUp, FollowUpKind
from virksomheder.reminders import OneMonthCheckIn, SixMonthFollowUp

from .factories import UserFactory, YouthFactory
from .factories_virksomheder import CompanyFactory, make_placement

pytestmark = pytest.mark.django_db
D = datetime.date
SIX, ONE = SixMonthFollowUp.key, OneMonthCheckIn.key


def run(day: datetime.date) -> None:
    result = services.reminder_rules_run(now=at(day))
    assert result.errors == {}


@pytest.fixture
def rules(db):
    """Rule rows active since long ago with their default lead times (7 days for the six-month rule)."""
    return rules_active_since_long_ago()


@pytest.fixture
def staff(db):
    return UserFactory(username="karen", first_name="Karen", email="karen@example.dk")


def placement(*, start: datetime.date, known_since: datetime.date | None = None, staff=None, **fields):
    """A placement whose follow-ups came into the system on `known_since` (default: its start)."""
    youth = YouthFactory(responsible_staff=staff)
    made = make_placement(youth=youth, start=start, **fields)
    FollowUp.objects.filter(placement=made).update(created_at=at(known_since or start, 9))
    return made


def tasks(key: str):
    return list(
        Task.objects.filter(reminder__rule__key=key)
        .order_by("pk")
        .values_list("youth_id", "due_date", "assignee_id", "title")
    )


def test_the_rules_are_registered_with_their_lead_times(rules):
    assert (rules[SIX].lead_days, rules[ONE].lead_days) == (7, 0)


def test_six_month_follow_up_is_a_task_seven_days_before_due_on_the_date(rules, staff):
    job = placement(start=D(2024, 1, 15), staff=staff)

    run(D(2024, 7, 7))
    assert tasks(SIX) == []
    run(D(2024, 7, 8))
    assert tasks(SIX) == [(job.youth_id, D(2024, 7, 15), staff.pk, "Opfølgning: er jobbet fastholdt i 6 måneder?")]
    run(D(2024, 7, 8))
    run(D(2024, 7, 15))
    run(D(2024, 7, 20))
    assert len(tasks(SIX)) == 1
    task = Task.objects.get(reminder__rule__key=SIX)
    assert task.concerning == job.follow_ups.get(kind=FollowUpKind.SIX_MONTHS)
    assert task.concerning_url == f"/virksomheder/ansaettelser/{job.pk}/#opfoelgning-{task.object_id}"


def test_six_months_from_a_month_end(rules, staff):
    job = placement(start=D(2023, 8, 31), staff=staff)

    run(D(2024, 2, 21))
    assert tasks(SIX) == []
    run(D(2024, 2, 22))
    assert tasks(SIX) == [(job.youth_id, D(2024, 2, 29), staff.pk, "Opfølgning: er jobbet fastholdt i 6 måneder?")]


def test_one_month_check_in_is_due_on_the_date_and_counts_calendar_months(rules, staff):
    job = placement(start=D(2023, 8, 31), staff=staff)

    run(D(2023, 9, 29))
    assert tasks(ONE) == []
    run(D(2023, 9, 30))
    assert tasks(ONE) == [(job.youth_id, D(2023, 9, 30), staff.pk, "Opfølgning: 1 måned i job")]


def test_imported_history_is_never_reminded_about(rules, staff):
    # Imported on 1 June 2024: the old job's follow-ups fell due before it came into the system.
    placement(start=D(2023, 1, 15), known_since=D(2024, 6, 1), staff=staff)
    recent = placement(start=D(2024, 1, 10), known_since=D(2024, 6, 1), staff=staff)

    for day in (D(2024, 6, 1), D(2024, 6, 2), D(2024, 7, 3), D(2024, 7, 10)):
        run(day)

    assert tasks(ONE) == []  # 2024-02-10 lies before the import
    assert tasks(SIX) == [(recent.youth_id, D(2024, 7, 10), staff.pk, "Opfølgning: er jobbet fastholdt i 6 måneder?")]


def test_no_task_for_a_job_that_ended_first_or_a_follow_up_already_recorded(rules, staff):
    placement(start=D(2024, 1, 15), end=D(2024, 5, 1), staff=staff)
    done = placement(start=D(2024, 1, 15), staff=staff)
    company_services.follow_up_complete(
        follow_up=done.follow_ups.get(kind=FollowUpKind.SIX_MONTHS), user=staff, job_kept=True, now=at(D(2024, 7, 1))
    )

    run(D(2024, 7, 15))

    assert tasks(SIX) == []


def test_the_companys_consultant_gets_the_task_when_the_case_has_no_responsible(rules):
    consultant = UserFactory(username="carl")
    job = placement(start=D(2024, 1, 15), company=CompanyFactory(responsible_consultant=consultant))

    run(D(2024, 2, 15))

    assert tasks(ONE) == [(job.youth_id, D(2024, 2, 15), consultant.pk, "Opfølgning: 1 måned i job")]


def test_recording_the_follow_up_closes_the_rule_made_task(rules, staff):
    job = placement(start=D(2024, 1, 15), staff=staff)
    run(D(2024, 7, 8))
    follow_up = job.follow_ups.get(kind=FollowUpKind.SIX_MONTHS)

    company_services.follow_up_complete(follow_up=follow_up, user=staff, job_kept=True, now=at(D(2024, 7, 9)))

    task = Task.objects.get(reminder__rule__key=SIX)
    assert (task.status, task.completed_by, task.completed_at) == (TaskStatus.DONE, staff, at(D(2024, 7, 9)))
    run(D(2024, 7, 15))
    assert len(tasks(SIX)) == 1  # not made again
