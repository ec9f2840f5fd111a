import datetime
from io import BytesIO, StringIO

import openpyxl
import pytest
from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.importing import import_kinds, run_import
from fritidsjob.models import Gender, ReferralSource, School, Youth

from .factories import YouthFactory, birth_date_for_age

pytestmark = pytest.mark.django_db

HEADER = "ref;fornavn;efternavn;foedselsdato;maalgruppe;koen;skole;postnummer;henvist_af;oprettet"
TWO_YOUTH = [
    HEADER,
    "U1;Anna;Hansen;2009-03-15;ja;pige;Houlkærskolen;8800;Forældre;01-02-2023",
    "U2;Bo;Jensen;15-03-2011;nej;;;;;",
]


def write(tmp_path, lines: list[str], *, name="unge.csv", encoding="utf-8", bom=False) -> str:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + ("\r\n".join(lines) + "\r\n").encode(encoding))
    return str(path)


def run(path: str, *args: str) -> str:
    out = StringIO()
    call_command("importer", "unge", path, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def run_refused(path: str, *args: str) -> list[str]:
    """The error lines printed to stderr by an import that must be refused."""
    err = StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("importer", "unge", path, *args, stdout=StringIO(), stderr=err)
    assert "Intet er importeret" in str(excinfo.value)
    return err.getvalue().splitlines()


def where(errors: list[str]) -> list[tuple[str, str]]:
    """(line, field) of each `linje N: felt: besked` error."""
    return [tuple(error.split(": ", 2)[:2]) for error in errors]


def test_semicolon_csv_with_bom_danish_headers_and_both_date_formats(tmp_path):
    path = write(
        tmp_path,
        ["Ref;FORNAVN;Efternavn;Fødselsdato;Målgruppe;Køn;Skole;Postnummer;Henvist af;Oprettet", *TWO_YOUTH[1:]],
        bom=True,
    )

    assert run(path) == "oprettet: 2, opdateret: 0, uændret: 0\n"

    anna = Youth.objects.get(import_ref="U1")
    assert (anna.first_name, anna.last_name, anna.birth_date) == ("Anna", "Hansen", datetime.date(2009, 3, 15))
    assert (anna.in_target_group, anna.gender, anna.school.name) == (True, Gender.GIRL, "Houlkærskolen")
    assert (anna.postcode, anna.referral_source) == ("8800", ReferralSource.PARENTS)
    assert anna.registered_on == datetime.date(2023, 2, 1)
    bo = Youth.objects.get(import_ref="U2")
    assert (bo.birth_date, bo.in_target_group, bo.gender) == (datetime.date(2011, 3, 15), False, Gender.UNKNOWN)
    assert (bo.school, bo.postcode, bo.referral_source) == (None, "", "")
    assert bo.registered_on == timezone.localdate()


def test_comma_csv_with_only_the_required_columns_in_any_order(tmp_path):
    path = write(tmp_path, ["maalgruppe,efternavn,ref,fornavn,foedselsdato", '1,"Møller, Nielsen",U7,Ida,2010-01-31'])

    assert run(path) == "oprettet: 1, opdateret: 0, uændret: 0\n"

    ida = Youth.objects.get(import_ref="U7")
    assert (ida.first_name, ida.last_name, ida.in_target_group) == ("Ida", "Møller, Nielsen", True)


def test_danish_excel_csv_in_cp1252(tmp_path):
    path = write(
        tmp_path,
        [
            "Ref;Fornavn;Efternavn;Fødselsdato;Målgruppe;Køn;Skole;Henvist af",
            "U1;Søren;Ærø-Åberg;03-04-2009;Ja;Dreng;Ålykkeskolen;forældre",
        ],
        encoding="cp1252",
    )

    assert run(path) == "oprettet: 1, opdateret: 0, uændret: 0\n"

    soeren = Youth.objects.get(import_ref="U1")
    assert (soeren.first_name, soeren.last_name, soeren.school.name) == ("Søren", "Ærø-Åberg", "Ålykkeskolen")
    assert (soeren.gender, soeren.referral_source) == (Gender.BOY, ReferralSource.PARENTS)


def test_xlsx_first_sheet_with_date_and_number_cells(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Unge"
    sheet.append(["REF", "Fornavn", "Efternavn", "Fødselsdato", "Målgruppe", "Postnummer", "Oprettet"])
    sheet.append([101, "Emil", "Berg", datetime.datetime(2009, 5, 6), 1, 8800, datetime.datetime(2022, 8, 1)])
    sheet.append(["U102", "Freja", "Dam", "06-05-2010", "nej", "8830", "2022-09-01"])
    sheet.append([None, None, None, None, None, None, None])  # a blank row Excel left behind
    workbook.create_sheet("Noter").append(["ikke", "en", "import"])
    path = tmp_path / "unge.xlsx"
    workbook.save(path)

    assert run(str(path)) == "oprettet: 2, opdateret: 0, uændret: 0\n"

    emil = Youth.objects.get(import_ref="101")
    assert (emil.birth_date, emil.in_target_group, emil.postcode) == (datetime.date(2009, 5, 6), True, "8800")
    assert emil.registered_on == datetime.date(2022, 8, 1)
    freja = Youth.objects.get(import_ref="U102")
    assert (freja.birth_date, freja.in_target_group, freja.registered_on) == (
        datetime.date(2010, 5, 6),
        False,
        datetime.date(2022, 9, 1),
    )
    assert run(str(path)) == "oprettet: 0, opdateret: 0, uændret: 2\n"


def test_the_same_file_twice_changes_nothing(tmp_path):
    path = write(tmp_path, TWO_YOUTH)
    run(path)
    stamps = dict(Youth.objects.values_list("import_ref", "updated_at"))
    log_entries = LogEntry.objects.count()

    assert run(path) == "oprettet: 0, opdateret: 0, uændret: 2\n"

    assert dict(Youth.objects.values_list("import_ref", "updated_at")) == stamps
    assert LogEntry.objects.count() == log_entries


def test_a_changed_row_updates_its_record(tmp_path):
    run(write(tmp_path, TWO_YOUTH))
    changed = [HEADER, TWO_YOUTH[1].replace("Hansen", "Hansen-Holm").replace(";01-02-2023", ";"), TWO_YOUTH[2]]

    assert run(write(tmp_path, changed, name="rettet.csv")) == "oprettet: 0, opdateret: 1, uændret: 1\n"

    anna = Youth.objects.get(import_ref="U1")
    assert anna.last_name == "Hansen-Holm"
    # A blank `oprettet` keeps the stored registration date.
    assert anna.registered_on == datetime.date(2023, 2, 1)
    assert Youth.objects.count() == 2


def test_a_youth_created_in_the_app_is_not_touched(tmp_path):
    own = YouthFactory(first_name="Anna", last_name="Hansen")

    run(write(tmp_path, TWO_YOUTH))

    own.refresh_from_db()
    assert (own.import_ref, own.first_name) == (None, "Anna")
    assert Youth.objects.count() == 3


def test_a_file_with_bad_rows_imports_nothing_and_lists_every_bad_row(tmp_path):
    path = write(
        tmp_path,
        [
            HEADER,
            "U1;Anna;Hansen;2009-03-15;ja;pige;;8800;skole;",
            "U2;Bo;Jensen;31-02-2009;ja;;;;;",
            "U3;Carl;Lund;2009-01-01;ja;mand;;880;;",
            "U4;Dina;Kock;2009-01-01;;;;;politi;2023/01/01",
            "U5;Erik;Bach;2009-01-01;nej;;;;;",
            "U6;;Ravn;2009-01-01;måske;;;;;",
        ],
    )

    errors = run_refused(path)

    assert where(errors) == [
        ("linje 3", "foedselsdato"),
        ("linje 4", "koen"),
        ("linje 4", "postnummer"),
        ("linje 5", "maalgruppe"),
        ("linje 5", "henvist_af"),
        ("linje 5", "oprettet"),
        ("linje 7", "fornavn"),
        ("linje 7", "maalgruppe"),
    ]
    assert errors[0] == (
        'linje 3: foedselsdato: ugyldig dato "31-02-2009" – skriv datoen som ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ'
    )
    assert errors[1] == 'linje 4: koen: ukendt værdi "mand" – brug pige, dreng, andet eller uoplyst'
    assert errors[2] == 'linje 4: postnummer: postnummeret skal være fire cifre, ikke "880"'
    assert errors[3] == "linje 5: maalgruppe: skal udfyldes"
    assert errors[7] == 'linje 7: maalgruppe: skriv ja eller nej (eller 1 eller 0), ikke "måske"'
    # The good rows (2 and 6) are not imported either: all or nothing.
    assert Youth.objects.count() == 0


def test_unknown_column_is_an_error(tmp_path):
    path = write(tmp_path, [HEADER + ";Telefon", TWO_YOUTH[1] + ";12345678"])

    assert where(run_refused(path)) == [("linje 1", "Telefon")]
    assert Youth.objects.count() == 0


def test_missing_required_column_is_an_error(tmp_path):
    path = write(tmp_path, ["ref;fornavn;efternavn;foedselsdato", "U1;Anna;Hansen;2009-03-15"])

    assert run_refused(path) == ["linje 1: maalgruppe: kolonnen mangler"]


def test_duplicate_ref_in_one_file_is_a_bad_row(tmp_path):
    path = write(tmp_path, [*TWO_YOUTH, "U1;Anna;Hansen;2009-03-15;ja;;;;;"])

    assert run_refused(path) == ["linje 4: ref: U1 står allerede i linje 2"]
    assert Youth.objects.count() == 0


def test_dry_run_validates_and_writes_nothing(tmp_path):
    schools = School.objects.count()
    path = write(tmp_path, [HEADER, "U1;Anna;Hansen;2009-03-15;ja;pige;Helt Ny Skole;8800;;"])

    assert run(path, "--dry-run").splitlines() == [
        "Prøvekørsel: filen er i orden, men intet er gemt.",
        "oprettet: 1, opdateret: 0, uændret: 0",
    ]

    assert Youth.objects.count() == 0
    assert School.objects.count() == schools


def test_dry_run_reports_bad_rows_too(tmp_path):
    path = write(tmp_path, [HEADER, "U1;Anna;Hansen;2009-03-15;ja;pige;;88;;"])

    assert where(run_refused(path, "--dry-run")) == [("linje 2", "postnummer")]


def test_birth_dates_in_the_future_or_more_than_30_years_back_are_bad_rows(tmp_path):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    too_old = today - relativedelta(years=30) - datetime.timedelta(days=1)
    path = write(
        tmp_path,
        [HEADER, f"U1;Anna;Hansen;{tomorrow};ja;;;;;", f"U2;Bo;Jensen;{too_old:%d-%m-%Y};ja;;;;;"],
    )

    assert run_refused(path) == [
        "linje 2: foedselsdato: fødselsdatoen ligger i fremtiden",
        "linje 3: foedselsdato: fødselsdatoen ligger mere end 30 år tilbage",
    ]


def test_ages_the_app_would_warn_about_are_imported(tmp_path):
    # History as it was: a 12-year-old, or a 29-year-old, is not the import's business.
    thirty_years_back = timezone.localdate() - relativedelta(years=30)
    path = write(
        tmp_path,
        [
            HEADER,
            f"U1;Anna;Hansen;{birth_date_for_age(12)};ja;;;;;",
            f"U2;Bo;Jensen;{birth_date_for_age(29)};ja;;;;;",
            f"U3;Carl;Lund;{thirty_years_back};nej;;;;;",
        ],
    )

    assert run(path) == "oprettet: 3, opdateret: 0, uændret: 0\n"


def test_schools_and_referral_sources_in_any_spelling(tmp_path):
    schools = School.objects.count()
    path = write(
        tmp_path,
        [
            HEADER,
            "U1;A;A;2009-01-01;ja;;houlkaerskolen;;foraeldre;",
            "U2;B;B;2009-01-01;ja;;HOULKÆRSKOLEN;;SSP;",
            "U3;C;C;2009-01-01;ja;;Ny Skole;;ssp;",
            "U4;D;D;2009-01-01;ja;;ny skole;;Ungdomsskole;",
        ],
    )

    run(path)

    youth = {y.import_ref: y for y in Youth.objects.select_related("school")}
    assert [youth[ref].school.name for ref in ("U1", "U2", "U3", "U4")] == [
        "Houlkærskolen",
        "Houlkærskolen",
        "Ny Skole",
        "Ny Skole",
    ]
    assert [youth[ref].referral_source for ref in ("U1", "U2", "U3", "U4")] == [
        "foraeldre",
        "ssp",
        "ssp",
        "ungdomsskole",
    ]
    assert School.objects.count() == schools + 1
    assert run(path) == "oprettet: 0, opdateret: 0, uændret: 4\n"


def test_the_models_own_rules_become_line_errors(tmp_path):
    # A case marked "sårbar" in the app cannot silently leave the target group through an import.
    YouthFactory(import_ref="U1", target_group_level="saarbar")
    path = write(tmp_path, [HEADER, "U1;Anna;Hansen;2009-03-15;nej;;;;;"])

    assert run_refused(path) == ["linje 2: maalgruppe: Vælg kun sårbar/potentielt sårbar for unge i målgruppen"]


def test_run_import_takes_an_uploaded_file_object():
    upload = BytesIO("\r\n".join(TWO_YOUTH).encode())

    result = run_import(kind="unge", file=upload, filename="upload.csv")

    assert (result.ok, result.created, result.updated, result.unchanged) == (True, 2, 0, 0)
    assert Youth.objects.count() == 2
    assert "unge" in import_kinds()


def test_unknown_kind_and_missing_file_are_refused(tmp_path):
    with pytest.raises(CommandError, match="Ukendt importtype 'elever'"):
        call_command("importer", "elever", write(tmp_path, TWO_YOUTH))
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("importer", "unge", str(tmp_path / "mangler.csv"))


def test_the_kinds_come_in_the_contracts_order_for_a_full_migration():
    """Each kind declares its place (ImportKind.order) in its own app's imports.py."""
    assert list(import_kinds()) == [
        "unge",
        "foraeldre",
        "virksomheder",
        "forloeb",
        "deltagelser",
        "vejledninger",
        "ansaettelser",
        "foraeldrekontakter",
        "informationsmoeder",
        "progression",  # issue 18: earlier measurements, after the young people they name
    ]
