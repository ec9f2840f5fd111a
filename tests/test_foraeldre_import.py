"""Import kinds foraeldre, foraeldrekontakter and informationsmoeder, per the contract."""

import datetime
from io import StringIO

import openpyxl
import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from foraeldre.models import ContactKind, InformationEvent, Parent, ParentContact
from fritidsjob.models import School
from tests.factories import YouthFactory
from tests.factories_foraeldre import ParentFactory

pytestmark = pytest.mark.django_db

TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


def write(tmp_path, lines: list[str], name="fil.csv", encoding="utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return str(path)


def run(kind: str, path: str, *args: str) -> str:
    out = StringIO()
    call_command("importer", kind, path, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def refused(kind: str, path: str) -> list[str]:
    err = StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("importer", kind, path, stdout=StringIO(), stderr=err)
    assert "Intet er importeret" in str(excinfo.value)
    return err.getvalue().splitlines()


@pytest.fixture
def youth():
    return {ref: YouthFactory(import_ref=ref) for ref in ("U1", "U2", "U3")}


# --- foraeldre ------------------------------------------------------------------------------

PARENTS = [
    "Ref;Fornavn;Efternavn;Telefon;Email;Sag_i_jobcenter;Børn",
    "F1;Mona;Madsen;20304050;mona@example.dk;ja;U1|U2",
    "F2;Ole;Olsen;;;nej; U3 ",
]


def test_parents_are_imported_with_their_children(tmp_path, youth):
    assert run("foraeldre", write(tmp_path, PARENTS)) == "oprettet: 2, opdateret: 0, uændret: 0\n"

    mona = Parent.objects.get(import_ref="F1")
    assert (mona.full_name, mona.phone, mona.email, mona.has_jobcenter_case) == (
        "Mona Madsen",
        "20304050",
        "mona@example.dk",
        True,
    )
    assert set(mona.children.values_list("import_ref", flat=True)) == {"U1", "U2"}
    # Relation and custody are not in the spreadsheets: not known until staff fill them in.
    assert (mona.relation, mona.has_custody) == ("", None)
    assert list(Parent.objects.get(import_ref="F2").children.all()) == [youth["U3"]]


def test_the_same_parents_twice_change_nothing_and_a_changed_row_updates(tmp_path, youth):
    path = write(tmp_path, PARENTS)
    run("foraeldre", path)
    assert run("foraeldre", path) == "oprettet: 0, opdateret: 0, uændret: 2\n"

    changed = write(tmp_path, [PARENTS[0], "F1;Mona;Madsen;99999999;mona@example.dk;ja;U2", PARENTS[2]], "2.csv")
    assert run("foraeldre", changed) == "oprettet: 0, opdateret: 1, uændret: 1\n"
    mona = Parent.objects.get(import_ref="F1")
    assert mona.phone == "99999999"
    assert list(mona.children.all()) == [youth["U2"]]


def test_bad_parent_rows_import_nothing_and_are_listed(tmp_path, youth):
    path = write(
        tmp_path,
        [
            PARENTS[0],
            "F1;Mona;Madsen;;ikke-en-mail;ja;U1",
            "F2;Ole;Olsen;;;maaske;U1",
            "F3;Ida;Ibsen;;;nej;",
            "F4;Per;Poulsen;;;nej;U1|U9",
            "F5;Pia;Pedersen;;;ja;U1",
        ],
    )

    assert refused("foraeldre", path) == [
        "linje 2: email: Indtast en gyldig e-mail-adresse",
        'linje 3: sag_i_jobcenter: skriv ja eller nej (eller 1 eller 0), ikke "maaske"',
        "linje 4: boern: skal udfyldes",
        'linje 5: boern: ukendt ung "U9" – importér de unge først',
    ]
    assert Parent.objects.count() == 0


def test_dry_run_writes_nothing(tmp_path, youth):
    out = run("foraeldre", write(tmp_path, PARENTS), "--dry-run")
    assert out == "Prøvekørsel: filen er i orden, men intet er gemt.\noprettet: 2, opdateret: 0, uændret: 0\n"
    assert Parent.objects.count() == 0


# --- foraeldrekontakter --------------------------------------------------------------------------


@pytest.fixture
def parents(youth):
    return {ref: ParentFactory(import_ref=ref, children=[youth["U1"]]) for ref in ("F1", "F2")}


CONTACTS = [
    "ref;forælder_ref;dato;type;note",
    "K1;F1;2023-03-01;vejledning;Første samtale",
    "K2;F1;15-04-2023;Introduktion;",
    "K3;F2;2023-05-01;VEJLEDNING;",
]


def test_contacts_are_imported_as_history_without_staff_or_mail(tmp_path, parents):
    assert run("foraeldrekontakter", write(tmp_path, CONTACTS)) == "oprettet: 3, opdateret: 0, uændret: 0\n"

    k1, k2 = ParentContact.objects.get(import_ref="K1"), ParentContact.objects.get(import_ref="K2")
    assert (k1.parent, k1.date, k1.kind, k1.note, k1.staff) == (
        parents["F1"],
        datetime.date(2023, 3, 1),
        ContactKind.GUIDANCE,
        "Første samtale",
        None,
    )
    assert (k2.date, k2.kind) == (datetime.date(2023, 4, 15), ContactKind.INTRODUCTION)
    assert mail.outbox == []
    assert run("foraeldrekontakter", write(tmp_path, CONTACTS)) == "oprettet: 0, opdateret: 0, uændret: 3\n"


def test_a_changed_contact_updates_its_record(tmp_path, parents):
    run("foraeldrekontakter", write(tmp_path, CONTACTS))
    changed = write(tmp_path, [CONTACTS[0], "K1;F2;2023-03-02;introduktion;Ny note"], "2.csv")
    assert run("foraeldrekontakter", changed) == "oprettet: 0, opdateret: 1, uændret: 0\n"
    k1 = ParentContact.objects.get(import_ref="K1")
    assert (k1.parent, k1.date, k1.kind, k1.note) == (
        parents["F2"],
        datetime.date(2023, 3, 2),
        "introduktion",
        "Ny note",
    )


def test_bad_contact_rows_import_nothing(tmp_path, parents):
    path = write(
        tmp_path,
        [
            CONTACTS[0],
            "K1;F9;2023-03-01;vejledning;",
            "K2;F1;2023-03-01;hjemmebesøg;",
            f"K3;F1;{TOMORROW};vejledning;",
            "K4;F1;31-02-2023;vejledning;",
            "K5;F1;2023-03-01;introduktion;",
        ],
    )

    assert refused("foraeldrekontakter", path) == [
        'linje 2: foraelder_ref: ukendt forælder "F9" – importér forældrene først',
        'linje 3: type: ukendt værdi "hjemmebesøg" – brug vejledning eller introduktion',
        "linje 4: dato: datoen ligger i fremtiden",
        'linje 5: dato: ugyldig dato "31-02-2023" – skriv datoen som ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ',
    ]
    assert ParentContact.objects.count() == 0


# --- informationsmoeder -----------------------------------------------------------------------------


def test_events_are_imported_and_a_place_naming_a_school_is_that_school(tmp_path):
    school = School.objects.get(name="Vestervang Skole")
    path = write(
        tmp_path,
        [
            "ref;dato;sted;antal_unge;antal_forældre",
            "M1;2023-09-12;vestervang skole;45;12",
            "M2;2023-10-01;Viborg Bibliotek;30;0",
        ],
    )

    assert run("informationsmoeder", path) == "oprettet: 2, opdateret: 0, uændret: 0\n"

    m1, m2 = InformationEvent.objects.get(import_ref="M1"), InformationEvent.objects.get(import_ref="M2")
    assert (m1.school, m1.place, m1.youth_count, m1.parent_count) == (school, "", 45, 12)
    assert (m2.school, m2.place, m2.total) == (None, "Viborg Bibliotek", 30)
    assert run("informationsmoeder", path) == "oprettet: 0, opdateret: 0, uændret: 2\n"


def test_event_counts_must_be_whole_numbers_of_zero_or_more(tmp_path):
    path = write(
        tmp_path,
        [
            "ref;dato;sted;antal_unge;antal_foraeldre",
            "M1;2023-09-12;Skolen;-1;2",
            "M2;2023-09-12;Skolen;2,5;2",
            "M3;2023-09-12;Skolen;;2",
            "M4;2023-09-12;;3;2",
            "M5;2023-09-12;Skolen;0;0",
        ],
    )

    assert refused("informationsmoeder", path) == [
        'linje 2: antal_unge: skal være et helt tal på 0 eller mere, ikke "-1"',
        'linje 3: antal_unge: skal være et helt tal på 0 eller mere, ikke "2,5"',
        "linje 4: antal_unge: skal udfyldes",
        "linje 5: sted: skal udfyldes",
    ]
    assert InformationEvent.objects.count() == 0


def test_events_from_xlsx_with_number_and_date_cells(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Ref", "Dato", "Sted", "Antal unge", "Antal forældre"])
    workbook.active.append(["M1", datetime.datetime(2023, 9, 12), "Viborg Bibliotek", 45, 12.0])
    path = tmp_path / "moeder.xlsx"
    workbook.save(path)

    assert run("informationsmoeder", str(path)) == "oprettet: 1, opdateret: 0, uændret: 0\n"
    assert InformationEvent.objects.get().total == 57


def test_changed_events_and_contacts_are_saved_together_each_with_its_audit_entry(tmp_path, parents):
    from auditlog.models import LogEntry

    events = ["ref;dato;sted;antal_unge;antal_forældre", *(f"M{n};2023-09-12;Viborg Bibliotek;{n};0" for n in range(5))]
    run("informationsmoeder", write(tmp_path, events))
    run("foraeldrekontakter", write(tmp_path, CONTACTS))
    changed_events = [events[0], *(f"M{n};2023-09-13;vestervang skole;{n + 10};2" for n in range(5))]

    assert (
        run("informationsmoeder", write(tmp_path, changed_events, "2.csv")) == "oprettet: 0, opdateret: 5, uændret: 0\n"
    )

    school = School.objects.get(name="Vestervang Skole")
    stored = InformationEvent.objects.order_by("import_ref")
    assert [(e.date, e.school, e.place, e.youth_count, e.parent_count) for e in stored] == [
        (datetime.date(2023, 9, 13), school, "", n + 10, 2) for n in range(5)
    ]
    updates = LogEntry.objects.get_for_objects(stored).filter(action=LogEntry.Action.UPDATE)
    assert updates.count() == 5
    assert all(entry.changes_dict["youth_count"] for entry in updates)

    changed_contacts = [CONTACTS[0], "K1;F2;2023-03-02;introduktion;Ny", "K2;F2;16-04-2023;vejledning;Ny"]
    assert run("foraeldrekontakter", write(tmp_path, changed_contacts, "3.csv")) == (
        "oprettet: 0, opdateret: 2, uændret: 0\n"
    )
    assert {c.import_ref: (c.parent, c.note) for c in ParentContact.objects.filter(import_ref__in=["K1", "K2"])} == {
        "K1": (parents["F2"], "Ny"),
        "K2": (parents["F2"], "Ny"),
    }


def test_a_bulk_update_reports_every_refused_change_and_saves_none(parents):
    from django.core.exceptions import ValidationError

    from foraeldre import services

    contacts = [
        services.parent_contact_create(
            parent=parents["F1"], data={"date": datetime.date(2023, 3, n), "kind": "vejledning"}
        )
        for n in (1, 2, 3)
    ]
    with pytest.raises(ValidationError) as excinfo:
        services.parent_contact_update_many(
            changes=[
                (contacts[0], {"kind": "ukendt"}, parents["F2"]),
                (contacts[1], {"note": "fin"}, parents["F2"]),
                (contacts[2], {"kind": "også ukendt"}, parents["F2"]),
            ]
        )

    assert [index for index, _error in excinfo.value.failures] == [0, 2]
    assert set(ParentContact.objects.values_list("parent", flat=True)) == {parents["F1"].pk}
    assert not ParentContact.objects.filter(note="fin").exists()
