from django.utils import timezone
from django.utils.dateformat import format as date_format
from playwright.sync_api import expect

from casework.models import Case
from casework.services.restrictions import dates_from
from home import roles
from tests.browser.casework_pages import CasePage, CheckPage, ReportPage
from tests.browser.pages import assert_accessible, switch_user
from tests.casework.factories import build_organisation
from tests.factories import CustomerFactory, UserFactory


def test_report_escalate_recommend_approve(live_site, page, tmp_path):
    build_organisation()
    CustomerFactory(name="Aisha Barker", reference="C100001", address="Flat 1, Birch Walk, London")
    base = live_site.url
    evidence = tmp_path / "call-notes.txt"
    evidence.write_text("He said he would come to the office and sort me out.")

    switch_user(page, base, "sali")
    report = ReportPage(page, base).open()
    assert_accessible(page)
    report.find_resident("Birch", "Aisha Barker")
    report.describe("2026-01-12", "Shouted and threatened me on the phone.", "I was shaken.", attach=str(evidence))
    reference = report.submit()
    expect(page.get_by_text("Tom Nguyen")).to_be_visible()
    assert_accessible(page)
    case = Case.objects.get()
    assert case.evidence.get().original_name == "call-notes.txt"

    switch_user(page, base, "tnguyen")
    line_manager = CasePage(page, base).open_from_queue(reference)
    assert_accessible(page)
    line_manager.choose("Escalate to the customer experience managers").choose("Restrictions on contact")
    line_manager.fill("Reasons for your decision", "Third call like this in a month.").record()

    switch_user(page, base, "rkaur")
    cxm = CasePage(page, base).open_from_queue(reference)
    assert_accessible(page)
    cxm.choose("Yes: the complaint is being (or was) handled under the Complaints Policy")
    cxm.fill("How were vulnerability and reasonable adjustments considered?", "No known needs; checked records.")
    cxm.choose("Make a recommendation (below)").choose("Restrictions on contact")
    cxm.choose("One channel of contact only").select("The one channel allowed", "Email")
    cxm.fill("Terms of the restrictions", "Email to the income team mailbox only.")
    cxm.fill("Proposed duration in months", "6")
    cxm.fill("Why not a warning letter first?", "He threatened to come to the office: staff safety first.")
    cxm.fill("Reasons for your decision", "Threats to staff (LHP 27).").record()

    switch_user(page, base, "pshah")
    director = CasePage(page, base).open_from_queue(reference)
    assert_accessible(page)
    director.choose("Approve as recommended").fill("Reasons for your decision", "Proportionate.").record()
    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.get_by_role("heading", name="Final decision: Approved as recommended")).to_be_visible()

    switch_user(page, base, "sali")
    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.get_by_role("status").get_by_text("restricted for 6 months")).to_be_visible()
    assert_accessible(page)

    # The resident has been told: the CXM brings the restriction into force, with its red flag.
    switch_user(page, base, "rkaur")
    page.goto(f"{base}/cases/{case.pk}/")
    restriction = page.get_by_role("region", name="Contact restrictions: Approved, not yet in force")
    expect(restriction).to_be_visible()
    assert_accessible(page)
    # Raising a red flag waits, closed, below the report; opened, each option is named by its own label.
    raise_flag = page.get_by_role("region", name="Raise a red flag on Aisha Barker")
    expect(raise_flag.get_by_label("Verbal abuse")).to_be_hidden()
    raise_flag.get_by_text("Raise a red flag on Aisha Barker").click()
    expect(raise_flag.get_by_label("Verbal abuse")).to_be_visible()
    expect(restriction.get_by_label("Verbal abuse")).to_have_count(1)
    assert_accessible(page)
    # It starts today: the director approved it today, and it cannot start before the approval.
    starts = timezone.localdate()
    restriction.get_by_label("The restriction starts on").fill(starts.isoformat())
    restriction.get_by_label("What staff should do, in plain words").fill("Do not take calls: ask him to email.")
    restriction.get_by_role("button", name="Bring into force and raise the red flag").click()
    expect(page.get_by_text("is in force, with its red flag")).to_be_visible()

    # The reporter reads the arrangements, and checks the resident before a visit.
    switch_user(page, base, "sali")
    page.goto(f"{base}/cases/{case.pk}/")
    until = date_format(dates_from(starts, 6, 3)[0], "j F Y")
    expect(page.get_by_role("status").get_by_text(f"restricted until {until}")).to_be_visible()
    check = CheckPage(page, base).find("C100001")
    expect(check.result("Aisha Barker")).to_contain_text("Do not take calls: ask him to email.")
    expect(check.result("Aisha Barker")).to_contain_text("Email to the income team mailbox only.")
    expect(check.result("Aisha Barker")).to_contain_text("The one channel allowed")
    expect(check.result("Aisha Barker")).to_contain_text("days left")
    expect(check.result("Aisha Barker")).not_to_contain_text("threatened")
    assert_accessible(page)

    # A contractor sees the kind and the instruction, and nothing else of the intranet.
    UserFactory(username="dfoster", first_name="Dan", last_name="Foster", roles=[roles.CONTRACTORS], roles__staff=False)
    switch_user(page, base, "dfoster", start="/residents/check/")
    check = CheckPage(page, base).find("Birch Walk")
    expect(check.result("Aisha Barker")).to_contain_text("Contact arrangements in place")
    expect(check.result("Aisha Barker")).not_to_contain_text("Email to the income team")
    assert_accessible(page)
    assert page.goto(f"{base}/cases/{case.pk}/").status == 404
    assert page.goto(f"{base}/cases/report/").status == 404
    page.goto(f"{base}/cases/mine/")
    assert_accessible(page)

    for outsider in ("mjones", "lwilliams"):
        switch_user(page, base, outsider)
        response = page.goto(f"{base}/cases/{case.pk}/")
        assert response.status == 404
        response = page.goto(f"{base}/cases/{case.pk}/evidence/{case.evidence.get().pk}/")
        assert response.status == 404
