"""The register as a file (DESIGN: Register): exactly the rows the filter finds, as CSV or as
an Excel workbook, every cell safe to open in a spreadsheet, every download logged (who, when,
which filter, how many rows)."""

import csv
import datetime
import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from ..models import ExportLogEntry
from . import register
from .exports import safe_cell
from .notices import display_name

HEADINGS = [
    "Kind",
    "Resident",
    "Customer reference",
    "Case reference",
    "Restrictions or flag",
    "Decided by",
    "Decided on",
    "Start",
    "End",
    "Next review",
    "State",
    "Review overdue",
    "Appeal",
    "Appeal due",
    "Team of the reporter",
    "Breaches",
]


def _cells(row):
    """The entry's values in HEADINGS' order: text, dates (datetime.date or None) and the
    number of breaches (an int, None for a warning or a flag)."""
    return [
        row.kind_label,
        row.resident,
        row.resident_reference,
        row.case_reference,
        row.what,
        row.decided_by,
        timezone.localtime(row.decided_at).date() if row.decided_at else None,
        row.start_date,
        row.end_date,
        row.next_review_date,
        row.state_label,
        "Yes" if row.review_overdue else "",
        row.appeal_label,
        row.appeal_due,
        row.team,
        row.breaches if row.kind == register.RESTRICTION else None,
    ]


def _as_text(value):
    """A value as CSV holds it: dates as 2026-04-01, nothing as an empty cell, text safe."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    return safe_cell(value)


def _as_excel(sheet, value):
    """A value as the workbook holds it: a date a spreadsheet can sort and filter as a date, a
    number as a number, and text always as text (safe_cell), never as a formula."""
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if value is None or isinstance(value, int):
        return value
    return safe_cell(value)


def _table(user, flt):
    """(each entry's values (see _cells), how many entries were redacted), for the person and filter."""
    today = timezone.localdate()
    found = register.rows(register.entries(user, flt, today).iterator(chunk_size=2000), user, today)
    return [_cells(row) for row in found], register.redacted_count(user, flt, today)


def _redacted_note(redacted):
    return f"Not shown: {redacted} entr{'y' if redacted == 1 else 'ies'} of sensitive cases you are not named on"


def _log(user, flt, kind, rows):
    ExportLogEntry.objects.create(user=user, export=f"Register ({kind})", parameters=flt.describe()[:500], rows=rows)


def register_csv(user, flt):
    """The register for `user` (a person who may see it) narrowed by `flt` (a RegisterFilter)
    as CSV text: a heading row, one row per entry and, when entries of sensitive cases were left
    out, a last row saying how many. Logs the download. Wandle 3.1, LHP 34."""
    cells, redacted = _table(user, flt)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    writer.writerows([_as_text(value) for value in row] for row in cells)
    if redacted:
        writer.writerow([_redacted_note(redacted)])
    _log(user, flt, "CSV", len(cells))
    return out.getvalue()


def register_xlsx(user, flt):
    """As register_csv, as the bytes of an Excel workbook: the sheet "Register", and the sheet
    "About this export" with the filter, who downloaded it and when, and what was left out.
    Dates are date cells and breaches numbers; every text cell is a string (a leading formula
    character escaped), never a formula."""
    cells, redacted = _table(user, flt)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Register")
    sheet.append(HEADINGS)
    for row in cells:
        sheet.append([_as_excel(sheet, value) for value in row])
    about = workbook.create_sheet("About this export")
    about.append(["Filter", safe_cell(flt.describe())])
    about.append(["Downloaded by", safe_cell(display_name(user))])
    about.append(["Downloaded at", f"{timezone.localtime():%Y-%m-%d %H:%M}"])
    about.append(["Rows", len(cells)])
    about.append(["Sensitive entries not shown", redacted])
    out = io.BytesIO()
    workbook.save(out)
    _log(user, flt, "Excel", len(cells))
    return out.getvalue()
