"""A re-import whose rows changed saves the changed young people in bulk, each with the entry save() leaves.

youth_update_many validates as youth_update does (less the per-row queries) and writes with one
bulk update per batch; the audit entry of each changed case holds the same changes as the entry
its save() through youth_update would have left.
"""

import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.importing import run_import
from fritidsjob import services
from fritidsjob.models import School, Youth

pytestmark = pytest.mark.django_db

HEADER = "ref;fornavn;efternavn;foedselsdato;maalgruppe;skole;postnummer"


def youth_file(refs, *, last_name="Hansen", school="", postcode="8800") -> str:
    rows = [f"{ref};Ung{ref};{last_name};2010-03-15;ja;{school};{postcode}" for ref in refs]
    return "\n".join([HEADER, *rows]) + "\n"


def imported(text: str):
    with CaptureQueriesContext(connection) as queries:
        result = run_import(kind="unge", file=io.StringIO(text), filename="unge.csv")
    assert result.errors == []
    return result, len(queries)


def update_entries(youth: Youth):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Youth), object_pk=str(youth.pk), action=LogEntry.Action.UPDATE
    )


def test_changed_rows_are_saved_with_the_entry_youth_update_leaves():
    school = School.objects.first().name
    imported(youth_file(["R1", "R2", "R3"]))
    twin = Youth.objects.get(import_ref="R3")  # changed by hand, through the one-by-one service
    services.youth_update(youth=twin, data={"last_name": "Østergaard", "school": School.objects.first()})
    before = {y.import_ref: y.updated_at for y in Youth.objects.all()}

    result, _ = imported(youth_file(["R1", "R2"], last_name="Østergaard", school=school))

    assert (result.updated, result.created, result.unchanged) == (2, 0, 0)
    for ref in ("R1", "R2"):
        youth = Youth.objects.get(import_ref=ref)
        assert (youth.last_name, youth.school.name) == ("Østergaard", school)
        assert youth.updated_at > before[ref]
        assert update_entries(youth).get().changes == update_entries(twin).get().changes
    assert update_entries(twin).get().changes["last_name"] == ["Hansen", "Østergaard"]


def test_changed_rows_take_the_same_queries_for_3_as_for_30():
    imported(youth_file([f"F{n}" for n in range(3)]))
    imported(youth_file([f"M{n}" for n in range(30)]))

    few, few_queries = imported(youth_file([f"F{n}" for n in range(3)], postcode="8830"))
    many, many_queries = imported(youth_file([f"M{n}" for n in range(30)], postcode="8830"))

    assert (few.updated, many.updated) == (3, 30)
    assert many_queries == few_queries
    assert set(Youth.objects.values_list("postcode", flat=True)) == {"8830"}
    assert LogEntry.objects.filter(action=LogEntry.Action.UPDATE, changes__postcode=["8800", "8830"]).count() == 33


def test_a_changed_row_the_model_refuses_changes_nothing():
    imported(youth_file(["X1", "X2"]))
    long_name = "x" * 101
    text = youth_file(["X1"], last_name="Ny") + f"X2;Ung;{long_name};2010-03-15;ja;;8800\n"

    result = run_import(kind="unge", file=io.StringIO(text), filename="unge.csv")

    assert result.errors and result.errors[0].line == 3
    assert set(Youth.objects.values_list("last_name", flat=True)) == {"Hansen"}
