"""The head of customer services filters the register and downloads it; a CXM reads it; a line
manager is answered "Page not found"."""

import csv
import io

from playwright.sync_api import expect

from casework.models import ExportLogEntry
from tests.browser.pages import assert_accessible, switch_user
from tests.browser.register_pages import RegisterPage
from tests.casework.factories import build_organisation
from tests.casework.register_factories import register_entries


def test_jclarke_filters_and_exports_the_register(live_site, page):
    org = build_organisation()
    register_entries(org)
    base = live_site.url

    switch_user(page, base, "jclarke")
    register = RegisterPage(page, base).open_from_navigation()
    expect(register.count_heading()).to_have_text("5 entries")
    assert_accessible(page)

    register.choose("Kind", "Restriction").tick("Only restrictions whose review is overdue").show()
    expect(register.count_heading()).to_have_text("1 entry found")
    expect(register.table().get_by_text("Yusuf Barker")).to_be_visible()
    expect(register.table().get_by_text("Overdue")).to_be_visible()
    expect(register.table().get_by_text("Lena Jackson")).to_have_count(0)
    assert_accessible(page)

    download = register.download("CSV")
    assert download.suggested_filename.endswith(".csv")
    table = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert [row[1] for row in table[1:]] == ["Yusuf Barker"]
    assert register.download("Excel workbook").suggested_filename.endswith(".xlsx")
    logged = list(ExportLogEntry.objects.order_by("pk").values_list("export", "rows", "parameters"))
    assert [(export, rows) for export, rows, _ in logged] == [("Register (CSV)", 1), ("Register (Excel)", 1)]
    assert "kind: Restriction" in logged[0][2] and "review overdue: yes" in logged[0][2]

    # A mistyped date is said, and what was chosen is kept.
    register.fill("Decided from", "")
    register.field("Decided from").evaluate("element => { element.type = 'text'; }")
    register.fill("Decided from", "last April").show()
    expect(page.get_by_role("alert")).to_contain_text("Decided from: Enter a valid date.")
    expect(register.field("Kind")).to_have_value("restriction")
    assert_accessible(page)

    # The equality figures, from the register.
    page.get_by_role("link", name="Equality monitoring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality monitoring")
    expect(page.get_by_role("table", name="Sex", exact=True)).to_be_visible()
    assert_accessible(page)


def test_a_cxm_reads_the_register_and_a_line_manager_gets_page_not_found(live_site, page):
    org = build_organisation()
    register_entries(org)
    base = live_site.url

    switch_user(page, base, "rkaur")
    register = RegisterPage(page, base).open_from_navigation()
    expect(register.table().get_by_text("Farah Adeyemi")).to_be_visible()
    assert_accessible(page)

    switch_user(page, base, "tnguyen")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Register")).to_have_count(0)
    response = page.goto(f"{base}/cases/register/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
