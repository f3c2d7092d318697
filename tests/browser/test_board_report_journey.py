"""The head of customer services opens the report to the Board, changes its period and
downloads its PDF; a CXM is answered "Page not found"."""

import datetime

from playwright.sync_api import expect

from tests.browser.pages import assert_accessible, switch_user
from tests.browser.register_pages import BoardReportPage, RegisterPage
from tests.casework.factories import build_organisation
from tests.casework.register_factories import register_entries


def test_jclarke_shows_the_board_a_period_and_downloads_the_pdf(live_site, page):
    org = build_organisation()
    register_entries(org)
    base = live_site.url
    today = datetime.date.today()

    switch_user(page, base, "jclarke")
    RegisterPage(page, base).open_from_navigation()
    board = BoardReportPage(page, base).open_from_register()
    # By default the last complete financial year.
    expect(board.field("From")).to_have_value(f"{today.year - 1 if today.month >= 4 else today.year - 2}-04-01")
    assert_accessible(page)

    board.choose_period(today - datetime.timedelta(days=30), today)
    expect(page.get_by_role("heading", level=2).first).to_contain_text(f"{today:%-d %B %Y}")
    headline = board.headline()
    expect(headline.get_by_role("row", name="Warnings approved 1 0 up 1")).to_be_visible()
    expect(headline.get_by_role("row", name="Restrictions determined 1 0 up 1")).to_be_visible()
    expect(board.charts()).to_have_count(6)
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.board-chart__picture')].every(i => i.complete && i.naturalWidth > 0)"
    )
    assert board.charts_drawn() == 6
    expect(page.get_by_role("table", name="Uses by behaviour category")).to_be_visible()
    expect(page.get_by_role("table", name="Appeals: this period and the period before")).to_be_visible()
    expect(page.get_by_role("table", name="Reviews: this period and the period before")).to_be_visible()
    assert_accessible(page)

    download = board.download("Download this report as a PDF")
    assert download.suggested_filename.startswith("board-report-") and download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # A mistyped date is said, and the other date kept.
    board.fill("To", "")
    board.field("To").evaluate("element => { element.type = 'text'; }")
    board.fill("To", "next March").show()
    expect(page.get_by_role("alert")).to_contain_text("To: Enter a valid date.")
    expect(board.field("From")).to_have_value(f"{today - datetime.timedelta(days=30):%Y-%m-%d}")
    assert_accessible(page)


def test_a_cxm_gets_page_not_found(live_site, page):
    build_organisation()
    base = live_site.url
    switch_user(page, base, "rkaur")
    expect(page.get_by_role("link", name="Report to the Board")).to_have_count(0)
    response = page.goto(f"{base}/cases/register/board/")
    assert response.status == 404
