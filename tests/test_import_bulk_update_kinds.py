"""Import kinds that save their changed rows in bulk (update_many) store and audit them as one by one.

A re-import whose rows changed takes as many queries for 30 changed rows as for 3, and leaves
the same stored values, the same audit entry per record and the same news to the reporting
(core.kpis.counted_records_changed) as the one-by-one path (save() through the update service).
"""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.importing import ImportKind, import_kinds, run_import
from core.kpis import counted_records_changed
from fritidsjob.models import Industry, Youth
from talentvaerksted.models import Course, Enrollment
from virksomheder.models import Company, FollowUp, Guidance, Placement

from .factories import YouthFactory
from .factories_talentvaerksted import CourseFactory
from .factories_virksomheder import CompanyFactory, next_cvr

pytestmark = pytest.mark.django_db

_cvrs: dict[str, str] = {}  # a company ref keeps its CVR number between its imports


def companies(refs, changed):
    first, second = Industry.objects.order_by("position", "pk")[:2]
    industry, name, postcode = (second.name, "Firma Ny", "8830") if changed else (first.name, "Firma", "8800")
    rows = (f"{ref};{name};{_cvrs.setdefault(ref, next_cvr())};{industry};{postcode}" for ref in refs)
    return ["ref;navn;cvr;branche;postnummer", *rows]


def guidances(refs, changed):
    for ref in ("V1", "V2"):
        if not Company.objects.filter(import_ref=ref).exists():
            CompanyFactory(import_ref=ref)
    row = "V2;2024-05-02;telefon;Noget helt andet" if changed else "V1;2024-05-01;besoeg;Rekruttering"
    return ["ref;virksomhed_ref;dato;form;emne", *(f"{ref};{row}" for ref in refs)]


def placements(refs, changed):
    for ref in ("V1", "V2"):
        if not Company.objects.filter(import_ref=ref).exists():
            CompanyFactory(import_ref=ref)
    for ref in refs:
        for youth in (f"U{ref}", f"W{ref}"):
            if not Youth.objects.filter(import_ref=youth).exists():
                YouthFactory(import_ref=youth, birth_date=datetime.date(2008, 1, 1))
    header = "ref;ung_ref;virksomhed_ref;startdato;slutdato;timer_pr_uge;jobtitel"
    if changed:  # another young person and company, a later start (the open follow-ups move)
        return [header, *(f"{ref};W{ref};V2;2024-03-15;2024-12-31;10,5;Kasse" for ref in refs)]
    return [header, *(f"{ref};U{ref};V1;2024-03-01;;8;Opfylder varer" for ref in refs)]


def placements_before_change(placements):
    """The first's one-month follow-up done (it stays), the second's lost (it is made again)."""
    first, second = placements[0], placements[1]
    FollowUp.objects.filter(placement=first, kind="1_maaned").update(completed_on=datetime.date(2024, 4, 2))
    FollowUp.objects.filter(placement=second, kind="1_maaned").delete()


def placement_follow_ups(placement):
    """Its follow-ups, and the audit entries they got in the re-import (less the ids that differ; in
    any order: one by one writes them placement by placement, in bulk kind of write by kind)."""
    follow_ups = placement.follow_ups.order_by("kind")
    entries = LogEntry.objects.get_for_objects(follow_ups).filter(timestamp__gte=placement.updated_at).order_by("pk")
    assert all(entry.additional_data == {"youth_id": placement.youth_id} for entry in entries)
    assert placement.youth.import_ref == f"W{placement.import_ref}"
    changes = [
        (entry.action, {k: v for k, v in entry.changes.items() if k not in ("id", "placement")}) for entry in entries
    ]
    return [(f.kind, f.due_date, f.completed_on) for f in follow_ups], sorted(changes, key=repr)


def enrollments(refs, changed):
    """Course F1's enrollments of the young people `refs`: enrolled, then completed."""
    if not Course.objects.filter(import_ref="F1").exists():
        CourseFactory(import_ref="F1", capacity=100, start_date=datetime.date(2024, 2, 1))
    for ref in refs:
        if not Youth.objects.filter(import_ref=ref).exists():
            YouthFactory(import_ref=ref)
    row = "gennemfoert;2024-04-01" if changed else "tilmeldt;2024-02-01"
    return ["forloeb_ref;ung_ref;status;dato", *(f"F1;{ref};{row}" for ref in refs)]


def unchanged(records):
    pass


# kind: (file of refs, changed or not; model; fields that differ between records of the same row;
# what the set-up does to the stored records before the re-import; what else must be the same)
KINDS = {
    "virksomheder": (companies, Company, {"id", "import_ref", "cvr", "created_at", "updated_at"}, unchanged, None),
    "vejledninger": (guidances, Guidance, {"id", "import_ref", "created_at"}, unchanged, None),
    "ansaettelser": (
        placements,
        Placement,
        {"id", "import_ref", "youth_id", "created_at", "updated_at"},
        placements_before_change,
        placement_follow_ups,
    ),
    "deltagelser": (enrollments, Enrollment, {"id", "youth_id", "created_at", "updated_at"}, unchanged, None),
}


def stored(kind: str, ref: str):
    """The record of the row `ref` (an enrollment's row is keyed by its young person's ref)."""
    model = KINDS[kind][1]
    if model is Enrollment:
        return Enrollment.objects.get(course__import_ref="F1", youth__import_ref=ref)
    return model.objects.get(import_ref=ref)


def imported(kind: str, refs: list[str], *, changed: bool) -> tuple[int, int]:
    """(rows updated, queries) of importing the rows of `refs`."""
    text = "\n".join(KINDS[kind][0](refs, changed))
    with CaptureQueriesContext(connection) as queries:
        result = run_import(kind=kind, file=io.StringIO(text), filename=f"{kind}.csv")
    assert result.errors == []
    return result.updated, len(queries)


def update_entries(record):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_pk=str(record.pk), action=LogEntry.Action.UPDATE
    )


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_changed_rows_take_the_same_queries_for_3_as_for_30(kind):
    model = KINDS[kind][1]
    ContentType.objects.get_for_model(model)  # cached, as after the first import of the day
    few, many = [f"F{n}" for n in range(3)], [f"M{n}" for n in range(30)]
    imported(kind, few, changed=False)
    imported(kind, many, changed=False)

    few_updated, few_queries = imported(kind, few, changed=True)
    many_updated, many_queries = imported(kind, many, changed=True)

    assert (few_updated, many_updated) == (3, 30)
    assert many_queries == few_queries
    assert all(update_entries(stored(kind, ref)).count() == 1 for ref in few + many)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_changed_rows_are_stored_and_audited_as_one_by_one(kind, monkeypatch):
    _file, model, differing, set_up, extra = KINDS[kind]
    kind_class = import_kinds()[kind]
    assert kind_class.update_many is not ImportKind.update_many  # the kind has the bulk path
    by_hand, in_bulk = [f"A{n}" for n in range(3)], [f"B{n}" for n in range(3)]
    imported(kind, by_hand, changed=False)
    imported(kind, in_bulk, changed=False)
    for refs in (by_hand, in_bulk):
        set_up([stored(kind, ref) for ref in refs])
    stored_before = {ref: stored(kind, ref) for ref in by_hand + in_bulk}
    news: list[type] = []

    def heard(sender, **kwargs):
        news.append(sender)

    counted_records_changed.connect(heard)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(kind_class, "update_many", ImportKind.update_many)  # save() row by row, as before
            assert imported(kind, by_hand, changed=True)[0] == 3
        news_by_hand, news[:] = set(news), []
        assert imported(kind, in_bulk, changed=True)[0] == 3
        news_in_bulk = set(news)
    finally:
        counted_records_changed.disconnect(heard)

    assert news_in_bulk == news_by_hand
    for one, other in zip(by_hand, in_bulk, strict=True):
        saved, bulk = stored(kind, one), stored(kind, other)
        fields = [field.attname for field in model._meta.concrete_fields if field.attname not in differing]
        assert [getattr(bulk, name) for name in fields] == [getattr(saved, name) for name in fields]
        assert [getattr(bulk, name) for name in fields] != [getattr(stored_before[other], name) for name in fields]
        if "updated_at" in differing:
            assert bulk.updated_at > stored_before[other].updated_at
        saved_entry, bulk_entry = update_entries(saved).get(), update_entries(bulk).get()
        if "youth_id" in differing:  # each row has its own young person
            for ref, record, entry in ((one, saved, saved_entry), (other, bulk, bulk_entry)):
                if "youth" in entry.changes:  # moved to another
                    assert entry.changes.pop("youth") == [str(stored_before[ref].youth_id), str(record.youth_id)]
                assert entry.additional_data == {"youth_id": record.youth_id}
        else:
            assert bulk_entry.additional_data == saved_entry.additional_data
        assert bulk_entry.changes == saved_entry.changes
        if extra is not None:
            assert extra(bulk) == extra(saved)
