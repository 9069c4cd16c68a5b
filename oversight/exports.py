"""The dashboard's matrix and flag list as spreadsheets: XLSX (openpyxl) and CSV (UTF-8 with a
BOM, so that Excel reads the Chinese right).

Formula injection: a cell whose text begins with =, +, -, @ (or a tab or carriage return) would
be evaluated by a spreadsheet program — a township or a suggestion title typed as
"=HYPERLINK(…)" must stay text. In XLSX such a cell is written as a string with Excel's quote
prefix (never as a formula); in CSV it is prefixed with a single quote (OWASP's advice).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from congress import downloads
from congress.models import TownshipKind
from oversight.figures import Matrix
from oversight.filters import RULE_TITLES, SEVERITY_LABELS, STATUS_LABELS
from oversight.results import NOT_APPLICABLE, OK, PENDING, VIOLATION, WARNING

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# The colours of the site's status-* classes (static/css/site.css).
STATUS_FILLS = {
    VIOLATION: "F8D7DA",
    WARNING: "FFF3CD",
    PENDING: "CFE2FF",
    OK: "D1E7DD",
    NOT_APPLICABLE: "E9ECEF",
}
HEADER_FILL = "A4161A"

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Filled:
    """A cell coloured by a status (or a severity): its text and the status key."""

    text: str
    status: str


@dataclass(frozen=True)
class Percent:
    value: float | None


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 12


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list]
    frozen: str  # the top-left cell of the scrolling area, e.g. "D2"


def is_dangerous(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def csv_text(value) -> str:
    """A cell as CSV text, a formula-looking text prefixed with a single quote."""
    if isinstance(value, Filled):
        value = value.text
    if isinstance(value, Percent):
        return "" if value.value is None else f"{round(value.value * 100)}%"
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if is_dangerous(value) else value
    return str(value)


def _status_label(status: str | None) -> str:
    return str(STATUS_LABELS[status]) if status else _("not evaluated")


def _kind_label(kind: str) -> str:
    return str(TownshipKind(kind).label) if kind in TownshipKind.values else kind


# ---------------------------------------------------------------------------------------------
# The two tables


def matrix_table(matrix: Matrix) -> Table:
    """One row per township; for each year its status, number of flags and figures."""
    columns = [
        Column(_("Statistical code"), 12),
        Column(_("Township"), 18),
        Column(_("Kind"), 10),
    ]
    for year in matrix.years:
        columns += [
            Column(_("%(year)s status") % {"year": year}, 12),
            Column(_("%(year)s flags") % {"year": year}, 9),
            Column(_("%(year)s sessions held") % {"year": year}, 10),
            Column(_("%(year)s deputy activities") % {"year": year}, 10),
            Column(_("%(year)s suggestions") % {"year": year}, 10),
            Column(_("%(year)s replied on time") % {"year": year}, 10),
            Column(_("%(year)s satisfaction") % {"year": year}, 10),
        ]
    rows = []
    for row in matrix.rows:
        line = [row.township.code, row.township.name, _kind_label(row.township.kind)]
        for cell in row.cells:
            status = cell.status
            line += [
                Filled(_status_label(status), status) if status else _status_label(status),
                cell.flag_count,
                cell.figures.sessions_held,
                cell.figures.activities,
                cell.figures.suggestions,
                Percent(cell.figures.on_time_rate),
                Percent(cell.figures.satisfaction_rate),
            ]
        rows.append(line)
    return Table(title=_("Compliance matrix"), columns=columns, rows=rows, frozen="D2")


def flags_table(matrix: Matrix) -> Table:
    """One row per flag (RULES.md's CSV: a cell without a flag is one row with an empty rule)."""
    columns = [
        Column(_("Statistical code"), 12),
        Column(_("Township"), 18),
        Column(_("Kind"), 10),
        Column(_("Year"), 7),
        Column(_("Status"), 11),
        Column(_("Rule"), 28),
        Column(_("Rule name"), 26),
        Column(_("Severity"), 10),
        Column(_("Message"), 60),
        Column(_("Legal basis"), 36),
        Column(_("Evidence"), 40),
    ]
    rows = []
    for row in matrix.rows:
        head = [row.township.code, row.township.name, _kind_label(row.township.kind)]
        for cell in row.cells:
            if cell.result is None:
                continue
            status = Filled(_status_label(cell.status), cell.status)
            if not cell.result.flags:
                rows.append([*head, cell.year, status, "", "", "", "", "", ""])
            for flag in cell.result.flags:
                evidence = (flag.object or {}).get("label", "")
                rows.append(
                    [
                        *head,
                        cell.year,
                        status,
                        flag.rule,
                        str(RULE_TITLES.get(flag.rule, "")),
                        Filled(str(SEVERITY_LABELS.get(flag.severity, flag.severity)), flag.severity),
                        flag.message,
                        flag.basis,
                        evidence,
                    ]
                )
    return Table(title=_("Flags"), columns=columns, rows=rows, frozen="C2")


# ---------------------------------------------------------------------------------------------
# Writers


def xlsx_bytes(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31]
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    fills = {status: PatternFill("solid", fgColor=colour) for status, colour in STATUS_FILLS.items()}
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        _write(cell, column.header)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row_index, values in enumerate(table.rows, start=2):
        for col_index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_index, column=col_index)
            if isinstance(value, Filled):
                _write(cell, value.text)
                if value.status in fills:
                    cell.fill = fills[value.status]
            elif isinstance(value, Percent):
                cell.value = value.value
                cell.number_format = "0%"
            else:
                _write(cell, value)
    sheet.freeze_panes = table.frozen
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write(cell, value) -> None:
    cell.value = value
    if isinstance(value, str) and is_dangerous(value):
        # openpyxl takes a text beginning with "=" for a formula: store it as a plain string,
        # with the quote prefix Excel itself uses for text typed with a leading apostrophe.
        cell.data_type = "s"
        cell.quotePrefix = True


def csv_bytes(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_text(column.header) for column in table.columns])
    for values in table.rows:
        writer.writerow([csv_text(value) for value in values])
    # The BOM tells Excel the file is UTF-8.
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def download(table: Table, *, fmt: str, basename: str) -> HttpResponse:
    """The table as an attachment: `fmt` is "xlsx" or "csv"."""
    if fmt == "csv":
        response = HttpResponse(csv_bytes(table), content_type=CSV_TYPE)
    else:
        fmt = "xlsx"
        response = HttpResponse(xlsx_bytes(table), content_type=XLSX_TYPE)
    response["Content-Disposition"] = downloads.attachment(f"{basename}.{fmt}")
    return response


def export_basename(kind: str, county_code: str, years: Sequence[int]) -> str:
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return f"{kind}-{county_code}-{span}"
