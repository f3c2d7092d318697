"""A member of staff finds a policy by searching, reads a paragraph, and confirms reading it."""

import pytest
from playwright.sync_api import expect

from policy_pages.importer import create_draft_page, parse_file
from policy_pages.services import ensure_library_index
from tests.factories import TeamFactory, UserFactory
from tests.policy_pages.test_importer import LHP

from .pages import assert_accessible, sign_in
from .policy_pages import SearchPage


@pytest.fixture
def library(live_site):
    page = create_draft_page(parse_file(LHP), ensure_library_index(), slug="limited-contact-policy")
    page.get_latest_revision().publish()
    UserFactory(username="sali", first_name="Sara", team=TeamFactory(name="Income"))
    return live_site


def test_read_search_follow_a_paragraph_and_acknowledge(page, library):
    base_url = library.url
    sign_in(page, base_url, "sali")

    search = SearchPage(page, base_url).open().search("disruptive behaviour")
    expect(search.result("Limited Contact Policy")).to_contain_text("Paragraph 27")
    expect(search.result("Limited Contact Policy").locator("mark").first).to_have_text("disruptive")
    assert_accessible(page)

    policy = search.open_result("Limited Contact Policy")
    policy.expect_title("Limited Contact Policy")
    assert page.url.endswith("/policies-and-guidance/limited-contact-policy/#para-27")
    assert policy.highlighted_id() == "para-27"
    policy.expect_overdue()
    assert_accessible(page)

    policy.go_to_contents_entry("Imposing Restrictions")
    assert policy.highlighted_id() == "section-imposing-restrictions"

    policy.open("/policies-and-guidance/limited-contact-policy/#para-11")
    assert policy.highlighted_id() == "para-11"

    policy.confirm_read("Version 3")
    policy.expect_read("Version 3")
    assert_accessible(page)
