import datetime

from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Letter, LetterKind, NewComplaint
from casework.services import restrictions
from home import roles
from tests.browser.casework_pages import CheckPage, NewComplaintPages
from tests.browser.pages import assert_accessible, switch_user
from tests.casework.factories import approved_on, build_organisation, closed_case
from tests.casework.letters import letters_ready, resident


def test_mjones_logs_a_new_complaint_pshah_declines_it_and_the_letter_is_drafted(live_site, page):
    """A resident under restriction complains again; mjones, who is not on the case, logs it from
    the check page; pshah, the Executive Director of Customers, declines it with reasons, and the
    letter declining it is drafted for the CXMs."""
    org = build_organisation()
    org.pshah.groups.add(Group.objects.get(name=roles.EXECUTIVE_DIRECTOR_OF_CUSTOMERS))
    letters_ready()
    case = closed_case(org, customer=resident())
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=30))
    restrictions.bring_into_force(restriction, org.rkaur, today, today)
    base = live_site.url

    switch_user(page, base, "mjones")
    CheckPage(page, base).find("C200001")
    complaints = NewComplaintPages(page, base)
    complaints.log_from_check("Lena Jackson", today - datetime.timedelta(days=1), "Letter", "The boiler is broken.")
    expect(page.get_by_text("The new complaint is logged")).to_be_visible()
    assert_accessible(page)
    complaint = NewComplaint.objects.get()
    assert page.goto(f"{base}/cases/{case.pk}/complaints/{complaint.pk}/").status == 404

    switch_user(page, base, "pshah")
    complaints.open_from_queue(complaint.reference)
    expect(page.get_by_text("The boiler is broken.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose whether to accept it or decline it.")
    assert_accessible(page)
    complaints.decline("We repaired the boiler on Monday and it was tested the same day (CMP-77).")
    expect(page.get_by_role("heading", name="Decision: Declined")).to_be_visible()
    assert_accessible(page)
    letter = Letter.objects.get(kind=LetterKind.DECLINED_COMPLAINT)
    assert letter.state == Letter.State.DRAFT
    complaint.refresh_from_db()
    assert complaint.letter == letter
