"""Letter templates in the admin: the facts of a demo case (nobody real) to preview a
template with, and what is wrong with a template's wording before it is saved."""

import datetime

from ..models import Case, Customer, Letterhead, LetterKind, Restriction
from .letter_content import (
    behaviour_items,
    channels_text,
    incident_dates_text,
    letterhead_facts,
    long_date,
    render,
    restriction_facts,
)
from .letter_outcomes import sample_outcome_facts


def sample_facts(kind, letter_date=None):
    """The facts of a demo case (nobody real) for previewing and checking a template of
    `kind` (a LetterKind), dated `letter_date` (default today). Returns a dict as case_facts."""

    letter_date = letter_date or datetime.date.today()
    letterhead = Letterhead.load()
    case = Case(
        pk=1,
        customer=Customer(name="Alex Sample", reference="C000000", address="1 Example Road, London", postcode="E1 1AA"),
        first_incident_date=letter_date - datetime.timedelta(days=40),
        last_incident_date=letter_date - datetime.timedelta(days=12),
        channels=["phone", "email"],
        categories=["abusive_language", "excessive_contact"],
        outcome_rationale="The calls continued after a warning and the officers were distressed by them.",
    )
    facts = letterhead_facts(letterhead, letter_date)
    facts.update(
        resident_name="Alex Sample",
        resident_address="1 Example Road, London\nE1 1AA",
        resident_reference="C000000",
        case_reference=case.reference,
        letter_date=long_date(letter_date),
        incident_dates=incident_dates_text(case.first_incident_date, case.last_incident_date),
        channels=channels_text(case.channels),
        behaviour=behaviour_items(case.categories),
        decision_reasons=case.outcome_rationale,
        policy_title="Limited Contact Policy",
        policy_version="Version 1",
        director_name="Priya Shah",
        director_title="Executive Director of Customers",
        signatory_name="Priya Shah",
        signatory_title="Executive Director of Customers",
    )
    restriction = Restriction(
        types=["one_channel", "named_contact"],
        terms="Email only, to the income team leader, who replies within five working days.",
        named_contact="the income team leader",
        allowed_channel="email",
        duration_months=6,
        review_interval_months=3,
    )
    if kind == LetterKind.RESTRICTION:
        facts.update(restriction_facts(restriction, letter_date))
    facts.update(sample_outcome_facts(kind, restriction))
    return facts


def template_problems(template):
    """What is wrong with a LetterTemplate's wording, as messages: placeholders that do not
    exist, and the required parts a demo case's letter made from it would lack."""
    rendered = render(template.subject or "", template.body or "", sample_facts(template.kind), template.kind)
    problems = [f"There is no placeholder called {{{{ {name} }}}}." for name in rendered.unknown]
    problems += [
        f"“{piece}” is not filled in: it would reach the resident as typed. Write placeholders like "
        "{{ end_date }}, without filters or tags."
        for piece in rendered.unfilled
    ]
    problems += [f"The letter must say {name}." for name in rendered.missing]
    return problems


def sample_preview(template):
    """The context for the admin's preview of `template`: the letter a demo case would get."""
    from .letter_pdf import letter_document

    facts = sample_facts(template.kind)
    rendered = render(template.subject, template.body, facts, template.kind)
    return {
        "letter_html": letter_document(rendered, facts, Letterhead.load(), for_screen=True),
        "rendered": rendered,
    }
