"""The casework demo: fifty fictional residents, the same fifty every time, and a handful of
cases at different stages of the chain.

Every demo case is made through the service layer (casework/services/), exactly as people
using the intranet would make it, so its permissions, timeline and notifications are the real
ones. Nothing is reported by `sali`: the README's walkthrough has her report the first case.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from policy_pages.models import PolicyPage

from . import services
from .forms import ReportForm
from .models import Case, CaseworkSettings, Customer

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "Daniel",
    "Efua",
    "Farah",
    "George",
    "Hana",
    "Ian",
    "Joy",
    "Kwame",
    "Lena",
    "Marcus",
    "Nadia",
    "Owen",
    "Patricia",
    "Qasim",
    "Rosa",
    "Samuel",
    "Tamsin",
    "Umar",
    "Vera",
    "Wesley",
    "Ximena",
    "Yusuf",
]
LAST_NAMES = [
    "Adeyemi",
    "Barker",
    "Costa",
    "Dunn",
    "Egan",
    "Fletcher",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jackson",
    "Kowalski",
    "Lloyd",
    "Mahmood",
    "Noble",
    "Osei",
    "Price",
    "Quinn",
    "Reid",
    "Sandhu",
    "Turner",
]
STREETS = [
    ("Alder Court", "SW18 1AA"),
    ("Birch Walk", "SW18 2BB"),
    ("Cedar House", "SW17 3CC"),
    ("Damson Road", "SW19 4DD"),
    ("Elm Terrace", "SW18 5EE"),
    ("Foxglove Close", "SW17 6FF"),
    ("Garratt Lane", "SW18 7GG"),
    ("Hazel Mews", "SW19 8HH"),
    ("Ivy Gardens", "SW18 9JJ"),
    ("Juniper Row", "SW17 0KK"),
]
TENANCIES = ["Assured tenancy", "Starter tenancy", "Shared ownership lease", "Secure tenancy"]


def demo_customers():
    for number in range(1, 51):
        first = FIRST_NAMES[(number * 7) % len(FIRST_NAMES)]
        last = LAST_NAMES[(number * 3) % len(LAST_NAMES)]
        street, postcode = STREETS[number % len(STREETS)]
        yield {
            "reference": f"C{100000 + number:06d}",
            "name": f"{first} {last}",
            "address": f"Flat {number}, {street}, London",
            "postcode": postcode,
            "tenancy": f"{TENANCIES[number % len(TENANCIES)]} T{200000 + number:06d}",
        }


def load(stdout=None):
    settings = CaseworkSettings.load()
    if settings.policy is None:
        # Decisions record the version of the policy they were made under (LHP 34).
        settings.policy = PolicyPage.objects.live().filter(slug="limited-contact-policy").first()
        settings.save()
    for values in demo_customers():
        Customer.objects.update_or_create(reference=values.pop("reference"), defaults=values)
    if stdout:
        stdout.write(f"Demo residents: {Customer.objects.count()}.")
    load_cases(stdout)


# --- Cases ---------------------------------------------------------------------


@dataclass(frozen=True)
class DemoCase:
    """One report and what happened to it afterwards.

    A demo case is recognised by its reporter and its `what_happened`, which nobody can change
    once a report is submitted: a case found that way is left as it is, whatever people did with
    it since. (Rewording `what_happened` here would therefore add a second copy to databases that
    already hold the first.)"""

    title: str
    reporter: str
    report: dict
    days_ago: int
    # (name in ACTIONS, username of who acts, keyword arguments), in order.
    actions: list = field(default_factory=list)


DEMO_CASES = [
    DemoCase(
        "waiting for the line manager (tnguyen)",
        "mjones",
        dict(
            customer="C100012",
            channels=["phone"],
            categories=["abusive_language"],
            what_happened=(
                "The resident called about the arrears letter and swore at me repeatedly when I explained "
                "the payment plan. I warned him twice; he carried on shouting until I ended the call."
            ),
            impact="I was upset and took a short break. The call lasted 25 minutes and held up the queue.",
            resident_told="yes",
        ),
        days_ago=3,
    ),
    DemoCase(
        "escalated by lwilliams, waiting for the CXMs (rkaur, ebrown)",
        "kobi",
        dict(
            customer_not_found=True,
            unlisted_customer_name="Mr D. Hale",
            unlisted_customer_details="Gives his address as 9 Larch Lane and says he calls for his mother.",
            channels=["phone", "email"],
            categories=["excessive_contact", "unreasonable_demands"],
            what_happened=(
                "Over two weeks the caller rang the repairs line 31 times and sent 18 emails about a "
                "dripping tap, demanding a same-day visit each time and refusing the appointment offered."
            ),
            impact="The repairs team spent most of two afternoons on his calls; other residents waited longer.",
            resident_told="yes",
            last_days_ago=4,
        ),
        days_ago=18,
        actions=[
            (
                "decide_as_line_manager",
                "lwilliams",
                {
                    "choice": "escalate",
                    "rationale": "The contact is out of proportion and has gone on after Kemi explained the "
                    "appointment system twice.",
                    "recommendation_kind": "warning_letter",
                },
            ),
        ],
    ),
    DemoCase(
        "restrictions recommended by rkaur, waiting for a director (pshah, omensah)",
        "mjones",
        dict(
            customer="C100023",
            channels=["phone", "social_media"],
            categories=["harassment", "abusive_language"],
            what_happened=(
                "After I refused to cancel the court costs, the resident posted my full name and photo on "
                "a local Facebook group calling me a thief, and has since called the team every day asking "
                "for me by name."
            ),
            impact="I no longer answer the phone on the income line and I worry about being recognised.",
            resident_told="not_possible",
            open_complaint_reference="CMP-4398",
            other_staff="The income team's duty officer took two of the calls.",
            last_days_ago=2,
        ),
        days_ago=21,
        actions=[
            (
                "decide_as_line_manager",
                "tnguyen",
                {
                    "choice": "escalate",
                    "rationale": "Publishing a colleague's details online is harassment under LHP 13; "
                    "a warning is not enough while the posts stay up.",
                    "recommendation_kind": "restrictions",
                },
            ),
            (
                "add_comment",
                "rkaur",
                {
                    "text": "I have asked the group's administrator to remove the posts; the social media team has "
                    "a copy of each."
                },
            ),
            (
                "decide_as_cxm",
                "rkaur",
                {
                    "choice": "recommend",
                    "rationale": "Staff safety requires restrictions at once (LHP 27); the resident was "
                    "told about the policy in writing last year.",
                    "complaint_status": "handled",
                    "vulnerability_considered": "No vulnerability is recorded. Email suits the resident, "
                    "who writes to us often; the restriction letter names the tenancy sustainment team.",
                    "recommendation_kind": "restrictions",
                    "no_warning_reason": "The posts named the officer and her home street: staff safety "
                    "cannot wait for a warning to be ignored (LHP 27).",
                    "restriction_types": ["named_contact", "one_channel"],
                    "terms": "Contact the income team only by email to income.contact@intranet.example; "
                    "a named senior officer replies within five working days. Phone calls are for "
                    "emergency repairs only.",
                    "duration_months": 6,
                    "review_interval_months": 3,
                    "details": {"named_contact": "The income team's senior officer", "allowed_channel": "email"},
                },
            ),
        ],
    ),
    DemoCase(
        "no line manager, straight to the CXMs, immediate risk",
        "cwright",
        dict(
            customer="C100031",
            channels=["home_visit"],
            categories=["threats_or_violence"],
            what_happened=(
                "On an estate inspection visit the resident blocked the doorway, said he would 'put me in "
                "hospital' if I came back about the fence, and followed me to my car."
            ),
            impact="I left the estate and did not finish the inspection. I do not feel safe going back alone.",
            resident_told="not_possible",
            immediate_risk=True,
        ),
        days_ago=1,
        actions=[
            (
                "add_comment",
                "ebrown",
                {"text": "Until this is decided the neighbourhood team will only visit this block in pairs."},
            ),
        ],
    ),
    DemoCase(
        "decided: warning letter approved by omensah",
        "kobi",
        dict(
            customer="C100038",
            channels=["in_person"],
            categories=["abusive_language", "discriminatory_language"],
            what_happened=(
                "At the reception desk the resident made racist remarks to me about the contractor "
                "and swore when I asked him to stop."
            ),
            impact="I was very upset and went home early; reception was closed for an hour.",
            resident_told="yes",
            other_staff="The receptionist on duty heard it.",
        ),
        days_ago=26,
        actions=[
            (
                "decide_as_line_manager",
                "lwilliams",
                {
                    "choice": "escalate",
                    "rationale": "Discriminatory language is never acceptable; first incident on record.",
                    "recommendation_kind": "warning_letter",
                },
            ),
            (
                "decide_as_cxm",
                "ebrown",
                {
                    "choice": "recommend",
                    "rationale": "A first incident: a warning letter first, as LHP 26 says.",
                    "complaint_status": "none",
                    "vulnerability_considered": "No vulnerability is recorded on the tenancy file; the "
                    "letter is sent in large print, as the resident asked in 2023.",
                    "recommendation_kind": "warning_letter",
                },
            ),
            (
                "decide_as_director",
                "omensah",
                {"choice": "approve", "rationale": "Proportionate for a first incident."},
            ),
        ],
    ),
    DemoCase(
        "tnguyen asked mjones a question, not answered yet",
        "mjones",
        dict(
            customer="C100044",
            channels=["letter", "email"],
            categories=["unsubstantiated_allegations"],
            what_happened=(
                "The resident has written four times accusing me of taking bribes from a neighbour to "
                "overlook their arrears, and copied the letters to his councillor."
            ),
            impact="It is stressful to have my honesty questioned in writing to people outside the team.",
            resident_told="no",
            open_complaint_reference="CMP-4471",
        ),
        days_ago=9,
        actions=[
            (
                "ask_reporter",
                "tnguyen",
                {
                    "text": "Where are the four letters filed, and has anyone replied to him in writing about the "
                    "allegations?"
                },
            ),
        ],
    ),
]


def _report_values(story, customers):
    """The report as the report form would clean it, so the demo keeps only what a person could type."""
    report = dict(story.report)
    today = timezone.localdate()
    data = {
        "first_incident_date": (today - datetime.timedelta(days=story.days_ago)).isoformat(),
        "channels": report.pop("channels"),
        "categories": report.pop("categories"),
    }
    last_days_ago = report.pop("last_days_ago", None)
    if last_days_ago is not None:
        data["last_incident_date"] = (today - datetime.timedelta(days=last_days_ago)).isoformat()
    if "customer" in report:
        data["customer"] = str(customers[report.pop("customer")].pk)
    for name, value in report.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    form = ReportForm(data)
    if not form.is_valid():
        raise ValueError(f"Demo case “{story.title}” is not a valid report: {form.errors.as_text()}")
    return form.report_values()


# What a demo case's people do after the report is submitted: the service functions themselves.
ACTIONS = {
    "decide_as_line_manager": services.decide_as_line_manager,
    "decide_as_cxm": services.decide_as_cxm,
    "decide_as_director": services.decide_as_director,
    "ask_reporter": services.ask_reporter,
    "add_comment": services.add_comment,
}


def create_case(story, people, customers):
    """Report, submit and take the case as far as the story goes, as each person would."""
    reporter = people[story.reporter]
    case, _ = services.keep_report(None, reporter, _report_values(story, customers), [])
    case, _ = services.submit_report(case, reporter)
    for action, username, values in story.actions:
        case.refresh_from_db()
        ACTIONS[action](case, people[username], **values)
    case.refresh_from_db()
    return case


def load_cases(stdout=None):
    User = get_user_model()
    usernames = {story.reporter for story in DEMO_CASES} | {
        username for story in DEMO_CASES for _, username, _ in story.actions
    }
    people = {user.username: user for user in User.objects.filter(username__in=usernames)}
    if set(people) != usernames:
        if stdout:
            stdout.write("Demo cases skipped: the demo organisation is not loaded.")
        return []
    customers = Customer.objects.in_bulk(
        [story.report["customer"] for story in DEMO_CASES if "customer" in story.report], field_name="reference"
    )
    created = []
    for story in DEMO_CASES:
        reporter = people[story.reporter]
        if Case.objects.filter(reporter=reporter, what_happened=story.report["what_happened"]).exists():
            continue
        created.append(create_case(story, people, customers))
    if stdout:
        stdout.write(f"Demo cases: {len(DEMO_CASES)} ({len(created)} new).")
    return created
