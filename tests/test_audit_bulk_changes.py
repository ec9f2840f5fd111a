"""A bulk create's audit entries say what auditlog itself would say about each new record.

audited_bulk_create works the fields out once per batch (core/audit.py `_creation_changes`)
instead of calling auditlog's model_instance_diff per record; this compares the two for
records of every kind of field: masked (the CPR number), foreign keys, dates, date-times,
choices, blank and defaulted values, excluded fields.
"""

import datetime

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog

from core.audit import _changes, _creation_changes, audited_bulk_create
from fritidsjob.models import Youth
from tests.factories import JournalEntryFactory, YouthFactory
from tests.factories_foraeldre import ConsentFactory, ParentContactFactory, ParentFactory
from tests.factories_mentorer import MentorFactory
from tests.factories_opgaver import TaskFactory
from tests.factories_talentvaerksted import EnrollmentFactory
from tests.factories_virksomheder import CompanyFactory

pytestmark = pytest.mark.django_db


def own_fields(model) -> list[str]:
    return [field.name for field in model._meta.concrete_fields]


def test_the_changes_of_new_records_are_those_auditlog_works_out():
    youth = YouthFactory(postcode="8800", school=None)
    youth.set_cpr("150608-4321")
    youth.save()
    records = [
        youth,
        YouthFactory(registered_on=datetime.date(2023, 1, 1), phone="", target_group_reasons="Skolefravær"),
        JournalEntryFactory(youth=youth),
        ParentFactory(children=[youth]),
        ConsentFactory(youth=youth),
        ParentContactFactory(),
        MentorFactory(),
        TaskFactory(youth=youth),
        EnrollmentFactory(youth=youth),
        CompanyFactory(),
    ]
    for record in records:
        model = type(record)
        assert auditlog.contains(model), model
        expected = _changes(None, record, own_fields(model))
        assert expected  # something to compare
        assert _creation_changes(model, own_fields(model))(record) == expected, model.__name__
    assert "cpr_encrypted" in _creation_changes(Youth, own_fields(Youth))(youth)  # masked, as auditlog masks it
    assert "4321" not in str(_creation_changes(Youth, own_fields(Youth))(youth))


def test_a_bulk_create_leaves_one_create_entry_per_record_with_its_changes():
    records = [
        Youth(first_name=f"Bulk{n}", last_name="Testesen", birth_date=datetime.date(2010, 1, n + 1)) for n in range(3)
    ]

    created = audited_bulk_create(Youth, records)

    for youth in created:
        entry = LogEntry.objects.get(object_pk=str(youth.pk), content_type__model="youth")
        assert entry.action == LogEntry.Action.CREATE
        assert entry.changes == {key: list(value) for key, value in _changes(None, youth, own_fields(Youth)).items()}
