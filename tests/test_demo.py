import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone

from core import demo as core_demo
from fritidsjob import roles
from fritidsjob.models import Youth
from opgaver import services as task_services
from opgaver.demo import QUIET_CASE_REF
from opgaver.models import Reminder, Task

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo", "--youth", "2")
    assert Youth.objects.count() == 0


def test_seed_demo_makes_users_of_every_role_and_is_idempotent(settings, capsys):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-kode-2026"
    call_command("seed_demo", "--youth", "5", "--seed", "1")
    call_command("seed_demo", "--youth", "5", "--seed", "1")
    output = capsys.readouterr().out
    assert "konsulent / demo-kode-2026" in output
    assert Youth.objects.filter(import_ref__startswith="demo-").count() == 5
    assert Youth.objects.filter(import_ref=QUIET_CASE_REF).count() == 1
    expected = {
        "konsulent": roles.JOBCENTER_CONSULTANT,
        "ungdomsskole": roles.YOUTH_SCHOOL,
        "projektleder": roles.PROJECT_LEADER,
        "fond": roles.FUNDER,
        "mentor": roles.MENTOR,
        "admin": roles.ADMINISTRATOR,
    }
    for username, role in expected.items():
        user = authenticate(username=username, password="demo-kode-2026")
        assert [g.name for g in user.groups.all()] == [role]
    ages = {youth.age for youth in Youth.objects.all()}
    assert min(ages) >= 13
    assert max(ages) <= 17


def test_the_first_run_of_the_rules_after_seed_demo_reminds_about_the_quiet_case(settings):
    """What beat's first tick does after `make run`: the quiet case's reminder, a task for the consultant."""
    settings.DEBUG = True
    call_command("seed_demo", "--youth", "5", "--seed", "1")
    assert not Reminder.objects.exists()

    result = task_services.reminder_rules_run(now=timezone.now())

    quiet = Youth.objects.get(import_ref=QUIET_CASE_REF)
    assert (result.created["sag_uden_journal"], result.errors) == (1, {})
    assert Reminder.objects.filter(rule__key="sag_uden_journal").get().object_id == quiet.pk
    assert Reminder.objects.get(object_id=quiet.pk, rule__key="sag_uden_journal").due_date == timezone.localdate()
    task = Task.objects.get(youth=quiet)
    assert (task.title, task.assignee.username) == ("Ingen journalnotat i 60 dage", "konsulent")


def test_every_app_that_has_demo_data_seeds_it_in_its_registered_order(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", "--youth", "3", "--seed", "1")

    summaries = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Demodata: ")]
    seeders = sorted(core_demo._seeders.items(), key=lambda item: item[1][0])
    assert [module for module, _seeder in seeders] == [
        "talentvaerksted.demo",
        "virksomheder.demo",
        "foraeldre.demo",
        "mentorer.demo",  # after foraeldre: a mentor relationship needs a recorded consent
        "rapporter.demo",
        "opgaver.demo",
    ]
    assert len(summaries) == 1 + len(seeders)  # the young people, then one line per app
