"""Every import kind that creates records in bulk takes as many queries for 30 new rows as for 3.

The references (companies, parents, courses, young people, schools, industries) are looked up
once per file, and the new records saved with their audit entries in bulk (core.importing's
save_all with each app's <entity>_new and <entity>_create_many).
"""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.importing import run_import
from foraeldre import services as parent_services
from foraeldre.models import InformationEvent, Parent, ParentContact
from fritidsjob.models import Industry, School, Youth
from talentvaerksted.models import Course, Enrollment
from virksomheder.models import Company, FollowUp, Guidance, Placement

from .factories import YouthFactory
from .factories_foraeldre import ParentFactory
from .factories_talentvaerksted import CourseFactory
from .factories_virksomheder import CompanyFactory, next_cvr

pytestmark = pytest.mark.django_db


def companies(refs):
    industry = Industry.objects.order_by("position").first().name
    return ["ref;navn;cvr;branche", *(f"{ref};Firma {ref};{next_cvr()};{industry}" for ref in refs)]


def guidances(refs):
    if not Company.objects.filter(import_ref="V1").exists():
        CompanyFactory(import_ref="V1")
    return ["ref;virksomhed_ref;dato;form;emne", *(f"{ref};V1;2024-05-01;besoeg;Rekruttering" for ref in refs)]


def contacts(refs):
    if not Parent.objects.filter(import_ref="P1").exists():
        ParentFactory(import_ref="P1")
    return ["ref;foraelder_ref;dato;type", *(f"{ref};P1;2024-05-01;vejledning" for ref in refs)]


def meetings(refs):
    school = School.objects.first().name
    return ["ref;dato;sted;antal_unge;antal_foraeldre", *(f"{ref};2024-05-01;{school};12;7" for ref in refs)]


def parents(refs):
    if not Youth.objects.filter(import_ref="Y1").exists():
        YouthFactory(import_ref="Y1")
        YouthFactory(import_ref="Y2")
    return ["ref;fornavn;efternavn;sag_i_jobcenter;boern", *(f"{ref};Mor;Hansen;nej;Y1|Y2" for ref in refs)]


def placements(refs):
    if not Company.objects.filter(import_ref="V1").exists():
        CompanyFactory(import_ref="V1")
    for ref in refs:
        YouthFactory(import_ref=f"U{ref}", birth_date=datetime.date(2008, 1, 1))
    header = "ref;ung_ref;virksomhed_ref;startdato;slutdato;timer_pr_uge;jobtitel"
    return [header, *(f"{ref};U{ref};V1;2024-03-01;;8;Opfylder varer" for ref in refs)]


def courses(refs):
    return ["ref;titel;startdato;slutdato", *(f"{ref};Hold {ref};2024-02-01;2024-04-01" for ref in refs)]


def enrollments(refs):
    if not Course.objects.filter(import_ref="F1").exists():
        CourseFactory(import_ref="F1", capacity=100)
    for ref in refs:
        YouthFactory(import_ref=ref)
    return ["forloeb_ref;ung_ref;status;dato", *(f"F1;{ref};gennemfoert;2024-04-01" for ref in refs)]


FILES = {
    "virksomheder": (companies, Company),
    "vejledninger": (guidances, Guidance),
    "foraeldre": (parents, Parent),
    "foraeldrekontakter": (contacts, ParentContact),
    "informationsmoeder": (meetings, InformationEvent),
    "forloeb": (courses, Course),
    "ansaettelser": (placements, Placement),
    "deltagelser": (enrollments, Enrollment),
}


def queries_to_import(kind: str, refs: list[str]) -> int:
    text = "\n".join(FILES[kind][0](refs))
    with CaptureQueriesContext(connection) as queries:
        result = run_import(kind=kind, file=io.StringIO(text), filename=f"{kind}.csv")
    assert (result.errors, result.created) == ([], len(refs))
    return len(queries)


@pytest.mark.parametrize("kind", sorted(FILES))
def test_new_records_take_the_same_queries_for_3_rows_as_for_30(kind):
    model = FILES[kind][1]
    # Cached, as after the first import of the day (a placement has follow-ups too).
    ContentType.objects.get_for_models(model, FollowUp)

    few = queries_to_import(kind, [f"A{n}" for n in range(3)])
    many = queries_to_import(kind, [f"B{n}" for n in range(30)])

    assert many == few
    created = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action=LogEntry.Action.CREATE
    )
    assert created.count() >= 33  # every new record has its audit entry (the set-up's too)


def test_parents_created_in_bulk_have_their_children_and_the_entry_one_by_one_leaves():
    child = YouthFactory(import_ref="Y1", first_name="Ida", last_name="Berg")
    one = parent_services.parent_create(
        data={"first_name": "Far", "last_name": "Berg", "has_jobcenter_case": False}, children=[child]
    )
    text = "ref;fornavn;efternavn;sag_i_jobcenter;boern\nP9;Mor;Berg;ja;Y1"

    result = run_import(kind="foraeldre", file=io.StringIO(text), filename="foraeldre.csv")

    assert (result.errors, result.created) == ([], 1)
    imported = Parent.objects.get(import_ref="P9")
    assert list(imported.children.all()) == [child]
    parent_type = ContentType.objects.get_for_model(Parent)
    entries = LogEntry.objects.filter(content_type=parent_type, action=LogEntry.Action.UPDATE)
    by_hand = entries.get(object_pk=str(one.pk)).changes["children"]
    assert entries.get(object_pk=str(imported.pk)).changes["children"] == by_hand
    assert by_hand == {"type": "m2m", "operation": "add", "objects": [str(child)]}


def test_placements_created_in_bulk_have_their_follow_ups_as_one_by_one():
    CompanyFactory(import_ref="V1")
    YouthFactory(import_ref="U1", birth_date=datetime.date(2008, 1, 1))
    text = "ref;ung_ref;virksomhed_ref;startdato;timer_pr_uge\nA1;U1;V1;2024-03-01;8"

    result = run_import(kind="ansaettelser", file=io.StringIO(text), filename="ansaettelser.csv")

    assert (result.errors, result.created) == ([], 1)
    placement = Placement.objects.get(import_ref="A1")
    assert placement.six_months_on == datetime.date(2024, 9, 1)
    due = sorted(FollowUp.objects.filter(placement=placement).values_list("due_date", flat=True))
    assert due == [datetime.date(2024, 4, 1), datetime.date(2024, 9, 1)]
