"""Plainly fake Talentværksted demo data: courses with sessions, enrollments and roll call for the demo youth."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.demo import seeder
from fritidsjob.models import Youth

from . import services
from .models import AttendanceStatus, Course, CourseKind, Topic

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


@transaction.atomic
@seeder(order=10)
def seed(*, seed: int) -> str:
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
