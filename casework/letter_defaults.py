"""The first wording of each kind of letter, before the head of customer services edits it in
the admin. Each section carries one part the policies require (casework.services.letter_content
.REQUIRED_PARTS), keyed by that part; `None` keys the sections no rule needs."""

from .models import Letterhead, LetterKind, LetterTemplate

WARNING_SECTIONS = [
    (None, "Dear {{ resident_name }},"),
    (
        "behaviour",
        "## What happened\n"
        "We have had reports that {{ incident_dates }}, when you contacted us {{ channels }}, your behaviour "
        "towards our staff included:\n"
        "- {{ behaviour }}",
    ),
    (
        "unacceptable",
        "## Why this is unacceptable\n"
        "This behaviour is unacceptable under our {{ policy_title }}. Our staff have the right to do their "
        "work without being treated in this way, and it takes time away from helping you and other residents.",
    ),
    (
        "change",
        "## What we ask you to do\n"
        "We ask you to change the way you contact us: please be polite and reasonable with our staff, "
        "whatever your concern, and give us the time we need to deal with it.",
    ),
    (
        "continues",
        "## If this behaviour continues\n"
        "If this behaviour continues, we may restrict how you can contact us for a set period, for example to "
        "one named member of staff or to one way of getting in touch. We would write to you to explain why "
        "and for how long.",
    ),
    (
        "concern",
        "## If you have a concern or want to complain\n"
        "If you think this letter is unfair, or you want to make a complaint about our service, "
        "{{ complaints_contact }}.",
    ),
    (
        None,
        "If you need this letter in another format, such as large print, or would like someone to help you "
        "with it, please call {{ organisation_phone }}.",
    ),
]

RESTRICTION_SECTIONS = [
    (None, "Dear {{ resident_name }},"),
    (
        "why",
        "## Why we have made this decision\n"
        "We have had reports that {{ incident_dates }}, when you contacted us {{ channels }}, your behaviour "
        "towards our staff included:\n"
        "- {{ behaviour }}\n"
        "\n"
        "This behaviour has had an impact on our staff and on the service we can give you and other residents. "
        "We wrote to you before about how you contact us, or we decided that we could not wait to do so.\n"
        "\n"
        "{{ director_name }}, {{ director_title }}, approved this decision under our {{ policy_title }} "
        "({{ policy_version }}) for these reasons: {{ decision_reasons }}",
    ),
    (
        "what",
        "## What we are restricting, and how to contact us instead\n"
        "- {{ restriction_types }}\n"
        "\n"
        "In detail: {{ restriction_terms }}\n"
        "\n"
        "Please contact {{ named_contact }} only, by {{ contact_channel }}, at these times: {{ contact_times }}.",
    ),
    (
        "dates",
        "## When the restrictions apply\n"
        "The restrictions apply from {{ start_date }} until {{ end_date }} ({{ duration }}).",
    ),
    (
        "review",
        "## How we review the restrictions\n"
        "We will review the restrictions every {{ review_interval }} from {{ start_date }}, looking at how "
        "you have contacted us since. The first review is on {{ first_review_date }}. The reviews are due on:\n"
        "- {{ review_dates }}\n"
        "\n"
        "We will write to you with the outcome of each review.",
    ),
    (
        "policy",
        "## Our policy\n"
        "A copy of our {{ policy_title }} is enclosed with this letter. It explains when and how we limit "
        "contact, and how we look at the decision again.",
    ),
    (
        "appeal",
        "## Your right to appeal\n"
        "You have the right to appeal against this decision. To appeal, {{ appeal_contact }}, by "
        "{{ appeal_by }}, saying why you think the decision is wrong. A director who took no part in this "
        "decision will consider your appeal and reply within 28 days of receiving it.",
    ),
    (
        "ombudsman",
        "## The Housing Ombudsman\n"
        "You also have the right to contact the Housing Ombudsman about our decision to limit your contact "
        "with us: {{ ombudsman_contact }}.",
    ),
    (
        "always_open",
        "## What always stays open\nWhatever these restrictions say, you can always:\n- {{ always_open }}",
    ),
    (
        "surveys",
        "## Feedback surveys\n"
        "While the restrictions are in force we will not ask you to take part in our feedback surveys.",
    ),
    (
        "flag",
        "## The information we keep\n"
        "We have put a red flag on our records so that staff know contact arrangements are in place. "
        "Who sees it: our staff see the arrangements before they contact you, and contractors visiting your "
        "home see only how to approach the visit; nobody else. We keep the record of the flag "
        "{{ flag_retention }}. Your rights: you can ask to see the information we hold about you, ask us to "
        "correct it, and complain to the Information Commissioner's Office about how we use it.",
    ),
    (
        None,
        "If you need this letter in another format, such as large print, or would like someone to help you "
        "with it, please call {{ organisation_phone }}.",
    ),
]

CLOSING = (
    None,
    "If you need this letter in another format, such as large print, or would like someone to help you "
    "with it, please call {{ organisation_phone }}.",
)
OMBUDSMAN = (
    "ombudsman",
    "## The Housing Ombudsman\n"
    "You have the right to contact the Housing Ombudsman about how we have limited your contact with us: "
    "{{ ombudsman_contact }}.",
)
ALWAYS_OPEN = (
    "always_open",
    "## What always stays open\nWhatever the restrictions say, you can always:\n- {{ always_open }}",
)

APPEAL_OUTCOME_SECTIONS = [
    (None, "Dear {{ resident_name }},"),
    (
        "appeal",
        "## Your appeal\n"
        "Thank you for your appeal against {{ appealed }}, which we received on {{ appeal_received_on }}.",
    ),
    (
        "decider",
        "A director who took no part in the decision has considered your appeal and everything you sent with it.",
    ),
    ("outcome", "## The outcome\nYour appeal has been {{ appeal_outcome }}. The reasons: {{ outcome_reasons }}"),
    ("from_now", "## What happens now\n{{ terms_from_now }}"),
    OMBUDSMAN,
    ALWAYS_OPEN,
    CLOSING,
]

REVIEW_OUTCOME_SECTIONS = [
    (None, "Dear {{ resident_name }},"),
    (
        "reviewed",
        "## Our review\n"
        "We have carried out the review of the restrictions on how you contact us that was due on "
        "{{ review_date }}. We looked at {{ reviewed_what }}.",
    ),
    ("outcome", "## The outcome\nThe restrictions have been {{ review_outcome }}. The reasons: {{ outcome_reasons }}"),
    ("from_now", "## From now on\n{{ terms_from_now }}"),
    ("next_review", "## The next review\nThe next review is due on {{ next_review_date }}."),
    (
        "appeal",
        "## Your right to appeal\n"
        "If you disagree with the outcome of this review you can appeal: {{ appeal_contact }}, by {{ appeal_by }}. "
        "A director who took no part in the decision will reply within 28 days of receiving your appeal.",
    ),
    OMBUDSMAN,
    ALWAYS_OPEN,
    CLOSING,
]

DECLINED_COMPLAINT_SECTIONS = [
    (None, "Dear {{ resident_name }},"),
    (
        "complaint",
        "## Your complaint\n"
        "Thank you for your complaint, which we received on {{ complaint_received_on }}. You told us:\n"
        "- {{ complaint_summary }}",
    ),
    (
        "merits",
        "While we limit how you contact us, our Executive Director of Customers, or a director on their behalf, "
        "considers every new complaint you make on its merits, so that genuine concerns are never ignored.",
    ),
    (
        "reasons",
        "## Our decision\n"
        "We have declined to take this complaint through our complaints process. The reasons:\n"
        "- {{ decline_reasons }}",
    ),
    (
        "ombudsman",
        "## The Housing Ombudsman\n"
        "If you are unhappy with this decision, you have the right to contact the Housing Ombudsman: "
        "{{ ombudsman_contact }}.",
    ),
    ALWAYS_OPEN,
    CLOSING,
]

DEFAULTS = {
    LetterKind.APPEAL_OUTCOME: (
        "The outcome of your appeal",
        APPEAL_OUTCOME_SECTIONS,
        LetterTemplate.Signatory.DIRECTOR,
    ),
    LetterKind.REVIEW_OUTCOME: (
        "The outcome of the review of your contact restrictions",
        REVIEW_OUTCOME_SECTIONS,
        LetterTemplate.Signatory.HEAD,
    ),
    LetterKind.WARNING: (
        "A warning about your behaviour towards our staff",
        WARNING_SECTIONS,
        LetterTemplate.Signatory.HEAD,
    ),
    LetterKind.RESTRICTION: (
        "Restrictions on how you contact us",
        RESTRICTION_SECTIONS,
        LetterTemplate.Signatory.DIRECTOR,
    ),
    LetterKind.DECLINED_COMPLAINT: (
        "Your new complaint",
        DECLINED_COMPLAINT_SECTIONS,
        LetterTemplate.Signatory.DIRECTOR,
    ),
}


# Wording the defaults used to have, oldest change first, as (earlier, now): a template
# still holding an earlier default was never edited, so setup brings it up to date.
REWORDED = {
    LetterKind.RESTRICTION: [
        (
            "from {{ start_date }}, the date of this letter, until {{ end_date }} ({{ duration }})",
            "from {{ start_date }} until {{ end_date }} ({{ duration }})",
        ),
        (
            "every {{ review_interval }} from the date of this letter,",
            "every {{ review_interval }} from {{ start_date }},",
        ),
        (
            "The Executive Director of Customers approved this decision under our",
            "{{ director_name }}, {{ director_title }}, approved this decision under our",
        ),
    ],
}


def earlier_defaults(kind, body):
    """The bodies a template of `kind` held as its default before each change in REWORDED,
    given the default `body` now."""
    earlier = []
    for earlier_text, now in reversed(REWORDED.get(kind, [])):
        body = body.replace(now, earlier_text)
        earlier.append(body)
    return earlier


def body_of(sections, without=None):
    """The template text of `sections`, leaving out the section of part `without` if named."""
    return "\n\n".join(text for key, text in sections if key is None or key != without)


def ensure_letter_templates(enclosed_policy=None):
    """Create each kind's template that does not exist yet, and bring one still holding an
    earlier default wording up to date (never overwriting an edited one); point the letterhead
    at `enclosed_policy` if it names none. Returns how many were created."""
    created = 0
    for kind, (subject, sections, signed_by) in DEFAULTS.items():
        body = body_of(sections)
        template, made = LetterTemplate.objects.get_or_create(
            kind=kind, defaults={"subject": subject, "body": body, "signed_by": signed_by}
        )
        created += made
        if not made and template.body in earlier_defaults(kind, body):
            template.body = body
            template.save(update_fields=["body"])
    letterhead = Letterhead.load()
    if enclosed_policy is not None and letterhead.enclosed_policy_id is None:
        letterhead.enclosed_policy = enclosed_policy
        letterhead.save()
    return created
