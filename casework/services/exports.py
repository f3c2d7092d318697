"""Lists that leave the intranet as files, each download logged (who, when, which list, which
filter, how many rows), and every cell safe to open in a spreadsheet."""

import csv
import io

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..models import ExportLogEntry, Restriction

# A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as text a spreadsheet shows as it is: control characters (which a workbook
    cannot hold) taken out first, then a leading formula character escaped with an apostrophe,
    so that taking them out cannot uncover a formula. Takes any value; returns a str."""
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def survey_exclusion(on, by):
    """Wandle 5.0: the residents with a restriction in force on the date `on` (a date), to be
    left out of feedback surveys: in force then, or lapsed since at their end date. Returns the
    CSV text, one resident a row, and logs the download by `by`."""
    in_force = (
        Restriction.objects.filter(
            customer__isnull=False,
            start_date__lte=on,
            end_date__gte=on,
            state__in=[Restriction.State.IN_FORCE, Restriction.State.LAPSED],
        )
        .select_related("customer")
        .order_by("customer__name", "customer__reference", "end_date")
    )
    residents = {}
    for restriction in in_force:
        residents.setdefault(restriction.customer_id, restriction)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Customer reference", "Name", "Address", "Postcode", "Restricted until"])
    for restriction in residents.values():
        customer = restriction.customer
        writer.writerow(
            safe_cell(value)
            for value in [customer.reference, customer.name, customer.address, customer.postcode, restriction.end_date]
        )
    ExportLogEntry.objects.create(
        user=by, export="Survey exclusion", parameters=f"in force on {on:%Y-%m-%d}", rows=len(residents)
    )
    return out.getvalue()
