"""The parts each kind of letter must contain, as the policies require them (LHP 26–28,
Wandle 3.6–3.10 and 5.0), and the check that finds them in a rendered letter: every phrase
and every fact a part names must be in the letter's text."""

from dataclasses import dataclass

from ..models import LetterKind


@dataclass(frozen=True)
class Part:
    """A part of a letter the policy requires: `name` says it to the person refused; the
    rendered letter must hold every phrase and every fact named (each item of a list)."""

    key: str
    name: str
    phrases: tuple = ()
    facts: tuple = ()


REQUIRED_PARTS = {
    # LHP 26, Wandle 3.8.
    LetterKind.WARNING: [
        Part("behaviour", "what the behaviour was and when", facts=("behaviour", "incident_dates")),
        Part("unacceptable", "that it is unacceptable, and under which policy", ("unacceptable",), ("policy_title",)),
        Part("change", "what we ask the resident to change", ("we ask you to",)),
        Part("continues", "what happens if the behaviour continues", ("if this behaviour continues",)),
        Part("concern", "how to raise a concern or make a complaint", ("complaint",), ("complaints_contact",)),
    ],
    # LHP 27–29, Wandle 3.6–3.10 and 5.0.
    LetterKind.RESTRICTION: [
        Part(
            "why", "why: the behaviour and its impact", ("impact",), ("behaviour", "incident_dates", "decision_reasons")
        ),
        Part(
            "what",
            "exactly what is restricted and how to contact us instead (named contact, channel and times)",
            facts=("restriction_types", "restriction_terms", "named_contact", "contact_channel", "contact_times"),
        ),
        Part("dates", "from and until which dates the restrictions apply", facts=("start_date", "end_date")),
        Part(
            "review",
            "when and how the restrictions are reviewed",
            ("review",),
            ("review_interval", "first_review_date"),
        ),
        Part("policy", "that a copy of the policy is enclosed", ("enclosed",), ("policy_title",)),
        Part(
            "appeal",
            "the right to appeal: to whom, how, by when, and that a director who took no part decides it "
            "within 28 days",
            ("appeal", "took no part", "28 days"),
            ("appeal_contact", "appeal_by"),
        ),
        Part("ombudsman", "the right to contact the Housing Ombudsman", ("housing ombudsman",), ("ombudsman_contact",)),
        Part(
            "always_open",
            "what always stays open (emergency and essential contact by phone, statutory "
            "consultation, the complaints process)",
            facts=("always_open",),
        ),
        Part("surveys", "exclusion from feedback surveys while restricted", ("survey",)),
        Part(
            "flag",
            "what information we keep about the red flag, who sees it, for how long and the resident's rights",
            ("red flag", "who sees", "your rights"),
            ("flag_retention",),
        ),
    ],
    # Wandle 3.10.
    LetterKind.APPEAL_OUTCOME: [
        Part("appeal", "what was appealed and when we received the appeal", ("appeal",), ("appeal_received_on",)),
        Part("outcome", "the outcome of the appeal and the reasons", facts=("appeal_outcome", "outcome_reasons")),
        Part("decider", "that a director who took no part in the decision considered it", ("took no part",)),
        Part("from_now", "what applies from now on, with its dates", facts=("terms_from_now",)),
        Part("ombudsman", "the right to contact the Housing Ombudsman", ("housing ombudsman",), ("ombudsman_contact",)),
        Part("always_open", "what always stays open", facts=("always_open",)),
    ],
    # Wandle 3.9, LHP 29.
    LetterKind.REVIEW_OUTCOME: [
        Part("reviewed", "what was reviewed", ("review",), ("review_date", "reviewed_what")),
        Part("outcome", "the outcome of the review and why", facts=("review_outcome", "outcome_reasons")),
        Part("from_now", "the terms from now on, with their dates", facts=("terms_from_now",)),
        Part("next_review", "the next review date", ("next review",), ("next_review_date",)),
        Part(
            "appeal",
            "the right to appeal: to whom, how and by when",
            ("appeal",),
            ("appeal_contact", "appeal_by"),
        ),
        Part("ombudsman", "the right to contact the Housing Ombudsman", ("housing ombudsman",), ("ombudsman_contact",)),
        Part("always_open", "what always stays open", facts=("always_open",)),
    ],
    # LHP 33 and 28.
    LetterKind.DECLINED_COMPLAINT: [
        Part("complaint", "which complaint and when we received it", ("complaint",), ("complaint_received_on",)),
        Part(
            "merits",
            "that the Executive Director of Customers (or a director for them) considered it on its merits",
            ("on its merits",),
        ),
        Part("reasons", "that it was declined, and the reasons", ("declined",), ("decline_reasons",)),
        Part("ombudsman", "the right to contact the Housing Ombudsman", ("housing ombudsman",), ("ombudsman_contact",)),
        Part("always_open", "what always stays open", facts=("always_open",)),
    ],
}


def _normal(text):
    return " ".join(text.replace("’", "'").lower().split())


def missing_parts(kind, text, facts, enclosure_ready=True):
    """The names of the parts a letter of `kind` requires that `text` (the rendered letter)
    lacks, in the policy's order; empty when it has them all."""
    haystack = _normal(text)
    missing = []
    for part in REQUIRED_PARTS.get(kind, []):
        present = all(_normal(phrase) in haystack for phrase in part.phrases)
        for name in part.facts:
            value = facts.get(name) or ""
            values = value if isinstance(value, list) else [value]
            present = present and bool(values) and all(v.strip() and _normal(v) in haystack for v in values)
        if part.key == "policy" and not enclosure_ready:
            present = False
        if not present:
            missing.append(part.name)
    return missing
