import datetime

from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Letter, Restriction, Review
from casework.services import restrictions, reviews
from tests.browser.casework_pages import LetterPages, ReviewPages
from tests.browser.pages import assert_accessible, switch_user
from tests.casework.factories import approved_on, build_organisation, closed_case
from tests.casework.letters import letters_ready, resident


def test_a_review_from_the_cxms_queue_through_the_director_to_the_review_letter(live_site, page):
    """The review of Lena Jackson's restrictions opens in the CXMs' queue; rkaur records it and
    proposes new terms; pshah approves them; rkaur issues the review outcome letter."""
    org = build_organisation()
    letters_ready()
    case = closed_case(org, customer=resident())
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=40))
    started = today - datetime.timedelta(days=20)
    restriction = restrictions.bring_into_force(restriction, org.rkaur, started, started)
    Restriction.objects.filter(pk=restriction.pk).update(next_review_date=today + datetime.timedelta(days=4))
    assert reviews.open_due_reviews() == 1
    review = Review.objects.get()
    base = live_site.url

    switch_user(page, base, "rkaur", start="/cases/awaiting-my-decision/")
    expect(page.get_by_role("heading", name="Reviews of restrictions")).to_be_visible()
    assert_accessible(page)
    pages = ReviewPages(page, base).open_from_queue(review.reference)
    assert_accessible(page)
    # Sent empty: every missing part named at once, each linked to its field.
    page.get_by_role("button", name="Record the review").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("The resident's contacts since the last review")
    expect(summary).to_contain_text("What do you propose?")
    assert_accessible(page)
    pages.record("Vary the terms", "Letters suit you better than email.", new_terms="Letters only, to Sam Patel.")
    expect(page.get_by_text("has gone to a director to approve")).to_be_visible()
    assert_accessible(page)

    switch_user(page, base, "pshah", start="/cases/awaiting-my-decision/")
    pages.open_from_queue(review.reference)
    expect(page.get_by_role("heading", name="Proposed: Vary the terms")).to_be_visible()
    assert_accessible(page)
    pages.approve()
    expect(page.get_by_role("heading", name="Outcome: Vary the terms")).to_be_visible()
    assert_accessible(page)
    assert Restriction.objects.get().terms == "Letters only, to Sam Patel."

    switch_user(page, base, "rkaur", start=f"/cases/{case.pk}/")
    expect(page.get_by_role("link", name=f"Review {review.reference}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Review {review.reference}").click()
    page.get_by_role("link", name="Review outcome letter").click()
    letters = LetterPages(page, base).save_and_preview()
    expect(page.get_by_text("Every part the policy requires is there")).to_be_visible()
    expect(letters.letter()).to_contain_text("varied")
    expect(letters.letter()).to_contain_text("Letters only, to Sam Patel.")
    assert_accessible(page)
    letters.issue("Post")
    assert Letter.objects.get(kind="review_outcome").is_issued
