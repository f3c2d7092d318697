import datetime

from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Appeal, RedFlag
from casework.services import restrictions
from casework.services.letter_content import long_date
from tests.browser.casework_pages import AppealPages, CheckPage
from tests.browser.pages import assert_accessible, switch_user
from tests.casework.factories import approved_on, build_organisation, closed_case
from tests.casework.letters import letters_ready, resident


def test_sali_records_an_appeal_omensah_overturns_it_and_the_flag_is_gone(live_site, page):
    """pshah approved the restrictions; sali records the appeal the resident sent; it goes to
    omensah, who took no part, and she overturns it: the check page shows no flag any more."""
    org = build_organisation()
    letters_ready()
    case = closed_case(org, customer=resident())
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=30))
    started = today - datetime.timedelta(days=20)
    restrictions.bring_into_force(restriction, org.rkaur, started, started)
    base = live_site.url
    received = today - datetime.timedelta(days=3)

    switch_user(page, base, "sali")
    check = CheckPage(page, base).find("C200001")
    expect(check.result("Lena Jackson")).to_contain_text("Red flag")
    assert_accessible(page)
    appeals = AppealPages(page, base).record_from_check("Lena Jackson", received, "Email", "I was not rude.")
    due = received + datetime.timedelta(days=28)
    expect(page.get_by_text(f"It must be decided by {long_date(due)}")).to_be_visible()
    expect(check.result("Lena Jackson")).to_contain_text("Under appeal")
    assert_accessible(page)
    appeal = Appeal.objects.get()
    assert appeal.director == org.omensah

    switch_user(page, base, "pshah")
    assert page.goto(f"{base}/cases/{case.pk}/appeals/{appeal.pk}/").status == 200
    expect(page.get_by_role("heading", name="Your decision")).to_have_count(0)

    switch_user(page, base, "omensah", start="/notifications/")
    expect(page.get_by_role("heading", name=f"Appeal on case {case.reference} for your decision")).to_be_visible()
    appeals.open(case.pk, appeal.pk)
    expect(page.get_by_text(f"{due:%A} {long_date(due)}")).to_be_visible()
    assert_accessible(page)
    appeals.decide("Overturned", "The calls were about an emergency repair that was never fixed.")
    expect(page.get_by_role("heading", name="Outcome: Overturned")).to_be_visible()
    assert_accessible(page)
    assert not RedFlag.objects.filter(ended_at__isnull=True).exists()

    switch_user(page, base, "sali")
    CheckPage(page, base).find("C200001")
    expect(check.result("Lena Jackson")).to_contain_text("No red flag and no contact restrictions")
