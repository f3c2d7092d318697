"""The pages of reviews of restrictions: the queue, the case page, the check page, the review's
own page and its forms (Wandle 3.9)."""

import datetime

from bs4 import BeautifulSoup
from django.utils import timezone

from casework.models import Restriction, Review
from casework.services import restrictions, reviews, variation
from tests.casework.factories import approved_on, closed_case
from tests.casework.letters import letters_ready
from tests.casework.test_reviews import RECORD, in_force


def text_of(response, selector="main"):
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(page.select_one(selector).get_text(" ", strip=True).split())


def overdue_review(org):
    case, restriction = in_force(org)
    today = timezone.localdate()
    Restriction.objects.filter(pk=restriction.pk).update(next_review_date=today - datetime.timedelta(days=2))
    reviews.open_due_reviews()
    return case, restriction, Review.objects.get()


def test_an_overdue_review_shows_in_the_queue_on_the_case_page_the_lists_and_the_check_page(org, client):
    case, restriction, review = overdue_review(org)
    client.force_login(org.rkaur)
    queue = text_of(client.get("/cases/awaiting-my-decision/"))
    assert f"Review {review.reference}" in queue and "Overdue" in queue
    assert "Review overdue" in text_of(client.get(f"/cases/{case.pk}/"))
    assert "Review overdue" in text_of(client.get("/cases/all/"))
    check = client.get("/residents/check/", {"q": case.customer.reference})
    assert "Review overdue" in text_of(check, ".check-result")
    # Not overdue once decided.
    reviews.record_review(review, org.rkaur, proposal="continue", reasons="Still needed.", **RECORD)
    assert "Review overdue" not in text_of(client.get(f"/cases/{case.pk}/"))
    assert f"Review {review.reference}" not in text_of(client.get("/cases/awaiting-my-decision/"))


def test_the_queue_reads_its_reviews_in_one_query_whatever_their_number(org, client, django_assert_max_num_queries):
    overdue_review(org)
    client.force_login(org.rkaur)
    with django_assert_max_num_queries(40) as one:
        client.get("/cases/awaiting-my-decision/")
    for _ in range(3):
        case = closed_case(org)
        restriction = approved_on(case.restrictions.get(), timezone.localdate() - datetime.timedelta(days=40))
        restriction = restrictions.bring_into_force(restriction, org.rkaur, timezone.localdate())
        Restriction.objects.filter(pk=restriction.pk).update(next_review_date=timezone.localdate())
    assert reviews.open_due_reviews() == 3
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get("/cases/awaiting-my-decision/")
    assert page.content.decode().count("Review UB-") == 4


def test_bad_input_is_named_and_kept_and_nothing_is_saved(org, client):
    case, restriction, review = overdue_review(org)
    client.force_login(org.rkaur)
    url = f"/cases/{case.pk}/reviews/{review.pk}/record/"
    data = {f"record-{k}": v for k, v in RECORD.items()}
    data.update({"record-proposal": "extend", "record-reasons": "Still needed.", "record-extra_months": "19"})
    response = client.post(url, data)
    assert response.status_code == 400
    page = BeautifulSoup(response.content.decode(), "html.parser")
    summary = page.select_one(".error-summary").get_text(" ", strip=True)
    assert "Months beyond the end date" in summary
    assert page.select_one("#id_record-contacts").get_text().strip() == RECORD["contacts"]
    data["record-extra_months"] = "15"  # more than 18 months from today
    response = client.post(url, data)
    assert response.status_code == 400 and "at most" in text_of(response, ".error-summary")
    review.refresh_from_db()
    assert review.status == Review.Status.WITH_CXM and review.contacts == ""


def test_from_the_cxm_to_the_director_to_the_review_outcome_letter(org, client):
    letters_ready()
    case, restriction, review = overdue_review(org)
    client.force_login(org.rkaur)
    data = {f"record-{k}": v for k, v in RECORD.items()}
    data.update({"record-proposal": "vary", "record-reasons": "Letters suit her.", "record-new_terms": "Letters only."})
    # The page offers the contact details in force, to restate with the terms.
    page = client.get(f"/cases/{case.pk}/reviews/{review.pk}/").content.decode()
    details = {f"record-{name}": getattr(restriction, name) for name in variation.detail_fields(restriction)}
    assert details and all(value in page for value in details.values())
    data.update(details)
    response = client.post(f"/cases/{case.pk}/reviews/{review.pk}/record/", data)
    assert response.status_code == 302
    client.force_login(org.pshah)
    queue = text_of(client.get("/cases/awaiting-my-decision/"))
    assert f"Review {review.reference}" in queue and "Your approval" in queue
    response = client.post(f"/cases/{case.pk}/reviews/{review.pk}/decide/", {"decide-decision": "return"})
    assert response.status_code == 400 and "Your note" in text_of(response, ".error-summary")
    response = client.post(f"/cases/{case.pk}/reviews/{review.pk}/decide/", {"decide-decision": "approve"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.DECIDED and review.letter is not None
    client.force_login(org.rkaur)
    page = text_of(client.get(f"/cases/{case.pk}/reviews/{review.pk}/"))
    assert "Review outcome letter" in page and "Letters only." in page


def test_after_an_extension_the_case_and_check_pages_show_the_new_determination(org, client):
    letters_ready()
    case, restriction, review = overdue_review(org)
    review = reviews.record_review(
        review, org.rkaur, proposal="extend", reasons="Abuse continued in October.", extra_months=3, **RECORD
    )
    review = reviews.decide_review(review, org.pshah, True)
    new = review.new_restriction
    client.force_login(org.rkaur)
    page = text_of(client.get(f"/cases/{case.pk}/"))
    assert "Superseded by a new determination" in page and "Review overdue" not in page
    assert f"to {new.end_date.day} {new.end_date:%B %Y}" in page
    check = text_of(client.get("/residents/check/", {"q": case.customer.reference}), ".check-result")
    assert f"{new.end_date.day} {new.end_date:%B %Y}" in check and "Review overdue" not in check
    # The new determination is reviewed in its turn.
    Restriction.objects.filter(pk=new.pk).update(next_review_date=timezone.localdate())
    assert reviews.open_due_reviews() == 1
    assert Review.objects.filter(restriction=new, status=Review.Status.WITH_CXM).exists()


def test_the_home_page_counts_the_reviews_waiting_and_overdue(org, client):
    overdue_review(org)
    client.force_login(org.rkaur)
    home = text_of(client.get("/"))
    assert "1 review of restrictions, 1 overdue" in home
    client.force_login(org.pshah)
    assert "review of restrictions" not in text_of(client.get("/"))
