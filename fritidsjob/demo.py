"""Plainly fake demo data for Viborg: used by `manage.py seed_demo` only."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from core.audit import audited_bulk_create
from core.kpis import project_model

from . import roles, services
from .models import Gender, Industry, JournalKind, ReferralSource, School, TargetGroupLevel, Youth, YouthStatus

DEMO_USERS = [
    # username, first name, last name, role, is_staff
    ("konsulent", "Karen", "Konsulent", roles.JOBCENTER_CONSULTANT, False),
    ("ungdomsskole", "Ulrik", "Ungdomsskole", roles.YOUTH_SCHOOL, False),
    ("projektleder", "Pia", "Projektleder", roles.PROJECT_LEADER, False),
    ("fond", "Frede", "Fond", roles.FUNDER, False),
    ("mentor", "Mette", "Mentor", roles.MENTOR, False),
    ("dpo", "Dorthe", "Databeskyttelse", roles.DATA_PROTECTION_OFFICER, False),
    ("admin", "Anders", "Administrator", roles.ADMINISTRATOR, True),
]

GIRLS = [
    "Emma",
    "Ida",
    "Clara",
    "Freja",
    "Sofia",
    "Alma",
    "Ella",
    "Laura",
    "Karla",
    "Josefine",
    "Mathilde",
    "Nora",
    "Asta",
    "Aya",
    "Sara",
]
BOYS = [
    "William",
    "Noah",
    "Oscar",
    "Lucas",
    "Carl",
    "Victor",
    "Malthe",
    "Alfred",
    "Emil",
    "Magnus",
    "Frederik",
    "Elias",
    "Ali",
    "Mohammed",
    "Adam",
]
LAST_NAMES = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Yilmaz",
    "Hussein",
]
# The programme's history (2022 until a few months ago) is made of its own young people,
# marked by this prefix; the other apps give them their courses, parents and jobs.
HISTORY_PREFIX = "demohistorik-"  # not "demo-": the current cases are found by that
# The first funding period, as the data migration makes it; its start is where the history begins.
FIRST_PROJECT_SLUG = "sammen-om-fritidsjob"
# The history ends this long before today: the most recent months are the current demo cases'.
HISTORY_STOPS_DAYS_AGO = 120
# Cases registered longer ago than this are closed: their course and job lie behind them.
HISTORY_CLOSED_AFTER_DAYS = 240
# Postcodes in Viborg Kommune.
POSTCODES = ["8800", "8830", "8832", "8840", "8850", "8860", "7470", "8620", "9632"]
JOURNAL_TEXTS = [
    "Første samtale med den unge og en forælder. Interesseret i at arbejde i en butik.",
    "Ringet og aftalt opstart i Talentværkstedet.",
    "Har skrevet CV sammen med den unge.",
    "Besøg hos virksomhed sammen med den unge. God kemi.",
    "SMS om mødetid i morgen.",
]


@transaction.atomic
def create_demo_users(password: str) -> list[str]:
    """Create or update the demo users; return their usernames."""
    User = get_user_model()
    for username, first_name, last_name, role, is_staff in DEMO_USERS:
        user, _created = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first_name, last_name
        user.is_staff = is_staff
        user.is_superuser = username == "admin"
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
    return [u[0] for u in DEMO_USERS]


@transaction.atomic
def create_demo_youth(count: int, seed: int) -> int:
    """Create up to `count` demo youth (marked by import_ref demo-N); return how many were new."""
    rng = random.Random(seed)
    today = timezone.localdate()
    schools = list(School.objects.all())
    industries = list(Industry.objects.all())
    staff = list(get_user_model().objects.filter(username__in=["konsulent", "ungdomsskole"]))
    created = 0
    for n in range(1, count + 1):
        ref = f"demo-{n}"
        if Youth.objects.filter(import_ref=ref).exists():
            continue
        gender = rng.choice([Gender.GIRL, Gender.BOY])
        first_name = rng.choice(GIRLS if gender == Gender.GIRL else BOYS)
        age_days = rng.randint(13 * 365 + 10, 17 * 365 + 300)
        status = rng.choice(list(YouthStatus))
        target = rng.random() < 0.85
        youth = services.youth_create(
            data={
                "first_name": first_name,
                "last_name": rng.choice(LAST_NAMES),
                "birth_date": today - datetime.timedelta(days=age_days),
                "gender": gender,
                "school": rng.choice(schools),
                "school_class": f"{rng.randint(7, 9)}.{rng.choice('abc')}",
                "postcode": rng.choice(POSTCODES),
                "phone": f"2{rng.randint(0, 9999999):07d}",
                "in_target_group": target,
                "target_group_level": rng.choice(list(TargetGroupLevel)) if target else "",
                "referral_source": rng.choice(list(ReferralSource)),
                "available_weekdays": sorted(rng.sample(range(0, 5), rng.randint(1, 4))),
                "available_from": datetime.time(15, 0),
                "responsible_staff": rng.choice(staff) if staff else None,
                "status": status,
                "end_reason": "Er startet på ungdomsuddannelse." if status == YouthStatus.CLOSED else "",
                "registered_on": today - datetime.timedelta(days=rng.randint(10, 400)),
                "import_ref": ref,
            },
            industries=rng.sample(industries, rng.randint(1, 3)),
        )
        for _i in range(rng.randint(0, 3)):
            services.journal_entry_create(
                youth=youth,
                author=rng.choice(staff),
                kind=rng.choice(list(JournalKind)),
                text=rng.choice(JOURNAL_TEXTS),
                date=today - datetime.timedelta(days=rng.randint(0, 60)),
            )
        created += 1
    return created


def history_span() -> tuple[datetime.date, datetime.date]:
    """The days the history's young people were registered: the first project's start until a few months ago."""
    project = project_model().objects.filter(slug=FIRST_PROJECT_SLUG).first()
    start = project.start if project else datetime.date(2022, 1, 1)
    return start, timezone.localdate() - datetime.timedelta(days=HISTORY_STOPS_DAYS_AGO)


def history_youth():
    """The history's young people, oldest case first (the other apps' history is built on them)."""
    return Youth.objects.filter(import_ref__startswith=HISTORY_PREFIX).order_by("registered_on", "pk")


@transaction.atomic
def create_history_youth(count: int, seed: int) -> int:
    """`count` young people registered evenly over the history span (none if they exist); return how many.

    Written in bulk (through the audit) because the history runs to hundreds of cases;
    the values are made valid here, so the per-row full_clean() is not repeated.
    """
    if count <= 0 or history_youth().exists():
        return 0
    rng = random.Random(f"{seed}-history")
    start, end = history_span()
    today = timezone.localdate()
    schools = list(School.objects.all())
    staff = list(get_user_model().objects.filter(username__in=["konsulent", "ungdomsskole"]))
    days = max((end - start).days, 1)
    records = []
    for n in range(count):
        registered = start + datetime.timedelta(days=round(n * days / count) + rng.randint(0, 6))
        registered = min(registered, end)
        gender = rng.choice([Gender.GIRL, Gender.BOY])
        target = rng.random() < 0.85
        closed = (today - registered).days > HISTORY_CLOSED_AFTER_DAYS
        records.append(
            Youth(
                first_name=rng.choice(GIRLS if gender == Gender.GIRL else BOYS),
                last_name=rng.choice(LAST_NAMES),
                # 13 to 16 years and some months old when the case began.
                birth_date=registered - datetime.timedelta(days=rng.randint(13 * 365 + 10, 16 * 365 + 300)),
                gender=gender,
                school=rng.choice(schools) if schools else None,
                school_class=f"{rng.randint(7, 9)}.{rng.choice('abc')}",
                postcode=rng.choice(POSTCODES),
                in_target_group=target,
                target_group_level=rng.choice(list(TargetGroupLevel)) if target else "",
                referral_source=rng.choice(list(ReferralSource)),
                available_weekdays=sorted(rng.sample(range(0, 5), rng.randint(1, 4))),
                available_from=datetime.time(15, 0),
                responsible_staff=rng.choice(staff) if staff else None,
                # Open ones are ready for a job; the companies' history moves those with a job to "i job".
                status=YouthStatus.CLOSED if closed else YouthStatus.JOB_READY,
                end_reason="Forløbet er slut; den unge er videre i skole, uddannelse eller job." if closed else "",
                registered_on=registered,
                import_ref=f"{HISTORY_PREFIX}{n + 1}",
            )
        )
    audited_bulk_create(Youth, records, batch_size=500)
    return count
