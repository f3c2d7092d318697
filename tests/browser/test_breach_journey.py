import datetime

from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Breach, ContactRefusal
from casework.services import restrictions
from home import roles
from tests.browser.casework_pages import CheckPage
from tests.browser.pages import assert_accessible, switch_user
from tests.casework.factories import approved_on, build_organisation, closed_case
from tests.casework.letters import resident
from tests.factories import UserFactory


def test_mjones_records_a_breach_from_the_check_page_and_kbaker_refuses_all_contact(live_site, page):
    """mjones is not on the case: she records a breach from the check page and sees only its
    date; the Executive Director of Customers, given the case by the breach, refuses all
    contact; everyone checking the resident then sees it, with what stays open."""
    org = build_organisation()
    UserFactory(username="kbaker", first_name="Kim", last_name="Baker", roles=[roles.EXECUTIVE_DIRECTOR_OF_CUSTOMERS])
    case = closed_case(org, customer=resident())
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=30))
    started = today - datetime.timedelta(days=20)
    restrictions.bring_into_force(restriction, org.rkaur, started, started)
    base = live_site.url
    yesterday = today - datetime.timedelta(days=1)

    switch_user(page, base, "mjones")
    check = CheckPage(page, base).find("C200001")
    check.result("Lena Jackson").get_by_role("link", name="Record a breach of these restrictions").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record a breach")
    assert_accessible(page)
    page.get_by_role("button", name="Record the breach").click()
    expect(page.get_by_role("link", name="Say what happened")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("When did it happen?").fill(yesterday.isoformat())
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("What happened").fill("Rang the income team three times and shouted at the advisor.")
    page.get_by_role("button", name="Record the breach").click()
    expect(page.get_by_text("The breach on")).to_be_visible()
    result = check.result("Lena Jackson")
    expect(result).to_contain_text("Breaches recorded: 1")
    expect(result).to_contain_text("(recorded by you)")
    expect(result).not_to_contain_text("shouted at the advisor")
    assert_accessible(page)
    assert Breach.objects.get().recorded_by == org.mjones
    assert page.goto(f"{base}/cases/{case.pk}/").status == 404

    switch_user(page, base, "kbaker")
    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.locator(f"#breaches-{restriction.pk}")).to_contain_text("shouted at the advisor")
    page.get_by_role("link", name="Refuse all contact (LHP 31)").click()
    assert_accessible(page)
    page.get_by_label("Why all contact is refused").fill("Breaches continued after every reminder.")
    page.get_by_role("button", name="Refuse all contact").click()
    expect(page.get_by_text("All contact is refused, except what always stays open.")).to_be_visible()
    assert ContactRefusal.objects.filter(refused_by__username="kbaker").exists()

    switch_user(page, base, "gevans")
    result = CheckPage(page, base).find("C200001").result("Lena Jackson")
    expect(result).to_contain_text("All contact refused")
    expect(result).to_contain_text("Emergency and essential contact by phone")
    expect(result).not_to_contain_text("Breaches continued after every reminder.")
    assert_accessible(page)
