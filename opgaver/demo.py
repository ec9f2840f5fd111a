"""Demo tasks for `manage.py seed_demo`: a few open tasks in the demo staff's inboxes.

Reminder rules never fire for the demo cases (they came into the system today,
with history dated before that: see registry.py), so the inboxes get tasks made
by hand, as the project leader would make them.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.demo import seeder
from fritidsjob.models import Youth

from . import services
from .models import Task

# (assignee's username or None, title, days from today, about a young person)
DEMO_TASKS = [
    ("konsulent", "Ring til forældrene om samtykke til deling med virksomhed", -2, True),
    ("konsulent", "Følg op efter første arbejdsdag", 0, True),
    ("konsulent", "Aftal besøg hos virksomheden sammen med den unge", 5, True),
    ("ungdomsskole", "Tilmeld til næste hold i Talentværkstedet", 2, True),
    ("ungdomsskole", "Send CV-skabelon til den unge", -1, True),
    (None, "Find en ansvarlig medarbejder til den nye sag", 1, True),
]


@transaction.atomic
@seeder(order=60)
def seed(*, seed: int) -> str:
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
