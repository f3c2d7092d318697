"""The words of the policies: channels, behaviour categories, restriction types."""

from django.db import models

LHP = "limited-contact-policy"
WANDLE = "restricted-contact-policy"
POLICY_TITLES = {LHP: "LHP Limited Contact Policy", WANDLE: "Wandle Excessive Use and Unreasonable Behaviour Policy"}
POLICY_LIBRARY = "/policies-and-guidance/"


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    PORTAL = "portal", "Customer portal"
    SOCIAL_MEDIA = "social_media", "Social media"
    HOME_VISIT = "home_visit", "Home visit"


class Category(models.TextChoices):
    ABUSIVE_LANGUAGE = "abusive_language", "Abusive or foul language"
    THREATS_OR_VIOLENCE = "threats_or_violence", "Threats or violence"
    DISCRIMINATORY_LANGUAGE = "discriminatory_language", "Discriminatory language"
    UNSUBSTANTIATED_ALLEGATIONS = "unsubstantiated_allegations", "Unsubstantiated allegations"
    UNREASONABLE_PERSISTENCE = "unreasonable_persistence", "Unreasonable persistence"
    UNREASONABLE_DEMANDS = "unreasonable_demands", "Unreasonable demands"
    EXCESSIVE_CONTACT = "excessive_contact", "Excessive levels of contact"
    REFUSAL_TO_COOPERATE = "refusal_to_cooperate", "Refusal to cooperate"
    MISUSE_OF_COMPLAINTS = "misuse_of_complaints", "Misuse of the complaints process"
    HARASSMENT = "harassment", "Harassment, including publishing staff details online"


# One line each, in the policies' words, with the paragraph it comes from.
CATEGORY_GUIDANCE = {
    Category.ABUSIVE_LANGUAGE: (
        "Abusive or foul language on the phone, face to face or in writing.",
        LHP,
        "para-13",
        "LHP paragraph 13",
    ),
    Category.THREATS_OR_VIOLENCE: (
        "Threatening or using violence, including language that makes staff feel afraid or threatened.",
        LHP,
        "para-15",
        "LHP paragraph 15",
    ),
    Category.DISCRIMINATORY_LANGUAGE: (
        "Language that is racist, sexist, homophobic or transphobic, insulting or degrading.",
        LHP,
        "para-13",
        "LHP paragraph 13",
    ),
    Category.UNSUBSTANTIATED_ALLEGATIONS: (
        "Serious allegations of criminal, corrupt or perverse conduct made without any evidence.",
        WANDLE,
        "section-2-3",
        "Wandle 2.3",
    ),
    Category.UNREASONABLE_PERSISTENCE: (
        "Will not accept what we can or cannot do and keeps contacting us about the same issue.",
        WANDLE,
        "section-2-1",
        "Wandle 2.1",
    ),
    Category.UNREASONABLE_DEMANDS: (
        "Demands that substantially affect our work, such as replies within an unreasonable time.",
        LHP,
        "para-16",
        "LHP paragraph 16",
    ),
    Category.EXCESSIVE_CONTACT: (
        "The volume and duration of contact stops us dealing with this or other customers' matters.",
        LHP,
        "para-13",
        "LHP paragraph 13",
    ),
    Category.REFUSAL_TO_COOPERATE: (
        "Brings a complaint but does not respond to reasonable requests to support our investigation.",
        LHP,
        "para-17",
        "LHP paragraph 17",
    ),
    Category.MISUSE_OF_COMPLAINTS: (
        "Repeated complaints whose effect is to harass or to stop us pursuing a legitimate aim.",
        LHP,
        "para-19",
        "LHP paragraph 19",
    ),
    Category.HARASSMENT: (
        "Contacting staff through their personal details or publishing staff information online.",
        LHP,
        "para-13",
        "LHP paragraph 13",
    ),
}


def category_guidance(value):
    text, policy, anchor, label = CATEGORY_GUIDANCE[value]
    return {"text": text, "url": f"{POLICY_LIBRARY}{policy}/#{anchor}", "label": label}


class ResidentTold(models.TextChoices):
    YES = "yes", "Yes, they were told their behaviour is unacceptable"
    NO = "no", "No"
    NOT_POSSIBLE = "not_possible", "It was not possible or not safe to tell them"


class RestrictionType(models.TextChoices):
    LIMITED_CONTACT = "limited_contact", "Limited number or times of calls or emails"
    ONE_CHANNEL = "one_channel", "One channel of contact only"
    NAMED_CONTACT = "named_contact", "Contact with a named colleague or team only"
    WITNESS_PRESENT = "witness_present", "A witness present for any personal contact"
    COMPLAINTS_CONDITIONS = "complaints_conditions", "Conditions on the complaints process"
    OFFICE_BAN = "office_ban", "Banned from our offices"
    PORTAL_RESTRICTED = "portal_restricted", "Portal access restricted"
    VISITS_IN_PAIRS = "visits_in_pairs", "Home visits only in pairs"
    OFFICE_MEETINGS_ONLY = "office_meetings_only", "Meetings only at the office"
    NO_REPLY_TOPICS = "no_reply_topics", "No reply on specified topics (a named colleague reads the correspondence)"
    POLICE_OR_LEGAL = "police_or_legal", "Police or legal action noted"


# Each code's label, made once: a choices class builds its list afresh on every read, and lists,
# downloads, letters and the report to the Board look labels up row by row.
CHANNEL_LABELS = dict(Channel.choices)
CATEGORY_LABELS = dict(Category.choices)
RESTRICTION_TYPE_LABELS = dict(RestrictionType.choices)

ALWAYS_OPEN = [
    "Emergency and essential contact by phone",
    "Statutory consultation",
    "Access to the complaints process (it may be conditioned, never removed)",
]

MAX_DURATION_MONTHS = 18
MAX_REVIEW_INTERVAL_MONTHS = 12
DEFAULT_REVIEW_INTERVAL_MONTHS = 3
