"""Letters for tests: the templates and the enclosed policy in place, cases that need a
warning or a restriction letter, and reading an issued PDF's text back."""

import datetime
import io
import re

from pypdf import PdfReader

from casework.letter_defaults import ensure_letter_templates
from casework.services import letters
from tests.casework.factories import closed_case, cxm_recommends
from tests.factories import CustomerFactory
from tests.policy_pages.factories import make_policy

ARRANGEMENTS = {
    "named_contact": "the income team leader, Sam Patel",
    "allowed_channel": "email",
    "call_times": "Tuesdays, 10am to 12 noon",
}
FIRST_INCIDENT = datetime.date(2026, 9, 14)
LAST_INCIDENT = datetime.date(2026, 10, 2)


def letters_ready():
    """The default templates, enclosing a published Limited Contact Policy."""
    from home.site import ensure_home_page

    # A transactional test starts from an emptied database, without the home page the
    # migrations made: the library hangs under it.
    ensure_home_page()
    policy = make_policy(title="Limited Contact Policy", slug="limited-contact-policy", version="Version 3")
    ensure_letter_templates(policy)
    return policy


def resident():
    return CustomerFactory(
        name="Lena Jackson", reference="C200001", address="23 Damson Road, London", postcode="E5 8QQ"
    )


def restriction_case(org):
    """Restrictions approved by pshah for Lena Jackson, not yet in force."""
    return closed_case(org, customer=resident(), first_incident_date=FIRST_INCIDENT, last_incident_date=LAST_INCIDENT)


def warning_case(org):
    """A warning letter approved by pshah for Lena Jackson."""
    from casework import services
    from tests.casework.factories import at_cxm

    case = at_cxm(org, customer=resident(), first_incident_date=FIRST_INCIDENT, last_incident_date=LAST_INCIDENT)
    cxm_recommends(case, org.rkaur, recommendation_kind="warning_letter")
    services.decide_as_director(case, org.pshah, "approve", "A warning first, as the policy says.")
    case.refresh_from_db()
    return case


def warning_sent(org):
    """A warning letter approved by pshah and sent by rkaur; returns (case, warning, letter)."""
    from casework.services import register

    letters_ready()
    case = warning_case(org)
    letter = letters.issue_letter(letters.prepare_letter(case, org.rkaur, "warning"), org.rkaur, "post")
    return case, register.warning_approvals().get(case=case), letter


def restriction_draft(org, case=None, **arrangements):
    case = case or restriction_case(org)
    draft = letters.prepare_letter(case, org.rkaur, "restriction")
    return letters.save_draft(draft, org.rkaur, draft.subject, draft.body, **{**ARRANGEMENTS, **arrangements})


def pdf_text(letter):
    """The issued letter's text as a PDF reader finds it, whitespace made single spaces."""
    with letter.pdf.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # A line broken after a hyphen (a web address) is one word again.
    return " ".join(re.sub(r"-\s*\n", "-", text).split()), reader
