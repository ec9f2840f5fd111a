"""XLSX uploads are read in read-only mode with limits checked before and while reading (issue 13 item 7)."""

import io
import re
import time
import tracemalloc
import zipfile

import openpyxl
import pytest

from core import importing
from core.importing import FileProblem, read_table


def _xlsx(cells: dict[str, object]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(content: bytes, change) -> bytes:
    """The same archive with the first sheet's XML passed through `change` (a hostile file lies)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(member, data)
    return out.getvalue()


def _without_dimension(content: bytes) -> bytes:
    return _rewrite_sheet(content, lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml))


def test_an_ordinary_sheet_is_read():
    content = _xlsx({"A1": "Fornavn", "B1": "Efternavn", "A2": "Ida", "B2": "Hansen"})
    assert read_table(content, "unge.xlsx") == [(1, ["Fornavn", "Efternavn"]), (2, ["Ida", "Hansen"])]


def test_a_cell_in_column_xfd_is_refused_by_the_stated_dimensions():
    content = _xlsx({"A1": "Fornavn", "XFD1": "x"})
    with pytest.raises(FileProblem, match="kolonne XFD"):
        read_table(content, "unge.xlsx")


def test_a_cell_in_column_xfd_is_refused_quickly_without_large_memory_when_the_file_hides_it():
    # Many rows each with a cell far out: openpyxl would pad every row to 16,384 cells.
    content = _without_dimension(_xlsx({"A1": "Fornavn", **{f"XFD{n}": "x" for n in range(1, 3000)}}))
    assert len(content) < 100_000
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(FileProblem, match="efter kolonne CV"):
        read_table(content, "unge.xlsx")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 20_000_000


def test_too_many_rows_are_refused_with_a_danish_message():
    content = _xlsx({"A1": "Fornavn", f"A{importing.XLSX_MAX_ROWS + 1}": "x"})
    with pytest.raises(FileProblem, match=r"Regnearket er for stort.*række 10\.001"):
        read_table(content, "unge.xlsx")
    with pytest.raises(FileProblem, match=r"række 10\.001 er udfyldt"):
        read_table(_without_dimension(content), "unge.xlsx")


def test_blank_rows_far_down_are_no_problem():
    content = _without_dimension(_xlsx({"A1": "Fornavn", "A2": "Ida", "A50000": None}))
    assert read_table(content, "unge.xlsx")[:2] == [(1, ["Fornavn"]), (2, ["Ida"])]


def test_too_many_cells_are_refused(monkeypatch):
    monkeypatch.setattr(importing, "XLSX_MAX_CELLS", 10)
    content = _xlsx({f"A{n}": "x" for n in range(1, 20)})
    with pytest.raises(FileProblem, match="mere end 10 udfyldte celler"):
        read_table(content, "unge.xlsx")


def test_an_archive_that_unpacks_to_too_much_is_refused_before_it_is_opened():
    # 60 MB of one repeated character packs to a few dozen KB.
    content = _rewrite_sheet(_xlsx({"A1": "x"}), lambda xml: xml + b" " * 60_000_000)
    assert len(content) < 200_000
    with pytest.raises(FileProblem, match="udpakket 60 MB"):
        read_table(content, "unge.xlsx")


@pytest.mark.django_db
def test_free_text_that_would_create_a_school_is_validated_like_the_form(tmp_path):
    from django.core.management import CommandError, call_command

    from fritidsjob.models import School

    schools = School.objects.count()
    lines = [
        "ref;fornavn;efternavn;foedselsdato;maalgruppe;skole",
        'U1;Anna;Hansen;2009-03-15;ja;=HYPERLINK("http://x")',
        "U2;Bo;Jensen;2009-03-15;ja;1234",
        "U3;Ca;Berg;2009-03-15;ja;Ny  Skole",
    ]
    path = tmp_path / "unge.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("importer", "unge", str(path), stdout=io.StringIO(), stderr=err)
    errors = err.getvalue()
    assert "linje 2: skole: Skolens navn må ikke begynde med =, +, - eller @." in errors
    assert "linje 3: skole: Skolens navn skal indeholde bogstaver." in errors
    assert "linje 4" not in errors
    assert School.objects.count() == schools


@pytest.mark.django_db
def test_the_admin_form_uses_the_same_school_rule():
    from django.core.exceptions import ValidationError

    from fritidsjob.models import School

    with pytest.raises(ValidationError, match="bogstaver"):
        School(name="1234").full_clean()
    school = School(name="  Ny   Skole ")
    school.full_clean()
    assert school.name == "Ny Skole"
