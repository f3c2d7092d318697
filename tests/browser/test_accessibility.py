"""Pages the other journeys do not reach, checked with axe at WCAG 2.2 AA: the policy editor of
Wagtail's admin with a whole policy in it, and the error state of each form, by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from casework.models import Case
from home.demo import load_organisation
from policy_pages import demo as policy_demo
from policy_pages.models import PolicyPage
from tests.casework.factories import at_cxm, at_director, build_organisation, submitted_case
from tests.factories import PASSWORD, UserFactory

from .pages import SignInPage, assert_accessible, switch_user
from .policy_pages import PolicyEditor


@pytest.fixture
def policies(live_site):
    load_organisation(PASSWORD)
    policy_demo.load()
    return live_site


def test_the_policy_editor_labels_every_field(policies, page):
    policy = PolicyPage.objects.get(slug="limited-contact-policy")
    switch_user(page, policies.url, "gevans", f"/admin/pages/{policy.pk}/edit/")
    editor = PolicyEditor(page, policies.url).expect_open("Limited Contact Policy")
    expect(page.get_by_role("textbox", name="Cell").first).to_be_attached()
    editor.assert_accessible()


def summary(page):
    return page.locator("[data-error-summary]")


def follow_summary_link(page, text):
    """Go to the error's link by keyboard and press Enter, as someone without a mouse would."""
    link = summary(page).get_by_role("link", name=re.compile(f"^{re.escape(text)}"))
    expect(link).to_have_count(1)
    link.focus()
    page.keyboard.press("Enter")


def test_an_empty_report_opens_on_its_errors_and_each_leads_to_its_field(live_site, page):
    org = build_organisation()
    switch_user(page, live_site.url, org.sali.username, "/cases/report/")
    page.get_by_role("button", name="Submit the report").click()
    expect(summary(page)).to_be_focused()
    expect(summary(page).get_by_role("link")).to_have_count(7)
    assert_accessible(page)
    assert not Case.objects.exists()

    follow_summary_link(page, "How did the resident make contact?")
    expect(page.get_by_label("Phone", exact=True)).to_be_focused()
    expect(page.get_by_role("group", name="How did the resident make contact?")).to_be_in_viewport()
    page.keyboard.press("Space")  # the first option, ticked from where the link left the keyboard
    expect(page.get_by_label("Phone", exact=True)).to_be_checked()

    follow_summary_link(page, "Was the resident told")
    expect(page.locator("#id_resident_told_0")).to_be_focused()
    follow_summary_link(page, "Resident:")
    expect(page.get_by_label("Find the resident")).to_be_focused()
    follow_summary_link(page, "What happened")
    expect(page.get_by_label("What happened")).to_be_focused()
    expect(page.get_by_label("What happened")).to_have_accessible_description("Error: Describe what happened")


@pytest.mark.parametrize("step", ["line manager", "cxm", "director"])
def test_a_decision_sent_empty_opens_on_its_errors_and_leads_to_the_choice(live_site, page, step):
    org = build_organisation()
    case, person = {
        "line manager": (lambda: submitted_case(org.sali), org.tnguyen),
        "cxm": (lambda: at_cxm(org), org.rkaur),
        "director": (lambda: at_director(org), org.pshah),
    }[step]
    case = case()
    switch_user(page, live_site.url, person.username, f"/cases/{case.pk}/")
    page.get_by_role("button", name="Record my decision").click()
    expect(summary(page)).to_be_focused()
    assert_accessible(page)
    follow_summary_link(page, "Your decision")
    expect(page.get_by_role("group", name="Your decision").get_by_role("radio").first).to_be_focused()


def test_signing_in_with_nothing_typed_leads_to_the_username(live_site, page):
    UserFactory(username="sali")
    SignInPage(page, live_site.url).open()
    expect(page.get_by_text("signed out after 30 minutes without activity")).to_be_visible()
    page.get_by_role("button", name="Sign in").click()
    expect(summary(page)).to_be_focused()
    assert_accessible(page)
    follow_summary_link(page, "Username")
    expect(page.get_by_label("Username")).to_be_focused()
    expect(page.get_by_label("Username")).to_have_attribute("aria-invalid", "true")
