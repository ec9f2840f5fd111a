"""Benchmark: the pages and jobs that grow with the data, at 10,000 and 100,000 young people.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fritidsjob \\
        .venv/bin/python scripts/benchmark.py [--youth 10000 100000] [--runs 5]

Never touches your data: like the test suite, it creates a throw-away database
(test_<name>, or an in-memory SQLite without DATABASE_URL), migrates it, seeds it with
bulk inserts (young people with courses, parents, companies, placements, journal notes,
tasks and audit entries), measures, and drops it again; then the next size. For each
figure it prints the median, min and max of --runs runs after a warm-up, and the query
count; for the dashboard's computation and the name search also the time of replaying the
same SQL on a raw cursor in the same process, and the ratio between the two.

Requests go through django.test.Client with a signed-in user (force_login), so the time is
the server's (middleware, views, templates), not the network's. A figure to read, not a
test to pass (issue 15's targets are in the README beside the last measured figures).

To add a figure, write a function that yields `Figure`s and decorate it with
`@measurement`; it gets the `Bench` (seeded ids, signed-in clients, --runs).
"""

import argparse
import contextlib
import datetime
import io
import logging
import os
import platform
import random
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fritidsjob.settings")
os.environ.setdefault("MFA_REQUIRED", "false")  # force_login stands for the whole sign-in

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

BATCH = 5_000
IMPORT_ROWS = 10_000
BUSY_CONSULTANT_TASKS = 600  # open tasks of the consultant whose inbox is measured
CONSULTANTS = 20
SEARCH = "ung12"  # matches about one young person in nine (Ung12, Ung120..., Ung1200...)


# Seeding ------------------------------------------------------------------------------------------


def bulk(model, rows) -> int:
    model.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def day_in(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def seed(youth_count: int, rng: random.Random) -> dict[str, int]:
    """Youth and what happens to them, spread over the seeded project's period (2022-2024)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from foraeldre.models import ContactKind, InformationEvent, Parent, ParentContact
    from fritidsjob import roles
    from fritidsjob.models import Gender, Industry, JournalEntry, School, Youth, YouthStatus
    from rapporter.models import Project
    from talentvaerksted.models import Course, Enrollment, EnrollmentStatus

    project = Project.objects.get(slug="sammen-om-fritidsjob")
    start, end = project.start, project.end
    schools = list(School.objects.all())
    postcodes = ["8800", "8830", "8832", "8840", "8850", "8860", "7470", "8620", "9632"]
    counts = {}

    # The consultants who hold the cases; the first is the busy one whose inbox is measured.
    User = get_user_model()
    consultants = User.objects.bulk_create([User(username=f"konsulent{n}") for n in range(CONSULTANTS)])
    Group.objects.get(name=roles.JOBCENTER_CONSULTANT).user_set.add(*consultants)
    consultant_ids = [user.pk for user in consultants]

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
                responsible_staff_id=rng.choice(consultant_ids),
                import_ref=f"bench-{n}",
            )
            for n in range(youth_count)
        ],
    )
    youth_ids = list(Youth.objects.order_by("pk").values_list("pk", flat=True))
    industries = list(Industry.objects.all())
    through = Youth.industries_of_interest.through
    bulk(through, [through(youth_id=pk, industry=rng.choice(industries)) for pk in youth_ids])
    counts["journalnotater"] = bulk(
        JournalEntry,
        [
            JournalEntry(
                youth_id=pk, author_id=rng.choice(consultant_ids), date=day_in(rng, start, end), text="Samtale"
            )
            for pk in youth_ids
        ],
    )

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
    counts.update(seed_tasks(youth_ids=youth_ids, consultant_ids=consultant_ids, rng=rng))
    counts.update(seed_audit(youth_ids=youth_ids, consultant_ids=consultant_ids, rng=rng))
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
    # The case page's young person (the first) always has a job.
    for youth_id in [youth_ids[0], *rng.sample(youth_ids[1:], len(youth_ids) // 5)]:
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


def seed_tasks(*, youth_ids, consultant_ids, rng) -> dict[str, int]:
    """A task per five youth (a fifth of them still open), plus the busy consultant's 600 open ones."""
    from django.utils import timezone

    from opgaver.models import Task, TaskStatus

    today = timezone.localdate()
    now = timezone.now()
    busy, others = consultant_ids[0], consultant_ids[1:] or consultant_ids

    def task(youth_id, assignee, is_open):
        return Task(
            title="Ring til den unge",
            due_date=today + datetime.timedelta(days=rng.randint(-60, 60)),
            assignee_id=assignee,
            youth_id=youth_id,
            status=TaskStatus.OPEN if is_open else TaskStatus.DONE,
            completed_at=None if is_open else now,
        )

    tasks = [task(rng.choice(youth_ids), busy, True) for _ in range(BUSY_CONSULTANT_TASKS)]
    tasks += [
        task(youth_id, rng.choice(others), rng.random() < 0.2)
        for youth_id in rng.sample(youth_ids, len(youth_ids) // 5)
    ]
    return {"opgaver": bulk(Task, tasks)}


def seed_audit(*, youth_ids, consultant_ids, rng) -> dict[str, int]:
    """About three entries per young person: their creation, a placement's or task's, and readings."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from fritidsjob.models import Youth
    from opgaver.models import Task
    from virksomheder.models import Placement

    youth_type = ContentType.objects.get_for_model(Youth)
    now = timezone.now()

    def entry(content_type, pk, action, youth_id=None, days_ago=0):
        return LogEntry(
            content_type=content_type,
            object_pk=str(pk),
            object_id=pk,
            object_repr=f"#{pk}",
            action=action,
            changes={} if action != LogEntry.Action.ACCESS else None,
            actor_id=rng.choice(consultant_ids),
            additional_data={"youth_id": youth_id} if youth_id else None,
            timestamp=now - datetime.timedelta(days=days_ago, seconds=rng.randint(0, 86_400)),
        )

    count = 0
    for start in range(0, len(youth_ids), BATCH):
        chunk = youth_ids[start : start + BATCH]
        entries = [entry(youth_type, pk, LogEntry.Action.CREATE, days_ago=900) for pk in chunk]
        entries += [
            entry(youth_type, pk, LogEntry.Action.ACCESS, days_ago=rng.randint(0, 800))
            for pk in chunk
            for _ in range(rng.choice((1, 1, 2, 2, 3)))
        ]
        count += bulk(LogEntry, entries)
    for model in (Placement, Task):
        content_type = ContentType.objects.get_for_model(model)
        rows = list(model.objects.values_list("pk", "youth_id"))
        count += bulk(
            LogEntry, [entry(content_type, pk, LogEntry.Action.CREATE, youth_id, days_ago=300) for pk, youth_id in rows]
        )
    return {"revisionsspor": count}


# Measuring ----------------------------------------------------------------------------------------


@dataclass
class Figure:
    label: str
    timings: list[float]  # milliseconds
    queries: int
    raw_sql: list[float] | None = None  # milliseconds of the same SELECTs replayed on a raw cursor
    note: str = ""

    def line(self) -> str:
        median = statistics.median(self.timings)
        text = (
            f"  {self.label:<44} {median:9.1f} ms  (min {min(self.timings):8.1f}, max {max(self.timings):8.1f})"
            f" {self.queries:5d} queries"
        )
        if self.raw_sql:
            raw = statistics.median(self.raw_sql)
            text += f"  raw SQL {raw:8.1f} ms, ratio {median / raw:4.2f}" if raw > 0 else ""
        return text + (f"  {self.note}" if self.note else "")


@dataclass
class Bench:
    runs: int
    ids: dict[str, int]
    clients: dict[str, Client] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # search texts found in the seeded data


MEASUREMENTS: list[Callable[[Bench], Iterator[Figure]]] = []


def measurement(function: Callable[[Bench], Iterator[Figure]]):
    MEASUREMENTS.append(function)
    return function


def timed(run: Callable[[], object], runs: int, *, warm_up: bool = True) -> tuple[list[float], list[dict], object]:
    """Times `runs` calls of `run`, after a warm-up call unless warm_up is False (for what a warm-up
    would change, e.g. a first import). The queries returned are those of the first timed call."""
    if warm_up:
        run()
    timings = []
    for number in range(runs):
        reset_queries()  # a full log (it keeps 9,000) would hide the captured ones
        with CaptureQueriesContext(connection) if number == 0 else contextlib.nullcontext() as captured:
            began = time.perf_counter()
            result = run()
            timings.append((time.perf_counter() - began) * 1000)
        if number == 0:
            queries = captured.captured_queries  # read now: the next request's start empties the log
    return timings, queries, result


def replay_once(selects: list[str]) -> float:
    """Milliseconds to run `selects` on the raw DB-API cursor, fetching every row."""
    raw = connection.connection.cursor()
    try:
        began = time.perf_counter()
        for sql in selects:
            raw.execute(sql)
            raw.fetchall()
        return (time.perf_counter() - began) * 1000
    finally:
        raw.close()


def timed_with_sql(run: Callable[[], object], runs: int) -> tuple[list[float], list[dict], object, list[float]]:
    """As timed(), plus the time of the same SELECTs replayed on a raw cursor: the database's floor.

    The replay follows each timed call, so on a shared machine both see the same load.
    """
    run()  # warm-up
    timings, raw = [], []
    selects = None
    for _number in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) if selects is None else contextlib.nullcontext() as captured:
            began = time.perf_counter()
            result = run()
            timings.append((time.perf_counter() - began) * 1000)
        if selects is None:
            queries = captured.captured_queries
            selects = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
            replay_once(selects)  # warm-up
        raw.append(replay_once(selects))
    return timings, queries, result, raw


def page(bench: Bench, label: str, role: str, url: str, *, ratio: bool = False, note: str = "") -> Figure:
    client = bench.clients[role]

    def get():
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        return response

    if ratio:
        timings, queries, response, raw = timed_with_sql(get, bench.runs)
    else:
        (timings, queries, response), raw = timed(get, bench.runs), None
    size = f"{len(response.content) / 1024:.0f} KiB"
    return Figure(label, timings, len(queries), raw, f"{size}{', ' + note if note else ''}")


@measurement
def dashboard(bench: Bench) -> Iterator[Figure]:
    from core.kpis import Dimension, kpi_window
    from rapporter import selectors
    from rapporter.models import Project
    from rapporter.services import figures_compute

    project = Project.objects.get(slug="sammen-om-fritidsjob")
    # The stored figures (rapporter.StoredFigures): what a view reads once they are computed.
    timings, queries, _board, raw = timed_with_sql(
        lambda: selectors.dashboard(project=project, dimensions=[Dimension.MONTH], discreet=False, with_caseload=True),
        bench.runs,
    )
    yield Figure("dashboard: stored figures", timings, len(queries), raw)
    # What the worker does after a change: every KPI, series and breakdown (all dimensions), stored.
    timings, queries, _figures, raw = timed_with_sql(
        lambda: figures_compute(window=kpi_window(project)),
        bench.runs,
    )
    yield Figure("dashboard: full recomputation", timings, len(queries), raw)
    yield page(bench, "dashboard page (Projektleder)", "leader", "/rapporter/noegletal/", ratio=True)
    yield page(bench, "dashboard page (Fond)", "funder", "/rapporter/noegletal/", ratio=True)


@measurement
def funder_report(bench: Bench) -> Iterator[Figure]:
    from rapporter.models import Project
    from rapporter.pdf import render_pdf
    from rapporter.services import reports

    project = Project.objects.get(slug="sammen-om-fritidsjob")
    as_of = datetime.date(2024, 12, 31)

    def figures():
        return reports.fund_report_context(project=project, as_of=as_of, texts=reports.current_texts(project))

    timings, queries, _context, raw = timed_with_sql(figures, bench.runs)
    yield Figure("funder report: figures", timings, len(queries), raw)
    timings, queries, pdf = timed(lambda: render_pdf(reports.REPORT_TEMPLATE, figures()), bench.runs)
    yield Figure("funder report: figures + PDF", timings, len(queries), note=f"{len(pdf) / 1024:.0f} KiB")


@measurement
def lists(bench: Bench) -> Iterator[Figure]:
    yield page(bench, "youth list", "leader", "/unge/")
    yield page(bench, f"youth list, name search ({SEARCH!r})", "leader", f"/unge/?name={SEARCH}", ratio=True)
    yield page(bench, "case page", "leader", f"/unge/{bench.ids['case']}/")
    yield page(bench, f"task inbox ({BUSY_CONSULTANT_TASKS} open tasks)", "busy", "/opgaver/")
    yield page(bench, "parents list", "leader", "/foraeldre/")
    yield page(bench, "audit trail of one young person", "leader", f"/unge/{bench.ids['case']}/revisionsspor/")


@measurement
def search_and_start_page(bench: Bench) -> Iterator[Figure]:
    """Issue 19: the top search across every source (target: under 200 ms at 100,000), and "I dag"."""
    yield page(bench, f"top search across everything ({SEARCH!r})", "leader", f"/soeg/?q={SEARCH}", ratio=True)
    # A name only one young person has: no early stop in name order, so each source needs its indexes.
    one = bench.texts["one"]
    yield page(bench, f"top search, one match ({one!r})", "leader", f"/soeg/?q={one}", ratio=True)
    yield page(bench, "start page I dag (the busy consultant)", "busy", "/")


def import_file(rows: int, *, last_name: str = "Benchmark") -> bytes:
    lines = ["ref;fornavn;efternavn;foedselsdato;maalgruppe;koen;skole;postnummer;oprettet"]
    for n in range(rows):
        lines.append(
            f"import-{n};Import{n};{last_name};{datetime.date(2008, 1, 1) + datetime.timedelta(days=n % 1500)};"
            f"{'ja' if n % 5 else 'nej'};{('pige', 'dreng', 'andet', '')[n % 4]};;88{n % 100:02d};2024-01-15"
        )
    return ("\n".join(lines) + "\n").encode()


@measurement
def imports(bench: Bench) -> Iterator[Figure]:
    from core.importing import run_import

    content = import_file(IMPORT_ROWS)
    runs = {"count": 0}

    def first():
        # Each first import but the last is rolled back, so every run finds the rows new.
        runs["count"] += 1
        with transaction.atomic():
            result = run_import(kind="unge", file=io.BytesIO(content), filename="unge.csv")
            assert result.ok and result.created == IMPORT_ROWS, result.summary()
            if runs["count"] < bench.runs:
                transaction.set_rollback(True)
        return result

    def again(dry_run=False):
        result = run_import(kind="unge", file=io.BytesIO(content), filename="unge.csv", dry_run=dry_run)
        assert result.ok and result.unchanged == IMPORT_ROWS, result.summary()
        return result

    label = f"import of {IMPORT_ROWS:,} unge rows"
    timings, queries, _ = timed(first, bench.runs, warm_up=False)
    yield Figure(
        f"{label}: first",
        timings,
        len(queries),
        note=f"{IMPORT_ROWS / (statistics.median(timings) / 1000):,.0f} rows/s",
    )
    timings, queries, _ = timed(again, bench.runs)
    yield Figure(f"{label}: again (unchanged)", timings, len(queries))
    timings, queries, _ = timed(lambda: again(dry_run=True), bench.runs)
    yield Figure(f"{label}: dry run", timings, len(queries))

    changed = import_file(IMPORT_ROWS, last_name="Benchmarksen")

    def all_changed():
        # Every row changes its record (the last name); rolled back, so every run finds them changed.
        with transaction.atomic():
            result = run_import(kind="unge", file=io.BytesIO(changed), filename="unge.csv")
            assert result.ok and result.updated == IMPORT_ROWS, result.summary()
            transaction.set_rollback(True)
        return result

    timings, queries, _ = timed(all_changed, bench.runs)
    yield Figure(f"{label}: again, every row changed", timings, len(queries))


def prepare(
    youth_count: int, seed_value: int, runs: int, *, busy_cases: int = 0, seeded: bool = False
) -> tuple[Bench, dict[str, int], float]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from fritidsjob import roles
    from fritidsjob.models import Youth

    began = time.perf_counter()
    if seeded:  # --keep-db, and seeded by an earlier run
        counts = {"unge": Youth.objects.count()}
        busy_cases = 0
    else:
        counts = seed(youth_count, random.Random(seed_value))
    if busy_cases:
        # The first cases go to the busy consultant: their start page as at the larger size.
        first = Youth.objects.order_by("pk").values_list("pk", flat=True)[:busy_cases]
        Youth.objects.filter(pk__in=list(first)).update(
            responsible_staff=get_user_model().objects.get(username="konsulent0")
        )
    seconds = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM as autovacuum would have by then: it also moves the bulk-inserted rows from the GIN
            # (trigram) indexes' pending lists into the index, which every search otherwise scans in full.
            # Not possible inside a transaction (the benchmark's own test runs in one): ANALYZE alone then.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    User = get_user_model()
    bench = Bench(runs=runs, ids={"case": Youth.objects.order_by("pk").values_list("pk", flat=True)[0]})
    bench.texts["one"] = Youth.objects.order_by("-pk").values_list("first_name", flat=True)[0]
    for key, role, user in (
        ("leader", roles.PROJECT_LEADER, User.objects.get_or_create(username="projektleder")[0]),
        ("funder", roles.FUNDER, User.objects.get_or_create(username="fond")[0]),
        ("busy", None, User.objects.get(username="konsulent0")),
    ):
        if role:
            user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        bench.clients[key] = client
    # The busy consultant was last here a week ago (an earlier sign-in), so "I dag" also reads what
    # colleagues changed on their cases since: without a previous visit that section is skipped.
    from fritidsjob.models import StartPageVisit

    StartPageVisit.objects.update_or_create(
        user=User.objects.get(username="konsulent0"),
        session_key="earlier sign-in",
        defaults={"seen_at": datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=7)},
    )
    return bench, counts, seconds


def database_version() -> str:
    if connection.vendor != "postgresql":
        return connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def measure_all(bench: Bench, *, only: list[str] | None = None, out=print) -> list[Figure]:
    figures = []
    for function in MEASUREMENTS:
        if only and function.__name__ not in only:
            continue
        for figure in function(bench):
            out(figure.line())
            figures.append(figure)
    return figures


def run_size(
    youth_count: int,
    *,
    runs: int,
    seed_value: int,
    only: list[str] | None = None,
    busy_cases: int = 0,
    keep_db: bool = False,
    out=print,
) -> list[Figure]:
    """Create the throw-away database, seed `youth_count` youth, print every figure, drop it.

    With keep_db the database (one per size and seed) is kept, and a later run with keep_db
    measures it again without seeding (the imports' rows stay in it: measure those afresh).
    """
    if keep_db:
        test = connection.settings_dict.setdefault("TEST", {})
        test["NAME"] = f"{connection.settings_dict['NAME']}_bench_{youth_count}_{seed_value}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=not keep_db, keepdb=keep_db)
    try:
        from fritidsjob.models import Youth

        seeded = keep_db and Youth.objects.filter(import_ref__startswith="bench-").exists()
        out(
            f"Database: {database_version()} ({'kept: ' + connection.settings_dict['NAME'] if keep_db else 'a throw-away database'})"
        )
        bench, counts, seconds = prepare(youth_count, seed_value, runs, busy_cases=busy_cases, seeded=seeded)
        out(
            f"\n{youth_count:,} young people, seeded in {seconds:.0f} s: "
            + ", ".join(f"{n:,} {k}" for k, n in counts.items())
        )
        out(f"Median of {runs} runs after a warm-up (server time incl. rendering), min and max:")
        return measure_all(bench, only=only, out=out)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keep_db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--youth", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--busy-cases",
        type=int,
        default=0,
        help="give the busy consultant this many cases (as at 100,000 young people) at a smaller size",
    )
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="keep the seeded database (<name>_bench_<youth>_<seed>) and reuse it on the next run with "
        "--keep-db instead of seeding again (drop it yourself when done; import figures are then not fresh)",
    )
    names = [function.__name__ for function in MEASUREMENTS]
    parser.add_argument("--only", nargs="+", choices=names, help="measure only these (default: all)")
    args = parser.parse_args()

    setup_test_environment()
    logging.disable(logging.INFO)  # sign-ins and the like: not figures
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic needed here
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False  # no query log outside the counted runs
    print(
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}"
    )
    for youth_count in args.youth:
        run_size(
            youth_count,
            runs=args.runs,
            seed_value=args.seed,
            only=args.only,
            busy_cases=args.busy_cases,
            keep_db=args.keep_db,
        )


if __name__ == "__main__":
    main()
