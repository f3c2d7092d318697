"""Demo content for the policy library: the two policies, imported from their documents,
and two sample guidance pages written from them. Running it again changes nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model

from .blocks import PolicyBodyBlock, with_block_ids
from .importer import create_draft_page, parse_file
from .models import GuidancePage, PolicyPage, PolicyVersion
from .services import ensure_library_index

SEEDS = Path(__file__).resolve().parent / "seed_documents"
LHP = "/policies-and-guidance/limited-contact-policy/"
WANDLE = "/policies-and-guidance/restricted-contact-policy/"
OWNER = "jclarke"

POLICIES = [
    {"file": "lhp-limited-contact-policy.txt", "slug": "limited-contact-policy"},
    {
        "file": "wandle-restricted-contact-policy.txt",
        "slug": "restricted-contact-policy",
        # The document carries no front matter; what the intranet needs to show it is filled in here.
        "extra": {"contact_officer": "Head of Customer Service Delivery", "version_label": "Version 1"},
        "version": {"label": "Version 1", "note": "As imported: the document gives no version details."},
    },
]


def load(stdout=None):
    index = ensure_library_index()
    owner = get_user_model().objects.filter(username=OWNER).first()
    created = 0
    for spec in POLICIES:
        if PolicyPage.objects.filter(slug=spec["slug"]).exists():
            continue
        page = create_draft_page(parse_file(SEEDS / spec["file"]), index, slug=spec["slug"], owner=owner)
        for name, value in spec.get("extra", {}).items():
            setattr(page, name, value)
        if "version" in spec:
            PolicyVersion.objects.create(page=page, position=0, **spec["version"])
        page.save_revision().publish()
        created += 1
    for spec in GUIDANCE:
        if GuidancePage.objects.filter(slug=spec["slug"]).exists():
            continue
        page = GuidancePage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            is_sample=True,
            body=with_block_ids(PolicyBodyBlock(), spec["body"]),
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    if stdout:
        stdout.write(f"Policies and guidance: {created} page(s) added.")


# --- The sample guidance ---------------------------------------------------------------


def section(title, *content):
    return {"type": "section", "value": {"number": "", "title": title, "level": "2", "content": list(content)}}


def para(text):
    return {"type": "paragraph", "value": text}


def bullets(*items):
    return {"type": "list", "value": {"ordered": False, "items": list(items)}}


def steps(*items):
    return {"type": "list", "value": {"ordered": True, "items": list(items)}}


def callout(kind, title, text):
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": text}}


def based_on(label, url):
    return {"type": "policy_reference", "value": {"label": label, "url": url}}


SAMPLE_NOTE = callout(
    "important",
    "Sample content",
    "This page is an example written for the intranet from what the two policies say. "
    "It is not agreed guidance: the policy paragraphs it links to are what apply.",
)

RED_FLAG_BODY = [
    section(
        "What a red flag is",
        SAMPLE_NOTE,
        para(
            "A red flag on a resident's record tells any member of staff or contractor, before they phone, write or "
            "visit, that safety measures or special contact arrangements are in place for that resident."
        ),
        para(
            "Flags are used for residents who have been abusive or threatening, or who have specific contact "
            "arrangements in place. A flag can also follow a risk assessment after a colleague has been threatened."
        ),
        based_on("Restricted contact policy, 3.4 Use of Flags", WANDLE + "#section-3-4"),
        based_on("Limited Contact Policy, paragraph 11", LHP + "#para-11"),
    ),
    section(
        "Who adds and removes a red flag",
        para(
            "A flag is never added by one person on their own. The line manager who receives a report decides "
            "whether it goes further; restrictions and flags are decided by the people the policies name, and the "
            "same people make sure the flag is added, and removed when it ends."
        ),
        bullets(
            "Restrictions are approved by the Executive Director of Customers, with the Corporate Head of Customers.",
            "Panel members make sure flags are added to and removed from the system.",
            "The manager who received the report makes sure the restrictions and flag are put in place and that "
            "a review is diarised.",
        ),
        based_on("Limited Contact Policy, paragraph 27", LHP + "#para-27"),
        based_on("Restricted contact policy, 4.0 Roles and Responsibilities", WANDLE + "#section-4-0"),
    ),
    section(
        "What staff and contractors see",
        para("Anyone about to contact the resident sees only what they need to stay safe and keep to the rules:"),
        bullets(
            "the kind of flag;",
            "the safety measures, for example visiting only with a colleague or contractor present, or meeting only "
            "at the office in a secure room with other staff present;",
            "the contact arrangements, for example one named contact or one channel;",
            "the date the flag ends or is next reviewed.",
        ),
        callout(
            "note",
            "Never on the flag",
            "The story of the case, and any details of the resident's health or disability, are not shown with a flag.",
        ),
        based_on("Restricted contact policy, 3.5 Other measures", WANDLE + "#section-3-5"),
    ),
    section(
        "Emergency contact is always allowed",
        callout(
            "safety",
            "Always open",
            "Whatever restrictions are in place, emergency and essential contact by phone is always permitted, for "
            "example an emergency repair or an urgent safeguarding concern. The resident is still included in "
            "statutory consultations, and is never entirely blocked from the complaints process.",
        ),
        based_on("Restricted contact policy, 3.6 Exceptions", WANDLE + "#section-3-6"),
    ),
    section(
        "How long a flag lasts and how it is reviewed",
        bullets(
            "A flag or restriction lasts no longer than 18 months for each decision, and the reason for its length "
            "is written down.",
            "Restrictions are reviewed every quarter, and never more than 12 months apart; the resident is told the "
            "outcome of each review.",
            "The resident may appeal the decision to a director, who must respond within 28 days.",
        ),
        based_on("Restricted contact policy, 3.7 Length of time of restrictions", WANDLE + "#section-3-7"),
        based_on("Limited Contact Policy, paragraph 29", LHP + "#para-29"),
        based_on("Restricted contact policy, 3.9 Internal review", WANDLE + "#section-3-9"),
        based_on("Restricted contact policy, 3.10 Right to appeal our decision", WANDLE + "#section-3-10"),
    ),
]

REPORT_BODY = [
    section(
        "What counts as unacceptable behaviour",
        SAMPLE_NOTE,
        para("Report behaviour like this, by any channel: phone, email, letter, in person, portal or social media:"),
        bullets(
            "abusive or foul language;",
            "threats, or the use of violence;",
            "racist, sexist, homophobic, transphobic or otherwise discriminatory language;",
            "serious allegations made without any evidence;",
            "unreasonable persistence, unreasonable demands or excessive levels of contact;",
            "refusing to cooperate with reasonable requests, or misusing the complaints process;",
            "harassment, including recording calls and publishing staff details online.",
        ),
        based_on("Limited Contact Policy, paragraph 13 and its table", LHP + "#para-13"),
        based_on("Restricted contact policy, 2.0 Unacceptable behaviour", WANDLE + "#section-2-0"),
    ),
    section(
        "First, tell the resident",
        para(
            "People can act out of character when they are distressed. Where you can, tell the resident calmly that "
            "their behaviour is unacceptable and will not be tolerated, so that they can change it."
        ),
        based_on("Limited Contact Policy, paragraph 12", LHP + "#para-12"),
        based_on("Restricted contact policy, 3.0 Our Approach", WANDLE + "#section-3-0"),
    ),
    section(
        "Report it to your line manager",
        steps(
            "Choose “Report behaviour” in the menu.",
            "Find the resident by name, reference or address, or describe them if they are not found.",
            "Say when it happened, through which channels, what was said or done, and the effect on you and the "
            "service.",
            "Say whether you told the resident the behaviour is unacceptable, whether they have an open complaint, and "
            "anything you know about vulnerability or support needs.",
            "Add any evidence, and submit. Your report goes to your line manager.",
        ),
        based_on("Limited Contact Policy, paragraph 8", LHP + "#para-8"),
        based_on("Restricted contact policy, 4.0 Roles and Responsibilities", WANDLE + "#section-4-0"),
    ),
    section(
        "If you feel unsafe",
        callout(
            "safety",
            "Your safety comes first",
            "End the call or leave the visit. Tell your line manager straight away: you will have their support, and "
            "a risk assessment may lead to a red flag on the resident's record. Where there is violence or a threat "
            "of it, the police may be called.",
        ),
        based_on("Limited Contact Policy, paragraph 11", LHP + "#para-11"),
        based_on("Limited Contact Policy, paragraph 32", LHP + "#para-32"),
    ),
    section(
        "What happens next",
        bullets(
            "Your line manager decides whether to close the report, ask you for more, or pass it on to the customer "
            "experience manager.",
            "Any complaint is still handled under the Complaints Policy, and reasonable adjustments for disability or "
            "vulnerability are considered.",
            "A warning letter comes first. Restrictions follow only if the behaviour continues, approved by the "
            "Executive Director of Customers.",
        ),
        based_on("Limited Contact Policy, paragraph 22", LHP + "#para-22"),
        based_on("Limited Contact Policy, paragraph 26", LHP + "#para-26"),
        based_on("Limited Contact Policy, paragraph 27", LHP + "#para-27"),
    ),
]

GUIDANCE = [
    {
        "title": "Red flag procedure",
        "slug": "red-flag-procedure",
        "summary": "What a red flag on a resident's record means, who adds and removes it, and what you see.",
        "body": RED_FLAG_BODY,
    },
    {
        "title": "How to report unacceptable behaviour",
        "slug": "how-to-report-unacceptable-behaviour",
        "summary": "What to report, how to report it, and what happens next.",
        "body": REPORT_BODY,
    },
]
