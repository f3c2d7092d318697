"""Reviews of restrictions in force (DESIGN: Outcomes; Wandle 3.9, LHP 29).

Reviews come round by themselves: ten working days before a restriction's next review date,
the daily task opens its review in the customer experience managers' queue, due on that date.
The CXM records what happened since the last review and proposes to continue the restriction
unchanged, vary its terms, lift it early or extend it beyond its end date. Continuing is the
CXM's to decide and sets the next review date; varying and lifting (within the same
determination) and extending (a new determination, at most 18 months more) are approved by a
director. Review dates are never more than 12 months apart. Every outcome drafts a review
outcome letter, which tells the resident. Reminders go two working days before the date; a
review not decided by its date escalates to the head of customer services (each notice once,
however often the task runs)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from home import roles

from .. import permissions
from ..choices import MAX_DURATION_MONTHS, MAX_REVIEW_INTERVAL_MONTHS
from ..models import (
    REVIEW_OPENS_WORKING_DAYS_BEFORE,
    CaseEvent,
    CaseworkSettings,
    Decision,
    Letter,
    LetterKind,
    RedFlag,
    Restriction,
    RestrictionEvent,
    Review,
    Step,
    add_months,
)
from . import restrictions, variation
from .deadlines import REMINDER_WORKING_DAYS_BEFORE, add_working_days, working_days_between
from .errors import AlreadyDecided, CaseworkError, NotAllowed
from .flags import end_flags_of
from .letter_outcomes import terms_from_now
from .notices import display_name, long_date, notify_people
from .policy import policy_in_force

Proposal = Review.Proposal
State = Restriction.State

OUTCOME_WORDS = {
    Proposal.CONTINUE: "continued unchanged",
    Proposal.VARY: "varied",
    Proposal.LIFT: "lifted",
    Proposal.EXTEND: "extended",
}
REVIEWED_WHAT = (
    "how you have contacted us since the last review, any incidents or breaches of the restrictions, "
    "your circumstances, and any vulnerability or reasonable adjustments you may need"
)


def review_decider_ids(case):
    """The ids of everyone who recorded, approved or decided a review of `case`'s restrictions:
    none of them is ever offered an appeal on it (Wandle 3.10). Returns a set of user ids."""
    rows = Review.objects.filter(case=case).values_list("proposed_by_id", "decided_by_id")
    return {person for row in rows for person in row if person is not None}


def next_review_after(restriction, due_date):
    """The review date after the one due on `due_date`: the next of the restriction's review
    dates, its interval apart counted from the day it came into force (LHP 29: quarterly by
    default from the restriction letter's date), never more than 12 calendar months after
    `due_date` (Wandle 3.9) and not after the end date. Takes a Restriction and a date;
    returns a date."""
    months = min(restriction.review_interval_months, MAX_REVIEW_INTERVAL_MONTHS)
    if restriction.start_date:
        count = 1
        while (day := add_months(restriction.start_date, months * count)) <= due_date:
            count += 1
    else:
        day = add_months(due_date, months)
    day = min(day, add_months(due_date, MAX_REVIEW_INTERVAL_MONTHS))
    if restriction.end_date:
        day = min(day, restriction.end_date)
    return day


def _opens_by(today, holidays):
    return add_working_days(today, REVIEW_OPENS_WORKING_DAYS_BEFORE, holidays)


def cxms_for(case):
    """The customer experience managers a review of `case` is with: those working on the case,
    else every active one the case may reach (given the case). Returns a list of users."""
    cxms = list(
        get_user_model()
        .objects.filter(groups__name=roles.CUSTOMER_EXPERIENCE_MANAGERS, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    working = [person for person in cxms if permissions.has_chain_access(person, case)]
    if working:
        return working
    people = permissions.may_reach(case, cxms)
    permissions.grant_case_access(case, people)
    return people


def _heads(case):
    heads = get_user_model().objects.filter(groups__name=roles.HEAD_OF_CUSTOMER_SERVICES, is_active=True)
    return permissions.may_reach(case, heads.distinct())


def open_due_reviews(today=None):
    """Scheduled daily (safe to run more often): open the review of every restriction in force
    whose next review date is within ten working days of `today` (default today), due on that
    date, and tell the customer experience managers. A restriction has one open review at a
    time and each review date is reviewed once, so a second run opens nothing. Returns how many
    were opened (Wandle 3.9, LHP 29)."""
    today = today or timezone.localdate()
    opens_by = _opens_by(today, CaseworkSettings.load().holidays())
    due = Restriction.objects.filter(state=State.IN_FORCE, next_review_date__lte=opens_by)
    due = due.exclude(reviews__status__in=[Review.Status.WITH_CXM, Review.Status.WITH_DIRECTOR])
    opened = 0
    for pk in due.values_list("pk", flat=True).distinct():
        try:
            with transaction.atomic():
                restriction = Restriction.objects.select_for_update().select_related("case").get(pk=pk)
                if restriction.state != State.IN_FORCE or not restriction.next_review_date:
                    continue
                date = restriction.next_review_date
                if restriction.reviews.filter(Q(due_date=date) | ~Q(status=Review.Status.DECIDED)).exists():
                    continue
                review = Review.objects.create(restriction=restriction, case=restriction.case, due_date=date)
                _tell_cxms_of(review)
                opened += 1
        except IntegrityError:  # opened by another run at the same moment
            continue
    return opened


def _tell_cxms_of(review):
    case = review.case
    CaseEvent.objects.create(
        case=case, summary=f"Review {review.reference} of the restrictions opened, due by {long_date(review.due_date)}"
    )
    notify_people(
        cxms_for(case),
        f"Review of restrictions due (case {case.reference})",
        f"The restrictions from case {case.reference} are due for review by {review.due_date:%A} "
        f"{long_date(review.due_date)}. Record what happened since the last review and propose the outcome "
        "(Wandle 3.9).",
        case,
        kind="assigned",
    )


def _locked(review):
    return Review.objects.select_for_update(of=("self",)).select_related("case", "restriction").get(pk=review.pk)


def _reviewable(restriction):
    if restriction.state != State.IN_FORCE:
        raise CaseworkError(
            f"This restriction is {restriction.get_state_display().lower()}: only a restriction in force can be "
            "reviewed or varied."
        )


def extended_end(restriction, extra_months, start_date):
    """The end date of a restriction extended by `extra_months` calendar months beyond its end
    date, as a new determination starting on `start_date`. Returns a date. Raises CaseworkError
    (field "extra_months") for no months, more than 18, or an end more than 18 months after
    `start_date` (Wandle 3.7, 3.9)."""
    if not extra_months or not 1 <= extra_months <= MAX_DURATION_MONTHS:
        raise CaseworkError(
            f"Give how many months beyond the end date: from 1 to {MAX_DURATION_MONTHS}.", "extra_months"
        )
    end = add_months(restriction.end_date, extra_months)
    latest = add_months(start_date, MAX_DURATION_MONTHS) - datetime.timedelta(days=1)
    if end > latest:
        most = extra_months
        while most > 0 and add_months(restriction.end_date, most) > latest:
            most -= 1
        raise CaseworkError(
            f"A new determination lasts at most {MAX_DURATION_MONTHS} months from {long_date(start_date)}: "
            f"extend by {most} month{'' if most == 1 else 's'} at most.",
            "extra_months",
        )
    return end


def _check_proposal(restriction, proposal, reasons, new_terms, extra_months):
    if proposal not in Proposal.values:
        raise CaseworkError("Choose what you propose.", "proposal")
    if not reasons:
        raise CaseworkError("Give the reasons for the outcome: the resident is told them.", "reasons")
    if proposal == Proposal.VARY:
        if not new_terms:
            raise CaseworkError("Write the terms from now on, in words the resident will read.", "new_terms")
        if new_terms == restriction.terms.strip():
            raise CaseworkError("The new terms are the same as the old ones: continue them unchanged.", "new_terms")
    if new_terms:
        restrictions.check_terms(new_terms)
    if proposal == Proposal.EXTEND:
        extended_end(restriction, extra_months, timezone.localdate())


def record_review(
    review,
    by,
    contacts,
    incidents,
    circumstances,
    vulnerability,
    proposal,
    reasons,
    new_terms="",
    extra_months=None,
    details=None,
):
    """A customer experience manager records the review: the resident's `contacts`, the
    `incidents` and breaches since the last review, their `circumstances`, the `vulnerability`
    and reasonable adjustments considered (all in words), and proposes (`proposal`, a
    Review.Proposal) with `reasons` the resident will read, the `new_terms` to vary them, or
    the `extra_months` (1 to 18 calendar months) to extend beyond the end date; a variation
    restates the contact `details` from now on (a dict, see variation.vary_terms). Continuing is
    decided there and then: the next review date is set (at most 12 months on) and the review
    outcome letter drafted. Any other proposal goes to a director to approve. Returns the
    Review. Raises AlreadyDecided when someone else recorded it first, NotAllowed for anyone
    but a CXM on the case while the review waits for them, CaseworkError naming the field for
    a bad value or a restriction no longer in force; then nothing is saved (Wandle 3.7, 3.9;
    LHP 29)."""
    texts = [contacts, incidents, circumstances, vulnerability, reasons, new_terms]
    contacts, incidents, circumstances, vulnerability, reasons, new_terms = ((t or "").strip() for t in texts)
    for field, value, what in [
        ("contacts", contacts, "the resident's contacts since the last review"),
        ("incidents", incidents, "any incidents or breaches since the last review (or that there were none)"),
        ("circumstances", circumstances, "the resident's circumstances"),
        ("vulnerability", vulnerability, "the vulnerability and reasonable adjustments considered"),
    ]:
        if not value:
            raise CaseworkError(f"Record {what}.", field)
    with transaction.atomic():
        review = _locked(review)
        if review.status != Review.Status.WITH_CXM and review.proposed_by_id:
            raise AlreadyDecided(
                f"{display_name(review.proposed_by)} has just recorded this review "
                f"({review.get_status_display().lower()}): nothing you entered was saved."
            )
        if not permissions.can_record_review(by, review):
            raise NotAllowed("Only a customer experience manager on the case records a review waiting for them.")
        restriction = Restriction.objects.select_for_update().get(pk=review.restriction_id)
        _reviewable(restriction)
        _check_proposal(restriction, proposal, reasons, new_terms, extra_months)
        review.contacts, review.incidents = contacts, incidents
        review.circumstances, review.vulnerability = circumstances, vulnerability
        review.proposal, review.reasons = proposal, reasons
        review.new_terms = new_terms if proposal in (Proposal.VARY, Proposal.EXTEND) else ""
        review.new_details = (
            variation.checked_details(restriction, details) if proposal == Proposal.VARY and details else {}
        )
        review.extra_months = extra_months if proposal == Proposal.EXTEND else None
        review.proposed_by, review.proposed_at = by, timezone.now()
        review.returned_note = ""
        case = review.case
        CaseEvent.objects.create(
            case=case,
            actor=by,
            summary=f"Review {review.reference} recorded: {review.get_proposal_display().lower()} proposed",
            detail=reasons,
        )
        if proposal == Proposal.CONTINUE:
            return _apply(review, restriction, by)
        review.status = Review.Status.WITH_DIRECTOR
        review.director = _director_for(review)
        review.save()
        if review.director is None:
            heads = _heads(case)
            permissions.grant_case_access(case, heads)
            CaseEvent.objects.create(case=case, summary=f"Review {review.reference}: no director is free to approve it")
            notify_people(
                heads,
                f"Review of restrictions needs a director (case {case.reference})",
                f"No director may approve the review on case {case.reference}: every one is unavailable or not "
                "named on the case.",
                case,
                kind="escalation",
            )
            return review
        permissions.grant_case_access(case, [review.director])
        CaseEvent.objects.create(
            case=case, summary=f"Review {review.reference} sent to {display_name(review.director)} to approve"
        )
        notify_people(
            [review.director],
            f"Review of restrictions for your approval (case {case.reference})",
            f"A review on case {case.reference} proposes to {review.get_proposal_display().lower()}. It is due by "
            f"{review.due_date:%A} {long_date(review.due_date)}.",
            case,
            kind="assigned",
        )
        return review


def _director_for(review):
    """The director who decided the restriction when they are still active and may see the
    case; else the active director with the fewest open reviews. None when nobody may."""
    directors = (
        get_user_model()
        .objects.filter(groups__name=roles.DIRECTORS, is_active=True)
        .distinct()
        .annotate(open_reviews=Count("reviews", filter=Q(reviews__status=Review.Status.WITH_DIRECTOR)))
        .order_by("open_reviews", "last_name", "first_name", "username")
    )
    people = permissions.may_reach(review.case, directors)
    decided = review.restriction.decision.decided_by_id
    return next((p for p in people if p.pk == decided), None) or next(iter(people), None)


def decide_review(review, by, approve, note=""):
    """The director the review is with approves the proposal (`approve` True; `note` optional)
    or sends it back to the customer experience managers (`approve` False; `note`, saying
    why, required). Approved: varied terms apply at once; lifted, the restriction and its red
    flags end and the reporter's team is told; extended, a new determination supersedes the
    restriction with its new end date and a new restriction letter is drafted. The next review
    date is set and the review outcome letter drafted. Returns the Review. Raises
    AlreadyDecided when it was decided a moment ago, NotAllowed, or CaseworkError naming the
    field (Wandle 3.7, 3.9)."""
    note = (note or "").strip()
    if not approve and not note:
        raise CaseworkError("Say what the customer experience manager should look at again.", "note")
    with transaction.atomic():
        review = _locked(review)
        if review.status == Review.Status.DECIDED:
            raise AlreadyDecided(f"This review has already been decided by {display_name(review.decided_by)}.")
        if not permissions.can_decide_review(by, review) or not permissions.in_role(by, roles.DIRECTORS):
            raise NotAllowed("Only the director the review is with approves it.")
        restriction = Restriction.objects.select_for_update().get(pk=review.restriction_id)
        case = review.case
        if not approve:
            review.status, review.returned_note, review.director = Review.Status.WITH_CXM, note, None
            review.save(update_fields=["status", "returned_note", "director"])
            CaseEvent.objects.create(
                case=case,
                actor=by,
                summary=f"Review {review.reference} sent back to the customer experience managers",
                detail=note,
            )
            notify_people(
                cxms_for(case),
                f"Review of restrictions sent back (case {case.reference})",
                f"The director sent the review on case {case.reference} back to you. It is due by "
                f"{long_date(review.due_date)}.",
                case,
                kind="assigned",
            )
            return review
        _reviewable(restriction)
        _check_proposal(restriction, review.proposal, review.reasons, review.new_terms, review.extra_months)
        review.director_note = note
        return _apply(review, restriction, by)


def _apply(review, restriction, by):
    """The outcome takes effect: the restriction changes as proposed, the review is decided,
    its outcome letter drafted and the CXMs told to issue it."""
    case, today = review.case, timezone.localdate()
    review.terms_before = restriction.terms
    target = restriction
    why = f"Review {review.reference}: {review.reasons}"
    if review.proposal == Proposal.LIFT:
        target = restrictions.change_state(restriction, State.LIFTED, by, f"Lifted early on review. {why}")
        target.next_review_date = None
        target.save(update_fields=["next_review_date"])
        end_flags_of(target, by, f"The restriction it rested on was lifted on review {review.reference}.")
        variation.tell_arrangements_ended(target, f"were lifted on review on {long_date(today)}")
        review.next_review_date = None
    elif review.proposal == Proposal.EXTEND:
        target = _extend(review, restriction, by, today)
        review.new_restriction = target
        review.next_review_date = target.next_review_date
    else:
        if review.proposal == Proposal.VARY:
            variation.vary_terms(
                restriction, by, review.new_terms, f"Varied on review. {why}", review.new_details or None
            )
            target = Restriction.objects.get(pk=restriction.pk)
        target.next_review_date = next_review_after(target, review.due_date)
        target.save(update_fields=["next_review_date"])
        RedFlag.objects.filter(restriction=target, ended_at__isnull=True).update(
            next_review_date=target.next_review_date
        )
        review.next_review_date = target.next_review_date
    review.status, review.decided_by, review.decided_at = Review.Status.DECIDED, by, timezone.now()
    review.save()
    next_words = f"; next review {long_date(review.next_review_date)}" if review.next_review_date else ""
    CaseEvent.objects.create(
        case=case,
        actor=by,
        summary=f"Review {review.reference} decided: {OUTCOME_WORDS[review.proposal]}{next_words}",
        detail=review.reasons,
    )
    review.letter = variation.draft_or_none(case, by, LetterKind.REVIEW_OUTCOME, target)
    if review.letter is not None and Review.objects.filter(letter=review.letter).exclude(pk=review.pk).exists():
        review.letter = None  # an earlier review's outcome letter is still a draft: issue that one first
    review.save(update_fields=["letter"])
    notify_people(
        cxms_for(case),
        f"Review decided (case {case.reference})",
        f"The review on case {case.reference} is decided: {OUTCOME_WORDS[review.proposal]}. Its review outcome "
        "letter is drafted: read it and issue it, so the resident is told.",
        case,
    )
    return review


def _extend(review, restriction, by, today):
    """A new determination: a restriction like the old one (with any new terms) in force from
    today to the extended end date, approved by the director at a decided director step of the
    case; the old one is superseded and its red flags rest on the new one. A new restriction
    letter is drafted."""
    case = restriction.case
    end = extended_end(restriction, review.extra_months, today)
    months = 1
    while add_months(today, months) - datetime.timedelta(days=1) < end:
        months += 1
    number = (case.steps.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    step = Step.objects.create(
        case=case, number=number, kind=Step.Kind.DIRECTOR, status=Step.Status.DECIDED, due_date=review.due_date
    )
    decision = Decision.objects.create(
        step=step,
        case=case,
        decided_by=by,
        choice=Decision.Choice.APPROVE,
        rationale=f"Extended on review {review.reference} by {review.extra_months} months: {review.reasons}",
        **policy_in_force(),
    )
    terms = review.new_terms or restriction.terms
    restrictions.check_terms(terms)
    restrictions.change_state(
        restriction, State.SUPERSEDED, by, f"Superseded by a new determination on review {review.reference}."
    )
    new = Restriction.objects.create(
        customer_id=restriction.customer_id,
        case=case,
        decision=decision,
        types=list(restriction.types),
        named_contact=restriction.named_contact,
        allowed_channel=restriction.allowed_channel,
        call_times=restriction.call_times,
        no_reply_topics=restriction.no_reply_topics,
        correspondence_reader=restriction.correspondence_reader,
        terms=terms,
        duration_months=months,
        review_interval_months=restriction.review_interval_months,
        communicated_on=None,
        start_date=today,
        end_date=end,
        state=State.IN_FORCE,
    )
    new.next_review_date = min(next_review_after(new, review.due_date), end)
    new.save(update_fields=["next_review_date"])
    RestrictionEvent.objects.create(
        restriction=new,
        to_state=State.IN_FORCE,
        by=by,
        reason=f"A new determination on review {review.reference}: in force from {long_date(today)} to "
        f"{long_date(end)}, replacing the restriction it extends.",
    )
    RedFlag.objects.filter(restriction=restriction, ended_at__isnull=True).update(
        restriction=new, end_date=end, next_review_date=new.next_review_date, contact_arrangements=new.arrangements()
    )
    issued = (
        Letter.objects.filter(restriction=restriction, kind=LetterKind.RESTRICTION, state=Letter.State.ISSUED)
        .exclude(replaced_by__isnull=False)
        .last()
    )
    variation.draft_or_none(case, by, LetterKind.RESTRICTION, new, replaces=issued)
    return new


def review_facts(review, letter_date):
    """The placeholders of a review outcome letter about `review`, dated `letter_date`: what
    was reviewed, the outcome and why, the terms from now on with their dates and the next
    review date (Wandle 3.9, LHP 29). Returns a dict of strings."""
    restriction = review.new_restriction or review.restriction
    ended = timezone.localdate(review.decided_at) if review.proposal == Proposal.LIFT and review.decided_at else None
    return {
        "review_date": long_date(review.due_date),
        "reviewed_what": REVIEWED_WHAT,
        "review_outcome": OUTCOME_WORDS.get(review.proposal, ""),
        "outcome_reasons": review.reasons,
        "terms_from_now": terms_from_now(restriction, ended),
        "next_review_date": long_date(review.next_review_date)
        if review.next_review_date
        else "none: the restrictions have ended",
    }


# --- Scheduled: reminders and escalation -------------------------------------------------


def _holders(review):
    if review.status == Review.Status.WITH_DIRECTOR:
        return [review.director] if review.director_id else _heads(review.case)
    return cxms_for(review.case)


def send_review_reminders_and_escalations(today=None):
    """Scheduled daily (safe to run more often): remind whoever an open review is with two
    working days before its date, and tell the head of customer services (and them) of each
    review not decided by its date. Each notice goes once, however many runs. Takes the date
    (default today); returns {"reminders": n, "escalations": n} (Wandle 3.9)."""
    today = today or timezone.localdate()
    holidays = CaseworkSettings.load().holidays()
    sent = {"reminders": 0, "escalations": 0}
    # A review whose restriction lapsed or ended meanwhile has nothing left to decide.
    still_open = Review.objects.exclude(status=Review.Status.DECIDED).filter(restriction__state=State.IN_FORCE)
    for pk in still_open.values_list("pk", flat=True):
        with transaction.atomic():
            review = _locked(Review(pk=pk))
            if not review.is_open:
                continue
            if review.due_date < today:
                if review.escalated_at is None:
                    _escalate(review)
                    sent["escalations"] += 1
            elif (
                review.reminder_sent_at is None
                and working_days_between(today, review.due_date, holidays) <= REMINDER_WORKING_DAYS_BEFORE
            ):
                review.reminder_sent_at = timezone.now()
                review.save(update_fields=["reminder_sent_at"])
                notify_people(
                    _holders(review),
                    f"Reminder: the review on case {review.case.reference} is due by {long_date(review.due_date)}",
                    f"The review of the restrictions on case {review.case.reference} must be decided by "
                    f"{review.due_date:%A} {long_date(review.due_date)} (Wandle 3.9).",
                    review.case,
                    kind="reminder",
                )
                sent["reminders"] += 1
    return sent


def _escalate(review):
    review.escalated_at = timezone.now()
    review.save(update_fields=["escalated_at"])
    case = review.case
    heads = _heads(case)
    permissions.grant_case_access(case, heads)
    holders = _holders(review)
    notify_people(
        heads + [person for person in holders if person not in heads],
        f"Overdue: the review on case {case.reference} was due by {long_date(review.due_date)}",
        f"The review of the restrictions on case {case.reference} was due to be decided by "
        f"{long_date(review.due_date)} and has not been (Wandle 3.9).",
        case,
        kind="escalation",
    )
    names = ", ".join(display_name(user) for user in heads) or "nobody on the sensitive case's list"
    CaseEvent.objects.create(case=case, summary=f"Review {review.reference} overdue: escalated to {names}")


def reviews_due_reminders_and_escalations(today=None):
    """Scheduled daily: open the reviews coming due, then send the reminders and escalations.
    Takes the date (default today); returns {"opened": n, "reminders": n, "escalations": n}."""
    today = today or timezone.localdate()
    return {"opened": open_due_reviews(today), **send_review_reminders_and_escalations(today)}


def open_reviews_for(user):
    """The open reviews waiting for `user`: those with the director they are with, and for a
    customer experience manager those waiting for the CXMs on cases shared with them. Oldest
    date first. Returns a queryset."""
    waiting = Q(status=Review.Status.WITH_DIRECTOR, director=user)
    if permissions.in_role(user, roles.CUSTOMER_EXPERIENCE_MANAGERS):
        shared = permissions.cases_shared_with(user)
        waiting |= Q(status=Review.Status.WITH_CXM, case__in=shared)
    reviews = Review.objects.filter(waiting, restriction__state=State.IN_FORCE)
    return reviews.select_related("case__customer", "restriction").order_by("due_date", "pk")
