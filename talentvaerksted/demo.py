"""Plainly fake Talentværksted demo data: courses with sessions, enrollments and roll call for the demo youth."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.audit import audited_bulk_create
from core.demo import seeder
from fritidsjob.demo import history_youth
from fritidsjob.models import Youth

from . import services
from .models import Attendance, AttendanceStatus, Course, CourseKind, CourseSession, Enrollment, EnrollmentStatus, Topic

# ref, title, kind, topics, weeks from today to the start, number of weekly sessions, capacity
DEMO_COURSES = [
    (
        "demo-forloeb-1",
        "Talentværksted efterår (demo)",
        CourseKind.TALENT_COURSE,
        [Topic.CV, Topic.APPLICATION, Topic.JOB_INTERVIEW, Topic.RIGHTS],
        -14,
        8,
        12,
    ),
    (
        "demo-forloeb-2",
        "Talentværksted forår (demo)",
        CourseKind.TALENT_COURSE,
        [Topic.CV, Topic.APPLICATION, Topic.COMPANY_VISIT, Topic.RIGHTS],
        -4,
        8,
        10,
    ),
    ("demo-forloeb-3", "Workshop: Klar til jobsamtalen (demo)", CourseKind.WORKSHOP, [Topic.JOB_INTERVIEW], 2, 2, 6),
]
SESSION_TOPICS = [Topic.CV, Topic.APPLICATION, Topic.JOB_INTERVIEW, Topic.COMPANY_VISIT, Topic.RIGHTS]
PLACE = "Ungdomsskolen, Vesterbrogade (demo)"
# The history: a new hold of about this many when enough young people have come in.
HISTORY_HOLD_SIZE = 12
HISTORY_WEEKS = 8


@transaction.atomic
@seeder(order=10)
def seed(*, seed: int) -> str:
    history = _seed_history(seed)
    return _seed_current(seed) + (f" Historik: {history} afsluttede forløb." if history else "")


def _seed_current(seed: int) -> str:
    rng = random.Random(seed)
    youth = list(Youth.objects.filter(import_ref__startswith="demo-").order_by("pk"))
    if not youth:
        return "Talentværksted: ingen demo-unge at tilmelde."
    leaders = list(get_user_model().objects.filter(username__in=["ungdomsskole", "konsulent"]))
    today = timezone.localdate()
    created = 0
    for ref, title, kind, topics, start_weeks, weeks, capacity in DEMO_COURSES:
        if Course.objects.filter(import_ref=ref).exists():
            continue
        start = today + datetime.timedelta(weeks=start_weeks)
        start += datetime.timedelta(days=(1 - start.weekday()) % 7)  # courses run on Tuesdays
        course = services.course_create(
            data={
                "title": title,
                "kind": kind,
                "topics": list(topics),
                "description": "De unge skriver CV og ansøgning, øver jobsamtaler og lærer om deres rettigheder.",
                "place": PLACE,
                "capacity": capacity,
                "start_date": start,
                "end_date": start + datetime.timedelta(weeks=weeks - 1),
                "min_attendance_percent": 75,
                "import_ref": ref,
            },
            leaders=leaders,
        )
        sessions = services.session_create_weekly(
            course=course,
            data={
                "date": start,
                "start_time": datetime.time(15, 30),
                "end_time": datetime.time(17, 30),
                "place": "",
                "topic": "",
                "note": "",
            },
            weeks=weeks,
        )
        for number, session in enumerate(sessions):
            topic = (
                SESSION_TOPICS[number % len(SESSION_TOPICS)]
                if kind == CourseKind.TALENT_COURSE
                else Topic.JOB_INTERVIEW
            )
            services.session_update(session=session, data={"topic": topic})
        # A couple more than the seats, so the waiting list has someone on it.
        participants = rng.sample(youth, min(len(youth), capacity + 2))
        enrollments = [
            services.enrollment_create(course=course, youth=person, enrolled_on=min(today, start))
            for person in participants
        ]
        seated = [enrollment for enrollment in enrollments if not enrollment.is_waiting]
        for session in sessions:
            if session.date > today:
                continue
            for enrollment in seated:
                status = rng.choices(list(AttendanceStatus), weights=[8, 1, 1])[0]
                services.attendance_set(
                    session=session, enrollment=enrollment, status=status, recorded_by=leaders[0] if leaders else None
                )
        if course.end_date < today and leaders:
            services.enrollment_complete_proposed(course=course, completed_on=course.end_date, confirmed_by=leaders[0])
        created += 1
    return f"Talentværksted: {created} nye demoforløb med mødegange, tilmeldinger og fremmøde."


def _next_tuesday(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(1 - day.weekday()) % 7)


def _seed_history(seed: int) -> int:
    """Finished holds for the history's young people: most complete (with the roll call to show it), some drop out.

    Holds are filled in the order the young people came in; written in bulk through the audit.
    """
    if Course.objects.filter(import_ref__startswith="demo-h-forloeb-").exists():
        return 0
    rng = random.Random(f"{seed}-history-courses")
    leaders = list(get_user_model().objects.filter(username__in=["ungdomsskole", "konsulent"]))
    # Not every young person starts on a hold: some go straight to a job or leave early.
    people = [person for person in history_youth() if rng.random() < 0.85]
    holds = [people[i : i + HISTORY_HOLD_SIZE] for i in range(0, len(people), HISTORY_HOLD_SIZE)]
    courses = []
    for number, hold in enumerate(holds, start=1):
        start = _next_tuesday(max(person.registered_on for person in hold) + datetime.timedelta(days=7))
        season = "forår" if start.month < 7 else "efterår"
        courses.append(
            Course(
                title=f"Talentværksted {season} {start.year}, hold {number} (demo)",
                kind=CourseKind.TALENT_COURSE,
                topics=list(SESSION_TOPICS),
                description="De unge skriver CV og ansøgning, øver jobsamtaler og lærer om deres rettigheder.",
                place=PLACE,
                capacity=HISTORY_HOLD_SIZE + 2,
                start_date=start,
                end_date=start + datetime.timedelta(weeks=HISTORY_WEEKS - 1),
                min_attendance_percent=75,
                import_ref=f"demo-h-forloeb-{number}",
            )
        )
    courses = audited_bulk_create(Course, courses, batch_size=500)
    Course.leaders.through.objects.bulk_create(
        [Course.leaders.through(course_id=course.pk, user_id=leader.pk) for course in courses for leader in leaders]
    )
    sessions = audited_bulk_create(
        CourseSession,
        [
            CourseSession(
                course=course,
                date=course.start_date + datetime.timedelta(weeks=week),
                start_time=datetime.time(15, 30),
                end_time=datetime.time(17, 30),
                topic=SESSION_TOPICS[week % len(SESSION_TOPICS)],
            )
            for course in courses
            for week in range(HISTORY_WEEKS)
        ],
        batch_size=500,
    )
    sessions_of = {course.pk: sessions[i * HISTORY_WEEKS : (i + 1) * HISTORY_WEEKS] for i, course in enumerate(courses)}
    enrollments, roll_call = [], []
    for course, hold in zip(courses, holds, strict=True):
        for person in hold:
            # About three in four complete; the others stop coming after a few weeks.
            completes = rng.random() < 0.74
            attended = HISTORY_WEEKS if completes else rng.randint(1, 4)
            last_session = sessions_of[course.pk][attended - 1]
            enrollments.append(
                Enrollment(
                    course=course,
                    youth=person,
                    status=EnrollmentStatus.COMPLETED if completes else EnrollmentStatus.DROPPED,
                    enrolled_on=min(
                        course.start_date, person.registered_on + datetime.timedelta(days=rng.randint(0, 5))
                    ),
                    completed_on=course.end_date if completes else None,
                    completed_by=leaders[0] if completes and leaders else None,
                    dropped_on=None if completes else last_session.date + datetime.timedelta(days=7),
                    drop_reason="" if completes else "Stoppede med at komme.",
                )
            )
            roll_call.append((course, completes, attended))
    enrollments = audited_bulk_create(Enrollment, enrollments, batch_size=500)
    attendance = []
    for enrollment, (course, completes, attended) in zip(enrollments, roll_call, strict=True):
        # A completer may miss one session (75 % is the rule); a dropout is marked absent after leaving.
        missed = rng.randrange(HISTORY_WEEKS) if completes and rng.random() < 0.4 else None
        for week, session in enumerate(sessions_of[course.pk]):
            if week < attended:
                status = AttendanceStatus.EXCUSED if week == missed else AttendanceStatus.PRESENT
            elif week == attended:
                status = AttendanceStatus.ABSENT
            else:
                break
            attendance.append(
                Attendance(
                    session=session,
                    enrollment=enrollment,
                    status=status,
                    recorded_by=leaders[0] if leaders else None,
                )
            )
    audited_bulk_create(Attendance, attendance, batch_size=500)
    return len(courses)
