"""Writes that send no signal (queryset update, bulk_create) still leave their audit entries (core/audit.py)."""

import datetime
import io

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db.models import F

from core.audit import audited_bulk_create, audited_update
from core.importing import run_import
from fritidsjob.models import Youth
from talentvaerksted import services as course_services
from talentvaerksted.models import CourseSession
from virksomheder import services as company_services
from virksomheder.models import Guidance

from .factories import UserFactory, YouthFactory
from .factories_talentvaerksted import CourseFactory, CourseSessionFactory
from .factories_virksomheder import CompanyFactory

pytestmark = pytest.mark.django_db

D = datetime.date
FOUR, SIX = datetime.time(16), datetime.time(18)


def _entries(model, action):
    return LogEntry.objects.filter(content_type__model=model._meta.model_name, action=action)


def test_moving_a_network_meeting_moves_its_guidance_with_an_update_entry_each():
    organiser = UserFactory()
    a, b = CompanyFactory(), CompanyFactory()
    data = {"date": D(2024, 4, 10), "title": "Netværksmøde forår", "topic": "fastholdelse", "organiser": organiser}
    meeting = company_services.network_meeting_create(data=data, companies=[a, b])

    with set_actor(organiser):
        company_services.network_meeting_update(
            meeting=meeting, data={**data, "date": D(2024, 4, 11)}, companies=[a, b]
        )

    updates = _entries(Guidance, LogEntry.Action.UPDATE)
    assert sorted(entry.object_id for entry in updates) == sorted(meeting.guidance.values_list("pk", flat=True))
    assert {(entry.actor, tuple(entry.changes_dict["date"])) for entry in updates} == {
        (organiser, ("2024-04-10", "2024-04-11"))
    }


def test_a_copied_course_has_a_create_entry_for_each_session():
    course = CourseFactory(start_date=D(2024, 2, 6), end_date=D(2024, 3, 26))
    CourseSessionFactory(course=course, date=D(2024, 2, 6))
    CourseSessionFactory(course=course, date=D(2024, 3, 26))

    copy = course_services.course_copy(course=course, title="Efterår 2024", start_date=D(2024, 9, 3))

    created = {entry.object_id: entry.changes_dict["date"] for entry in _entries(CourseSession, LogEntry.Action.CREATE)}
    copied = dict(copy.sessions.values_list("pk", "date"))
    assert sorted(copied.values()) == [D(2024, 9, 3), D(2024, 10, 22)]
    assert {pk: created[pk] for pk in copied} == {pk: ["None", str(day)] for pk, day in copied.items()}


def test_an_audited_update_takes_expressions_and_skips_rows_it_leaves_as_they_were():
    moved = YouthFactory(postcode="8800", phone="11223344")
    same = YouthFactory(postcode="8800", phone="8800")
    last = LogEntry.objects.latest("pk").pk

    count = audited_update(Youth.objects.filter(pk__in=[moved.pk, same.pk]), phone=F("postcode"))

    assert count == 2
    entries = LogEntry.objects.filter(pk__gt=last)
    assert [(entry.object_id, entry.action, entry.changes_dict) for entry in entries] == [
        (moved.pk, LogEntry.Action.UPDATE, {"phone": ["11223344", "8800"]})
    ]


def test_an_audited_bulk_create_returns_the_rows_with_their_keys():
    course = CourseFactory()

    sessions = audited_bulk_create(
        CourseSession,
        [CourseSession(course=course, date=D(2024, 5, day), start_time=FOUR, end_time=SIX) for day in (1, 8)],
    )

    assert all(session.pk for session in sessions)
    assert sorted(_entries(CourseSession, LogEntry.Action.CREATE).values_list("object_id", flat=True)) == sorted(
        session.pk for session in sessions
    )


def test_a_bulk_create_entry_has_the_actor_and_the_records_own_fields():
    course, actor = CourseFactory(), UserFactory()

    with set_actor(actor, remote_addr="10.0.0.7"):
        (session,) = audited_bulk_create(
            CourseSession, [CourseSession(course=course, date=D(2024, 5, 1), start_time=FOUR, end_time=SIX)]
        )

    entry = _entries(CourseSession, LogEntry.Action.CREATE).get(object_id=session.pk)
    assert (entry.actor, entry.remote_addr) == (actor, "10.0.0.7")
    assert entry.changes_dict["date"] == ["None", "2024-05-01"]
    assert set(entry.changes_dict) <= {field.name for field in CourseSession._meta.concrete_fields}


@pytest.mark.parametrize("rows", [3, 30])
def test_importing_new_youth_takes_the_same_queries_for_3_rows_as_for_30(rows, django_assert_max_num_queries):
    header = "ref;fornavn;efternavn;foedselsdato;maalgruppe;koen;skole"
    lines = [header, *(f"U{n};Anna;Hansen;2010-03-15;ja;pige;Houlkærskolen" for n in range(rows))]

    # Schools, the references, savepoints, then the cases and their entries in bulk (and the
    # content type, unless an earlier test cached it): never a query per row. On PostgreSQL each
    # bulk write is two (the keys from the sequence, then the COPY; core.bulk).
    with django_assert_max_num_queries(13):
        result = run_import(kind="unge", file=io.StringIO("\n".join(lines)), filename="unge.csv")

    assert (result.ok, result.created) == (True, rows)
    assert _entries(Youth, LogEntry.Action.CREATE).count() == rows
