"""core.bulk writes what bulk_create and bulk_update write (on PostgreSQL through COPY), and the
update entries of a bulk update say what auditlog's own diff says.

Runs on SQLite (where core.bulk is bulk_create and bulk_update themselves) and on PostgreSQL
(DATABASE_URL), where the COPY path is the one tested.
"""

import copy
import datetime

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError, transaction

from core.audit import _changes, _update_changes
from core.bulk import bulk_insert, bulk_update
from fritidsjob.models import School, Youth
from tests.factories import YouthFactory
from tests.factories_foraeldre import ParentFactory
from tests.factories_virksomheder import CompanyFactory

pytestmark = pytest.mark.django_db


def test_bulk_insert_saves_every_record_with_its_key_and_values():
    school = School.objects.create(name="Bulkskolen")
    records = [
        Youth(
            first_name=f"Bulk{n}",
            last_name="Æblø",  # not ASCII
            birth_date=datetime.date(2010, 1, n + 1),
            school=school if n % 2 else None,
            available_weekdays=[1, 3] if n == 2 else [],
            target_group_reasons="tab\tand\nnewline \\ backslash" if n == 1 else "",
            import_ref=f"bulk-{n}",
        )
        for n in range(4)
    ]

    saved = bulk_insert(Youth, records, batch_size=2)

    assert saved == records
    assert all(record.pk and not record._state.adding for record in records)
    stored = {youth.import_ref: youth for youth in Youth.objects.filter(import_ref__startswith="bulk-")}
    assert sorted(stored) == ["bulk-0", "bulk-1", "bulk-2", "bulk-3"]
    for record in records:
        youth = stored[record.import_ref]
        assert youth.pk == record.pk
        assert (youth.first_name, youth.last_name, youth.birth_date) == (
            record.first_name,
            "Æblø",
            record.birth_date,
        )
        assert youth.school_id == record.school_id
        assert youth.created_at is not None and youth.updated_at is not None  # auto_now(_add) set
    assert stored["bulk-2"].available_weekdays == [1, 3]
    assert stored["bulk-1"].target_group_reasons == "tab\tand\nnewline \\ backslash"
    assert stored["bulk-0"].status == Youth._meta.get_field("status").default  # the default


def test_bulk_insert_keeps_the_database_constraints():
    YouthFactory(import_ref="taken")
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert(
            Youth, [Youth(first_name="A", last_name="B", birth_date=datetime.date(2010, 1, 1), import_ref="taken")]
        )


def test_bulk_update_writes_the_named_fields_only():
    youths = [YouthFactory(first_name=f"Før{n}", postcode="8800") for n in range(3)]
    for youth in youths:
        youth.first_name = youth.first_name.replace("Før", "Efter")
        youth.postcode = "9999"  # not in the fields: stays

    bulk_update(Youth, youths, ["first_name"])

    stored = Youth.objects.filter(pk__in=[youth.pk for youth in youths]).order_by("pk")
    assert [(youth.first_name, youth.postcode) for youth in stored] == [
        ("Efter0", "8800"),
        ("Efter1", "8800"),
        ("Efter2", "8800"),
    ]


def test_the_changes_of_updated_records_are_those_auditlog_works_out():
    youth = YouthFactory(postcode="8800")
    youth.set_cpr("150608-4321")
    youth.save()
    for record, change in (
        (youth, {"postcode": "9000", "school": None, "birth_date": datetime.date(2009, 2, 2)}),
        (ParentFactory(), {"phone": "12345678", "has_jobcenter_case": True}),
        (CompanyFactory(), {"name": "Nyt navn"}),
    ):
        before = copy.copy(record)
        for field, value in change.items():
            setattr(record, field, value)
        if record is youth:
            record.set_cpr("010203-1234")
        expected = _changes(before, record)
        assert expected
        assert _update_changes(type(record))(before, record) == expected, type(record).__name__
        assert _update_changes(type(record))(before, copy.copy(before)) is None
    assert "1234" not in str(_update_changes(Youth)(copy.copy(youth), youth) or "")


def test_an_imported_change_leaves_the_update_entry_auditlog_would():
    from core.audit import audited_bulk_update

    youth = YouthFactory(postcode="8800")
    before = copy.copy(youth)
    youth.postcode = "9000"
    audited_bulk_update(Youth, [(before, youth)], ["postcode"])

    entry = LogEntry.objects.get_for_object(youth).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict == {"postcode": ["8800", "9000"]}
    assert Youth.objects.get(pk=youth.pk).postcode == "9000"
