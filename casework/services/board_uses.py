"""The uses of the policy in a period, for the report to the Board (LHP 35): each warning,
restriction and red flag with the rationale it was decided on, and the counts by behaviour
category, contact channel and the reporter's team.

Entries of sensitive cases are counted and never described. No resident is named: a rationale is
shown with the resident's name, reference, address and postcode taken out.

Everything is counted in the database (`tally`: one query per kind, a count for each combination
of the case's categories, channels and team, which are few), and only the uses described are
read (`described_rows`: the most recent MOST_DESCRIBED of each kind), so the report costs the
same queries and reads about the same rows at tens of uses a year as at tens of thousands.
"""

import datetime
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.formats import date_format

from ..choices import CATEGORY_LABELS, CHANNEL_LABELS, RESTRICTION_TYPE_LABELS
from ..models import RED_FLAG_KIND_LABELS, RedFlag, Restriction

# The register's own definitions of a warning and of "decided between", so that the report's
# figures are the register's rows filtered by the same dates.
from .register import _decided_between, warning_approvals

WARNING, RESTRICTION, RED_FLAG = "warning", "restriction", "red_flag"
KIND_LABELS = {WARNING: "Warnings", RESTRICTION: "Restrictions", RED_FLAG: "Red flags"}
NO_CASE = "No case (raised after a risk assessment)"
NO_TEAM = "No team on record"
RESIDENT = "[the resident]"
# A page (and a PDF) the Board can read: beyond this many uses of one kind, the most recent are
# described and the rest counted. A landlord's year is tens to hundreds of uses; at thousands the
# report would take minutes to lay out and nobody would read it.
MOST_DESCRIBED = 200


@dataclass
class Use:
    """One use of the policy as the Board reads it: what, when, on what grounds, under which policy."""

    kind: str
    case_reference: str
    decided_on: datetime.date
    what: str
    categories: list
    rationale: str
    policy: str
    decided_on_text: str = ""  # "1 Dec 2026", as the report writes it

    # The report's line for the use, in two parts, so that laying out hundreds of uses fills a
    # few fields each rather than a tag for every part and condition.
    @property
    def heading(self):
        """ "1 Dec 2026, UB-00012": when, and the case's reference if there is one."""
        return f"{self.decided_on_text}, {self.case_reference}" if self.case_reference else self.decided_on_text

    @property
    def summary(self):
        """ "Warning letter. Behaviour: Threats; Abuse.": what was decided, and the case's categories."""
        behaviour = f" Behaviour: {'; '.join(self.categories)}." if self.categories else ""
        return f"{self.what}.{behaviour}"


@dataclass
class Uses:
    """The uses of one kind in the period: those described, and how many on sensitive cases."""

    kind: str
    described: list = field(default_factory=list)  # the most recent MOST_DESCRIBED, oldest first
    not_shown: int = 0  # earlier ones, counted and not described
    sensitive: int = 0

    @property
    def label(self):
        return KIND_LABELS[self.kind]

    @property
    def total(self):
        return len(self.described) + self.not_shown + self.sensitive


@dataclass
class Breakdown:
    """Counts by one dimension (category, channel, team), one row per value, a column per kind."""

    title: str
    rows: list  # (label, {kind: count}, total)

    @property
    def empty(self):
        return not any(total for _, _, total in self.rows)


# Whoever the rationale is about, the Board reads no postcode, customer reference or street
# address: these are taken out wherever they appear, written any way.
POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}"
REFERENCE = r"[A-Z]{1,3}\s?\d{5,}"
STREETS = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Close|Court|Drive|Way|Place|Crescent|Gardens|Terrace|Grove|Square|Walk|"
    "Hill|Row|Mews|Park|Rise|Green|Estate|House|Tower|Heights"
)
STREET_ADDRESS = rf"(?:Flat\s+\w+,?\s+)?\d+[A-Z]?,?\s+(?:[A-Z][\w'-]*\s+){{0,3}}(?:{STREETS})"
ANYWHERE = re.compile(rf"(?<!\w)(?:{POSTCODE}|{REFERENCE}|{STREET_ADDRESS})(?!\w)", re.IGNORECASE)


def _without_resident(text, row, prefix):
    """`text` with the resident's name (and each part of it), reference, address (and each part
    of it) and postcode replaced by "[the resident]", and any postcode, customer reference or
    street address replaced wherever it appears, written any way, so that a rationale can be
    read by the Board. Takes the text and the use's values; returns the text."""
    if not text:
        return text
    address = row.get(f"{prefix}address") or ""
    postcode = row.get(f"{prefix}postcode") or ""
    names = " ".join(filter(None, [row.get(f"{prefix}name"), row.get("case__unlisted_customer_name")]))
    words = [row.get(f"{prefix}name"), row.get(f"{prefix}reference"), address, postcode, postcode.replace(" ", "")]
    words += [row.get("case__unlisted_customer_name"), *address.split(",")]
    words += [part for part in re.split(r"[\s,]+", names) if len(part) >= 2]
    words = sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True)
    if words:
        text = _replace_words(text, words)
    return ANYWHERE.sub(RESIDENT, text)


def _replace_words(text, words):
    """`text` with each of `words` (longest first), in any case and standing as whole words,
    replaced by RESIDENT: what one case-insensitive pattern of them all, longest first, replaces,
    so that a full name goes before its parts. Found with str.find rather than a pattern made
    for each use: a report describes hundreds of uses, each with its own resident, and compiling
    their patterns took most of the report's time in Python."""
    if not text.isascii() or not all(word.isascii() for word in words):
        # Beyond ASCII, letters match in any case as the pattern matches them, not as lower() makes
        # them (Yılmaz and YILMAZ, σ and ς): the pattern decides.
        pattern = "|".join(re.escape(word) for word in words)
        return re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", RESIDENT, text, flags=re.IGNORECASE)
    lowered = text.lower()
    found = [word.lower() for word in words]

    def stands_alone(start, end):
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        return not _word_character(before) and not _word_character(after)

    matches = []
    for rank, word in enumerate(found):
        start = lowered.find(word)
        while start != -1:
            if stands_alone(start, start + len(word)):
                matches.append((start, rank, start + len(word)))
            start = lowered.find(word, start + 1)
    # As a pattern reads: from the left, at each place the first (longest) word that matches.
    pieces, position = [], 0
    for start, _, end in sorted(matches):
        if start >= position:
            pieces += [text[position:start], RESIDENT]
            position = end
    return "".join(pieces) + text[position:]


def _word_character(character):
    return character.isalnum() or character == "_"


def _labels(codes, labels):
    return [labels.get(code, code) for code in codes or []]


def _policy(row, prefix):
    title, label = row.get(f"{prefix}policy_title"), row.get(f"{prefix}policy_version_label")
    if title and label:
        # A label is often written "Version 3" already.
        return f"{title}, {label}" if label.lower().startswith("version") else f"{title}, version {label}"
    return title or ""


# What a use is described with from its case, and no more: each field further away (the
# reporter's team) adds joins for the database to plan, which cost more than reading the rows.
CASE_FIELDS = ["case_id", "case__categories", "case__unlisted_customer_name"]


def _resident_fields(prefix):
    return [f"{prefix}{name}" for name in ("name", "reference", "address", "postcode")]


def _of_kind(kind, period):
    """The uses of `kind` decided in `period`: (a queryset of them, the field of the day decided)."""
    if kind == WARNING:
        return warning_approvals().filter(_decided_between("decided_at", period.start, period.end)), "decided_at"
    if kind == RESTRICTION:
        decided = "decided_at"
        return Restriction.objects.filter(_decided_between(decided, period.start, period.end)), decided
    return RedFlag.objects.filter(_decided_between("raised_at", period.start, period.end)), "raised_at"


# What a use is described with, beyond the case's fields and the resident's: the resident's
# prefix, the decision's date and the fields of what was decided.
DESCRIBED_FIELDS = {
    WARNING: ("case__customer__", ["decided_at", "rationale", "policy_title", "policy_version_label"]),
    RESTRICTION: (
        "customer__",
        [
            "types",
            "duration_months",
            "decided_at",
            "decision__rationale",
            "decision__policy_title",
            "decision__policy_version_label",
        ],
    ),
    RED_FLAG: (
        "customer__",
        [
            "kind",
            "raised_at",
            "restriction__decision__rationale",
            "restriction__decision__policy_title",
            "restriction__decision__policy_version_label",
        ],
    ),
}
# Not on a sensitive case: a red flag raised without a case is not.
NOT_SENSITIVE = Q(case__isnull=True) | Q(case__sensitive=False)


def described_rows(kind, period):
    """The values of the uses of `kind` (WARNING, RESTRICTION or RED_FLAG) decided in `period`
    that the report describes (LHP 35): the most recent MOST_DESCRIBED not on a sensitive case,
    oldest first, as dicts. One query, reading at most MOST_DESCRIBED rows; raises nothing."""
    queryset, decided = _of_kind(kind, period)
    prefix, fields = DESCRIBED_FIELDS[kind]
    latest = (
        queryset.filter(NOT_SENSITIVE)
        .values(*CASE_FIELDS, *_resident_fields(prefix), *fields)
        .order_by(f"-{decided}", "-pk")[:MOST_DESCRIBED]
    )
    return list(reversed(latest))


@dataclass
class Tally:
    """The uses of one kind in a period, counted: in all, on sensitive cases, and by behaviour
    category, contact channel and the reporter's team (labels as the report shows them)."""

    kind: str
    total: int = 0
    sensitive: int = 0
    categories: Counter = field(default_factory=Counter)
    channels: Counter = field(default_factory=Counter)
    teams: Counter = field(default_factory=Counter)


def groups_kept(queryset):
    """PostgreSQL: the uses in `queryset` (warning decisions, restrictions or red flags) grouped by
    what each keeps it is counted under (counted_under_field), reading the uses alone: a dict per
    group of categories, channels, sensitive, team, n (uses) and no_case (uses without a case)."""
    groups = []
    for group in queryset.order_by().values("counted_under").annotate(n=Count("pk")).order_by():
        if group["counted_under"] is None:  # no case
            groups.append({"n": group["n"], "no_case": group["n"]})
        else:
            groups.append({**json.loads(group["counted_under"]), "n": group["n"], "no_case": 0})
    return groups


def groups_through_cases(queryset):
    """The same groups as groups_kept, reading each use's case, reporter and team."""
    grouped = (
        queryset.order_by()
        .values(
            categories=F("case__categories"),
            channels=F("case__channels"),
            sensitive=F("case__sensitive"),
            team=F("case__reporter__staff_profile__team__name"),
        )
        .annotate(n=Count("pk"), no_case=Count("pk", filter=Q(case__isnull=True)))
        .order_by()
    )
    return list(grouped)


# The tables of the uses that keep what they are counted under (migration 0034).
KEPT_IN = ["casework_decision", "casework_restriction", "casework_redflag"]


def recount_uses():
    """On PostgreSQL, what each use is counted under worked out again from its case wherever the
    two differ: a use written in the same instant as a change to its case, its reporter's team or
    the team's name, in two transactions that could not see each other, keeps what was there
    before. Run daily (intranet/schedule.py); reads every use, writes only those that differ.
    Returns how many uses it put right (0 on SQLite, which keeps nothing). Raises nothing."""
    if connection.vendor != "postgresql":
        return 0
    corrected = 0
    with connection.cursor() as cursor:
        for table in KEPT_IN:
            cursor.execute(
                f"UPDATE {table} SET counted_under = casework_counted_under(case_id) "  # noqa: S608 (fixed names)
                "WHERE counted_under IS DISTINCT FROM casework_counted_under(case_id)"
            )
            corrected += cursor.rowcount
    return corrected


def tally(kind, period):
    """The uses of `kind` (WARNING, RESTRICTION or RED_FLAG) decided in `period`, counted in one
    query whatever their number (LHP 35: every use counted, sensitive ones too): a Tally. A case
    counts once under each of its categories and channels, for each use made on it; a use with
    no case (a red flag raised after a risk assessment) under NO_CASE. Only the categories and
    channels of casework.choices are counted (a case holds no other). Raises nothing.

    The database counts the uses by what they are counted under (the case's lists, its
    sensitivity and the reporter's team: on PostgreSQL kept on each use, elsewhere read from the
    cases) and this adds those few combinations up: a filtered count for each category and
    channel looked into every use's lists cost more than the rest of the query at thousands of
    uses."""
    queryset, _ = _of_kind(kind, period)
    grouped = groups_kept(queryset) if connection.vendor == "postgresql" else groups_through_cases(queryset)
    labels = {"categories": CATEGORY_LABELS, "channels": CHANNEL_LABELS}
    result = Tally(kind)
    for group in grouped:
        n, no_case = group["n"], group["no_case"]
        result.total += n
        if group.get("sensitive"):
            result.sensitive += n
        if no_case:
            for counter in (result.categories, result.channels, result.teams):
                counter[NO_CASE] += no_case
        with_case = n - no_case
        if not with_case:
            continue
        result.teams[group.get("team") or NO_TEAM] += with_case
        for name, counter in (("categories", result.categories), ("channels", result.channels)):
            for code in set(group.get(name) or []):
                if code in labels[name]:
                    counter[labels[name][code]] += with_case
    return result


def tallies(period):
    """Each kind's Tally for `period`, in the order of KIND_LABELS: three queries."""
    return [tally(kind, period) for kind in KIND_LABELS]


def _use(kind, row, zone):
    # `zone`: the current time zone, looked up once for the hundreds of uses described (Django's
    # localdate looks it up for each, which cost more than the rest of the date's work).
    reference = f"UB-{row['case_id']:05d}" if row["case_id"] else ""
    categories = _labels(row["case__categories"], CATEGORY_LABELS)
    if kind == WARNING:
        decided, what, rationale, policy = row["decided_at"], "Warning letter", row["rationale"], _policy(row, "")
        prefix = "case__customer__"
    elif kind == RESTRICTION:
        decided, rationale, policy = row["decided_at"], row["decision__rationale"], _policy(row, "decision__")
        what = f"{row['duration_months']} months: " + "; ".join(_labels(row["types"], RESTRICTION_TYPE_LABELS))
        prefix = "customer__"
    else:
        decided, prefix = row["raised_at"], "customer__"
        what = RED_FLAG_KIND_LABELS.get(row["kind"], row["kind"])
        rationale = row["restriction__decision__rationale"] or (
            "Raised with its case." if row["case_id"] else "Raised after a risk assessment."
        )
        policy = _policy(row, "restriction__decision__")
    return Use(
        kind,
        reference,
        decided.astimezone(zone).date(),
        what,
        categories,
        _without_resident(rationale or "", row, prefix),
        policy,
    )


def uses(period, counted):
    """The uses of each kind in `period` (a list of Uses, in the order of KIND_LABELS), from
    `counted` (their Tallies, as `tallies` gives them): sensitive ones counted and never
    described, and of the others only the most recent MOST_DESCRIBED described, each with its
    rationale as decided and the resident taken out of it (LHP 35). One query per kind, reading
    only the uses described; a rationale is redacted only when it is described. Raises nothing."""
    result = []
    # Each day written out once: Django's date format costs more than the rest of a use's line,
    # and a report describes hundreds of uses over at most a year's days.
    days = {}
    zone = timezone.get_current_timezone()
    for found in counted:
        section = Uses(found.kind)
        section.sensitive = found.sensitive
        section.described = [_use(found.kind, row, zone) for row in described_rows(found.kind, period)]
        for use in section.described:
            if use.decided_on not in days:
                days[use.decided_on] = date_format(use.decided_on, "j M Y")
            use.decided_on_text = days[use.decided_on]
        section.not_shown = max(found.total - found.sensitive - len(section.described), 0)
        result.append(section)
    return result


def _breakdown(title, counted, name, order):
    counts = {found.kind: getattr(found, name) for found in counted}
    seen = {label for counter in counts.values() for label, n in counter.items() if n}
    last = [label for label in (NO_TEAM, NO_CASE) if label in seen]
    labels = [label for label in order if label in seen] + sorted(seen - set(order) - set(last)) + last
    table = []
    for label in labels:
        per_kind = {kind: counts[kind][label] for kind in counts}
        table.append((label, per_kind, sum(per_kind.values())))
    return Breakdown(title, table)


def breakdowns(counted):
    """Uses by behaviour category, by contact channel and by the reporter's team (LHP 35), from
    `counted` (each kind's Tally): a list of three Breakdowns, a row for each value with a use,
    in the order of the choices (teams by name), "no team" and "no case" last. No query; raises
    nothing."""
    return [
        _breakdown("By behaviour category", counted, "categories", CATEGORY_LABELS.values()),
        _breakdown("By contact channel", counted, "channels", CHANNEL_LABELS.values()),
        _breakdown("By the reporter's team", counted, "teams", []),
    ]
