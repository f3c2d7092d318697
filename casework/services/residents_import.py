"""Residents from the housing management system (DESIGN: Casework, "customer"): a CSV export
loaded and updated by customer reference, the same file giving the same result however often it
is loaded. Each row is applied on its own, whole or not at all; a row that cannot be trusted is
refused with its line number and the reason, and the good rows still load. Nobody is ever
deleted: a resident missing from the file is left as they are (their cases keep them)."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models.functions import Upper
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .. import equality
from ..models import Customer
from .errors import CaseworkError
from .exports import FORMULA_STARTS

TEXT_COLUMNS = {"reference": 20, "name": 200, "address": 300, "postcode": 10, "tenancy": 100}
COLUMNS = [*TEXT_COLUMNS, *equality.FIELD_NAMES]
REQUIRED = ["reference", "name"]
TEXT_COLUMN_LABELS = {
    "reference": "Customer reference",
    "name": "The resident's name",
    "address": "Address",
    "postcode": "Postcode",
    "tenancy": "Tenancy type and reference",
}
# A character that cannot be read as UTF-8 comes out of the decoder as one of these.
UNDECODABLE = re.compile("[\udc80-\udcff]")
CHUNK = 1000


def file_columns():
    """The columns a file may have, as the import page lists them: a list of (column name, what
    it holds, what it takes), in the order of COLUMNS. Raises nothing."""
    rows = []
    for name, limit in TEXT_COLUMNS.items():
        rows.append(
            (name, TEXT_COLUMN_LABELS[name], f"{'Required. ' if name in REQUIRED else ''}At most {limit} characters")
        )
    for name, label, choices in equality.CHARACTERISTICS:
        answers = [code for code, _ in choices if code not in (equality.NOT_KNOWN, equality.PREFER_NOT_TO_SAY)]
        rows.append((name, label, ", ".join(answers)))
    return rows


class ImportRefused(CaseworkError):
    """The whole file is refused (not a CSV of residents); nothing was loaded."""


@dataclass
class RefusedRow:
    line: int
    reference: str
    reason: str


@dataclass
class ImportReport:
    """What an import did, or would do (`applied` False for a preview): the customer references
    created, updated and unchanged, the refused rows, and the columns it did not know."""

    applied: bool = False
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)

    def summary(self):
        verb = "" if self.applied else "would be "
        return (
            f"{len(self.created)} {verb}created, {len(self.updated)} {verb}updated, "
            f"{len(self.unchanged)} unchanged, {len(self.refused)} refused"
        )


def _column_name(heading):
    return re.sub(r"[\s\-]+", "_", (heading or "").strip().lower())


def _answer_lookup(choices):
    """Each accepted spelling of an answer (its code or its words, any case) to its code."""
    lookup = {}
    for code, label in choices:
        for spelling in (code, label, code.replace("_", " "), code.replace("_", "-")):
            lookup[spelling.lower()] = code
    return lookup


ANSWERS = {name: _answer_lookup(choices) for name, _, choices in equality.CHARACTERISTICS}
ANSWERS["age_band"].update({"75+": "75_plus", "16-24": "16_24"})
LABELS = {name: label for name, label, _ in equality.CHARACTERISTICS}


def _values(record, columns):
    """The row's values by column, or raise ValueError with the reason it is refused."""
    if any(UNDECODABLE.search(cell) for cell in record):
        raise ValueError("the line is not UTF-8 text (wrong encoding): save the file as “CSV UTF-8” and load it again")
    if len(record) > len(columns):
        raise ValueError(f"the line has {len(record)} values for {len(columns)} columns")
    raw = dict(zip(columns, record + [""] * (len(columns) - len(record)), strict=True))
    values = {}
    for name, limit in TEXT_COLUMNS.items():
        if name not in raw:
            continue
        # Control characters first: taking them out later could uncover a formula.
        text = ILLEGAL_CHARACTERS_RE.sub("", raw[name])
        if text.startswith(FORMULA_STARTS) or text.strip().startswith(FORMULA_STARTS):
            raise ValueError(f"the {name} starts with “{text.strip()[:1]}”, which spreadsheets run as a formula")
        text = " ".join(text.split())
        if len(text) > limit:
            raise ValueError(f"the {name} is longer than {limit} characters")
        values[name] = text
    for name in REQUIRED:
        if not values.get(name):
            raise ValueError(f"no {'customer reference' if name == 'reference' else name}")
    for name in equality.FIELD_NAMES:
        if name not in raw:
            continue
        given = " ".join(raw[name].split())
        code = ANSWERS[name].get(given.lower()) if given else equality.NOT_KNOWN
        if code is None:
            raise ValueError(f"“{given[:40]}” is not a value for {LABELS[name].lower()}")
        values[name] = code
    return values


def _records(data):
    """(line number, cells) of each record after the heading, and the column names."""
    if isinstance(data, bytes):
        text = data.decode("utf-8-sig", errors="surrogateescape")
    else:
        text = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        heading = next(reader)
    except (StopIteration, csv.Error) as error:
        raise ImportRefused("The file is empty or is not a CSV file.") from error
    columns = [_column_name(cell) for cell in heading]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ImportRefused(
            f"The file has no column “{missing[0]}”: its first line must name the columns ({', '.join(COLUMNS)})."
        )
    records, broken = [], []
    line = reader.line_num
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            broken.append(RefusedRow(line + 1, "", f"the line cannot be read as CSV ({error})"))
            line = reader.line_num
            continue
        if any(cell.strip() for cell in record):
            records.append((line + 1, record))
        line = reader.line_num
    return columns, records, broken


def import_residents(data, apply=True):
    """Load residents from the housing management system's CSV export (`data`: bytes or text;
    columns in README "Residents from the housing system"). Matched on the customer reference;
    a column not in the file is left as it is on each resident. Each row is applied in its own
    transaction; with `apply` False nothing is saved (the preview). Returns an ImportReport.
    Raises ImportRefused when the file itself is unusable (no heading with a reference and a
    name). Never deletes a resident."""
    columns, records, broken = _records(data)
    known = [name for name in columns if name in COLUMNS]
    report = ImportReport(applied=apply, refused=broken)
    report.ignored_columns = [name for name in columns if name and name not in COLUMNS]
    duplicate_columns = {name for name in known if known.count(name) > 1}
    if duplicate_columns:
        raise ImportRefused(f"The column “{sorted(duplicate_columns)[0]}” appears twice in the first line.")
    rows = []
    for line, record in records:
        try:
            rows.append((line, _values(record, columns)))
        except ValueError as reason:
            reference = record[columns.index("reference")].strip() if len(record) > columns.index("reference") else ""
            report.refused.append(RefusedRow(line, UNDECODABLE.sub("?", reference)[:20], str(reason)))
    lines_of = {}
    for line, values in rows:
        lines_of.setdefault(values["reference"].upper(), []).append(line)
    existing = _existing(list(lines_of))
    for line, values in rows:
        lines = lines_of[values["reference"].upper()]
        if len(lines) > 1:
            others = ", ".join(str(other) for other in lines if other != line)
            reason = f"the reference is also on line {others}: neither is loaded"
            report.refused.append(RefusedRow(line, values["reference"], reason))
            continue
        _apply_row(values, existing.get(values["reference"].upper()), report, apply, line)
    report.refused.sort(key=lambda refused: refused.line)
    return report


def _existing(references):
    """The residents already on record with these references (in capitals), by that reference:
    matched as the resident check matches them, whatever the case, on its index."""
    found = {}
    for start in range(0, len(references), CHUNK):
        chunk = references[start : start + CHUNK]
        for customer in Customer.objects.annotate(ref_upper=Upper("reference")).filter(ref_upper__in=chunk):
            found[customer.ref_upper] = customer
    return found


def _apply_row(values, customer, report, apply, line):
    reference = values["reference"]
    try:
        with transaction.atomic():
            if customer is None:
                if apply:
                    Customer.objects.create(**values)
                report.created.append(reference)
                return
            changed = [
                name for name, value in values.items() if name != "reference" and getattr(customer, name) != value
            ]
            reference = customer.reference
            if not changed:
                report.unchanged.append(reference)
                return
            if apply:
                for name in changed:
                    setattr(customer, name, values[name])
                customer.save(update_fields=changed)
            report.updated.append(reference)
    except IntegrityError:
        # Another import created the same reference meanwhile: this row is left for the next run.
        report.refused.append(RefusedRow(line, reference, "the reference was created by another import meanwhile"))
