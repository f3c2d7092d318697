"""Reviews of restrictions (Wandle 3.9, LHP 29): opened by themselves ten working days before the
review date, recorded by a customer experience manager, changes approved by a director, never
more than 12 months apart, an extension at most 18 months more, a review outcome letter each."""

import datetime

import pytest
from django.utils import timezone

from casework import permissions, services
from casework.models import CaseworkSettings, Letter, RedFlag, Restriction, Review, add_months
from casework.services import appeals, deadlines, letters, restrictions, reviews
from home.models import Notification
from tests.casework.factories import approved_on, closed_case
from tests.casework.letters import letters_ready, resident

RECORD = {
    "contacts": "Six emails to the named officer, all within the arrangements.",
    "incidents": "None since the last review.",
    "circumstances": "Still in the flat; a new support worker since August.",
    "vulnerability": "Hearing loss: email suits her. Support worker copied in, as she asked.",
}


def in_force(org, **kwargs):
    """Restrictions approved by pshah 40 days ago, in force from today with their red flag."""
    case = closed_case(org, customer=resident(), **kwargs)
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=40))
    return case, restrictions.bring_into_force(restriction, org.rkaur, today, today)


def due_in(restriction, days):
    """As if the restriction's next review were `days` calendar days from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    Restriction.objects.filter(pk=restriction.pk).update(next_review_date=day)
    restriction.refresh_from_db()
    return day


def opened(org, days=5):
    case, restriction = in_force(org)
    due_in(restriction, days)
    assert reviews.open_due_reviews() == 1
    return case, restriction, Review.objects.get(restriction=restriction)


def record(org, review, proposal="continue", by=None, **kwargs):
    values = {**RECORD, "reasons": "Contact has kept to the arrangements, still needed to protect staff.", **kwargs}
    return reviews.record_review(review, by or org.rkaur, proposal=proposal, **values)


def test_a_review_opens_ten_working_days_before_its_date_and_only_once(org):
    case, restriction = in_force(org)
    holidays = CaseworkSettings.load().holidays()
    today = timezone.localdate()
    opens_on = deadlines.add_working_days(today, 10, holidays)
    Restriction.objects.filter(pk=restriction.pk).update(next_review_date=opens_on + datetime.timedelta(days=1))
    assert reviews.open_due_reviews() == 0
    Restriction.objects.filter(pk=restriction.pk).update(next_review_date=opens_on)
    assert reviews.open_due_reviews() == 1
    # The daily task run again, the same day or the next: nothing opened or sent twice.
    assert reviews.open_due_reviews() == 0
    assert reviews.open_due_reviews(today + datetime.timedelta(days=1)) == 0
    review = Review.objects.get()
    assert review.due_date == opens_on and review.status == Review.Status.WITH_CXM
    told = Notification.objects.filter(subject=f"Review of restrictions due (case {case.reference})")
    assert told.filter(recipient=org.rkaur).count() == 1
    told = Notification.objects.get(recipient=org.rkaur, subject__startswith="Review of restrictions due")
    assert case.customer.name not in told.body
    assert review in reviews.open_reviews_for(org.rkaur)
    assert review not in reviews.open_reviews_for(org.sali)


def test_a_lapsed_restriction_is_never_reviewed_or_varied(org):
    case, restriction, review = opened(org)
    today = timezone.localdate()
    Restriction.objects.filter(pk=restriction.pk).update(
        start_date=today - datetime.timedelta(days=100), end_date=today - datetime.timedelta(days=1)
    )
    assert restrictions.lapse_ended() == 1
    with pytest.raises(services.CaseworkError) as refused:
        record(org, review, "vary", new_terms="Letters only, to the income team leader.")
    assert "lapsed" in str(refused.value)
    review.refresh_from_db()
    assert review.status == Review.Status.WITH_CXM and review.proposal == ""
    assert restriction.terms == Restriction.objects.get(pk=restriction.pk).terms
    # A lapsed restriction gets no new review, and its open one leaves the queue.
    Review.objects.all().delete()
    assert reviews.open_due_reviews() == 0
    assert not reviews.open_reviews_for(org.rkaur).exists()


def test_continue_is_the_cxms_to_decide_and_sets_the_next_date_an_interval_later(org):
    letters_ready()
    case, restriction, review = opened(org)
    review = record(org, review)
    restriction.refresh_from_db()
    assert review.status == Review.Status.DECIDED and review.decided_by == org.rkaur
    assert restriction.next_review_date == add_months(restriction.start_date, 3) == review.next_review_date
    flag = RedFlag.objects.get(restriction=restriction)
    assert flag.next_review_date == restriction.next_review_date
    rendered, *_ = letters.render_letter(review.letter)
    assert rendered.missing == []
    assert "continued unchanged" in rendered.text and restriction.terms in rendered.text
    assert f"{restriction.next_review_date.day} {restriction.next_review_date:%B %Y}" in rendered.text
    issued = letters.issue_letter(review.letter, org.rkaur, "post")
    assert issued.is_issued


def test_review_dates_are_never_more_than_12_months_apart(org):
    _, restriction = in_force(org)
    restriction.start_date, restriction.end_date = datetime.date(2025, 7, 31), datetime.date(2030, 1, 1)
    restriction.review_interval_months = 12
    assert reviews.next_review_after(restriction, datetime.date(2026, 7, 31)) == datetime.date(2027, 7, 31)
    # Whatever the interval says, never more than 12 months after the last (Wandle 3.9).
    restriction.review_interval_months = 18
    due = datetime.date(2027, 1, 31)  # 18 months from the start
    assert reviews.next_review_after(restriction, due) == datetime.date(2027, 7, 31)  # 12-monthly from the start
    for day in (due, datetime.date(2026, 2, 1), datetime.date(2027, 8, 15)):
        assert reviews.next_review_after(restriction, day) <= add_months(day, 12)
    # And never after the end date.
    restriction.end_date = datetime.date(2027, 3, 1)
    assert reviews.next_review_after(restriction, due) == datetime.date(2027, 3, 1)


def test_review_dates_keep_to_the_quarters_from_the_day_it_came_into_force(org):
    _, restriction = in_force(org)
    restriction.start_date, restriction.end_date = datetime.date(2027, 1, 31), datetime.date(2028, 7, 30)
    restriction.review_interval_months = 3
    # LHP 29: quarterly from the restriction letter's date, even after a short month.
    assert reviews.next_review_after(restriction, datetime.date(2027, 4, 30)) == datetime.date(2027, 7, 31)
    # A review date off the quarters (an end date, say) goes back to them.
    assert reviews.next_review_after(restriction, datetime.date(2027, 5, 10)) == datetime.date(2027, 7, 31)


def test_varying_waits_for_a_director_then_changes_the_terms(org):
    letters_ready()
    case, restriction, review = opened(org)
    review = record(org, review, "vary", new_terms="Letters only, to the income team leader.")
    restriction.refresh_from_db()
    assert review.status == Review.Status.WITH_DIRECTOR and review.director == org.pshah
    assert restriction.terms == "Contact by email to one named officer only."
    with pytest.raises(services.NotAllowed):
        reviews.decide_review(review, org.rkaur, True)
    with pytest.raises(services.NotAllowed):
        reviews.decide_review(review, org.omensah, True)
    review = reviews.decide_review(review, org.pshah, True, "Agreed.")
    restriction.refresh_from_db()
    assert restriction.terms == "Letters only, to the income team leader." and restriction.state == "in_force"
    assert review.terms_before == "Contact by email to one named officer only."
    assert restriction.next_review_date == add_months(restriction.start_date, 3)
    rendered, *_ = letters.render_letter(review.letter)
    assert rendered.missing == [] and "varied" in rendered.text and "Letters only" in rendered.text


def test_a_director_sends_a_review_back_with_a_note(org):
    case, restriction, review = opened(org)
    review = record(org, review, "lift")
    with pytest.raises(services.CaseworkError) as refused:
        reviews.decide_review(review, org.pshah, False, " ")
    assert refused.value.field == "note"
    review = reviews.decide_review(review, org.pshah, False, "Ask the officer how the last month went.")
    assert review.status == Review.Status.WITH_CXM and review.returned_note.startswith("Ask")
    restriction.refresh_from_db()
    assert restriction.state == "in_force"
    assert Notification.objects.filter(recipient=org.rkaur, subject__contains="sent back").exists()


def test_lifting_ends_the_restriction_and_its_flags_and_tells_the_team(org):
    letters_ready()
    case, restriction, review = opened(org)
    review = reviews.decide_review(record(org, review, "lift"), org.pshah, True)
    restriction.refresh_from_db()
    assert restriction.state == "lifted" and restriction.next_review_date is None
    assert not RedFlag.objects.filter(restriction=restriction, ended_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=org.sali, subject__startswith="Contact arrangements ended").exists()
    rendered, *_ = letters.render_letter(review.letter)
    assert rendered.missing == [] and "lifted" in rendered.text and "no restrictions" in rendered.text


def test_extending_adds_at_most_18_months_and_needs_a_director(org):
    letters_ready()
    from tests.casework.letters import restriction_draft

    issued = letters.issue_letter(restriction_draft(org), org.rkaur, "post")
    restriction = issued.restriction
    case = restriction.case
    due_in(restriction, 5)
    reviews.open_due_reviews()
    review = Review.objects.get()
    for months in (0, 19):
        with pytest.raises(services.CaseworkError) as refused:
            record(org, review, "extend", extra_months=months)
        assert refused.value.field == "extra_months"
    # Ending six months from now, 13 more months would pass 18 months from today.
    with pytest.raises(services.CaseworkError) as refused:
        record(org, review, "extend", extra_months=13)
    assert "12 months at most" in str(refused.value)
    review = record(org, review, "extend", extra_months=6)
    assert review.status == Review.Status.WITH_DIRECTOR
    restriction.refresh_from_db()
    assert restriction.state == "in_force"
    review = reviews.decide_review(review, org.pshah, True)
    restriction.refresh_from_db()
    new = review.new_restriction
    assert restriction.state == "superseded" and new.state == "in_force"
    assert new.end_date == add_months(restriction.end_date, 6) and new.start_date == timezone.localdate()
    assert new.decision.decided_by == org.pshah and new.terms == restriction.terms
    assert RedFlag.objects.get(ended_at__isnull=True).restriction == new
    draft = Letter.objects.get(kind="restriction", state="draft")
    assert draft.restriction == new and draft.replaces == issued
    rendered, *_ = letters.render_letter(review.letter)
    assert rendered.missing == [] and "extended" in rendered.text
    assert case.steps.filter(status="open").count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"contacts": " "}, "contacts"),
        ({"incidents": ""}, "incidents"),
        ({"circumstances": ""}, "circumstances"),
        ({"vulnerability": ""}, "vulnerability"),
        ({"reasons": ""}, "reasons"),
        ({"proposal": "maybe"}, "proposal"),
        ({"proposal": "vary", "new_terms": ""}, "new_terms"),
        ({"proposal": "vary", "new_terms": "Contact by email to one named officer only."}, "new_terms"),
        ({"proposal": "vary", "new_terms": "No complaints will be accepted."}, "terms"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(org, change, field):
    case, restriction, review = opened(org)
    values = {"proposal": "continue", **change}
    with pytest.raises(services.CaseworkError) as refused:
        record(org, review, **values)
    assert refused.value.field == field
    review.refresh_from_db()
    assert review.status == Review.Status.WITH_CXM and review.proposal == "" and review.contacts == ""


def test_only_a_cxm_on_the_case_records_a_review(org):
    case, restriction, review = opened(org)
    for person in (org.sali, org.pshah, org.jclarke):
        with pytest.raises(services.NotAllowed):
            record(org, review, by=person)


def test_only_one_review_is_open_per_restriction(org):
    from django.db import IntegrityError, transaction

    case, restriction, review = opened(org)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(restriction=restriction, case=case, due_date=review.due_date + datetime.timedelta(1))


def test_reminders_and_escalations_go_once_each(org):
    case, restriction, review = opened(org, days=1)
    today = timezone.localdate()
    first = reviews.send_review_reminders_and_escalations(today)
    again = reviews.send_review_reminders_and_escalations(today)
    assert first == {"reminders": 1, "escalations": 0} and again == {"reminders": 0, "escalations": 0}
    later = today + datetime.timedelta(days=5)
    assert reviews.send_review_reminders_and_escalations(later) == {"reminders": 0, "escalations": 1}
    assert reviews.reviews_due_reminders_and_escalations(later) == {"opened": 0, "reminders": 0, "escalations": 0}
    escalated = Notification.objects.filter(subject__startswith=f"Overdue: the review on case {case.reference}")
    assert escalated.filter(recipient=org.jclarke).count() == 1
    assert escalated.filter(recipient=org.rkaur).count() == 1
    assert permissions.has_chain_access(org.jclarke, case)
    review.refresh_from_db()
    assert review.is_overdue(later)


def test_the_director_who_approved_a_review_is_never_offered_an_appeal(org):
    letters_ready()
    case, restriction, review = opened(org)
    # omensah approves the lifting… of a variation; then the resident appeals.
    review = record(org, review, "vary", new_terms="Letters only, to the income team leader.")
    review.director = org.omensah
    review.save(update_fields=["director"])
    permissions.grant_case_access(case, [org.omensah])
    reviews.decide_review(review, org.omensah, True)
    assert org.omensah.pk in reviews.review_decider_ids(case)
    appeal = appeals.record_appeal(restriction, org.sali, timezone.localdate(), "letter", "Unfair.")
    assert appeal.director is None  # pshah decided the restriction, omensah the review


def test_the_daily_task_is_scheduled_and_importable():
    from importlib import import_module

    from intranet.schedule import SCHEDULED_TASKS

    entry = next(e for e in SCHEDULED_TASKS if e["func"].endswith("reviews_due_reminders_and_escalations"))
    module, name = entry["func"].rsplit(".", 1)
    assert callable(getattr(import_module(module), name))


def test_a_sensitive_cases_review_reaches_only_its_named_people(org):
    case, restriction = in_force(org)
    services.mark_sensitive(case, org.pshah, [org.pshah, org.rkaur])
    due_in(restriction, 1)
    reviews.open_due_reviews()
    assert Notification.objects.filter(recipient=org.rkaur, subject__startswith="Review of restrictions due").exists()
    assert not Notification.objects.filter(recipient=org.ebrown, subject__startswith="Review of restrictions").exists()
    later = timezone.localdate() + datetime.timedelta(days=5)
    assert reviews.send_review_reminders_and_escalations(later)["escalations"] == 1
    assert not Notification.objects.filter(recipient=org.jclarke).exists()
    assert not permissions.has_chain_access(org.jclarke, case)
    assert not reviews.open_reviews_for(org.ebrown).exists()


def test_a_variation_on_review_restates_the_contact_details_with_the_terms(org):
    from casework.services import variation

    case, restriction, review = opened(org)
    names = variation.detail_fields(restriction)
    assert names
    details = {name: getattr(restriction, name) for name in names}
    with pytest.raises(services.CaseworkError) as refused:
        record(org, review, "vary", new_terms="Letters only.", details={**details, names[0]: " "})
    assert refused.value.field == names[0] and Review.objects.get(pk=review.pk).proposal == ""
    changed = {
        **details,
        names[0]: "The housing officer, Ann Lee" if names[0] == "named_contact" else details[names[0]],
    }
    review = record(org, review, "vary", new_terms="Letters only, to the housing officer.", details=changed)
    assert review.new_details == {name: value.strip() for name, value in changed.items()}
    restriction.refresh_from_db()
    assert getattr(restriction, names[0]) == details[names[0]]  # not before a director approves
    reviews.decide_review(review, org.pshah, True, "Agreed.")
    restriction.refresh_from_db()
    assert {name: getattr(restriction, name) for name in names} == review.new_details


def test_a_review_letter_drafted_before_an_appeal_overturned_the_restriction_is_not_sent(org):
    letters_ready()
    case, restriction, review = opened(org)
    review = record(org, review)
    appeal = appeals.record_appeal(restriction, org.sali, timezone.localdate(), "letter", "It was never fair.")
    appeals.decide_appeal(appeal, appeal.director, "overturned", "The calls were about a leak.")
    with pytest.raises(services.CaseworkError, match="overturned on appeal since it was drafted"):
        letters.issue_letter(review.letter, org.rkaur, "post")
    assert Letter.objects.get(pk=review.letter_id).state == Letter.State.DRAFT
