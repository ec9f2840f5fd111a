"""Import kinds that save their changed rows in bulk (update_many) store and audit them as one by one.

A re-import whose rows changed takes as many queries for 30 changed rows as for 3, and leaves
the same stored values, the same audit entry per record and the same news to the reporting
(core.kpis.counted_records_changed) as the one-by-one path (save() through the update service).
"""

import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.importing import ImportKind, import_kinds, run_import
from core.kpis import counted_records_changed
from fritidsjob.models import Industry
from virksomheder.models import Company, Guidance

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


# kind: (file of refs, changed or not; model; fields that differ between records of the same row)
KINDS = {
    "virksomheder": (companies, Company, {"id", "import_ref", "cvr", "created_at", "updated_at"}),
    "vejledninger": (guidances, Guidance, {"id", "import_ref", "created_at"}),
}


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
    assert all(update_entries(record).count() == 1 for record in model.objects.filter(import_ref__in=few + many))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_changed_rows_are_stored_and_audited_as_one_by_one(kind, monkeypatch):
    model, differing = KINDS[kind][1], KINDS[kind][2]
    kind_class = import_kinds()[kind]
    assert kind_class.update_many is not ImportKind.update_many  # the kind has the bulk path
    by_hand, in_bulk = [f"A{n}" for n in range(3)], [f"B{n}" for n in range(3)]
    imported(kind, by_hand, changed=False)
    imported(kind, in_bulk, changed=False)
    stored_before = {record.import_ref: record for record in model.objects.all()}
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
        saved, bulk = model.objects.get(import_ref=one), model.objects.get(import_ref=other)
        fields = [field.attname for field in model._meta.concrete_fields if field.attname not in differing]
        assert [getattr(bulk, name) for name in fields] == [getattr(saved, name) for name in fields]
        assert [getattr(bulk, name) for name in fields] != [getattr(stored_before[other], name) for name in fields]
        if "updated_at" in differing:
            assert bulk.updated_at > stored_before[other].updated_at
        saved_entry, bulk_entry = update_entries(saved).get(), update_entries(bulk).get()
        assert bulk_entry.changes == saved_entry.changes
        assert bulk_entry.additional_data == saved_entry.additional_data
