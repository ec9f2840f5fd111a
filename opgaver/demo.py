"""Demo tasks for `manage.py seed_demo`: a few open tasks in the demo staff's inboxes, and the demo young
people's progression questionnaires answered at the milestones they have reached.

Reminder rules never fire for the demo cases (they came into the system today,
with history dated before that: see registry.py), so the inboxes get tasks made
by hand, as the project leader would make them. One case is the exception: it was
registered 60 days ago and nobody has written in its journal since, so beat's first
run of the rules (within a minute of `make run`) gives its consultant a task.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.demo import seeder
from fritidsjob import services as youth_services
from fritidsjob.models import Gender, Youth, YouthStatus
from fritidsjob.progression import services as progression_services
from fritidsjob.progression.models import SCALE_MAX, SCALE_MIN, Milestone, ProgressionResponse, Questionnaire

from . import services
from .models import Task
from .progression import MilestoneRule
from .registry import Window, all_rules
from .reminders import JOURNAL_GAP_DAYS

# (assignee's username or None, title, days from today, about a young person)
DEMO_TASKS = [
    ("konsulent", "Ring til forældrene om samtykke til deling med virksomhed", -2, True),
    ("konsulent", "Følg op efter første arbejdsdag", 0, True),
    ("konsulent", "Aftal besøg hos virksomheden sammen med den unge", 5, True),
    ("ungdomsskole", "Tilmeld til næste hold i Talentværkstedet", 2, True),
    ("ungdomsskole", "Send CV-skabelon til den unge", -1, True),
    (None, "Find en ansvarlig medarbejder til den nye sag", 1, True),
]


# Not "demo-N": the other seeders give those parents, journal entries and tasks.
QUIET_CASE_REF = "stille-sag-demo"


@transaction.atomic
@seeder(order=60)
def seed(*, seed: int) -> str:
    # Progression last but one: the milestones come from the courses and jobs the other apps seeded,
    # and the quiet case, made after it, has answered nothing (beat's first run reminds about it alone).
    return f"{_seed_tasks(seed)} {_seed_progression(seed)} {_seed_quiet_case()}"


# How far back the demo young people's milestones are looked for (they were registered 10-400 days ago).
PROGRESSION_DAYS_BACK = 420
PROGRESSION_NOTE = "Opdigtet demobesvarelse (seed_demo)."


def _seed_progression(seed: int) -> str:
    """The current questionnaire answered, on the day, at each milestone the demo young people have reached
    (asked of the milestone rules themselves: start, completed course, 3 and 6 months in a job, closed case),
    with made-up answers that mostly go up a little. Plainly fake: each answering carries PROGRESSION_NOTE.
    Idempotent: a milestone already answered is not asked again (MilestoneRule.not_yet_asked)."""
    questionnaire = Questionnaire.objects.current()
    if questionnaire is None:
        return "Ingen progression (intet spørgeskema i brug)."
    items = list(questionnaire.items.in_use())
    today = timezone.localdate()
    window = Window(today=today, earliest=today - datetime.timedelta(days=PROGRESSION_DAYS_BACK), latest=today)
    rules = [rule for rule in all_rules().values() if isinstance(rule, MilestoneRule)]
    dues = []
    for rule in rules:
        for due in rule.due(window):
            youth = due.record
            if window.contains(due.due_date) and (youth.import_ref or "").startswith("demo-"):
                dues.append((due.due_date, youth.pk, rule.milestone, youth))
    # The demo's courses and jobs do not always come after the registration: nothing before the start.
    started = dict(
        ProgressionResponse.objects.filter(questionnaire=questionnaire, milestone=Milestone.START).values_list(
            "youth_id", "answered_on"
        )
    )
    started |= {youth_pk: day for day, youth_pk, milestone, _youth in dues if milestone == Milestone.START}
    dues = [due for due in dues if due[0] >= started.get(due[1], due[0])]
    rng = random.Random(seed)
    level: dict[tuple[int, int], int] = {}  # (youth, item) -> the answer so far
    for answered_on, _pk, milestone, youth in sorted(dues, key=lambda due: due[:2]):
        values = {}
        for item in items:
            now = level.get((youth.pk, item.pk))
            now = rng.randint(1, 3) if now is None else now + rng.choice((-1, 0, 1, 1, 1))
            level[(youth.pk, item.pk)] = values[item.pk] = min(max(now, SCALE_MIN), SCALE_MAX)
        response = progression_services.response_create(
            youth=youth,
            questionnaire=questionnaire,
            milestone=milestone,
            values=values,
            recorded_by=youth.responsible_staff,
            answered_on=answered_on,
        )
        progression_services.response_note_set(response=response, note=PROGRESSION_NOTE)
    if not dues:
        return "progression: ingen nye besvarelser."
    answered = len({youth_pk for _day, youth_pk, _milestone, _youth in dues})
    return f"progression: {len(dues)} besvarelser af {questionnaire.name} fra {answered} demo-unge."


def _seed_quiet_case() -> str:
    """A case due for the "no journal entry in 60 days" rule today: beat makes the reminder, not the seeder."""
    today = timezone.localdate()
    if Youth.objects.filter(import_ref=QUIET_CASE_REF).exists():
        return "Den stille sag findes allerede."
    consultant = get_user_model().objects.filter(username="konsulent").first()
    youth_services.youth_create(
        data={
            "first_name": "Malthe",
            "last_name": "Stilling",
            "birth_date": today - datetime.timedelta(days=15 * 365),
            "gender": Gender.BOY,
            "postcode": "8800",
            "responsible_staff": consultant,
            "status": YouthStatus.REFERRED,
            "registered_on": today - datetime.timedelta(days=JOURNAL_GAP_DAYS),
            "import_ref": QUIET_CASE_REF,
        }
    )
    return f"Én sag uden journalnotat i {JOURNAL_GAP_DAYS} dage: beat giver konsulenten en påmindelse i dag."


def _seed_tasks(seed: int) -> str:
    titles = [title for _user, title, _days, _youth in DEMO_TASKS]
    if Task.objects.filter(title__in=titles).exists():
        return "opgaver findes allerede."
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=["konsulent", "ungdomsskole", "projektleder"])
    }
    youth = list(Youth.objects.active().filter(import_ref__startswith="demo-").order_by("pk"))
    if "projektleder" not in users or not youth:
        return "ingen opgaver (demobrugere eller demo-unge mangler)."
    rng = random.Random(seed)
    today = timezone.localdate()
    for username, title, days, about_youth in DEMO_TASKS:
        services.task_create(
            title=title,
            due_date=today + datetime.timedelta(days=days),
            assignee=users.get(username) if username else None,
            created_by=users["projektleder"],
            youth=rng.choice(youth) if about_youth else None,
        )
    return f"{len(DEMO_TASKS)} opgaver i konsulentens og ungdomsskolens indbakker og én uden ansvarlig."
