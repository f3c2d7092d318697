from playwright.sync_api import expect

from casework.models import Case, EvidenceFile
from tests.browser.casework_pages import ReportPage
from tests.browser.pages import assert_accessible, switch_user
from tests.casework.factories import build_organisation
from tests.factories import CustomerFactory


def test_a_reload_after_find_keeps_one_draft_which_the_reporter_deletes(live_site, page, tmp_path):
    build_organisation()
    CustomerFactory(name="Aisha Barker", reference="C100001", address="Flat 1, Birch Walk, London")
    base = live_site.url
    evidence = tmp_path / "call-notes.txt"
    evidence.write_text("He said he would come to the office.")

    switch_user(page, base, "sali")
    report = ReportPage(page, base).open()
    page.get_by_label("What happened").fill("Shouted at me.")
    page.get_by_label("Add evidence files").set_input_files(str(evidence))
    page.get_by_label("Find the resident").fill("Birch")
    page.get_by_role("button", name="Find resident").click()
    expect(page.get_by_text("1 resident found.")).to_be_visible()
    draft = Case.objects.get()
    # A reload sends the same form again: the same draft, the file once.
    page.reload()
    expect(page.get_by_text(f"Draft report {draft.reference}")).to_be_visible()
    assert Case.objects.count() == 1 and EvidenceFile.objects.count() == 1

    report.delete_draft()
    expect(page.get_by_role("status")).to_contain_text(f"Your draft report {draft.reference} is deleted.")
    expect(page.get_by_role("heading", level=1)).to_have_text("My reports")
    assert_accessible(page)
    assert not Case.objects.exists() and not EvidenceFile.objects.exists()
