"""A new version of a policy goes through review and approval in Wagtail's admin, and lands in
the version history; the head of customer services sees who has read it."""

import csv
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from home.demo import load_organisation
from policy_pages import demo as policy_demo
from policy_pages.templatetags.policy_tags import policy_date
from tests.factories import PASSWORD

from .pages import assert_accessible, switch_user
from .policy_pages import AdminDashboard, PolicyEditor, PolicyPage, ReadReportPage

LHP = policy_demo.LHP
TITLE = "Limited Contact Policy"
WORKFLOW = "Policy review and approval"
NEW_PARAGRAPH = "Colleagues may end a call at once when a caller threatens them."


@pytest.fixture
def organisation(live_site):
    """The demo people with their roles, and the two policies imported from their documents."""
    load_organisation(PASSWORD)
    policy_demo.load()
    return live_site


def link_in_latest_email(to, pattern):
    """The path of the link in the latest email to `to` (Wagtail writes links for the configured site URL)."""
    message = [m for m in mail.outbox if to in m.to][-1]
    return re.search(rf"https?://[^/\s]+({pattern})", message.body).group(1)


def test_a_new_version_is_reviewed_by_clt_approved_by_elt_and_lands_in_the_history(page, organisation):
    base = organisation.url
    today = policy_date(timezone.localdate())

    # The policy editor opens the overdue policy from the admin dashboard and prepares Version 4.
    switch_user(page, base, "gevans", "/admin/")
    assert_accessible(page)  # the admin dashboard
    editor = AdminDashboard(page, base).open_due_for_review(TITLE).assert_accessible()
    editor.fill("Version label", "Version 4").fill("Change note", "Reviewed; new paragraph in the summary")
    editor.fill_date("Next review date", "2028-11-01")
    editor.add_to("Brief policy summary", f"\n\n{NEW_PARAGRAPH}")
    editor.submit_to(WORKFLOW)

    # Submitted, the editor cannot approve it: the CLT task is not offered to her.
    actions = AdminDashboard(page, base).open().open_due_for_review(TITLE).workflow_actions()
    assert not {"Approve", "Approve with comment", "Approve and Publish"} & set(actions), actions
    expect(AdminDashboard(page, base).open().panel("Awaiting your review")).to_have_count(0)

    # The reviewer (CLT) finds it awaiting her review on the dashboard, and approves it.
    switch_user(page, base, "hmoore", "/admin/")
    dashboard = AdminDashboard(page, base)
    expect(dashboard.awaiting_review_row(TITLE)).to_contain_text("Grace Evans")
    assert_accessible(page)
    dashboard.act_on(TITLE, "Approve")
    expect(dashboard.awaiting_review_row(TITLE)).to_have_count(0)

    # The approver (ELT) follows the link in Wagtail's email to the editor, and approves: it is published.
    switch_user(page, base, "pshah", "/admin/")
    expect(AdminDashboard(page, base).awaiting_review_row(TITLE)).to_have_count(1)
    edit_link = link_in_latest_email("pshah@intranet.example", r"/admin/pages/\d+/edit/")
    approver = PolicyEditor(page, base).visit(edit_link).expect_open(TITLE).assert_accessible()
    actions = approver.workflow_actions()
    # Only "Approve and Publish": a plain "Publish" would skip the version history.
    assert "Approve and Publish" in actions and "Publish" not in actions, actions
    approver.choose_action("Approve and Publish")
    expect(page.get_by_text(f"Page '{TITLE}' has been updated.")).to_be_visible()

    # Any member of staff reads the new version, with who reviewed and approved it and when.
    switch_user(page, base, "sali", LHP)
    policy = PolicyPage(page, base)
    policy.expect_title(TITLE)
    expect(policy.version_row("Version 4")).to_contain_text(f"Hannah Moore (CLT), {today}")
    expect(policy.version_row("Version 4")).to_contain_text(f"Priya Shah (ELT), {today}")
    expect(policy.version_row("Version 4")).to_contain_text("Reviewed; new paragraph in the summary")
    expect(policy.summary_paragraph(NEW_PARAGRAPH)).to_have_count(1)
    expect(page.locator("#review-status")).to_have_count(0)  # no longer overdue: next review November 2028
    expect(page.get_by_role("button", name="I have read this version (Version 4)")).to_be_visible()
    assert_accessible(page)


def test_the_head_of_customer_services_sees_who_has_read_a_policy(page, organisation):
    base = organisation.url

    switch_user(page, base, "sali", LHP)
    policy = PolicyPage(page, base)
    policy.confirm_read("Version 3")
    policy.expect_read("Version 3")
    assert_accessible(page)

    switch_user(page, base, "jclarke")
    report = ReadReportPage(page, base).open_from_navigation().choose_policy(TITLE)
    report_paths = [report.path(), report.csv_path()]
    expect(report.team("Income")).to_contain_text("Income: 1 of")
    expect(report.row("Sara Ali")).to_contain_text(f"Yes, {timezone.localdate():%-d %B %Y}")
    expect(report.row("Mark Jones")).to_contain_text("Not read")
    assert_accessible(page)

    filename, text = report.download_csv()
    assert filename == "limited-contact-policy-read-report.csv"
    rows = {row["Username"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["sali"]["Read"] == "Yes" and rows["sali"]["Version"] == "Version 3"
    assert rows["sali"]["Name"] == "Sara Ali" and rows["sali"]["Team"] == "Income"
    assert rows["sali"]["Confirmed at"].startswith(f"{timezone.localdate():%Y-%m-%d}")
    assert rows["mjones"]["Read"] == "No" and rows["mjones"]["Confirmed at"] == ""

    # Other staff see neither the report nor the way to it.
    switch_user(page, base, "mjones", LHP)
    expect(page.get_by_role("link", name="Who has read this policy")).to_have_count(0)
    expect(page.get_by_role("link", name="Policy read report")).to_have_count(0)
    for path in report_paths:
        response = page.goto(f"{base}{path}")
        assert response.status == 403, path
        expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do that")
    assert_accessible(page)
