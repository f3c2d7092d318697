"""The facts of appeal and review outcome letters (Wandle 3.9 and 3.10, LHP 29): what was
appealed or reviewed, the outcome and why, what applies from now on with its dates, and who
decided. Read from the appeal or review the letter was drafted for (or the one its re-issue
replaces)."""

from django.utils import timezone

from ..models import Appeal, LetterKind, Restriction
from .letter_content import long_date
from .notices import display_name

# How an appeal outcome letter says it, after "Your appeal has been": "upheld" is the director's
# word for the decision standing, which a resident would read as their appeal succeeding.
APPEAL_OUTCOME_WORDS = {
    Appeal.Outcome.UPHELD: "turned down: our decision stands",
    Appeal.Outcome.VARIED: "partly accepted: we have changed the terms",
    Appeal.Outcome.OVERTURNED: "accepted: our decision is overturned",
}
WARNING_APPEAL_OUTCOME_WORDS = {
    Appeal.Outcome.UPHELD: "turned down: the warning letter stands",
    Appeal.Outcome.VARIED: "partly accepted: the warning letter is corrected",
    Appeal.Outcome.OVERTURNED: "accepted: the warning is withdrawn",
}


def _source(letter, model, name):
    """The appeal or review behind `letter`, following re-issues back to the first letter."""
    while letter is not None:
        found = model.objects.filter(**{name: letter}).select_related("decided_by__staff_profile").first()
        if found is not None:
            return found
        letter = letter.replaces
    return None


def terms_from_now(restriction, ended_on=None):
    """What applies from now on, in words: the terms and their dates, or that the restrictions
    have ended (`ended_on`, a date). Takes a Restriction; returns a string."""
    if ended_on is not None or not restriction.is_current:
        day = long_date(ended_on) if ended_on else "today"
        return f"From {day} there are no restrictions on how you contact us."
    text = restriction.terms.strip()
    if restriction.start_date and restriction.end_date:
        return f"{text} These apply until {long_date(restriction.end_date)}."
    return (
        f"{text} These apply for {restriction.duration_months} months from the date of the letter that tells you "
        "about them."
    )


def _signatory(person):
    profile = getattr(person, "staff_profile", None)
    return {"signatory_name": display_name(person), "signatory_title": getattr(profile, "job_title", "") or "Director"}


def appeal_facts(appeal, letter_date):
    """The placeholders of an appeal outcome letter about `appeal`, dated `letter_date`."""
    if appeal.on_warning:
        return warning_appeal_facts(appeal)
    restriction = appeal.restriction
    ended = (
        appeal.decided_at.date() if restriction.state == Restriction.State.OVERTURNED and appeal.decided_at else None
    )
    outcome = APPEAL_OUTCOME_WORDS.get(appeal.outcome, "")
    facts = {
        "appeal_received_on": long_date(appeal.received_on),
        "appealed": "our decision to limit how you contact us",
        "appeal_outcome": outcome,
        "outcome_reasons": appeal.reasons,
        "terms_from_now": terms_from_now(restriction, ended),
        "next_review_date": _next_review(restriction),
    }
    if appeal.decided_by_id:
        facts.update(_signatory(appeal.decided_by))
    return facts


def warning_appeal_facts(appeal):
    """The placeholders of the outcome letter of an appeal against a warning letter."""
    from .appeals import issued_warning_letter

    sent = issued_warning_letter(appeal.warning)
    sent_day = (sent.letter_date or timezone.localdate(sent.issued_at)) if sent is not None else None
    sent_on = long_date(sent_day) if sent_day else "earlier"
    outcome = WARNING_APPEAL_OUTCOME_WORDS.get(appeal.outcome, "")
    from_now = {
        Appeal.Outcome.UPHELD: f"The warning letter of {sent_on} stands, as it was written.",
        Appeal.Outcome.VARIED: f"We have corrected the warning letter of {sent_on}: {appeal.corrections} The "
        "corrected letter comes with this one and replaces it.",
        Appeal.Outcome.OVERTURNED: f"We have withdrawn the warning letter of {sent_on}. It will not be held "
        "against you.",
    }.get(appeal.outcome, "")
    facts = {
        "appeal_received_on": long_date(appeal.received_on),
        "appealed": f"our warning letter of {sent_on}",
        "appeal_outcome": outcome,
        "outcome_reasons": appeal.reasons,
        "terms_from_now": from_now,
        "next_review_date": "none: a warning letter is not reviewed",
    }
    if appeal.decided_by_id:
        facts.update(_signatory(appeal.decided_by))
    return facts


def _next_review(restriction):
    if restriction.is_current and restriction.next_review_date:
        return long_date(restriction.next_review_date)
    return "none: the restrictions have ended" if not restriction.is_current else "set when the restrictions start"


def outcome_facts(letter, letter_date):
    """The extra placeholders of an appeal or review outcome `letter`; {} for other kinds."""
    if letter.kind == LetterKind.APPEAL_OUTCOME:
        appeal = _source(letter, Appeal, "letter")
        return appeal_facts(appeal, letter_date) if appeal is not None else {}
    if letter.kind == LetterKind.DECLINED_COMPLAINT:
        return declined_complaint_facts(letter)
    if letter.kind == LetterKind.REVIEW_OUTCOME:
        from ..models import Review

        review = _source(letter, Review, "letter")
        if review is not None:
            from .reviews import review_facts

            return review_facts(review, letter_date)
    return {}


def declined_complaint_facts(letter):
    """The placeholders of a letter declining new complaints (LHP 33): when each was received,
    what it said and why it was declined, from the complaints the letter (or the first letter its
    re-issue replaces) was drafted for; signed by whoever declined them."""
    from ..models import NewComplaint

    while letter is not None:
        declined = list(
            NewComplaint.objects.filter(letter=letter, status=NewComplaint.Status.DECLINED)
            .select_related("decided_by__staff_profile")
            .order_by("received_on", "pk")
        )
        if declined:
            break
        letter = letter.replaces
    else:
        return {}
    days = [long_date(complaint.received_on) for complaint in declined]
    facts = {
        "complaint_received_on": " and ".join([", ".join(days[:-1]), days[-1]] if len(days) > 1 else days),
        "complaint_summary": [complaint.summary for complaint in declined],
        "decline_reasons": [complaint.reasons for complaint in declined],
    }
    facts.update(_signatory(declined[-1].decided_by))
    return facts


def sample_outcome_facts(kind, restriction):
    """Demo values for previewing and checking an appeal or review outcome template."""
    if kind == LetterKind.APPEAL_OUTCOME:
        return {
            "appeal_received_on": "2 March 2026",
            "appealed": "our decision to limit how you contact us",
            "appeal_outcome": APPEAL_OUTCOME_WORDS[Appeal.Outcome.VARIED],
            "outcome_reasons": "Email suits the resident's hearing better than phone; the other terms stand.",
            "terms_from_now": terms_from_now(restriction),
            "next_review_date": "1 June 2026",
        }
    if kind == LetterKind.REVIEW_OUTCOME:
        return {
            "review_date": "1 June 2026",
            "reviewed_what": "how you contacted us since the last review: 4 calls, all within the arrangements",
            "review_outcome": "continued unchanged",
            "outcome_reasons": "Contact has kept to the arrangements, which are still needed to protect staff.",
            "terms_from_now": terms_from_now(restriction),
            "next_review_date": "1 September 2026",
        }
    if kind == LetterKind.DECLINED_COMPLAINT:
        return {
            "complaint_received_on": "2 March 2026",
            "complaint_summary": ["The repair to my kitchen ceiling was booked three times and nobody came."],
            "decline_reasons": [
                "This is the same complaint we investigated in January (reference CMP-1042); nothing new has happened."
            ],
        }
    return {}
