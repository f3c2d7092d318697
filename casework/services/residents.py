"""Finding a resident, and what every member of staff must know before a call or a visit:
their red flags and restrictions (DESIGN: Outcomes, "Three layers of sight")."""

import re
from dataclasses import dataclass, field

from django.db.models import Case as Choose
from django.db.models import Prefetch, Q, Value, When

from .. import permissions
from ..folding import fold_query
from ..models import Appeal, Breach, Customer, Letter, LetterKind, RedFlag, ResidentCheck, Restriction
from ..models.case import WORD_SEPARATORS

CURRENT = [Restriction.State.APPROVED, Restriction.State.IN_FORCE]  # as Restriction.is_current
# What staff see of an appeal on the check page: that one is open, and by when it is decided.
OPEN_APPEALS = Appeal.objects.exclude(status=Appeal.Status.DECIDED).order_by("due_date")
# What staff see of breaches on the check page: how many and when (LHP 31), never what happened.
BREACH_DATES = Breach.objects.only("restriction_id", "occurred_on", "recorded_by_id").order_by("occurred_on", "pk")
# Words of a search: letters and digits, whatever punctuation (the underscore too) stands between them.
WORDS = re.compile(r"[^\W_]+")
# Searched for at most: a name and an address are a handful of words, and each word is a
# condition more for the database (and for Django to build) whatever it adds.
MOST_WORDS = 12
# A word of the search this short must begin a word of what is searched ("41 Mill Road" is not
# 141 Mill Road; "SW9 7" is SW9 7AB, not SW9 1LE with a 7 in its reference): inside a word it
# would match thousands of residents, and too short for a trigram it left PostgreSQL to read them all.
SHORT_WORD = 2
# Residents listed for a search at most: beyond them, be more specific.
FOUND_SHOWN = 20
# Abbreviations staff type for the words of an address as the housing system writes them in full:
# each finds the word spelt out too ("12 Mill Rd" finds 12 Mill Road). Those that already begin
# the word they stand for (St, Ave, Cl, Dr, Pl, Sq, Cres, Terr) find it as any beginning does.
ABBREVIATIONS = {
    "RD": "ROAD",
    "CT": "COURT",
    "CRT": "COURT",
    "LN": "LANE",
    "GDNS": "GARDENS",
    "GRN": "GREEN",
    "HSE": "HOUSE",
    "HTS": "HEIGHTS",
    "PK": "PARK",
    "TCE": "TERRACE",
    "TWR": "TOWER",
}


def search_words(query):
    """The words of `query` (a string or None) as they are searched for: letters folded to their
    plain form as the search column holds them (casework.folding: "Zoë" is "ZOE"), upper case,
    each once, at most MOST_WORDS of them, in the order typed. Punctuation only separates them.
    A query beyond ASCII is folded by the database: one query on PostgreSQL."""
    return list(dict.fromkeys(WORDS.findall(fold_query(query).upper())))[:MOST_WORDS]


def too_short(query):
    """Whether `query` (a string or None) is too little to search for: fewer than 2 letters and
    digits in all, whatever punctuation is around them ("a.", "..")."""
    return sum(len(word) for word in WORDS.findall(query or "")) < 2


def word_matches(field_name, word, any_case=False, punctuated=False):
    """A Q for rows whose `field_name` holds `word` (in the same case, or in any case if
    `any_case`): anywhere for a word of three characters or more, at the start of one of its
    words for a shorter one, that is first in the text or after a space, or, in a field that
    keeps its punctuation (`punctuated`: a name typed on a case), after one of WORD_SEPARATORS
    too. search_text holds a space for each of those, and on PostgreSQL its trigram index
    answers both kinds of word. An abbreviation of ABBREVIATIONS also finds the word spelt out,
    standing as a whole word ("Rd" finds Mill Road, not Broadmill; "Pk" not Parker)."""
    i = "i" if any_case else ""
    if len(word) > SHORT_WORD:
        condition = Q(**{f"{field_name}__{i}contains": word})
    else:
        condition = Q(**{f"{field_name}__{i}startswith": word})
        for start in " " + WORD_SEPARATORS if punctuated else " ":
            condition |= Q(**{f"{field_name}__{i}contains": f"{start}{word}"})
    if spelt_out := ABBREVIATIONS.get(word.upper()):
        # A whole word: the text itself, at its start or end, or between spaces (search_text has a
        # space for each mark; a name typed on a case, a comma after it as often as not).
        whole = {"exact": spelt_out, "startswith": f"{spelt_out} ", "endswith": f" {spelt_out}"}
        whole["contains"] = f" {spelt_out} "
        for lookup, text in whole.items():
            condition |= Q(**{f"{field_name}__{i}{lookup}": text})
        if punctuated:
            condition |= Q(**{f"{field_name}__{i}contains": f" {spelt_out},"})
    return condition


def find_customers(query, limit=FOUND_SHOWN):
    """Residents whose name, reference, address and postcode together contain every word of
    `query`, in any order and case ("Jackson Lena", "23 Damson Road" for "Flat 23, Damson
    Road"), a postcode with or without its space ("sw173cc" for "SW17 3CC"), an exact
    reference first, then by name; at most `limit`. A word of one or two characters must begin
    a word ("41 Mill Road" finds 41, 41A and 39-41, not 141; see word_matches), and those where
    it stands alone come first (number 41 before 41A and before a postcode's 41X); the first
    MOST_WORDS different words are searched for. Fewer than 2 letters and digits find nobody (too_short)."""
    if too_short(query):
        return Customer.objects.none()
    query = query.strip()
    words = search_words(query)
    matches = Customer.objects.all()
    for word in words:
        matches = matches.filter(word_matches("search_text", word))
    exact = Choose(When(reference__iexact=query, then=Value(0)), default=Value(1))
    # A short word found standing alone (the house in "5 Elm Terrace") before one found starting a
    # longer word (the postcode SW18 5EE): the homes typed come before their neighbours.
    short = [word for word in words if len(word) <= SHORT_WORD]
    alone = Value(0)
    for word in short:
        whole = Q(search_text__startswith=f"{word} ") | Q(search_text__contains=f" {word} ")
        alone = alone + Choose(When(whole, then=Value(1)), default=Value(0))
    ordered = matches.annotate(exact_reference=exact, short_words_alone=alone)
    return ordered.order_by("exact_reference", "-short_words_alone", "name", "reference")[:limit]


@dataclass
class ResidentStatus:
    """A resident's active red flags and current restrictions (approved or in force)."""

    customer: Customer
    flags: list = field(default_factory=list)
    restrictions: list = field(default_factory=list)

    @property
    def flagged(self):
        return bool(self.flags or self.restrictions)


def statuses(customers):
    """The ResidentStatus of each of `customers`, keyed by id, in two queries whatever their
    number (for lists: the queues, the report form's choices, the check page). Each customer
    given also carries its status as `resident_status`, for a template listing cases to say
    which there is: a red flag, restrictions or both."""
    customers = list(customers)
    found = {customer.pk: ResidentStatus(customer) for customer in customers}
    for customer in customers:
        customer.resident_status = found[customer.pk]
    if not found:
        return found
    flags = RedFlag.objects.filter(customer_id__in=found, ended_at__isnull=True).select_related("case", "restriction")
    for flag in flags.order_by("start_date", "pk"):
        found[flag.customer_id].flags.append(flag)
    current = (
        Restriction.objects.filter(customer_id__in=found, state__in=CURRENT)
        .select_related("case", "all_contact_refusal")
        .prefetch_related(Prefetch("appeals", queryset=OPEN_APPEALS, to_attr="open_appeals"))
        .prefetch_related(Prefetch("breaches", queryset=BREACH_DATES, to_attr="breach_list"))
        .order_by("created_at", "pk")
    )
    for restriction in current:
        found[restriction.customer_id].restrictions.append(restriction)
    shown = {restriction.pk for status in found.values() for restriction in status.restrictions}
    for status in found.values():
        for flag in status.flags:
            # Its arrangements are the restriction's, shown in full with it: say them once.
            flag.arrangements_shown_with_restriction = flag.restriction_id in shown
    return found


def check(customers, user):
    """What `user` may see of each of `customers` before contact, with every look-up of a
    resident who has a flag or a restriction written to the log (who looked up whom, when).
    Returns a list of (ResidentStatus, sight) in the order given; sight is one of
    permissions.SIGHT_CONTRACTOR, SIGHT_STAFF, SIGHT_CASE (the last only for the people of
    every case behind what is shown). Raises nothing."""
    customers = list(customers)
    found = statuses(customers)
    flagged = [found[c.pk] for c in customers if found[c.pk].flagged]
    ResidentCheck.objects.bulk_create(ResidentCheck(user=user, customer=s.customer) for s in flagged)
    general = permissions.flag_sight(user)
    cases_of = {pk: {item.case for item in [*s.flags, *s.restrictions] if item.case_id} for pk, s in found.items()}
    # Whether this person is in the chain of each case shown: one query for them all.
    in_chain = set()
    if general == permissions.SIGHT_STAFF:
        in_chain = permissions.chain_access_among(user, set().union(*cases_of.values()))
    result = []
    for customer in customers:
        status, cases = found[customer.pk], cases_of[customer.pk]
        sight = general
        if cases and sight == permissions.SIGHT_STAFF and all(case.pk in in_chain for case in cases):
            sight = permissions.SIGHT_CASE
        for item in [*status.flags, *status.restrictions]:
            item.may_open = sight == permissions.SIGHT_CASE and item.case_id is not None
        result.append((status, sight))
    return result


@dataclass
class WarningSent:
    """A warning letter sent to a resident, as staff see it on the check page: its date, and
    any open appeal against it (Wandle 3.10)."""

    warning: object  # the director's Decision approving it
    letter_date: object
    open_appeal: Appeal | None = None


def warnings_sent(customers, user):
    """The warning letters sent to each of `customers` and not withdrawn, keyed by customer id,
    for whoever receives an appeal against one to record it. A sensitive case's warning reaches
    only its named people. Three queries whatever the number of residents; raises nothing."""
    from .register import warning_approvals

    ids = [customer.pk for customer in customers]
    found = {}
    if not ids:
        return found
    warnings = (
        warning_approvals()
        .filter(case__customer_id__in=ids)
        .filter(permissions.named_on(user) | Q(case__sensitive=False))
        .exclude(warning_appeals__outcome=Appeal.Outcome.OVERTURNED)
        .select_related("case")
    )
    warnings = {warning.case_id: warning for warning in warnings}
    letters = Letter.objects.filter(
        case_id__in=warnings, kind=LetterKind.WARNING, state=Letter.State.ISSUED, replaced_by__isnull=True
    ).order_by("issued_at", "pk")
    sent = {letter.case_id: letter for letter in letters}
    appeals = {appeal.warning_id: appeal for appeal in OPEN_APPEALS.filter(warning__in=list(warnings.values()))}
    for case_id, warning in warnings.items():
        if case_id in sent:
            found.setdefault(warning.case.customer_id, []).append(
                WarningSent(warning, sent[case_id].letter_date, appeals.get(warning.pk))
            )
    return found
