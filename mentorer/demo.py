"""Plainly fake demo mentors for Viborg: used by `manage.py seed_demo` only.

The demo login "mentor" (fritidsjob/demo.py) is linked to the mentor Mette Mentor,
so the mentor portal can be tried. Runs after foraeldre's seeder, because a
relationship needs the parents' consent to share with a mentor.
"""

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.consent import ConsentKind, has_valid_consent
from core.demo import seeder
from fritidsjob.models import Industry, Youth

from . import services
from .models import AttestAssessment, Mentor, MentorRelationship, MentorStatus, SessionForm

# first name, last name, employer, job title, industry, postcode, languages, capacity, status, vetting complete
MENTORS = [
    (
        "Mette",
        "Mentor",
        "Demo Dagligvarer ApS",
        "Butikschef",
        "Detailhandel",
        "8800",
        "dansk, engelsk",
        2,
        "aktiv",
        True,
    ),
    ("Henrik", "Holm", "Eksempel Byg A/S", "Formand", "Bygge og anlæg", "8830", "dansk", 1, "aktiv", True),
    (
        "Samira",
        "Haddad",
        "Test Hotel Viborg",
        "Køkkenchef",
        "Hotel og restauration",
        "8800",
        "dansk, arabisk",
        2,
        "godkendt",
        True,
    ),
    (
        "Lars",
        "Lund",
        "Demo Transport I/S",
        "Disponent",
        "Transport og logistik",
        "8850",
        "dansk, tysk",
        1,
        "godkendt",
        True,
    ),
    (
        "Birgitte",
        "Bach",
        "Eksempel Plejecenter",
        "Afdelingsleder",
        "Social og sundhed",
        "8840",
        "dansk",
        2,
        "pause",
        True,
    ),
    (
        "Jonas",
        "Juhl",
        "Demo Maskinfabrik",
        "Produktionsleder",
        "Industri og produktion",
        "8860",
        "dansk, engelsk",
        1,
        "ansoeger",
        False,
    ),
    (
        "Olena",
        "Koval",
        "Test Gartneri",
        "Gartner",
        "Landbrug, skovbrug og gartneri",
        "8832",
        "dansk, ukrainsk",
        1,
        "ansoeger",
        False,
    ),
    (
        "Peter",
        "Poulsen",
        "Eksempel Idrætscenter",
        "Centerleder",
        "Kultur, idræt og fritid",
        "8800",
        "dansk",
        1,
        "stoppet",
        True,
    ),
]
TOPICS = ["Jobsøgning", "CV og ansøgning", "Uddannelsesvalg", "Besøg på arbejdspladsen", "Mødestabilitet", "Jobsamtale"]
GOALS = [
    "Jeg vil gerne have et fritidsjob, hvor jeg møder nogle nye mennesker.",
    "Jeg vil finde ud af, om jeg skal være tømrer eller elektriker.",
    "Jeg vil blive bedre til at komme til tiden og tale med en chef.",
    "Jeg vil gerne arbejde i et køkken og tjene mine egne penge.",
]


@transaction.atomic
# After foraeldre: a mentor relationship needs the consent foraeldre records.
@seeder(order=40)
def seed(*, seed: int) -> str:
    rng = random.Random(seed + 5)
    today = timezone.localdate()
    users = get_user_model().objects
    login = users.filter(username="mentor").first()
    staff = list(users.filter(username__in=["konsulent", "ungdomsskole"]))
    industries = {industry.name: industry for industry in Industry.objects.all()}
    mentors, relationships, sessions = 0, 0, 0
    for number, row in enumerate(MENTORS, start=1):
        first, last, employer, title, industry, postcode, languages, capacity, status, vetted = row
        email = f"demo-mentor-{number}@example.dk"
        if Mentor.objects.filter(email=email).exists():
            continue
        vetting = {}
        if vetted:
            vetting = {
                "interview_on": today - datetime.timedelta(days=rng.randint(120, 400)),
                # One attest is about to expire, so the overview and the reminder have something to show.
                "boerneattest_on": today - relativedelta(years=2) + datetime.timedelta(days=20)
                if number == 2
                else today - datetime.timedelta(days=rng.randint(100, 300)),
                "boerneattest_assessment": AttestAssessment.CLEAR,
                "confidentiality_signed_on": today - datetime.timedelta(days=rng.randint(90, 110)),
                "intro_course_on": today - datetime.timedelta(days=rng.randint(60, 89)),
            }
        else:
            vetting = {"interview_on": today - datetime.timedelta(days=rng.randint(5, 20))}
        services.mentor_create(
            data={
                "first_name": first,
                "last_name": last,
                "employer": employer,
                "job_title": title,
                "phone": f"6{rng.randint(0, 9999999):07d}",
                "email": email,
                "postcode": postcode,
                "languages": languages,
                "availability": rng.choice(["Hverdage efter kl. 16", "Tirsdag og torsdag eftermiddag", "Fleksibelt"]),
                "about": f"{title} hos {employer}. Vil gerne give unge et skub i gang med arbejdslivet.",
                "capacity": capacity,
                # Approved first; starting a relationship makes a mentor active.
                "status": MentorStatus.APPROVED if status == MentorStatus.ACTIVE else status,
                "user": login if number == 1 else None,
                **vetting,
            },
            industries=[industries[industry]] if industry in industries else [],
        )
        mentors += 1
    for mentor in Mentor.objects.filter(email__startswith="demo-mentor-", status=MentorStatus.APPROVED).order_by("pk"):
        if mentor.email not in ("demo-mentor-1@example.dk", "demo-mentor-2@example.dk"):
            continue
        made = _seed_relationships(rng, mentor, staff, today)
        relationships += made[0]
        sessions += made[1]
    return f"mentorer: {mentors} nye mentorer, {relationships} nye mentorforløb, {sessions} nye møder"


def _seed_relationships(rng: random.Random, mentor: Mentor, staff, today: datetime.date) -> tuple[int, int]:
    """Match the mentor with demo youth who have the consent, and log some sessions."""
    made, logged = 0, 0
    busy = MentorRelationship.objects.active().values("youth")
    candidates = Youth.objects.filter(import_ref__startswith="demo-").exclude(pk__in=busy).order_by("pk")
    for youth in candidates:
        if made >= mentor.capacity:
            break
        start = today - datetime.timedelta(days=rng.randint(35, 75))
        if not has_valid_consent(youth=youth, kind=ConsentKind.SHARE_WITH_MENTOR, on=start):
            continue
        try:
            relationship = services.relationship_start(
                youth=youth,
                mentor=mentor,
                data={
                    "start_date": start,
                    "planned_end": start + relativedelta(months=rng.choice([3, 4, 6])),
                    "goals": rng.choice(GOALS),
                    "next_steps": "Aftale næste møde.",
                    "coordinator": rng.choice(staff) if staff else None,
                },
            )
        except ValidationError:
            continue  # e.g. under 15 with a mentor whose attest does not cover the start date, or withdrawn since
        made += 1
        day = start + datetime.timedelta(days=rng.randint(2, 8))
        # The second mentee of the first mentor goes quiet, so the overview shows a follow-up.
        last = today - datetime.timedelta(days=35) if made == 2 else today
        while day <= last:
            services.session_log(
                relationship=relationship,
                data={
                    "date": day,
                    "duration_minutes": rng.choice([30, 45, 60, 90]),
                    "form": rng.choice(list(SessionForm)),
                    "topic": rng.choice(TOPICS),
                    "note": "Godt møde. Den unge var forberedt.",
                },
                logged_by=mentor.user or (rng.choice(staff) if staff else None),
            )
            logged += 1
            day += datetime.timedelta(days=rng.randint(7, 16))
    return made, logged
