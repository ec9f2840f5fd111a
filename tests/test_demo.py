import datetime
import io
import json

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from core import demo as core_demo
from fritidsjob import roles
from fritidsjob.demo import HISTORY_PREFIX
from fritidsjob.models import Youth
from fritidsjob.progression.models import Milestone, ProgressionResponse, Questionnaire
from opgaver import services as task_services
from opgaver.demo import PROGRESSION_NOTE, QUIET_CASE_REF
from opgaver.models import Reminder, Task
from rapporter.demo import CONTINUATION, CONTINUATION_TARGETS
from rapporter.models import Project

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo", "--youth", "2")
    assert Youth.objects.count() == 0


def test_seed_demo_makes_users_of_every_role_and_is_idempotent(settings, capsys):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-kode-2026"
    call_command("seed_demo", "--youth", "5", "--history", "12", "--seed", "1")
    call_command("seed_demo", "--youth", "5", "--history", "12", "--seed", "1")
    output = capsys.readouterr().out
    assert "konsulent / demo-kode-2026" in output
    assert Youth.objects.exclude(import_ref__startswith=HISTORY_PREFIX).exclude(import_ref=QUIET_CASE_REF).count() == 5
    assert Youth.objects.filter(import_ref=QUIET_CASE_REF).count() == 1
    assert Youth.objects.filter(import_ref__startswith=HISTORY_PREFIX).count() == 12
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
    ages = {youth.age for youth in Youth.objects.exclude(import_ref__startswith=HISTORY_PREFIX)}
    assert min(ages) >= 13
    assert max(ages) <= 17
    # The history's young people were 13-17 when their case began (some are grown up by now).
    for youth in Youth.objects.filter(import_ref__startswith=HISTORY_PREFIX):
        age_then = (youth.registered_on - youth.birth_date).days // 365
        assert 13 <= age_then <= 17


def test_the_first_run_of_the_rules_after_seed_demo_reminds_about_the_quiet_case(settings):
    """What beat's first tick does after `make run`: the quiet case's reminder, a task for the consultant."""
    settings.DEBUG = True
    call_command("seed_demo", "--youth", "5", "--seed", "1", "--history", "0")
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
    call_command("seed_demo", "--youth", "3", "--history", "0", "--seed", "1")

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
    assert len(summaries) == 2 + len(seeders)  # the young people, the history's, then one line per app


def _kpis(slug: str, *args: str) -> dict:
    out = io.StringIO()
    call_command("kpi", "--project", slug, "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def seeded_demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--youth", "12", "--history", "60", "--seed", "3", stdout=io.StringIO())


def test_the_first_project_period_has_every_kpi_of_the_contract_above_zero(seeded_demo):
    report = _kpis("sammen-om-fritidsjob")

    assert report["as_of"] == "2024-12-31"
    values = {key: kpi["value"] for key, kpi in report["kpis"].items()}
    assert set(values) == {
        "gennemfoert_talentvaerksted",
        "fastholdt_6_maaneder",
        "virksomheder_vejledt",
        "foraeldre_med_sag_vejledt",
        "informeret_unge_og_foraeldre",
        "foraeldre_introduceret",
        "unge_i_job",
    }
    assert [key for key, value in values.items() if not value > 0] == []
    # Retained six months is a subset of those in a job, as the story must have it.
    assert values["fastholdt_6_maaneder"] <= values["unge_i_job"]


def test_the_history_is_spread_over_the_period_not_piled_on_one_day(seeded_demo):
    """Half-way through the first period about half of its completed courses are counted: a plausible pace."""
    whole = _kpis("sammen-om-fritidsjob")["kpis"]["gennemfoert_talentvaerksted"]["value"]
    half = _kpis("sammen-om-fritidsjob", "--as-of", "2023-07-01")["kpis"]["gennemfoert_talentvaerksted"]["value"]

    assert 0.25 * whole <= half <= 0.75 * whole


def test_the_continuation_project_holds_todays_activity(seeded_demo):
    project = Project.objects.get(slug=CONTINUATION["slug"])
    assert (project.start, project.end) == (datetime.date(2025, 1, 1), datetime.date(2027, 12, 31))
    assert project.targets == CONTINUATION_TARGETS

    report = _kpis(CONTINUATION["slug"])
    assert report["as_of"] == timezone.localdate().isoformat()
    assert [key for key, kpi in report["kpis"].items() if not kpi["value"] > 0] == []


def test_todays_demo_cases_count_in_the_continuation_not_in_the_first_period(settings):
    """Without history, only the activity dated around today is there: the continuation counts it."""
    settings.DEBUG = True
    call_command("seed_demo", "--youth", "12", "--history", "0", "--seed", "3", stdout=io.StringIO())

    first = _kpis("sammen-om-fritidsjob")["kpis"]
    current = _kpis(CONTINUATION["slug"])["kpis"]
    assert first["informeret_unge_og_foraeldre"]["value"] == 0
    assert first["foraeldre_introduceret"]["value"] == 0
    assert current["informeret_unge_og_foraeldre"]["value"] > 0
    assert current["virksomheder_vejledt"]["value"] > 0
    assert current["foraeldre_introduceret"]["value"] > 0


def test_the_dashboard_opens_on_the_continuation_project(seeded_demo, client):
    client.force_login(get_user_model().objects.get(username="projektleder"))

    response = client.get(reverse("rapporter:kpi_overview"))

    assert response.status_code == 200
    assert response.context["project"].slug == CONTINUATION["slug"]


def test_the_demo_young_people_answered_the_progression_questionnaire_at_their_milestones(seeded_demo, client):
    responses = ProgressionResponse.objects.select_related("youth").prefetch_related("answers")
    questionnaire = Questionnaire.objects.current()
    in_use = questionnaire.items.in_use().count()
    assert responses.count() >= 20
    # Plainly fake: only the made-up demo young people, each answering marked, on a day already past.
    assert {r.note for r in responses} == {PROGRESSION_NOTE}
    assert all(r.youth.import_ref.startswith("demo-") for r in responses)
    assert all(r.answered_on <= timezone.localdate() and len(r.answers.all()) == in_use for r in responses)
    milestones = set(responses.values_list("milestone", flat=True))
    assert {Milestone.START, Milestone.COURSE_COMPLETED} <= milestones and len(milestones) >= 3
    # Each at the milestone its rule finds: the start no later than any other answering of the same young person.
    for youth_id in responses.values_list("youth_id", flat=True).distinct():
        days = dict(responses.filter(youth_id=youth_id).values_list("milestone", "answered_on"))
        assert days.get(Milestone.START, min(days.values())) == min(days.values())

    # The project leader's dashboard shows the paired change for every theme.
    client.force_login(get_user_model().objects.get(username="projektleder"))
    dashboard = client.get(reverse("rapporter:kpi_overview"))
    report = dashboard.context["progression"]
    assert report.has_figures
    assert all(row.total.count >= report.limit and not row.total.hidden for row in report.themes)
    assert "Ingen unge har svaret på spørgeskemaet to gange" not in dashboard.content.decode()

    # The consultant sees the answers on a case, as the progression panel draws them.
    client.force_login(get_user_model().objects.get(username="konsulent"))
    youth = responses.filter(milestone=Milestone.COURSE_COMPLETED).first().youth
    case = client.get(youth.get_absolute_url()).content.decode()
    assert PROGRESSION_NOTE in case and "Efter gennemført forløb" in case

    # seed_demo again asks nothing twice.
    before = responses.count()
    call_command("seed_demo", "--youth", "12", "--history", "60", "--seed", "3", stdout=io.StringIO())
    assert ProgressionResponse.objects.count() == before


def test_the_default_project_is_the_one_running_today_not_one_planned_ahead():
    today = timezone.localdate()
    year = datetime.timedelta(days=365)
    Project.objects.create(slug="naeste", name="Næste periode", start=today + 2 * year, end=today + 4 * year)
    running = Project.objects.create(slug="nu", name="Nu", start=today - year, end=today + year)

    assert Project.objects.default_first(today).first() == running
    # The first period (the data migration's) is over and comes after the running one.
    assert list(Project.objects.default_first(today).values_list("slug", flat=True))[-1] == "sammen-om-fritidsjob"
