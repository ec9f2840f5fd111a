"""Lists and tables as CSV and XLSX that open correctly in Danish Excel.

CSV: semicolon separated, UTF-8 with a BOM (so Excel reads æøå), dates dd.mm.yyyy,
decimal comma, Ja/Nej. XLSX (openpyxl): real dates and numbers, bold headers.
Text that Excel would run as a formula (=, +, -, @) is kept as text.

A list view adopts it in one line, by mixing in ExportMixin and naming its export::

    class YouthListView(ExportMixin, PermissionRequiredMixin, FilterView):
        export = Export("unge", [Column("Fornavn", "first_name"), ...], personal_data=True)

Then `?eksport=csv` or `?eksport=xlsx` on the list's URL (with its filters) downloads
the whole filtered list, not one page. Every export is recorded (who, what, how many
rows, which filters); an export of personal data also puts an access entry in the
audit trail of every person in it: the rows themselves, or what the view's
`get_export_persons(rows)` returns when the rows are not the persons (an audit trail).

A list that is not a ListView (a board, a page of several tables) overrides
`get_export_rows()` and returns its main rows. Either way the rows must come in a
fixed number of queries (select_related / prefetch_related), and the view's own
permission applies, as ExportMixin.get runs after PermissionRequiredMixin.dispatch.
"""

import csv
import datetime
import io
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.dispatch import Signal
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise

logger = logging.getLogger(__name__)

# Sent for every file handed out, before the response; the reporting app's receiver
# records the export and, for personal data, the access of every person in it. Its
# receivers run synchronously, so an export that cannot be recorded is not handed out.
exported = Signal()

EXPORT_PARAMETER = "eksport"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    # An attribute path from the row ("school.name", "get_status_display") or a function of the row.
    value: str | Callable[[Any], Any]

    def of(self, row: Any) -> Any:
        if callable(self.value):
            return self.value(row)
        value = row
        for part in self.value.split("."):
            if value is None:
                return None
            value = value.get(part) if isinstance(value, dict) else getattr(value, part)
            if callable(value):
                value = value()
        return value


@dataclass(frozen=True)
class Export:
    name: str  # the file name without date and extension; also what the audit records
    columns: Sequence[Column]
    personal_data: bool = False


def staff_name(user) -> str:
    """A staff member's full name, else the username; empty when there is nobody."""
    return "" if user is None else user.get_full_name() or user.username


def joined(related: str, label: Callable[[Any], Any] = str) -> Callable[[Any], str]:
    """A column value: the (prefetched) related objects' labels, comma separated."""
    return lambda row: ", ".join(str(label(item)) for item in getattr(row, related).all())


def _text(value: Any) -> str:
    text = str(value)
    # Excel runs a cell starting with = (or + - @) as a formula, even from a CSV file.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        return format(value, "f" if isinstance(value, Decimal) else "g").replace(".", ",")
    return _text(value)


def csv_bytes(export: Export, rows: Iterable[Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_text(column.header) for column in export.columns])
    for row in rows:
        writer.writerow([csv_cell(column.of(row)) for column in export.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(export: Export, rows: Iterable[Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=export.name[:31] or "Ark1")
    for number, column in enumerate(export.columns):
        letter = chr(ord("A") + number) if number < 26 else None
        if letter:
            sheet.column_dimensions[letter].width = max(12, min(40, len(str(column.header)) + 4))

    def cell(value: Any, bold: bool = False) -> WriteOnlyCell:
        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, bool):
            value = "Ja" if value else "Nej"
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.make_naive(value)
        is_text = value is not None and not isinstance(value, (int, float, Decimal, datetime.date))
        result = WriteOnlyCell(sheet, value=str(value) if is_text else value)
        if is_text:
            result.data_type = "s"  # never a formula, whatever the text starts with
        if isinstance(value, datetime.datetime):
            result.number_format = "dd.mm.yyyy hh:mm"
        elif isinstance(value, datetime.date):
            result.number_format = "dd.mm.yyyy"
        if bold:
            result.font = Font(bold=True)
        return result

    sheet.append([cell(column.header, bold=True) for column in export.columns])
    for row in rows:
        sheet.append([cell(column.of(row)) for column in export.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    *, request, export: Export, rows: Sequence[Any], file_format: str, persons: Sequence[Any] | None = None
) -> HttpResponse:
    """The file as a download, recorded in the export audit (`persons`: who is in it, if not the rows)."""
    rows = list(rows)
    content = csv_bytes(export, rows) if file_format == "csv" else xlsx_bytes(export, rows)
    query = request.GET.copy()
    query.pop(EXPORT_PARAMETER, None)
    exported.send(
        sender=Export,
        user=request.user,
        name=export.name,
        file_format=file_format,
        query=query.urlencode(),
        objects=(rows if persons is None else list(persons)) if export.personal_data else [],
        personal_data=export.personal_data,
        remote_addr=request.META.get("REMOTE_ADDR"),
        row_count=len(rows),
    )
    logger.info(
        "Export %s.%s (%d rows, personal data: %s) by user %s",
        export.name,
        file_format,
        len(rows),
        export.personal_data,
        request.user.pk,
    )
    filename = f"{export.name}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def requested_format(request) -> str | None:
    file_format = request.GET.get(EXPORT_PARAMETER)
    return file_format if file_format in CONTENT_TYPES else None


class ExportMixin:
    """`?eksport=csv|xlsx` on a ListView or django-filter FilterView: the whole (filtered) list as a file."""

    export: Export

    def get(self, request, *args, **kwargs):
        file_format = requested_format(request)
        if file_format:
            rows = list(self.get_export_rows())
            return export_response(
                request=request,
                export=self.export,
                rows=rows,
                file_format=file_format,
                persons=self.get_export_persons(rows),
            )
        return super().get(request, *args, **kwargs)

    def get_export_persons(self, rows: list) -> list | None:
        """The persons whose audit trail gets the access entry; None: the rows themselves."""
        return None

    def get_export_rows(self):
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is None:
            return self.get_queryset()
        # As FilterView.get does it, but every row rather than one page.
        filterset = self.get_filterset(filterset_class)
        if not filterset.is_bound or filterset.is_valid() or not self.get_strict():
            return filterset.qs
        return filterset.queryset.none()
