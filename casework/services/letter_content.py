"""What a letter says: the case's facts as placeholders, and the letter's plain-text wording
made into HTML and text with them in. The required parts (letter_parts) are checked on the
text rendered here, so wording edited in the admin or on the draft that drops a part is
caught before the letter goes out (LHP 26–28, Wandle 3.6–3.10 and 5.0)."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..choices import CATEGORY_LABELS, CHANNEL_LABELS, Category, Channel, category_guidance
from ..models import Letterhead, LetterKind, add_months
from .letter_parts import missing_parts
from .notices import display_name

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")
# Template syntax still in the rendered text, to the end of its line if never closed.
UNFILLED = re.compile(r"\{[{%].*?(?:[}%]\}|$)", re.MULTILINE)

# What always stays open (Wandle 3.6, LHP 33), in the words a letter uses.
ALWAYS_OPEN = [
    "make emergency and essential contact with us by phone, for example about an emergency repair "
    "or an urgent safeguarding concern",
    "take part in any statutory consultation",
    "use our complaints process",
]
OFFICE_HOURS = "Monday to Friday, 9am to 5pm"

# Every placeholder a template may use, with what it says, for the people who write templates.
FACTS = {
    "resident_name": "The resident's name",
    "resident_address": "The resident's address",
    "resident_reference": "The resident's customer reference",
    "case_reference": "The case reference",
    "letter_date": "The date of the letter (the day it is issued)",
    "incident_dates": "When the behaviour happened, e.g. “on 12 January 2026”",
    "channels": "How the resident contacted us, e.g. “by phone and email”",
    "behaviour": "The behaviour, in the policy's words (a list)",
    "policy_title": "The policy the decision was made under",
    "policy_version": "The version of that policy",
    "decision_reasons": "The reasons for the decision, as the director approved them",
    "director_name": "The director who decided, e.g. “Priya Shah”",
    "director_title": "Their job title, e.g. “Executive Director of Customers”",
    "restriction_types": "The restrictions (a list)",
    "restriction_terms": "The terms of the restrictions, in words",
    "named_contact": "The named colleague or team the resident contacts",
    "contact_channel": "The one way the resident contacts us",
    "contact_times": "When the resident may contact us",
    "start_date": "The first day of the restrictions (the first letter's date; a re-issue keeps it)",
    "end_date": "The last day of the restrictions",
    "duration": "How long the restrictions last, e.g. “6 months”",
    "review_interval": "How often they are reviewed, e.g. “3 months”",
    "first_review_date": "The date of the first review",
    "review_dates": "Every review date (a list)",
    "appeal_contact": "How and to whom to appeal (letterhead settings)",
    "appeal_by": "The date an appeal should reach us by",
    "ombudsman_contact": "The Housing Ombudsman's details (letterhead settings)",
    "complaints_contact": "How to raise a concern or complaint (letterhead settings)",
    "flag_retention": "How long the red flag's record is kept (letterhead settings)",
    "always_open": "What always stays open (a list)",
    "organisation_name": "The organisation's name",
    "organisation_phone": "The organisation's phone number",
    "signatory_name": "Who signs the letter",
    "signatory_title": "Their job title",
    # Appeal and review outcome letters (casework.services.letter_outcomes).
    "appeal_received_on": "The date the appeal was received",
    "appealed": "What was appealed, e.g. “our decision to limit how you contact us”",
    "appeal_outcome": "The outcome of the appeal, in words",
    "outcome_reasons": "The reasons for the outcome of the appeal or review",
    "terms_from_now": "What applies from now on, with its dates",
    "review_date": "The date the restriction was due for review",
    "reviewed_what": "What the review looked at, in words",
    "review_outcome": "The outcome of the review, in words",
    "next_review_date": "The date of the next review (or that there is none)",
    # Letters declining a new complaint (casework.services.complaints, LHP 33).
    "complaint_received_on": "The date the new complaint was received",
    "complaint_summary": "The new complaint, in the resident's words (a list)",
    "decline_reasons": "Why it was declined (a list)",
}


def long_date(day):
    """A date as letters write it: 3 May 2026."""
    return f"{day.day} {day:%B %Y}"


def months(count):
    return f"{count} month{'' if count == 1 else 's'}"


def incident_dates_text(first, last):
    if first and last and last != first:
        return f"between {long_date(first)} and {long_date(last)}"
    return f"on {long_date(first)}" if first else ""


# How "when you contacted us …" says each channel.
CHANNEL_PHRASES = {
    Channel.PHONE: "by phone",
    Channel.EMAIL: "by email",
    Channel.LETTER: "by letter",
    Channel.IN_PERSON: "in person",
    Channel.PORTAL: "through the customer portal",
    Channel.SOCIAL_MEDIA: "on social media",
    Channel.HOME_VISIT: "during a home visit",
}


def channels_text(values):
    """The channels as a letter says them, e.g. "by phone, by email and in person"."""
    phrases = [CHANNEL_PHRASES.get(value, CHANNEL_LABELS.get(value, value).lower()) for value in values]
    if len(phrases) < 2:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def behaviour_items(categories):
    items = []
    for value in categories:
        label = CATEGORY_LABELS.get(value, value)
        guidance = category_guidance(value) if value in Category.values else None
        items.append(f"{label}: {guidance['text'][0].lower()}{guidance['text'][1:]}" if guidance else label)
    return items


def restriction_dates(restriction, letter_date):
    """The restriction's start, end and review dates: its own once in force, else as they
    will be from `letter_date` (LHP 29: reviews run from the letter's date). Returns
    (start, end, [review dates]); calendar months."""
    from .restrictions import dates_from

    if restriction.start_date:
        start, end = restriction.start_date, restriction.end_date
    else:
        start = letter_date
        end, _ = dates_from(start, restriction.duration_months, restriction.review_interval_months)
    reviews, step = [], 1
    while (review := add_months(start, restriction.review_interval_months * step)) <= end:
        reviews.append(review)
        step += 1
    return start, end, reviews or [end]


def _director(case, restriction):
    if restriction is not None:
        return restriction.decision.decided_by
    decision = case.decisions.filter(step__kind="director").select_related("decided_by").last()
    return decision.decided_by if decision else None


def _policy(case, restriction, letterhead, enclosed):
    """The policy title and version the decision was made under, where the decision recorded
    them; otherwise those of the policy the letterhead encloses."""
    decision = restriction.decision if restriction is not None else case.decisions.order_by("pk").last()
    if decision is not None and decision.policy_title:
        return decision.policy_title, decision.policy_version_label
    if enclosed is not None:
        return enclosed.title, enclosed.version
    from .letter_pdf import policy_label, policy_page

    page = policy_page(letterhead)
    return policy_label(page) if page is not None else ("", "")


def case_facts(case, kind, letter_date, signed_by, restriction=None, letterhead=None, enclosed=None):
    """Every placeholder's value for a letter of `kind` on `case` dated `letter_date`: strings,
    or lists of strings. Never the reporter, other residents or what the report says happened.
    Takes the case, a LetterKind, a date, a LetterTemplate.Signatory, the Restriction (for a
    restriction letter), the Letterhead and the enclosure (letter_pdf.Enclosure or None)."""
    letterhead = letterhead or Letterhead.load()
    customer = case.customer
    facts = letterhead_facts(letterhead, letter_date)
    facts.update(
        resident_name=customer.name if customer else case.unlisted_customer_name,
        resident_address="\n".join([customer.address, customer.postcode]) if customer else "",
        resident_reference=customer.reference if customer else "",
        case_reference=case.reference,
        letter_date=long_date(letter_date),
        incident_dates=incident_dates_text(case.first_incident_date, case.last_incident_date),
        channels=channels_text(case.channels),
        behaviour=behaviour_items(case.categories),
        decision_reasons=case.outcome_rationale,
    )
    facts["policy_title"], facts["policy_version"] = _policy(case, restriction, letterhead, enclosed)
    director = _director(case, restriction)
    profile = getattr(director, "staff_profile", None) if director is not None else None
    facts.update(
        director_name=display_name(director) if director is not None else "",
        director_title=(getattr(profile, "job_title", "") or "Director") if director is not None else "",
    )
    if signed_by == "head" or director is None:
        facts.update(
            signatory_name=letterhead.head_of_customer_services,
            signatory_title=letterhead.head_of_customer_services_title,
        )
    else:
        facts.update(signatory_name=facts["director_name"], signatory_title=facts["director_title"])
    if kind == LetterKind.RESTRICTION and restriction is not None:
        facts.update(restriction_facts(restriction, letter_date))
    return facts


def restriction_terms(restriction):
    """The terms as the letter says them: after a refusal of all contact (LHP 31), the refusal
    and what still stays open come first."""
    refusal = restriction.refusal()
    return f"{refusal.in_words()} {restriction.terms}" if refusal is not None else restriction.terms


def restriction_facts(restriction, letter_date):
    start, end, reviews = restriction_dates(restriction, letter_date)
    return {
        "restriction_types": restriction.type_labels(),
        "restriction_terms": restriction_terms(restriction),
        "named_contact": restriction.named_contact,
        "contact_channel": restriction.get_allowed_channel_display().lower() if restriction.allowed_channel else "",
        "contact_times": restriction.call_times or OFFICE_HOURS,
        "start_date": long_date(start),
        "end_date": long_date(end),
        "duration": months(restriction.duration_months),
        "review_interval": months(restriction.review_interval_months),
        "first_review_date": long_date(reviews[0]),
        "review_dates": [long_date(day) for day in reviews],
    }


def letterhead_facts(letterhead, letter_date):
    return {
        "appeal_contact": letterhead.appeal_contact.strip(),
        "appeal_by": long_date(letter_date + datetime.timedelta(days=letterhead.appeal_window_days)),
        "ombudsman_contact": letterhead.ombudsman_contact.strip(),
        "complaints_contact": letterhead.complaints_contact.strip(),
        "flag_retention": letterhead.flag_retention.strip(),
        "always_open": list(ALWAYS_OPEN),
        "organisation_name": letterhead.organisation_name,
        "organisation_phone": letterhead.phone,
    }


# --- Rendering -----------------------------------------------------------------------


@dataclass
class Rendered:
    """A letter's wording with the facts in: `html` (safe) and `text`, the placeholders it
    names that do not exist, the template text left unfilled (a placeholder written wrongly,
    a filter or a tag, which would reach the resident as typed), and the required parts it
    lacks (their names)."""

    subject: str
    html: str
    text: str
    unknown: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    unfilled: list = field(default_factory=list)

    @property
    def ready(self):
        return not (self.unknown or self.missing or self.unfilled)


def _fill(text, facts, unknown):
    """`text` with each placeholder replaced: (escaped HTML, plain text)."""
    html, plain, position = [], [], 0
    for match in PLACEHOLDER.finditer(text):
        html.append(escape(text[position : match.start()]))
        plain.append(text[position : match.start()])
        name = match.group(1)
        if name not in FACTS:
            unknown.append(name)
            value = match.group(0)
        else:
            value = facts.get(name, "")
            value = "; ".join(value) if isinstance(value, list) else value
        html.append(escape(value).replace("\n", ", "))
        plain.append(value.replace("\n", ", "))
        position = match.end()
    html.append(escape(text[position:]))
    plain.append(text[position:])
    return "".join(html), "".join(plain)


def render(subject, body, facts, kind=None, enclosure_ready=True):
    """The letter's `subject` and `body` (plain text with placeholders: blank lines between
    paragraphs, "## " headings, "- " bullets, and "- {{ list }}" for one bullet per item) with
    `facts` in. With `kind`, checks the required parts (letter_parts.REQUIRED_PARTS; a restriction letter
    also needs its policy enclosure, `enclosure_ready`). Returns a Rendered."""
    unknown = []
    subject_html, subject_text = _fill(subject, facts, unknown)
    html, text, paragraph, items = [], [], [], []

    def flush():
        if paragraph:
            html.append("<p>" + "<br>".join(line for line, _ in paragraph) + "</p>")
            text.append("\n".join(plain for _, plain in paragraph))
            paragraph.clear()
        if items:
            html.append("<ul>" + "".join(f"<li>{line}</li>" for line, _ in items) + "</ul>")
            text.append("\n".join(f"- {plain}" for _, plain in items))
            items.clear()

    for raw in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("## "):
            flush()
            heading, plain = _fill(line[3:], facts, unknown)
            html.append(f"<h2>{heading}</h2>")
            text.append(plain)
        elif line.startswith("- "):
            if paragraph:
                flush()
            whole = PLACEHOLDER.fullmatch(line[2:].strip())
            value = facts.get(whole.group(1)) if whole else None
            if isinstance(value, list):
                items.extend((escape(item), item) for item in value)
            else:
                items.append(_fill(line[2:], facts, unknown))
        else:
            if items:
                flush()
            paragraph.append(_fill(line, facts, unknown))
    flush()
    rendered = Rendered(subject_text, mark_safe("\n".join(html)), "\n\n".join(text), sorted(set(unknown)))  # noqa: S308
    rendered.unfilled = unfilled_text(f"{subject_text}\n{rendered.text}", rendered.unknown)
    if kind is not None:
        rendered.missing = missing_parts(kind, rendered.text, facts, enclosure_ready)
    return rendered


def unfilled_text(text, unknown=()):
    """The pieces of `text` (a rendered letter) that are still template syntax, "{{" or "{%"
    onwards, in order and each once; placeholders already reported as `unknown` left out."""
    found = []
    for match in UNFILLED.finditer(text):
        piece = match.group(0).strip()
        named = PLACEHOLDER.fullmatch(piece)
        if piece not in found and not (named and named.group(1) in unknown):
            found.append(piece)
    return found
