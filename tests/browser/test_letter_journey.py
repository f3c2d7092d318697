import datetime

from playwright.sync_api import expect

from casework.models import Letter, Restriction, add_months
from casework.services.letter_content import long_date
from tests.browser.casework_pages import LetterPages
from tests.browser.pages import assert_accessible, assert_no_sideways_scrolling, switch_user
from tests.casework.factories import build_organisation, closed_case
from tests.casework.letters import letters_ready, resident


def test_after_the_directors_approval_the_cxm_issues_the_restriction_letter(live_site, page):
    """pshah approved restrictions; rkaur prepares, previews and issues the letter; the
    restriction is in force from the letter's date; sali is told the letter has gone."""
    org = build_organisation()
    letters_ready()
    case = closed_case(org, customer=resident())
    base = live_site.url

    switch_user(page, base, "rkaur")
    letters = LetterPages(page, base).prepare_from_case(case.pk)
    assert_accessible(page)
    letters.contact_instead("the income team leader, Sam Patel", "Email", "Tuesdays, 10am to 12 noon")
    letters.save_and_preview()
    expect(page.get_by_text("Every part the policy requires is there")).to_be_visible()
    expect(letters.letter()).to_contain_text("Lena Jackson")
    expect(letters.letter()).to_contain_text("Please contact the income team leader, Sam Patel only, by email")
    expect(letters.letter()).to_contain_text("Limited Contact Policy")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_sideways_scrolling(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    letters.issue("Post")
    letter = Letter.objects.get()
    restriction = Restriction.objects.get()
    start = letter.letter_date
    end = add_months(start, 6) - datetime.timedelta(days=1)
    expect(page.get_by_text(f"The restriction is in force from {long_date(start)} to {long_date(end)}")).to_be_visible()
    section = page.get_by_role("region", name="Letters", exact=True)
    expect(section).to_contain_text(f"Restriction letter {letter.reference}")
    expect(section.get_by_role("link", name=f"Download PDF of {letter.reference}")).to_be_visible()
    in_force = page.get_by_role("region", name="Contact restrictions: In force")
    expect(in_force).to_contain_text(f"from {long_date(start)} to {long_date(end)}")
    assert_accessible(page)
    restriction.refresh_from_db()
    assert (restriction.state, restriction.start_date, restriction.end_date) == ("in_force", start, end)
    assert restriction.next_review_date == add_months(start, 3)
    with page.expect_download() as download:
        section.get_by_role("link", name=f"Download PDF of {letter.reference}").click()
    assert download.value.suggested_filename.endswith("-restriction.pdf")
    section.get_by_role("link", name=f"Restriction letter {letter.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Restriction letter {letter.reference}")
    expect(page.get_by_text(letter.sha256)).to_be_visible()
    assert_accessible(page)

    switch_user(page, base, "sali", start="/notifications/")
    expect(page.get_by_role("heading", name=f"Letter sent (case {case.reference})")).to_be_visible()
    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.get_by_text(f"The resident was sent a restriction letter on {long_date(start)}")).to_be_visible()
    expect(page.get_by_role("region", name="Letters", exact=True)).to_have_count(0)
    assert_accessible(page)
    assert page.goto(f"{base}/cases/{case.pk}/letters/{letter.pk}/pdf/").status == 404
