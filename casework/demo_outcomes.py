"""The demo's outcomes in force, made through the service layer after the demo cases: a
restriction in force whose review is due within the week, one lapsing within the month, an
interim flag on the urgent report, and a resident with a flag and no restriction. Loading it
again adds nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from .demo import DemoCase, create_case
from .models import Case, Customer, RedFlag, Restriction, add_months
from .services import flags, restrictions

APPROVED_RESTRICTIONS = [
    DemoCase(
        "restrictions in force, review due within the week",
        "cwright",
        dict(
            customer="C100007",
            channels=["phone"],
            categories=["unreasonable_persistence", "excessive_contact"],
            what_happened=(
                "The resident called the repairs line 46 times in two weeks about the same completed repair, "
                "kept each call going for over half an hour and would not accept the inspection report."
            ),
            impact="Two other residents' emergency calls waited in the queue behind these calls.",
            resident_told="yes",
        ),
        days_ago=100,
        actions=[
            (
                "decide_as_cxm",
                "ebrown",
                {
                    "choice": "recommend",
                    "rationale": "Contact continued at the same level after the warning letter (LHP 27).",
                    "complaint_status": "none",
                    "vulnerability_considered": "No vulnerability recorded; a weekly call keeps a route open.",
                    "recommendation_kind": "restrictions",
                    "no_warning_reason": "A warning was given by the housing officer in writing last spring.",
                    "restriction_types": ["limited_contact", "named_contact"],
                    "terms": "One call a week, on Tuesdays between 10am and 12 noon, to the repairs team leader.",
                    "duration_months": 12,
                    "review_interval_months": 3,
                    "details": {
                        "named_contact": "The repairs team leader",
                        "call_times": "Tuesdays, 10am to 12 noon",
                    },
                },
            ),
            (
                "decide_as_director",
                "pshah",
                {"choice": "approve", "rationale": "Proportionate and reviewed quarterly."},
            ),
        ],
    ),
    DemoCase(
        "restrictions lapsing within the month",
        "cwright",
        dict(
            customer="C100019",
            channels=["email", "letter"],
            categories=["unreasonable_demands"],
            what_happened=(
                "The resident sent 30 emails a day demanding a named manager reply within the hour, "
                "copying in councillors and the press each time."
            ),
            impact="The income team spent most of each day answering the same demands.",
            resident_told="yes",
        ),
        days_ago=170,
        actions=[
            (
                "decide_as_cxm",
                "rkaur",
                {
                    "choice": "recommend",
                    "rationale": "The demands continued after two warnings by phone (LHP 27).",
                    "complaint_status": "handled",
                    "vulnerability_considered": "The resident has told us of anxiety; email suits her best.",
                    "recommendation_kind": "restrictions",
                    "no_warning_reason": "Warned twice by phone; no written warning was sent in time.",
                    "restriction_types": ["one_channel", "named_contact"],
                    "terms": "Email only, to the income team leader, who replies within five working days.",
                    "duration_months": 6,
                    "review_interval_months": 3,
                    "details": {"named_contact": "The income team leader", "allowed_channel": "email"},
                },
            ),
            ("decide_as_director", "omensah", {"choice": "approve", "rationale": "Proportionate."}),
        ],
    ),
]


def load(stdout=None):
    User = get_user_model()
    people = {user.username: user for user in User.objects.filter(username__in=DEMO_USERNAMES)}
    if set(people) != DEMO_USERNAMES:
        return
    customers = Customer.objects.in_bulk(
        [story.report["customer"] for story in APPROVED_RESTRICTIONS] + ["C100031", "C100040"],
        field_name="reference",
    )
    today = timezone.localdate()
    created = 0
    # Started long enough ago that the first is reviewed within the week, the second lapses within the month.
    starts = [add_months(today, -3) + datetime.timedelta(days=4), add_months(today, -6) + datetime.timedelta(days=20)]
    for story, start in zip(APPROVED_RESTRICTIONS, starts, strict=True):
        reporter = people[story.reporter]
        if Case.objects.filter(reporter=reporter, what_happened=story.report["what_happened"]).exists():
            continue
        case = create_case(story, people, customers)
        restriction = case.restrictions.get()
        # The story's approval was months ago: a restriction cannot start before its approval.
        decided_at = timezone.make_aware(
            datetime.datetime.combine(start - datetime.timedelta(days=7), datetime.time(10))
        )
        restrictions.determined_at(restriction, decided_at)
        restrictions.bring_into_force(restriction, people["rkaur"], start, communicated_on=start)
        created += 1
    urgent = Case.objects.filter(immediate_risk=True, customer=customers["C100031"]).first()
    if urgent is not None and not RedFlag.objects.filter(case=urgent).exists():
        flags.raise_flag(
            urgent.customer,
            people["rkaur"],
            RedFlag.Kind.TWO_STAFF,
            "Never visit alone; meet at the estate office if you can.",
            None,
            RedFlag.Told.NOT_YET,
            case=urgent,
            interim=True,
            not_told_reason="Telling the resident before the decision could raise the risk to staff.",
            reconsider_on=today + datetime.timedelta(days=7),
        )
        created += 1
    if not RedFlag.objects.filter(customer=customers["C100040"]).exists():
        flags.raise_flag(
            customers["C100040"],
            people["ebrown"],
            RedFlag.Kind.TWO_STAFF,
            "Two staff for any visit: the resident's dog has bitten an operative.",
            today + datetime.timedelta(days=90),
            RedFlag.Told.YES,
            told_on=today - datetime.timedelta(days=14),
            safety_measures="Ask the resident to shut the dog away before anyone enters.",
            start_date=today - datetime.timedelta(days=14),
        )
        created += 1
    if stdout:
        in_force = Restriction.objects.filter(state=Restriction.State.IN_FORCE).count()
        stdout.write(
            f"Demo outcomes: {in_force} restrictions in force, {RedFlag.objects.count()} red flags ({created} new)."
        )


DEMO_USERNAMES = {"cwright", "ebrown", "rkaur", "pshah", "omensah"}
