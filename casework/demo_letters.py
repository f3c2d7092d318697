"""The demo's letters: each kind's template and the letterhead (enclosing the Limited Contact
Policy), and a case whose restrictions pshah approved and which waits for its restriction
letter, so that a CXM (rkaur) can issue it, as they can the warning letter on kobi's case.
Runs after the policies are loaded; loading it again adds nothing."""

from django.contrib.auth import get_user_model

from policy_pages.models import PolicyPage

from .choices import LHP
from .demo import DemoCase, create_case
from .letter_defaults import ensure_letter_templates
from .models import Case, Customer

AWAITING_LETTER = DemoCase(
    "restrictions approved by pshah, waiting for the restriction letter",
    "cwright",
    dict(
        customer="C100027",
        channels=["phone", "email"],
        categories=["unreasonable_demands", "excessive_contact"],
        what_happened=(
            "The resident phoned the neighbourhood team up to twelve times a day for three weeks about the "
            "same parking dispute, demanding an answer within the hour, and emailed every officer in the team."
        ),
        impact="Two officers could not reach their other residents' calls on several days.",
        resident_told="yes",
        last_days_ago=5,
    ),
    days_ago=30,
    actions=[
        (
            "decide_as_cxm",
            "rkaur",
            {
                "choice": "recommend",
                "rationale": "The calls continued after the warning letter sent in the spring (LHP 27).",
                "complaint_status": "handled",
                "vulnerability_considered": "No vulnerability recorded; he prefers email, which stays open.",
                "recommendation_kind": "restrictions",
                "no_warning_reason": "A warning letter was sent in the spring on an earlier complaint file.",
                "restriction_types": ["one_channel", "named_contact"],
                "terms": "Email only, to the neighbourhood team leader, who replies within five working days.",
                "duration_months": 6,
                "review_interval_months": 3,
                # Each type's detail is asked for with the recommendation (LHP 28).
                "details": {"named_contact": "The neighbourhood team leader", "allowed_channel": "email"},
            },
        ),
        (
            "decide_as_director",
            "pshah",
            {"choice": "approve", "rationale": "Proportionate: email stays open and replies are promised."},
        ),
    ],
)


def load(stdout=None):
    created = ensure_letter_templates(PolicyPage.objects.live().filter(slug=LHP).first())
    people = {
        user.username: user for user in get_user_model().objects.filter(username__in=["cwright", "rkaur", "pshah"])
    }
    waiting = 0
    if len(people) == 3:
        story = AWAITING_LETTER
        if not Case.objects.filter(reporter=people["cwright"], what_happened=story.report["what_happened"]).exists():
            customers = Customer.objects.in_bulk([story.report["customer"]], field_name="reference")
            if customers:
                create_case(story, people, customers)
                waiting = 1
    if stdout:
        stdout.write(f"Letters: {created} template(s) added, {waiting} case waiting for its restriction letter.")
