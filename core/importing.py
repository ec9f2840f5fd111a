"""Spreadsheet import: the generic machinery behind `manage.py importer` and the upload page.

The rules are the contract's (shared/docs/kpi-and-import.md, "The import"):
CSV (`;` or `,`, UTF-8 with or without BOM, or Danish Excel's cp1252) or XLSX
(first sheet); free column order; headers in any case, with æøå or ae/oe/aa;
unknown or missing required columns are errors; all or nothing; idempotent by key.

A KIND is an `ImportKind` subclass registered with `@register`. Apps put theirs in
an `imports.py` module, which `import_kinds()` discovers, so adding a kind never
touches the command or the upload view. A kind says which columns it has, parses
one row into the data its service takes (recording errors on the row), finds the
existing records by key, tells whether a row changes its record, and saves
through the app's service. Everything else (reading files, headers, duplicate keys,
line numbers, counting, the transaction) happens here.
"""

import copy
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.module_loading import autodiscover_modules

# What a cell may hold: text from a CSV; text, numbers, booleans, datetimes or None from an XLSX.
Cell = Any
Key = tuple[str, ...]

REQUIRED = "skal udfyldes"
DATE_FORMATS_HELP = "skriv datoen som ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ"


def fold(text: str) -> str:
    """Lower-case with æ/ø/å spelt ae/oe/aa, so 'Fødselsdato' and 'foedselsdato' compare equal."""
    return text.strip().casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


def normalise_header(text: str) -> str:
    """A header as a column name: 'Henvist af' -> 'henvist_af', 'Fødselsdato' -> 'foedselsdato'."""
    return re.sub(r"[\s\-]+", "_", fold(text.replace("\ufeff", "")))


# --- results -------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem with the file. `line` is None for a problem with the file as a whole."""

    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return f"linje {self.line}: {self.field}: {self.message}"


@dataclass
class ImportResult:
    kind: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Business checks the app would refuse (capacity, young-worker rules, consent): the
    # import takes history as it was, so they are reported but never reject a row.
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return f"oprettet: {self.created}, opdateret: {self.updated}, uændret: {self.unchanged}"


# --- one row -------------------------------------------------------------------------


class Row:
    """One data row, by column name, with parsers that record a Danish error and return None."""

    def __init__(self, line: int, values: dict[str, Cell]):
        self.line = line
        self.values = values  # only the columns the file has
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []

    def has(self, column: str) -> bool:
        """Whether the file has this column at all (an absent optional column leaves the field alone)."""
        return column in self.values

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def warn(self, column: str, message: str) -> None:
        """A business rule the row breaks that the import reports but accepts (history as it was)."""
        self.warnings.append(RowError(self.line, column, message))

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str | None:
        value = cell_text(self.values.get(column))
        if not value:
            if required:
                self.error(column, REQUIRED)
                return None
            return ""
        if max_length is not None and len(value) > max_length:
            self.error(column, f"højst {max_length} tegn (der står {len(value)})")
            return None
        return value

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        raw = self.values.get(column)
        if isinstance(raw, datetime.datetime):  # an XLSX date cell
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        value = cell_text(raw)
        if not value:
            if required:
                self.error(column, REQUIRED)
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error(column, f'ugyldig dato "{value}" – {DATE_FORMATS_HELP}')
        return parsed

    def yes_no(self, column: str, *, required: bool = False) -> bool | None:
        raw = self.values.get(column)
        if isinstance(raw, bool):  # an XLSX TRUE/FALSE cell
            return raw
        value = fold(cell_text(raw))
        if not value:
            if required:
                self.error(column, REQUIRED)
            return None
        if value in ("ja", "1"):
            return True
        if value in ("nej", "0"):
            return False
        self.error(column, f'skriv ja eller nej (eller 1 eller 0), ikke "{cell_text(raw)}"')
        return None

    def choice(self, column: str, choices: dict[str, str], *, allowed: str, required: bool = False) -> str | None:
        """A value from `choices` (folded spelling -> stored value); `allowed` lists them for the message."""
        value = cell_text(self.values.get(column))
        if not value:
            if required:
                self.error(column, REQUIRED)
            return None
        try:
            return choices[fold(value)]
        except KeyError:
            self.error(column, f'ukendt værdi "{value}" – brug {allowed}')
            return None


def cell_text(raw: Cell) -> str:
    """A cell as stripped text; whole numbers from XLSX lose their '.0' (8800.0 -> '8800')."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "1" if raw else "0"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime.datetime):
        return raw.date().isoformat()
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    return str(raw).strip()


def parse_date(value: str) -> datetime.date | None:
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", value):
            return datetime.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:  # 2024-02-30 and the like
        return None
    return None


def choices_by_spelling(choices: type[models.Choices], *aliases: tuple[str, str]) -> dict[str, str]:
    """Map the folded value and the folded Danish label of each choice (plus aliases) to the value."""
    mapping = {}
    for value, label in choices.choices:
        mapping[fold(str(value))] = value
        mapping[fold(str(label))] = value
    for spelling, value in aliases:
        mapping[fold(spelling)] = value
    return mapping


# --- kinds ---------------------------------------------------------------------------


class ImportKind:
    """One KIND of import. Subclass, set the class attributes, implement the methods, `@register` it.

    A fresh instance is made for every run, so a kind may cache lookups on `self`.
    """

    name: ClassVar[str]  # the KIND argument, e.g. "unge"
    # Where the kind stands in a full migration (the upload page lists kinds so): lower first.
    order: ClassVar[int] = 100
    label: ClassVar[str]  # Danish, for the upload page
    columns: ClassVar[tuple[str, ...]]  # every allowed column, normalised names
    required: ClassVar[frozenset[str]]  # columns the header must have (and rows must fill)
    key_columns: ClassVar[tuple[str, ...]] = ("ref",)
    # Model field -> column, to put a ValidationError from the service on the right column.
    field_columns: ClassVar[dict[str, str]] = {}

    def existing(self, keys: list[Key]) -> dict[Key, models.Model]:
        """The stored records of these keys (in few queries), by key."""
        raise NotImplementedError

    def parse(self, row: Row, instance: models.Model | None) -> dict[str, Any]:
        """The row as the data to save; errors go on `row` (and the returned data is then ignored).

        `instance` is the stored record of the row's key, or None for a new one. Must not write.
        """
        raise NotImplementedError

    def is_unchanged(self, instance: models.Model, data: dict[str, Any]) -> bool:
        raise NotImplementedError

    def save(self, instance: models.Model | None, data: dict[str, Any]) -> models.Model:
        """Create (instance None) or update the record through the app's service."""
        raise NotImplementedError

    def new(self, data: dict[str, Any]) -> models.Model:
        """A new record, validated but not saved, through the app's `<entity>_new` service (for create_many)."""
        raise NotImplementedError

    def create_many(self, records: list[models.Model], planned: list["Planned"]) -> None:
        """Save the new records from new() (in the file's order, with their planned rows) in bulk."""
        raise NotImplementedError

    def update_many(self, planned: list["Planned"]) -> None:
        """Save the changed records (each planned row's stored instance and data) in bulk, validated
        as save() validates them. Optional. A refusal is a ValidationError naming the refused changes
        by their index in `planned`: `error.failures`, [(index, error)], or `error.index` for one;
        save_all puts each on its row."""
        raise NotImplementedError

    def save_all(self, planned: list["Planned"], progress: Callable[[int], None] = lambda done: None) -> None:
        """Write every planned row (inside the import's transaction); a service's refusal goes on its row.

        New records are validated one by one (new()) and saved together (create_many()), since a
        first import is thousands of them; changed ones likewise (update_many()) where the kind
        has it, otherwise one by one (save()). `progress(n)` is told how many rows are handled so far.
        """
        bulk = type(self).new is not ImportKind.new  # a kind without new() saves its new records one by one
        bulk_update = type(self).update_many is not ImportKind.update_many
        new: list[tuple[Planned, models.Model]] = []
        changed: list[Planned] = []
        for done, item in enumerate(planned, start=1):
            try:
                if item.instance is None and bulk:
                    new.append((item, self.new(item.data)))
                elif item.instance is not None and bulk_update:
                    changed.append(item)
                else:
                    self.save(item.instance, item.data)
            except ValidationError as error:  # a safety net: parse() should have caught it
                self.row_errors(item.row, error)
            progress(done)
        if changed and not any(item.row.errors for item in planned):
            try:
                self.update_many(changed)
            except ValidationError as error:  # every refused row gets its errors
                for index, failure in getattr(error, "failures", None) or [(getattr(error, "index", 0), error)]:
                    self.row_errors(changed[index].row, failure)
        if new and not any(item.row.errors for item in planned):
            self.create_many([record for _item, record in new], [item for item, _record in new])

    def column_for(self, model_field: str) -> str:
        if model_field == NON_FIELD_ERRORS:
            return self.key_columns[0]
        return self.field_columns.get(model_field, model_field)

    def row_errors(self, row: Row, error: ValidationError) -> None:
        """Put a model ValidationError on the row, column by column."""
        for model_field, messages in error.message_dict.items():
            for message in messages:
                row.error(self.column_for(model_field), message.rstrip("."))

    def validate_model(self, row: Row, instance: models.Model, exclude: list[str] | None = None) -> None:
        """Run the model's own validation on an unsaved copy, so --dry-run finds what the service would."""
        try:
            # Uniqueness and constraints hit the database; the service checks them again when saving.
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self.row_errors(row, error)

    @staticmethod
    def copy_for_validation(instance: models.Model | None, model: type[models.Model]) -> models.Model:
        # A copy, so validating never alters the stored instance that is_unchanged() and save() use.
        return copy.copy(instance) if instance is not None else model()


IMPORT_KINDS: dict[str, type[ImportKind]] = {}


def register(kind: type[ImportKind]) -> type[ImportKind]:
    if kind.name in IMPORT_KINDS and IMPORT_KINDS[kind.name] is not kind:
        raise RuntimeError(f"Import kind {kind.name!r} is registered twice")
    IMPORT_KINDS[kind.name] = kind
    return kind


def import_kinds() -> dict[str, type[ImportKind]]:
    """Every registered kind, in import order; loads each app's imports.py first."""
    autodiscover_modules("imports")
    return dict(sorted(IMPORT_KINDS.items(), key=lambda item: (item[1].order, item[0])))


# --- reading files -------------------------------------------------------------------


class FileProblem(Exception):
    """The file cannot be read as a table at all (wrong format, empty, ...)."""


XLSX_MAGIC = b"PK\x03\x04"
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"


def read_table(content: bytes | str, filename: str = "") -> list[tuple[int, list[Cell]]]:
    """The file's rows as (line number, cells); the header is line 1."""
    if isinstance(content, str):
        return read_csv(content)
    if content.startswith(OLD_EXCEL_MAGIC) or filename.lower().endswith(".xls"):
        raise FileProblem("Filen er i det gamle Excel-format (.xls). Gem den som .xlsx eller som CSV og prøv igen.")
    if content.startswith(XLSX_MAGIC) or filename.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(content)
    return read_csv(decode(content))


def decode(content: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else Danish Excel's cp1252 (latin-1 as a last resort)."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")  # decodes any bytes


def read_csv(text: str) -> list[tuple[int, list[Cell]]]:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise FileProblem("Filen er tom.")
    header_line = text.splitlines()[0]
    # Count in the header: column names never hold a delimiter, data may (addresses, decimal commas).
    delimiter = max(";,\t", key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # A record's line is its row number as Excel shows it (a quoted line break stays in its row).
        return [(line, [cell.strip() for cell in cells]) for line, cells in enumerate(reader, start=1)]
    except csv.Error as error:
        raise FileProblem(f"Filen kunne ikke læses som CSV: {error}.") from None


# What an import reads at most. A real list of young people, companies or parents is far below;
# an XLSX is a zip of XML, so a small file can unpack to gigabytes (a cell in column XFD makes
# every row 16,384 cells wide): the limits are checked before and while reading, never after.
XLSX_MAX_ROWS = 10_000
XLSX_MAX_COLUMNS = 100
XLSX_MAX_CELLS = 200_000
XLSX_MAX_UNPACKED_BYTES = 50_000_000


def _too_large(what: str) -> FileProblem:
    return FileProblem(
        f"Regnearket er for stort ({what}). Der kan højst være {XLSX_MAX_ROWS:,} rækker og "
        f"{XLSX_MAX_COLUMNS} kolonner med i alt {XLSX_MAX_CELLS:,} udfyldte celler. Slet tomme rækker "
        "og kolonner langt ude i arket (fx markér dem og vælg Slet), eller del filen op.".replace(",", ".")
    )


def _check_xlsx_archive(content: bytes) -> None:
    """Refuse an archive that unpacks to more than we would ever read, before openpyxl opens it."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileProblem("Filen kunne ikke læses som et Excel-regneark (.xlsx).") from None
    if unpacked > XLSX_MAX_UNPACKED_BYTES:
        raise _too_large(f"udpakket {unpacked // 1_000_000} MB")


def read_xlsx(content: bytes) -> list[tuple[int, list[Cell]]]:
    import openpyxl  # only needed for XLSX files
    from openpyxl.utils import get_column_letter

    _check_xlsx_archive(content)
    try:
        # Read-only: rows are parsed one at a time from the archive, never the whole sheet at once.
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises a zoo of exceptions for files that are not XLSX
        raise FileProblem("Filen kunne ikke læses som et Excel-regneark (.xlsx).") from None
    try:
        if not workbook.worksheets:
            raise FileProblem("Regnearket har ingen ark.")
        sheet = workbook.worksheets[0]  # the contract: the first sheet, whichever is active
        # The dimensions the file states: a quick refusal of a sheet that says it is too large.
        if (sheet.max_column or 0) > XLSX_MAX_COLUMNS:
            raise _too_large(f"arket går til kolonne {get_column_letter(min(sheet.max_column, 18278))}")
        if (sheet.max_row or 0) > XLSX_MAX_ROWS:
            raise _too_large(f"arket går til række {sheet.max_row:,}".replace(",", "."))
        # They may be missing or wrong, so read what is there, checking every row as it comes.
        sheet.reset_dimensions()
        table: list[tuple[int, list[Cell]]] = []
        cells = 0
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(row) > XLSX_MAX_COLUMNS:
                if any(value is not None for value in row[XLSX_MAX_COLUMNS:]):
                    raise _too_large(f"række {line} har celler efter kolonne {get_column_letter(XLSX_MAX_COLUMNS)}")
                row = row[:XLSX_MAX_COLUMNS]
            filled = sum(value is not None for value in row)
            if line > XLSX_MAX_ROWS:
                if filled:
                    raise _too_large(f"række {line:,} er udfyldt".replace(",", "."))
                continue  # blank rows further down (formatting) are no problem, and not kept
            cells += filled
            if cells > XLSX_MAX_CELLS:
                raise _too_large(f"mere end {XLSX_MAX_CELLS:,} udfyldte celler".replace(",", "."))
            table.append((line, list(row)))
        return table
    finally:
        workbook.close()


def is_blank(cells: list[Cell]) -> bool:
    return all(cell_text(cell) == "" for cell in cells)


# --- the run -------------------------------------------------------------------------


@dataclass
class Planned:
    """A valid row to write: the stored record of its key (None: a new one) and the data to save."""

    row: Row
    instance: models.Model | None
    data: dict[str, Any]

    def data_without(self, *fields: str) -> dict[str, Any]:
        """The data less the given fields (a reference a bulk service takes on its own)."""
        return {field: value for field, value in self.data.items() if field not in fields}


class _Rollback(Exception):
    pass


class ImportSuperseded(Exception):
    """`commit_if` said no at the end of the write: the whole transaction was rolled back."""


# phase ("kontrol" or "skrivning"), rows done, rows in the phase.
Progress = Callable[[str, int, int], None]
VALIDATING = "kontrol"
WRITING = "skrivning"


def _no_progress(phase: str, done: int, total: int) -> None:
    pass


def run_import(
    *,
    kind: str,
    file: IO[bytes] | IO[str],
    filename: str | None = None,
    dry_run: bool = False,
    progress: Progress = _no_progress,
    commit_if: Callable[[ImportResult], bool] | None = None,
) -> ImportResult:
    """Validate every row of `file`, then (unless dry_run or any error) write them all in one transaction.

    `file` is any file-like object, e.g. an UploadedFile; `filename` defaults to `file.name`
    and only helps to tell XLSX from CSV. Never raises for bad content: the errors are in the result.
    `progress` hears how far the validation and the write are. `commit_if(result)` runs last inside
    the transaction (e.g. to mark the job done together with its data); if it returns False, nothing
    is written and ImportSuperseded is raised.
    """
    kinds = import_kinds()
    if kind not in kinds:
        raise ValueError(f"Ukendt importtype {kind!r}. Mulige: {', '.join(kinds)}.")
    handler = kinds[kind]()
    result = ImportResult(kind=kind, dry_run=dry_run)
    filename = filename if filename is not None else str(getattr(file, "name", "") or "")

    try:
        table = read_table(file.read(), filename)
    except FileProblem as problem:
        result.errors.append(RowError(None, None, str(problem)))
        return result

    rows = _rows(handler, table, result)
    if result.errors:
        return result  # header errors: the rows cannot be read meaningfully

    planned = _validate(handler, rows, result, progress)
    if result.errors:
        result.created = result.updated = result.unchanged = 0  # nothing is imported, so nothing counts
        return result
    if dry_run:
        return result

    try:
        with transaction.atomic():
            progress(WRITING, 0, len(planned))
            handler.save_all(planned, lambda done: progress(WRITING, done, len(planned)))
            result.errors.extend(error for item in planned for error in item.row.errors)
            if result.errors:
                raise _Rollback
            if commit_if is not None and not commit_if(result):
                raise ImportSuperseded
    except _Rollback:
        result.created = result.updated = result.unchanged = 0
    return result


def _rows(handler: ImportKind, table: list[tuple[int, list[Cell]]], result: ImportResult) -> list[Row]:
    """Check the header and turn the data lines into Rows (errors for the header and stray cells)."""
    if not table or is_blank(table[0][1]):
        result.errors.append(RowError(None, None, "Linje 1 skal indeholde kolonneoverskrifterne, men den er tom."))
        return []
    header_cells = table[0][1]
    data = [(line, cells) for line, cells in table[1:] if not is_blank(cells)]

    columns: list[str | None] = []  # per position; None = a column to ignore
    seen: set[str] = set()
    for position, raw in enumerate(header_cells):
        written = cell_text(raw)
        name = normalise_header(written)
        if not name:
            # Excel often adds trailing separators; an unnamed column is fine as long as it is empty.
            if any(cell_text(cells[position]) for _line, cells in data if position < len(cells)):
                result.errors.append(RowError(1, f"kolonne {position + 1}", "kolonnen har data, men ingen overskrift"))
            columns.append(None)
        elif name not in handler.columns:
            result.errors.append(
                RowError(1, written, f"ukendt kolonne – tilladte kolonner er {', '.join(handler.columns)}")
            )
            columns.append(None)
        elif name in seen:
            result.errors.append(RowError(1, written, "kolonnen står der to gange"))
            columns.append(None)
        else:
            seen.add(name)
            columns.append(name)
    for name in handler.columns:
        if name in handler.required and name not in seen:
            result.errors.append(RowError(1, name, "kolonnen mangler"))
    if result.errors:
        return []

    rows = []
    for line, cells in data:
        values = {name: None for name in columns if name}  # a short line leaves the rest blank
        row = Row(line, values)
        for position, cell in enumerate(cells):
            if position < len(columns):
                if columns[position]:
                    values[columns[position]] = cell
            elif cell_text(cell):
                row.error(f"kolonne {position + 1}", "feltet står uden for kolonnerne i overskriften")
        rows.append(row)
    return rows


def _validate(handler: ImportKind, rows: list[Row], result: ImportResult, progress: Progress) -> list[Planned]:
    """Parse every row, collecting all errors; count what a write would create, update or leave."""
    keyed: dict[Key, int] = {}
    keys: dict[int, Key] = {}
    for row in rows:
        key = tuple(cell_text(row.values.get(column)) for column in handler.key_columns)
        if not all(key):
            continue  # parse() reports the missing value
        if key in keyed:
            row.error(handler.key_columns[0], f"{'+'.join(key)} står allerede i linje {keyed[key]}")
        else:
            keyed[key] = row.line
            keys[row.line] = key

    progress(VALIDATING, 0, len(rows))
    existing = handler.existing(list(keyed))
    planned = []
    for done, row in enumerate(rows, start=1):
        progress(VALIDATING, done, len(rows))
        key = keys.get(row.line)
        instance = existing.get(key) if key else None
        data = handler.parse(row, instance)
        if row.errors:
            result.errors.extend(row.errors)
            continue
        result.warnings.extend(row.warnings)
        if instance is None:
            result.created += 1
        elif handler.is_unchanged(instance, data):
            result.unchanged += 1
            continue
        else:
            result.updated += 1
        planned.append(Planned(row, instance, data))
    return planned
