"""The register (Wandle 3.1, LHP 34; DESIGN: Register): every warning, restriction and red flag,
one row each, with its resident, dates, state and who decided it; filtered, sorted, paged and
exported as CSV or Excel, each export logged.

The three kinds live in their own tables; the register is one UNION query over them with the
same columns (`COLUMNS`), so a page, its count and an export cost the same few queries whatever
the number of rows. A later part adds a column by adding it to `COLUMNS` and to each kind's
expressions in `_columns`.

Entries of a sensitive case reach only its named people (casework.permissions.may_reach): for
anyone else they are left out and counted (`redacted_count`), never identified.
"""

import datetime
import itertools
import json
from dataclasses import dataclass, field

from django.db.models import Case as Choose
from django.db.models import (
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from .. import permissions
from ..choices import RestrictionType
from ..models import Appeal, Breach, Case, Decision, Recommendation, RedFlag, Restriction, RestrictionEvent, Step
from .residents import WORDS

WARNING, RESTRICTION, RED_FLAG = "warning", "restriction", "red_flag"
KINDS = [(WARNING, "Warning"), (RESTRICTION, "Restriction"), (RED_FLAG, "Red flag")]

# One list of states across the kinds. A red flag is in force until it is ended; a warning is a
# director's approval of a warning letter (the letter itself is recorded with the letters).
WARNING_APPROVED, WARNING_WITHDRAWN, FLAG_ENDED = "warning_approved", "warning_withdrawn", "ended"
STATES = [
    *Restriction.State.choices[:2],
    (WARNING_APPROVED, "Warning approved"),
    (WARNING_WITHDRAWN, "Warning withdrawn on appeal"),
    *Restriction.State.choices[2:],
    (FLAG_ENDED, "Ended"),
]
RESTRICTION_STATES = set(Restriction.State.values)

COLUMNS = [
    "row_kind",
    "row_id",
    "row_case",
    "row_resident",
    "row_resident_reference",
    "row_types",
    "row_detail",
    "row_decider_first",
    "row_decider_last",
    "row_decided_at",
    "row_start",
    "row_end",
    "row_review",
    "row_state",
    "row_team",
    "row_shared",
    "row_appeal",
    "row_appeal_due",
    "row_breaches",
]

# An entry's appeal (Wandle 3.10): the open one, or else the outcome of the last one decided.
APPEAL_OPEN = "open"
APPEAL_STATES = [(APPEAL_OPEN, "Open"), *[(value, label.split(":")[0]) for value, label in Appeal.Outcome.choices]]

SORTS = {
    "-decided": ("Decided, newest first", ["-row_decided_at", "-row_kind", "-row_id"]),
    "decided": ("Decided, oldest first", ["row_decided_at", "row_kind", "row_id"]),
    "resident": ("Resident, A to Z", ["row_resident", "row_resident_reference", "-row_decided_at", "row_kind"]),
    "-resident": ("Resident, Z to A", ["-row_resident", "-row_resident_reference", "-row_decided_at", "row_kind"]),
    "end": ("End date, soonest first", ["row_end", "row_kind", "row_id"]),
    "review": ("Next review, soonest first", ["row_review", "row_kind", "row_id"]),
    "kind": ("Kind, then newest first", ["row_kind", "-row_decided_at", "-row_id"]),
    "state": ("State, then newest first", ["row_state", "-row_decided_at", "row_kind", "-row_id"]),
}
DEFAULT_SORT = "-decided"
# Sorting on a date puts the rows without one (not yet in force, warnings) last.
DATE_SORTS = {"row_end", "row_review"}


@dataclass(frozen=True)
class RegisterFilter:
    """What the register is narrowed to. Every field is optional; dates are calendar dates,
    both ends included."""

    query: str = ""
    kind: str = ""
    state: str = ""
    restriction_type: str = ""
    team_id: int | None = None
    team_name: str = ""
    decided_from: datetime.date | None = None
    decided_to: datetime.date | None = None
    review_overdue: bool = False
    appeal_open: bool = False
    sort: str = DEFAULT_SORT

    def describe(self):
        """The filter in words, for the export log and the file's first lines."""
        labels = {
            "kind": dict(KINDS).get(self.kind),
            "state": dict(STATES).get(self.state),
            "restriction type": dict(RestrictionType.choices).get(self.restriction_type),
            "team of the reporter": self.team_name or None,
            "decided from": f"{self.decided_from:%Y-%m-%d}" if self.decided_from else None,
            "decided to": f"{self.decided_to:%Y-%m-%d}" if self.decided_to else None,
            "review overdue": "yes" if self.review_overdue else None,
            "appeal open": "yes" if self.appeal_open else None,
            "resident": self.query or None,
        }
        words = [f"{name}: {value}" for name, value in labels.items() if value]
        sort = SORTS.get(self.sort, SORTS[DEFAULT_SORT])[0]
        return "; ".join([*(words or ["everything"]), f"sorted by {sort.lower()}"])


@dataclass
class RegisterRow:
    """One entry of the register, as shown and exported."""

    kind: str
    pk: int
    case_id: int | None
    resident: str
    resident_reference: str
    types: list = field(default_factory=list)
    detail: str = ""
    decided_by: str = ""
    decided_at: datetime.datetime | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    next_review_date: datetime.date | None = None
    state: str = ""
    team: str = ""
    shared: bool = False
    review_overdue: bool = False
    appeal: str = ""  # a code of APPEAL_STATES, or ""
    appeal_due: datetime.date | None = None
    breaches: int = 0

    @property
    def kind_label(self):
        return dict(KINDS)[self.kind]

    @property
    def state_label(self):
        return dict(STATES).get(self.state, self.state)

    @property
    def appeal_label(self):
        return dict(APPEAL_STATES).get(self.appeal, "")

    @property
    def case_reference(self):
        return f"UB-{self.case_id:05d}" if self.case_id else ""

    @property
    def what(self):
        """The restriction types, or the kind of red flag, in words."""
        if self.kind == RED_FLAG:
            return dict(RedFlag.Kind.choices).get(self.detail, self.detail)
        labels = dict(RestrictionType.choices)
        return "; ".join(labels.get(value, value) for value in self.types)


def warning_approvals():
    """The directors' approvals of a warning letter (LHP 26): one per case so decided."""
    return Decision.objects.filter(
        step__kind=Step.Kind.DIRECTOR,
        choice__in=[Decision.Choice.APPROVE, Decision.Choice.APPROVE_AMENDED],
        case__outcome__in=[Case.Outcome.APPROVED, Case.Outcome.APPROVED_AMENDED],
        case__final_recommendation__kind=Recommendation.Kind.WARNING_LETTER,
    )


def _none(output_field):
    return Value(None, output_field=output_field)


def _appeals_of(field_name):
    """The appeals on the outer row (`field_name` the Appeal's foreign key to it)."""
    return Appeal.objects.filter(**{field_name: OuterRef("pk")})


def _appeal_columns(field_name):
    """The entry's appeal state and, while open, its due date: the latest appeal decides, as
    only one is open at a time and a new one comes after those decided."""
    latest = _appeals_of(field_name).order_by("-pk")
    state = Choose(When(status=Appeal.Status.DECIDED, then=F("outcome")), default=Value(APPEAL_OPEN))
    return [
        Coalesce(Subquery(latest.annotate(code=state).values("code")[:1]), Value("")),
        Subquery(_appeals_of(field_name).exclude(status=Appeal.Status.DECIDED).values("due_date")[:1]),
    ]


def _withdrawn():
    return Exists(_appeals_of("warning").filter(outcome=Appeal.Outcome.OVERTURNED))


def _columns(kind, user, today):
    """Each kind's expression for every column of COLUMNS, in that order."""
    team = "case__reporter__staff_profile__team__name"
    if kind == RESTRICTION:
        current = Q(state__in=[Restriction.State.APPROVED, Restriction.State.IN_FORCE])
        values = [
            F("case_id"),
            Coalesce("customer__name", "case__unlisted_customer_name"),
            Coalesce("customer__reference", Value("")),
            Cast("types", TextField()),
            Value(""),
            F("decision__decided_by__first_name"),
            F("decision__decided_by__last_name"),
            F("decision__decided_at"),
            F("start_date"),
            _restriction_end(),
            Choose(When(current, then=F("next_review_date")), default=_none(DateField())),
            F("state"),
        ]
        appeal = _appeal_columns("restriction")
    elif kind == WARNING:
        values = [
            F("case_id"),
            Coalesce("case__customer__name", "case__unlisted_customer_name"),
            Coalesce("case__customer__reference", Value("")),
            Value("[]"),
            Value(""),
            F("decided_by__first_name"),
            F("decided_by__last_name"),
            F("decided_at"),
            _none(DateField()),
            _none(DateField()),
            _none(DateField()),
            Choose(When(_withdrawn(), then=Value(WARNING_WITHDRAWN)), default=Value(WARNING_APPROVED)),
        ]
        appeal = _appeal_columns("warning")
    else:
        active = Q(ended_at__isnull=True)
        values = [
            F("case_id"),
            F("customer__name"),
            F("customer__reference"),
            Value("[]"),
            F("kind"),
            F("raised_by__first_name"),
            F("raised_by__last_name"),
            F("raised_at"),
            F("start_date"),
            # Ended: the day it ended, not the day it was to end.
            Choose(When(active, then=F("end_date")), default=TruncDate("ended_at"), output_field=DateField()),
            Choose(When(active, then=F("next_review_date")), default=_none(DateField())),
            Choose(When(active, then=Value(Restriction.State.IN_FORCE)), default=Value(FLAG_ENDED)),
        ]
        # A red flag is appealed with the restriction it rests on: that row carries it.
        appeal = [Value(""), _none(DateField())]
    expressions = [
        Value(kind, output_field=CharField()),
        F("pk"),
        *values,
        Coalesce(team, Value("")),
        permissions.named_on(user),
        *appeal,
        _breach_count() if kind == RESTRICTION else Value(0, output_field=IntegerField()),
    ]
    return dict(zip(COLUMNS, expressions, strict=True))


ENDED_EARLY = [Restriction.State.LIFTED, Restriction.State.OVERTURNED, Restriction.State.SUPERSEDED]


def _restriction_end():
    """The day a restriction ended: lifted, overturned or superseded, the day that was
    recorded; otherwise its end date (the day it lapses, or lapsed)."""
    ended = RestrictionEvent.objects.filter(restriction=OuterRef("pk"), to_state=OuterRef("state")).order_by("-at")
    on = Subquery(ended.annotate(day=TruncDate("at")).values("day")[:1], output_field=DateField())
    return Choose(When(state__in=ENDED_EARLY, then=on), default=F("end_date"), output_field=DateField())


def _breach_count():
    """How many breaches a restriction has had (LHP 31): one correlated count per row."""
    counted = Breach.objects.filter(restriction=OuterRef("pk")).order_by().values("restriction")
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")[:1]), Value(0), output_field=IntegerField())


def _resident_matches(prefix, query):
    """Every word of the search in the resident's name, reference, address or postcode (as the
    resident check finds them), or in the name given for a resident not on record."""
    condition = Q()
    for word in WORDS.findall((query or "").upper()):
        condition &= Q(**{f"{prefix}search_text__contains": word}) | Q(
            **{f"{prefix}isnull": True, "case__unlisted_customer_name__icontains": word}
        )
    return condition


def _decided_between(field_name, start, end):
    """A datetime field within the calendar days `start` to `end` (either may be None), in the
    intranet's time zone: a range, so an index on the field serves it."""
    condition = Q()
    zone = timezone.get_current_timezone()
    if start:
        condition &= Q(**{f"{field_name}__gte": datetime.datetime.combine(start, datetime.time.min, zone)})
    if end:
        after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
        condition &= Q(**{f"{field_name}__lt": after})
    return condition


def _kind_queryset(kind, flt, today, search=True):
    """The rows of one kind narrowed by the filter, or None when the filter leaves none of it."""
    if flt.kind and flt.kind != kind:
        return None
    if flt.restriction_type and kind != RESTRICTION:
        return None
    if flt.review_overdue and kind != RESTRICTION:
        return None
    if flt.appeal_open and kind == RED_FLAG:
        return None
    if kind == RESTRICTION:
        queryset, decided, resident = Restriction.objects.all(), "decision__decided_at", "customer__"
        if flt.state and flt.state not in RESTRICTION_STATES:
            return None
        if flt.state:
            queryset = queryset.filter(state=flt.state)
        if flt.restriction_type:
            # JSON text of a list of codes: a quoted code matches it exactly, on every database.
            queryset = queryset.filter(types__icontains=f'"{flt.restriction_type}"')
        if flt.review_overdue:
            queryset = queryset.filter(state=Restriction.State.IN_FORCE, next_review_date__lt=today)
    elif kind == WARNING:
        queryset, decided, resident = warning_approvals(), "decided_at", "case__customer__"
        if flt.state and flt.state not in {WARNING_APPROVED, WARNING_WITHDRAWN}:
            return None
        if flt.state:
            queryset = (
                queryset.filter(_withdrawn()) if flt.state == WARNING_WITHDRAWN else queryset.exclude(_withdrawn())
            )
    else:
        queryset, decided, resident = RedFlag.objects.all(), "raised_at", "customer__"
        if flt.state and flt.state not in {Restriction.State.IN_FORCE, FLAG_ENDED}:
            return None
        if flt.state:
            queryset = queryset.filter(ended_at__isnull=flt.state == Restriction.State.IN_FORCE)
    if flt.appeal_open:
        on = "restriction" if kind == RESTRICTION else "warning"
        queryset = queryset.filter(Exists(_appeals_of(on).exclude(status=Appeal.Status.DECIDED)))
    if flt.team_id:
        queryset = queryset.filter(case__reporter__staff_profile__team_id=flt.team_id)
    queryset = queryset.filter(_decided_between(decided, flt.decided_from, flt.decided_to))
    if search and flt.query:
        queryset = queryset.filter(_resident_matches(resident, flt.query))
    return queryset


def _sort_columns(flt):
    """The columns the union needs to put the entries in order: the kind and id, and what the
    sort reads. Everything else is read for the rows shown only (`rows`)."""
    terms = SORTS.get(flt.sort, SORTS[DEFAULT_SORT])[1]
    wanted = {"row_kind", "row_id", *(term.lstrip("-") for term in terms)}
    return [name for name in COLUMNS if name in wanted], terms


def _union(querysets, flt, user, today):
    names, terms = _sort_columns(flt)

    def narrow(kind, queryset):
        columns = _columns(kind, user, today)
        return queryset.order_by().annotate(**{name: columns[name] for name in names}).values(*names)

    parts = [narrow(kind, qs) for kind, qs in querysets] or [narrow(RESTRICTION, Restriction.objects.none())]
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    order = []
    for term in terms:
        name = term.lstrip("-")
        if name in DATE_SORTS:
            expression = F(name).desc(nulls_last=True) if term.startswith("-") else F(name).asc(nulls_last=True)
            order.append(expression)
        else:
            order.append(term)
    return combined.order_by(*order)


# Both read the few sensitive cases hidden from the person (one hashed list), rather than
# joining all cases to every entry to ask each whether it is sensitive.
def _visible(queryset, user):
    return queryset.exclude(case__in=permissions.sensitive_cases_hidden_from(user))


def _hidden(queryset, user):
    return queryset.filter(case__in=permissions.sensitive_cases_hidden_from(user))


def entries(user, flt, today=None):
    """The register for `user` narrowed and sorted by `flt` (a RegisterFilter): a queryset of
    dicts (the kind, the id and the columns the sort reads), for a Paginator or an export; turn
    a slice into RegisterRows with `rows`. Entries of sensitive cases `user` is not named on are left out (see
    `redacted_count`). Raises nothing; a filter that leaves nothing gives an empty queryset."""
    today = today or timezone.localdate()
    querysets = []
    for kind, _ in KINDS:
        queryset = _kind_queryset(kind, flt, today)
        if queryset is not None:
            querysets.append((kind, _visible(queryset, user)))
    return _union(querysets, flt, user, today)


def redacted_count(user, flt, today=None):
    """How many entries the same filter finds on sensitive cases `user` is not named on. The
    search by resident is not applied: a count answering a name would identify the resident."""
    today = today or timezone.localdate()
    querysets = []
    for kind, _ in KINDS:
        queryset = _kind_queryset(kind, flt, today, search=False)
        if queryset is not None:
            querysets.append((kind, _hidden(queryset, user)))
    parts = [qs.order_by().values("pk") for _, qs in querysets]
    if not parts:
        return 0
    return parts[0].union(*parts[1:], all=True).count() if len(parts) > 1 else parts[0].count()


def _details(keys, user, today):
    """Every column of the entries `keys` ((kind, id) pairs): one query per kind among them."""
    found = {}
    for kind in {kind for kind, _ in keys}:
        ids = [pk for each, pk in keys if each == kind]
        base = {RESTRICTION: Restriction.objects.all(), WARNING: warning_approvals(), RED_FLAG: RedFlag.objects.all()}
        values = base[kind].filter(pk__in=ids).order_by().annotate(**_columns(kind, user, today)).values(*COLUMNS)
        found.update(((kind, value["row_id"]), value) for value in values)
    return found


def rows(entries_found, user, today=None, chunk_size=2000):
    """RegisterRows for `entries_found`, dicts from `entries` (a page of them, or an iterator over all), in
    their order, for `user`: their columns are read for these entries only, in chunks of
    `chunk_size`, at most three queries a chunk. Raises nothing."""
    today = today or timezone.localdate()
    result = []
    entries_found = iter(entries_found)
    while chunk := list(itertools.islice(entries_found, chunk_size)):
        keys = [(value["row_kind"], value["row_id"]) for value in chunk]
        found = _details(keys, user, today)
        result += [_row(found[key], today) for key in keys if key in found]
    return result


def _row(value, today):
    """A RegisterRow from one entry's columns (a dict of COLUMNS)."""
    types = value["row_types"]
    if isinstance(types, str):
        types = json.loads(types or "[]")
    decided_by = f"{value['row_decider_first'] or ''} {value['row_decider_last'] or ''}".strip()
    row = RegisterRow(
        kind=value["row_kind"],
        pk=value["row_id"],
        case_id=value["row_case"],
        resident=value["row_resident"] or "Resident not given",
        resident_reference=value["row_resident_reference"] or "",
        types=list(types or []),
        detail=value["row_detail"] or "",
        decided_by=decided_by,
        decided_at=value["row_decided_at"],
        start_date=value["row_start"],
        end_date=value["row_end"],
        next_review_date=value["row_review"],
        state=value["row_state"],
        team=value["row_team"] or "",
        shared=bool(value["row_shared"]),
        appeal=value["row_appeal"] or "",
        appeal_due=value["row_appeal_due"],
        breaches=value["row_breaches"] or 0,
    )
    row.review_overdue = (
        row.kind == RESTRICTION
        and row.state == Restriction.State.IN_FORCE
        and row.next_review_date is not None
        and row.next_review_date < today
    )
    return row
