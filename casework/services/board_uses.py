"""The uses of the policy in a period, for the report to the Board (LHP 35): each warning,
restriction and red flag with the rationale it was decided on, and the counts by behaviour
category, contact channel and the reporter's team.

Entries of sensitive cases are counted and never described. No resident is named: a rationale is
shown with the resident's name, reference, address and postcode taken out.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from ..choices import Category, Channel, RestrictionType
from ..models import RedFlag, Restriction

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
        # One pattern, longest first, so that a full name goes before its parts.
        pattern = "|".join(re.escape(word) for word in words)
        text = re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", RESIDENT, text, flags=re.IGNORECASE)
    return ANYWHERE.sub(RESIDENT, text)


def _labels(codes, choices):
    labels = dict(choices)
    return [labels.get(code, code) for code in codes or []]


def _policy(row, prefix):
    title, label = row.get(f"{prefix}policy_title"), row.get(f"{prefix}policy_version_label")
    if title and label:
        # A label is often written "Version 3" already.
        return f"{title}, {label}" if label.lower().startswith("version") else f"{title}, version {label}"
    return title or ""


CASE_FIELDS = [
    "case_id",
    "case__sensitive",
    "case__categories",
    "case__channels",
    "case__reporter__staff_profile__team__name",
    "case__unlisted_customer_name",
]


def _resident_fields(prefix):
    return [f"{prefix}{name}" for name in ("name", "reference", "address", "postcode")]


def rows(period):
    """Every use decided in the period, as (kind, dict of values): one query per kind."""
    warnings = (
        warning_approvals()
        .filter(_decided_between("decided_at", period.start, period.end))
        .values(
            *CASE_FIELDS,
            *_resident_fields("case__customer__"),
            "decided_at",
            "rationale",
            "policy_title",
            "policy_version_label",
        )
        .order_by("decided_at", "pk")
    )
    restrictions = (
        Restriction.objects.filter(_decided_between("decision__decided_at", period.start, period.end))
        .values(
            *CASE_FIELDS,
            *_resident_fields("customer__"),
            "types",
            "duration_months",
            "decision__decided_at",
            "decision__rationale",
            "decision__policy_title",
            "decision__policy_version_label",
        )
        .order_by("decision__decided_at", "pk")
    )
    flags = (
        RedFlag.objects.filter(_decided_between("raised_at", period.start, period.end))
        .values(
            *CASE_FIELDS,
            *_resident_fields("customer__"),
            "kind",
            "raised_at",
            "restriction__decision__rationale",
            "restriction__decision__policy_title",
            "restriction__decision__policy_version_label",
        )
        .order_by("raised_at", "pk")
    )
    return [(WARNING, list(warnings)), (RESTRICTION, list(restrictions)), (RED_FLAG, list(flags))]


def _use(kind, row):
    reference = f"UB-{row['case_id']:05d}" if row["case_id"] else ""
    categories = _labels(row["case__categories"], Category.choices)
    if kind == WARNING:
        decided, what, rationale, policy = row["decided_at"], "Warning letter", row["rationale"], _policy(row, "")
        prefix = "case__customer__"
    elif kind == RESTRICTION:
        decided, rationale, policy = row["decision__decided_at"], row["decision__rationale"], _policy(row, "decision__")
        what = f"{row['duration_months']} months: " + "; ".join(_labels(row["types"], RestrictionType.choices))
        prefix = "customer__"
    else:
        decided, prefix = row["raised_at"], "customer__"
        what = dict(RedFlag.Kind.choices).get(row["kind"], row["kind"])
        rationale = row["restriction__decision__rationale"] or (
            "Raised with its case." if row["case_id"] else "Raised after a risk assessment."
        )
        policy = _policy(row, "restriction__decision__")
    return Use(
        kind,
        reference,
        timezone.localdate(decided),
        what,
        categories,
        _without_resident(rationale or "", row, prefix),
        policy,
    )


def uses(rows):
    """The uses of each kind (a list of Uses) from `rows` ((kind, rows oldest first) pairs):
    sensitive ones counted and not described, and of the others only the most recent
    MOST_DESCRIBED described; a rationale is redacted only when it is described, which at
    tens of thousands of uses a year is most of the report's time otherwise."""
    result = []
    for kind, found in rows:
        section = Uses(kind)
        ordinary = [row for row in found if not row["case__sensitive"]]
        section.sensitive = len(found) - len(ordinary)
        section.not_shown = max(len(ordinary) - MOST_DESCRIBED, 0)
        section.described = [_use(kind, row) for row in ordinary[section.not_shown :]]
        result.append(section)
    return result


def _breakdown(title, rows, values_of, order):
    counts = {kind: Counter() for kind, _ in rows}
    for kind, found in rows:
        for row in found:
            for value in values_of(row):
                counts[kind][value] += 1
    seen = set().union(*(set(counter) for counter in counts.values()))
    last = [label for label in (NO_TEAM, NO_CASE) if label in seen]
    labels = [label for label in order if label in seen] + sorted(seen - set(order) - set(last)) + last
    table = []
    for label in labels:
        per_kind = {kind: counts[kind][label] for kind, _ in rows}
        table.append((label, per_kind, sum(per_kind.values())))
    return Breakdown(title, table)


def breakdowns(rows):
    """Uses by behaviour category, by contact channel and by the reporter's team: a case counts
    once under each of its categories and channels, for each use made on it."""
    categories, channels = dict(Category.choices), dict(Channel.choices)

    def of_case(name, labels):
        def values(row):
            if not row["case_id"]:
                return [NO_CASE]
            return [labels.get(code, code) for code in row[name] or []]

        return values

    def team(row):
        if not row["case_id"]:
            return [NO_CASE]
        return [row["case__reporter__staff_profile__team__name"] or NO_TEAM]

    return [
        _breakdown("By behaviour category", rows, of_case("case__categories", categories), categories.values()),
        _breakdown("By contact channel", rows, of_case("case__channels", channels), channels.values()),
        _breakdown("By the reporter's team", rows, team, []),
    ]
