"""Benchmark: the KPI dashboard over 100,000 young people with their activity.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fritidsjob \\
        .venv/bin/python scripts/benchmark_dashboard.py [--youth 100000] [--runs 5]

Never touches your data: like the test suite, it creates a throw-away database
(test_<name>, or an in-memory SQLite without DATABASE_URL), migrates it, seeds it
with bulk inserts and drops it again. Prints the seeded volumes, then the
dashboard's server time (rendering included, per breakdown) and query count, for
the project leader and for the funder. A figure to read, not a test to pass.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fritidsjob.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

BATCH = 5_000


def bulk(model, rows) -> int:
    model.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def day_in(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def seed(youth_count: int, rng: random.Random) -> dict[str, int]:
    """Youth and what happens to them, spread over the seeded project's period (2022-2024)."""
    from foraeldre.models import ContactKind, InformationEvent, Parent, ParentContact
    from fritidsjob.models import Gender, Industry, School, Youth, YouthStatus
    from rapporter.models import Project
    from talentvaerksted.models import Course, Enrollment, EnrollmentStatus

    project = Project.objects.get(slug="sammen-om-fritidsjob")
    start, end = project.start, project.end
    schools = list(School.objects.all())
    postcodes = ["8800", "8830", "8832", "8840", "8850", "8860", "7470", "8620", "9632"]
    counts = {}

    counts["unge"] = bulk(
        Youth,
        [
            Youth(
                first_name=f"Ung{n}",
                last_name="Benchmark",
                birth_date=datetime.date(2006, 1, 1) + datetime.timedelta(days=rng.randint(0, 5 * 365)),
                gender=rng.choice([Gender.GIRL, Gender.BOY, Gender.OTHER, Gender.UNKNOWN]),
                school=rng.choice(schools),
                postcode=rng.choice(postcodes),
                in_target_group=rng.random() < 0.8,
                status=rng.choice(list(YouthStatus)),
                end_reason="Benchmark",
                registered_on=day_in(rng, start, end),
                import_ref=f"bench-{n}",
            )
            for n in range(youth_count)
        ],
    )
    youth_ids = list(Youth.objects.values_list("pk", flat=True))
    industries = list(Industry.objects.all())
    through = Youth.industries_of_interest.through
    bulk(through, [through(youth_id=pk, industry=rng.choice(industries)) for pk in youth_ids])

    # Courses of about 12 with a third of the youth enrolled; most complete.
    course_count = max(1, youth_count // 36)
    counts["forloeb"] = bulk(
        Course,
        [
            Course(
                title=f"Forløb {n}", start_date=(d := day_in(rng, start, end)), end_date=d + datetime.timedelta(days=42)
            )
            for n in range(course_count)
        ],
    )
    course_ids = list(Course.objects.values_list("pk", flat=True))
    enrollments = []
    for youth_id in rng.sample(youth_ids, youth_count // 3):
        completed = rng.random() < 0.7
        enrollments.append(
            Enrollment(
                course_id=rng.choice(course_ids),
                youth_id=youth_id,
                status=EnrollmentStatus.COMPLETED if completed else EnrollmentStatus.ENROLLED,
                completed_on=day_in(rng, start, end) if completed else None,
            )
        )
    counts["tilmeldinger"] = bulk(Enrollment, enrollments)

    # A parent for half of the youth; guidance and introduction contacts.
    parent_youth = rng.sample(youth_ids, youth_count // 2)
    counts["foraeldre"] = bulk(
        Parent,
        [
            Parent(first_name=f"Forælder{n}", last_name="Benchmark", has_jobcenter_case=rng.random() < 0.3)
            for n in range(len(parent_youth))
        ],
    )
    parent_ids = list(Parent.objects.values_list("pk", flat=True))
    children = Parent.children.through
    bulk(children, [children(parent_id=p, youth_id=y) for p, y in zip(parent_ids, parent_youth, strict=True)])
    counts["foraeldrekontakter"] = bulk(
        ParentContact,
        [
            ParentContact(
                parent_id=rng.choice(parent_ids),
                date=day_in(rng, start, end),
                kind=rng.choice([ContactKind.GUIDANCE, ContactKind.INTRODUCTION]),
            )
            for _ in range(len(parent_ids) // 2)
        ],
    )
    counts["informationsmoeder"] = bulk(
        InformationEvent,
        [
            InformationEvent(
                date=day_in(rng, start, end),
                school=rng.choice(schools),
                youth_count=rng.randint(5, 120),
                parent_count=rng.randint(0, 60),
            )
            for _ in range(max(1, youth_count // 50))
        ],
    )
    counts.update(seed_companies(youth_ids=youth_ids, industries=industries, rng=rng, start=start, end=end))
    return counts


def valid_cvrs(count: int):
    """CVR numbers that pass the modulus-11 check, in order."""
    from virksomheder.models import cvr_completed

    number = 1_000_000
    while count:
        if cvr := cvr_completed(str(number)):
            yield cvr
            count -= 1
        number += 1


def seed_companies(*, youth_ids, industries, rng, start, end) -> dict[str, int]:
    """A company per 50 youth, three guidance contacts each, a placement for a fifth of the youth."""
    from dateutil.relativedelta import relativedelta

    from virksomheder.models import Company, Guidance, Placement

    counts = {}
    counts["virksomheder"] = bulk(
        Company,
        [
            Company(
                name=f"Virksomhed {n}",
                cvr=cvr,
                industry=rng.choice(industries),
                postcode=rng.choice(["8800", "8830", "8850"]),
                network_member_since=day_in(rng, start, end) if rng.random() < 0.5 else None,
            )
            for n, cvr in enumerate(valid_cvrs(max(1, len(youth_ids) // 50)))
        ],
    )
    company_ids = list(Company.objects.values_list("pk", flat=True))
    counts["vejledninger"] = bulk(
        Guidance, [Guidance(company_id=rng.choice(company_ids), date=day_in(rng, start, end)) for _ in company_ids * 3]
    )
    placements = []
    for youth_id in rng.sample(youth_ids, len(youth_ids) // 5):
        began = day_in(rng, start, end)
        ended = began + relativedelta(days=rng.randint(30, 400)) if rng.random() < 0.5 else None
        placements.append(
            Placement(
                youth_id=youth_id,
                company_id=rng.choice(company_ids),
                start=began,
                end=ended,
                six_months_on=began + relativedelta(months=6),  # save() sets it; bulk_create does not call save()
            )
        )
    counts["ansaettelser"] = bulk(Placement, placements)
    return counts


def measure(client: Client, url: str, runs: int) -> tuple[float, int, int]:
    """(median milliseconds, queries, response bytes) over `runs` requests after a warm-up."""
    client.get(url)  # warm-up: caches, templates
    timings, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        queries = len(captured)
    return statistics.median(timings), queries, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--youth", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    engine = connection.vendor
    print(f"Database: {engine} (a throw-away test database)")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        began = time.perf_counter()
        counts = seed(args.youth, random.Random(args.seed))
        print(f"Seeded in {time.perf_counter() - began:.0f} s: " + ", ".join(f"{n:,} {k}" for k, n in counts.items()))
        if engine == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        from django.contrib.auth import get_user_model

        from fritidsjob import roles

        users = {}
        for role, username in ((roles.PROJECT_LEADER, "projektleder"), (roles.FUNDER, "fond")):
            user = get_user_model().objects.create_user(username=username, password="benchmark-123")
            user.groups.add(Group.objects.get(name=role))
            users[role] = user

        print(f"\nDashboard, median of {args.runs} requests (server time incl. rendering):")
        for role, user in users.items():
            client = Client()
            client.force_login(user)
            for label, query in (
                ("nøgletal", ""),
                ("opdelt efter branche", "?opdeling=branche"),
                ("opdelt efter aldersgruppe", "?opdeling=alder"),
            ):
                ms, queries, size = measure(client, f"/rapporter/noegletal/{query}", args.runs)
                print(f"  {role:<12} {label:<28} {ms:8.0f} ms {queries:4d} queries {size / 1024:6.0f} KiB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
