"""Exports: CSV and XLSX that open correctly in Danish Excel, and the audit of personal-data exports."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from core.exports import Column, Export, csv_bytes, csv_cell, xlsx_bytes
from fritidsjob import roles
from fritidsjob.models import Gender, Youth
from rapporter.models import ExportRecord

from .factories import YouthFactory

pytestmark = pytest.mark.django_db

URL = reverse("fritidsjob:youth_list")


def test_csv_cells_the_danish_way():
    assert csv_cell(datetime.date(2024, 3, 5)) == "05.03.2024"
    assert csv_cell(12.5) == "12,5"
    assert csv_cell(Decimal("37.50")) == "37,50"
    assert csv_cell(6400) == "6400"
    assert csv_cell(True) == "Ja"
    assert csv_cell(False) == "Nej"
    assert csv_cell(None) == ""
    # Text that Excel would run as a formula stays text.
    assert csv_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert csv_cell("-1+2") == "'-1+2"


def test_csv_bytes_have_bom_semicolons_and_crlf():
    export = Export("test", [Column("Navn", "name"), Column("Timer", "hours"), Column("Dato", "day")])
    rows = [{"name": "Søren; Åse", "hours": 7.5, "day": datetime.date(2024, 12, 24)}]

    content = csv_bytes(export, rows)

    assert content == '\ufeffNavn;Timer;Dato\r\n"Søren; Åse";7,5;24.12.2024\r\n'.encode()


def test_xlsx_has_real_dates_and_numbers_and_never_a_formula():
    export = Export("test", [Column("Navn", "name"), Column("Timer", "hours"), Column("Dato", "day")])
    rows = [{"name": "=1+1", "hours": 7.5, "day": datetime.date(2024, 12, 24)}]

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(export, rows))).active

    assert [cell.value for cell in sheet[1]] == ["Navn", "Timer", "Dato"]
    assert sheet["A1"].font.bold is True
    assert sheet["A2"].value == "=1+1"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 7.5
    assert sheet["C2"].value == datetime.datetime(2024, 12, 24)
    assert sheet["C2"].number_format == "dd.mm.yyyy"


def test_youth_list_as_csv_is_the_whole_filtered_list(client, consultant):
    for number in range(27):  # more than one page of 25
        YouthFactory(first_name=f"Anna{number}", last_name="Hansen", birth_date=datetime.date(2010, 4, 1))
    YouthFactory(first_name="Bo", last_name="Jensen", in_target_group=False, gender=Gender.BOY)
    client.force_login(consultant)

    response = client.get(URL, {"in_target_group": "true", "eksport": "csv"})

    assert response["Content-Disposition"].startswith('attachment; filename="unge-')
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Fornavn;Efternavn;Fødselsdato;Alder;Køn;Skole;Klasse;Postnummer;Status;I målgruppen;Målgruppe;"
        "Henvist af;Ansvarlig;Oprettet;Jobcentrets sagsnummer;ESDH-sagsnummer;KLE-nummer"
    )
    assert len(lines) == 1 + 27
    assert "Bo" not in response.content.decode("utf-8-sig")
    assert lines[1].split(";")[2] == "01.04.2010"
    assert lines[1].split(";")[9] == "Ja"


def test_youth_list_as_xlsx_opens(client, consultant):
    YouthFactory(first_name="Anna", last_name="Hansen", birth_date=datetime.date(2010, 4, 1))
    client.force_login(consultant)

    response = client.get(URL, {"eksport": "xlsx"})

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "unge"
    assert [cell.value for cell in sheet[2]][:3] == ["Anna", "Hansen", datetime.datetime(2010, 4, 1)]


def test_an_export_of_personal_data_is_audited_per_person(client, consultant):
    anna, bo = YouthFactory(first_name="Anna"), YouthFactory(first_name="Bo")
    client.force_login(consultant)

    client.get(URL, {"name": "Anna", "eksport": "csv"})

    record = ExportRecord.objects.get()
    assert (record.user, record.name, record.file_format, record.row_count) == (consultant, "unge", "csv", 1)
    assert (record.personal_data, record.query) == (True, "name=Anna")
    access = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__export="unge.csv")
    assert [(entry.object_id, entry.actor) for entry in access] == [(anna.pk, consultant)]
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_id=bo.pk).exists()


def test_the_export_shows_in_the_youths_audit_trail(client, users):
    anna = YouthFactory(first_name="Anna")
    client.force_login(users[roles.PROJECT_LEADER])
    client.get(URL, {"eksport": "xlsx"})

    trail = client.get(reverse("fritidsjob:youth_audit", args=[anna.pk])).content.decode()

    assert "Set" in trail


@pytest.mark.parametrize("count", [1, 3])
def test_export_query_count_is_constant(client, consultant, django_assert_num_queries, count):
    for _number in range(count):
        YouthFactory()
    client.force_login(consultant)

    # session, user, permissions (2), youth, savepoint, full_clean's user check, export record, audit rows, release
    with django_assert_num_queries(10):
        client.get(URL, {"eksport": "csv"})

    assert Youth.objects.count() == count
