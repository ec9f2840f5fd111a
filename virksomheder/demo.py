"""Plainly fake demo data for the companies' app: companies in every industry, contacts, guidance,
network meetings, openings, matches, placements and follow-ups. Used by `manage.py seed_demo`."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.audit import audited_bulk_create, audited_update
from core.demo import seeder
from fritidsjob.demo import POSTCODES, history_span, history_youth
from fritidsjob.models import Industry, Youth, YouthStatus

from . import matching, services
from .models import (
    Company,
    CompanySize,
    FollowUp,
    FollowUpKind,
    Guidance,
    GuidanceForm,
    GuidanceTopic,
    MatchStage,
    OpeningKind,
    OpeningStatus,
    Placement,
    cvr_completed,
    follow_up_due,
    six_months_after,
)

KINDS_OF_BUSINESS = ["Demo Butik", "Demo Værksted", "Demo Café", "Demo Gartneri", "Demo Lager", "Demo Klub"]
CONTACT_NAMES = ["Bente Demo", "Jens Demo", "Lone Demo", "Kim Demo", "Rikke Demo", "Søren Demo"]
OUTCOMES = [
    "Gennemgået reglerne for unge under 18. Virksomheden vil gerne tage en ung på 15 år.",
    "Talt om egnede opgaver: opfyldning, kundeservice og oprydning.",
    "Aftalt, at vi sender en kandidat i næste uge.",
    "Opfølgning på den unge i job: det går godt.",
]
# (title, weekly schedule, hours per week, minimum age): all within the rules at that age.
OPENINGS = [
    (
        "Opfylder",
        [{"weekday": 1, "start": "16:00", "end": "18:00"}, {"weekday": 3, "start": "16:00", "end": "18:00"}],
        "4",
        14,
    ),
    ("Hjælper i køkkenet", [{"weekday": 5, "start": "10:00", "end": "15:00"}], "5", 15),
    (
        "Medhjælper",
        [{"weekday": 2, "start": "15:30", "end": "17:30"}, {"weekday": 5, "start": "09:00", "end": "13:00"}],
        "6",
        15,
    ),
    ("Rengøring og oprydning", [{"weekday": 0, "start": "16:00", "end": "18:00"}], "2", 13),
]


def demo_cvr(rng: random.Random) -> str:
    """A random number that passes the modulus-11 check (plainly fake: not looked up anywhere)."""
    while True:
        cvr = cvr_completed(str(rng.randint(1_000_000, 9_999_999)))
        if cvr is not None:
            return cvr


# The history: companies the consultants guided per young person in it, and how long jobs last.
HISTORY_COMPANIES_PER_YOUTH = 1.1
HISTORY_JOB_SHARE = 0.62
HISTORY_KEPT_SHARE = 0.93
JOB_TITLES = ["Opfylder", "Kassemedarbejder", "Køkkenhjælp", "Medhjælper", "Hjælpetræner", "Lagermedarbejder"]


@transaction.atomic
@seeder(order=20)
def seed(*, seed: int) -> str:
    companies, guidance, placements = _seed_history(seed)
    history = f" Historik: {companies} virksomheder, {guidance} vejledninger, {placements} ansættelser."
    return _seed_current(seed) + (history if companies else "")


def _seed_current(seed: int) -> str:
    if Company.objects.filter(import_ref__startswith="demo-v-").exists():
        return "Virksomheder: demodata findes allerede."
    rng = random.Random(seed)
    today = timezone.localdate()
    staff = list(get_user_model().objects.filter(username__in=["konsulent", "ungdomsskole", "projektleder"]))
    consultant = next((u for u in staff if u.username == "konsulent"), staff[0] if staff else None)
    companies = []
    for number, industry in enumerate(Industry.objects.all()):
        for copy in range(2):
            company = services.company_create(
                data={
                    "name": f"{rng.choice(KINDS_OF_BUSINESS)} {industry.name.split()[0]} {copy + 1}",
                    "cvr": demo_cvr(rng),
                    "industry": industry,
                    "address": f"Demovej {number * 2 + copy + 1}",
                    "postcode": rng.choice(POSTCODES),
                    "city": "Viborg",
                    "size": rng.choice(list(CompanySize)),
                    "network_member_since": today - datetime.timedelta(days=rng.randint(30, 600))
                    if rng.random() < 0.6
                    else None,
                    "responsible_consultant": consultant,
                    "import_ref": f"demo-v-{number}-{copy}",
                }
            )
            services.contact_person_create(
                company=company,
                data={
                    "name": rng.choice(CONTACT_NAMES),
                    "role": "Butikschef",
                    "phone": f"9{rng.randint(0, 9999999):07d}",
                    "email": "",
                },
            )
            for _i in range(rng.randint(0, 3)):
                services.guidance_create(
                    company=company,
                    data={
                        "date": today - datetime.timedelta(days=rng.randint(0, 500)),
                        "form": rng.choice([GuidanceForm.VISIT, GuidanceForm.PHONE, GuidanceForm.MEETING]),
                        "topic": rng.choice(list(GuidanceTopic)),
                        "consultant": rng.choice(staff) if staff else None,
                        "outcome": rng.choice(OUTCOMES),
                    },
                )
            companies.append(company)
    members = [c for c in companies if c.network_member_since]
    for months_ago in (2, 8):
        services.network_meeting_create(
            data={
                "date": today - datetime.timedelta(days=30 * months_ago),
                "title": "Netværksmøde om fritidsjob",
                "place": "Jobcentret",
                "topic": GuidanceTopic.RULES,
                "organiser": consultant,
                "note": "",
            },
            companies=rng.sample(members, min(len(members), 5)),
        )
    openings = []
    for company in rng.sample(companies, min(len(companies), 8)):
        title, schedule, hours, min_age = rng.choice(OPENINGS)
        openings.append(
            services.opening_create(
                data={
                    "company": company,
                    "title": title,
                    "industry": company.industry,
                    "kind": OpeningKind.LEISURE_JOB,
                    "tasks": "Lette opgaver efter aftale.",
                    "hours_per_week": Decimal(hours),
                    "weekly_schedule": schedule,
                    "hazards": [],
                    "min_age": min_age,
                    "positions": rng.randint(1, 2),
                    "start_date": today + datetime.timedelta(days=rng.randint(7, 60)),
                    "status": OpeningStatus.OPEN,
                    "rules_justification": "",
                },
                created_by=consultant,
            )
        )
    youth = list(Youth.objects.active().filter(import_ref__startswith="demo-").order_by("pk"))
    matches = 0
    for opening in openings[:4]:
        for suggestion in matching.candidates_for_opening(opening)[:2]:
            if suggestion.suitable:
                services.match_create(youth=suggestion.youth, opening=opening, created_by=consultant)
                matches += 1
    placements = 0
    for person in rng.sample(youth, min(len(youth), 8)):
        company = rng.choice(companies)
        start = today - datetime.timedelta(days=rng.randint(20, 400))
        ended = rng.random() < 0.3
        end = min(today, start + datetime.timedelta(days=rng.randint(30, 200))) if ended else None
        placement = services.placement_create(
            youth=person,
            data={
                "company": company,
                "job_title": "Fritidsjob",
                "start": start,
                "end": end,
                "end_reason": "Stoppede for at fokusere på skolen." if end else "",
                "hours_per_week": Decimal("4"),
                "weekly_schedule": [],
                "hourly_wage": Decimal("75.00"),
                "contract_signed": True,
            },
            created_by=consultant,
            check_rules=False,
            # Past jobs, recorded as the import records them (the parents and consents come later, in foraeldre).
            history=True,
        )
        placements += 1
        for follow_up in placement.follow_ups.all():
            kept_until = end or today
            if follow_up.due_date <= today and follow_up.kind == FollowUpKind.ONE_MONTH:
                services.follow_up_complete(follow_up=follow_up, user=consultant, note="Det går godt.")
            elif follow_up.due_date <= today and follow_up.due_date <= kept_until and rng.random() < 0.7:
                services.follow_up_complete(
                    follow_up=follow_up, user=consultant, job_kept=True, note="Stadig glad for jobbet."
                )
    return (
        f"Virksomheder: {len(companies)} virksomheder, {len(openings)} jobåbninger, {matches} match "
        f"({MatchStage.SUGGESTED.label.lower()}), {placements} ansættelser."
    )


def _seed_history(seed: int) -> tuple[int, int, int]:
    """Companies guided since the programme began, and the history's young people's jobs, written in bulk.

    Each company was guided one to four times at random days of the history; about half
    the young people got a job after their course, and most kept it past six months.
    """
    people = list(history_youth())
    if not people or Company.objects.filter(import_ref__startswith="demo-h-v-").exists():
        return 0, 0, 0
    rng = random.Random(f"{seed}-history-companies")
    start, end = history_span()
    today = timezone.localdate()
    industries = list(Industry.objects.all())
    consultants = list(get_user_model().objects.filter(username__in=["konsulent", "projektleder"]))
    cvrs = set(Company.objects.values_list("cvr", flat=True))
    companies = []
    for number in range(1, round(len(people) * HISTORY_COMPANIES_PER_YOUTH) + 1):
        cvr = demo_cvr(rng)
        while cvr in cvrs:
            cvr = demo_cvr(rng)
        cvrs.add(cvr)
        industry = rng.choice(industries)
        companies.append(
            Company(
                name=f"{rng.choice(KINDS_OF_BUSINESS)} {industry.name.split()[0]} H{number}",
                cvr=cvr,
                industry=industry,
                address=f"Historikvej {number}",
                postcode=rng.choice(POSTCODES),
                city="Viborg",
                size=rng.choice(list(CompanySize)),
                responsible_consultant=rng.choice(consultants) if consultants else None,
                import_ref=f"demo-h-v-{number}",
            )
        )
    companies = audited_bulk_create(Company, companies, batch_size=500)
    days = (end - start).days
    guidance = [
        Guidance(
            company=company,
            date=start + datetime.timedelta(days=rng.randint(0, days)),
            form=rng.choice([GuidanceForm.VISIT, GuidanceForm.PHONE, GuidanceForm.MEETING]),
            topic=rng.choice(list(GuidanceTopic)),
            consultant=rng.choice(consultants) if consultants else None,
            outcome=rng.choice(OUTCOMES),
        )
        for company in companies
        for _i in range(rng.choice([1, 2, 2, 3, 4]))
    ]
    audited_bulk_create(Guidance, guidance, batch_size=500)
    placements = []
    for person in people:
        if rng.random() >= HISTORY_JOB_SHARE:
            continue
        job_start = person.registered_on + datetime.timedelta(days=rng.randint(75, 160))
        if job_start >= today:
            continue
        kept = rng.random() < HISTORY_KEPT_SHARE
        job_end = six_months_after(job_start) + datetime.timedelta(days=rng.randint(0, 300)) if kept else None
        if not kept:
            job_end = job_start + datetime.timedelta(days=rng.randint(30, 150))
        # A closed case's job is over; an open one may still be running.
        if job_end >= today:
            job_end = today - datetime.timedelta(days=1) if person.status == YouthStatus.CLOSED else None
        placements.append(
            Placement(
                youth=person,
                company=rng.choice(companies),
                job_title=rng.choice(JOB_TITLES),
                start=job_start,
                end=job_end,
                six_months_on=six_months_after(job_start),  # what save() would set
                end_reason="" if job_end is None else "Stoppede for at fokusere på skolen.",
                hours_per_week=Decimal(rng.choice(["4", "6", "8"])),
                hourly_wage=Decimal("75.00"),
                contract_signed=True,
                created_by=rng.choice(consultants) if consultants else None,
                import_ref=f"demo-h-ansaettelse-{person.pk}",
            )
        )
    placements = audited_bulk_create(Placement, placements, batch_size=500)
    running = [placement.youth_id for placement in placements if placement.end is None]
    audited_update(Youth.objects.filter(pk__in=running).exclude(status=YouthStatus.CLOSED), status=YouthStatus.IN_JOB)
    follow_ups = []
    for placement in placements:
        kept_until = placement.end or today
        for kind in FollowUpKind:
            due = follow_up_due(placement.start, kind)
            done = due < today  # one still ahead is left open, as a running job's is
            follow_ups.append(
                FollowUp(
                    placement=placement,
                    kind=kind,
                    due_date=due,
                    completed_on=due if done else None,
                    completed_by=placement.created_by if done else None,
                    # Kept or not is asked at six months; at one month it is a check-in.
                    job_kept=(due <= kept_until) if done and kind == FollowUpKind.SIX_MONTHS else None,
                    note="Opfølgning noteret." if done else "",
                )
            )
    audited_bulk_create(FollowUp, follow_ups, batch_size=500)
    return len(companies), len(guidance), len(placements)
