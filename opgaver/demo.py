"""Demo tasks for `manage.py seed_demo`: a few open tasks in the demo staff's inboxes.

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

from . import services
from .models import Task
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
    return f"{_seed_tasks(seed)} {_seed_quiet_case()}"


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
