"""The register (Wandle 3.1, LHP 34; DESIGN: Register): every warning, restriction and red flag,
one row each, with its resident, dates, state and who decided it; filtered, sorted, paged and
exported as CSV or Excel, each export logged.

The three kinds live in their own tables; the register is one UNION query over them with the
same columns (`COLUMNS`), so a page, its count and an export cost the same few queries whatever
the number of rows. A later part adds a column by adding it to `COLUMNS` and to each kind's
expressions in `_columns`.

A page sorts no more than it must (`Entries`): on PostgreSQL each kind is sorted and cut to the
page before the kinds are put together, a page nearer the end is read from the end, and the
count is one count of each kind's rows, on and off the sensitive cases hidden from the person
(whose ids are read once), instead of a count over the union.

Entries of a sensitive case reach only its named people (casework.permissions.may_reach): for
anyone else they are left out and counted (`redacted_count`), never identified.
"""

import datetime
import itertools
import json
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models import Case as Choose
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from .. import permissions
from ..choices import RESTRICTION_TYPE_LABELS
from ..models import (
    RED_FLAG_KIND_LABELS,
    Appeal,
    Breach,
    Customer,
    Decision,
    RedFlag,
    Restriction,
    RestrictionEvent,
)
from .residents import search_words, word_matches

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
    "resident": (
        "Resident, A to Z",
        ["row_resident", "row_resident_reference", "-row_decided_at", "row_kind", "row_id"],
    ),
    "-resident": (
        "Resident, Z to A",
        ["-row_resident", "-row_resident_reference", "-row_decided_at", "row_kind", "row_id"],
    ),
    "end": ("End date, soonest first", ["row_end", "row_kind", "row_id"]),
    "review": ("Next review, soonest first", ["row_review", "row_kind", "row_id"]),
    "kind": ("Kind, then newest first", ["row_kind", "-row_decided_at", "-row_id"]),
    "state": ("State, then newest first", ["row_state", "-row_decided_at", "row_kind", "-row_id"]),
}
DEFAULT_SORT = "-decided"
# Every sort ends on the kind and the id, so no two entries tie: a page holds the same entries
# however it is read (from the end, for the last pages).
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
            "restriction type": RESTRICTION_TYPE_LABELS.get(self.restriction_type),
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
            return RED_FLAG_KIND_LABELS.get(self.detail, self.detail)
        return "; ".join(RESTRICTION_TYPE_LABELS.get(value, value) for value in self.types)


def warning_approvals():
    """The directors' approvals of a warning letter (LHP 26): one per case so decided, marked
    `approves_warning` when the director approved it (casework.services.decisions)."""
    return Decision.objects.filter(approves_warning=True)


def _none(output_field):
    """NULL of the column's type: a kind sorted on its own (`_union`) must say which type an
    empty column has, or PostgreSQL takes it for text."""
    return Cast(Value(None), output_field=output_field)


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
            F("decided_at"),
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


def _resident_matches(prefix, query, residents=None):
    """Every word of the search in the resident's name, reference, address or postcode (as the
    resident check finds them), or in the name given for a resident not on record. `prefix` leads
    from the row to its resident ("customer__"); `residents`, when given, are the ids of the
    residents every word is in (`_matching_residents`), so the row's own resident id is compared
    with them and no resident is joined to the rows to be searched."""
    words = search_words(query)
    if residents is None:
        condition = Q()
        for word in words:
            condition &= word_matches(f"{prefix}search_text", word) | (
                Q(**{f"{prefix}isnull": True}) & _unlisted_name_matches(word)
            )
        return condition
    if not words:
        return Q()
    unlisted = Q(**{f"{prefix}isnull": True})
    for word in words:
        unlisted &= _unlisted_name_matches(word)
    return Q(_AnyOf(F(f"{prefix}id"), _ids(residents))) | unlisted


def _unlisted_name_matches(word):
    # The name typed on a case for a resident not on record: in any case, its letters folded as the
    # search's words are (casework.folding), punctuation kept.
    return word_matches("case__unlisted_customer_name__folded", word, any_case=True, punctuated=True)


def _matching_residents(query):
    """PostgreSQL: the ids of the residents on record with every word of `query` in their name,
    reference, address or postcode (one query, on the residents' trigram index), for
    `_resident_matches`; elsewhere, or with no words, None."""
    words = search_words(query)
    if connection.vendor != "postgresql" or not words:
        return None
    residents = Customer.objects.all()
    for word in words:
        residents = residents.filter(word_matches("search_text", word))
    return list(residents.values_list("pk", flat=True))


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


def _has_type(code):
    """Restrictions whose list of types holds `code`. On PostgreSQL the list contains it (jsonb
    `@>`, read from the types' GIN index, and counted from the column's statistics, so the planner
    knows how many there are); SQLite has no containment on JSON, and the JSON text of the list
    holds the quoted code exactly."""
    if connection.vendor == "postgresql":
        return Q(types__contains=[code])
    return Q(types__icontains=f'"{code}"')


def _kind_queryset(kind, flt, today, search=True, residents=None):
    """The rows of one kind narrowed by the filter, or None when the filter leaves none of it.
    With `search`, the search by resident too (`residents` as `_resident_matches` takes them)."""
    if flt.kind and flt.kind != kind:
        return None
    if flt.restriction_type and kind != RESTRICTION:
        return None
    if flt.review_overdue and kind != RESTRICTION:
        return None
    if flt.appeal_open and kind == RED_FLAG:
        return None
    if kind == RESTRICTION:
        queryset, decided, resident = Restriction.objects.all(), "decided_at", "customer__"
        if flt.state and flt.state not in RESTRICTION_STATES:
            return None
        if flt.state:
            queryset = queryset.filter(state=flt.state)
        if flt.restriction_type:
            queryset = queryset.filter(_has_type(flt.restriction_type))
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
        queryset = queryset.filter(_resident_matches(resident, flt.query, residents))
    return queryset


def _sort_columns(flt):
    """The columns the union needs to put the entries in order: the kind and id, and what the
    sort reads. Everything else is read for the rows shown only (`rows`)."""
    terms = SORTS.get(flt.sort, SORTS[DEFAULT_SORT])[1]
    wanted = {"row_kind", "row_id", *(term.lstrip("-") for term in terms)}
    return [name for name in COLUMNS if name in wanted], terms


def _ordering(terms, backwards=False):
    """The ORDER BY of the sort `terms` (column names, "-" for descending), or of its exact reverse
    when `backwards`. Rows without a date go last on a date sort (first, reversed); on any other
    column the database's own place for NULL (first one way, last the other) reverses itself."""
    order = []
    for term in terms:
        name, descending = term.lstrip("-"), term.startswith("-")
        if backwards:
            descending = not descending
        if name in DATE_SORTS:
            nulls = {"nulls_first": True} if backwards else {"nulls_last": True}
            order.append(F(name).desc(**nulls) if descending else F(name).asc(**nulls))
        else:
            order.append(F(name).desc() if descending else F(name).asc())
    return order


# How a row of each kind leads to its resident on record, where it may have none.
RESIDENT = {RESTRICTION: "customer__", WARNING: "case__customer__"}


def _pieces(kind, queryset, columns):
    """`queryset` of `kind` with its `columns` (a dict of COLUMNS), as (queryset, columns) pairs
    that are sorted apart: for a sort by resident, the rows with a resident on record (their name
    and reference, in the residents' own index order) apart from those without (the name the case
    gives, and no reference); the same values as the one expression that covers both."""
    if kind not in RESIDENT or "row_resident" not in columns:
        return [(queryset, columns)]
    prefix = RESIDENT[kind]
    listed = {**columns, "row_resident": F(f"{prefix}name"), "row_resident_reference": F(f"{prefix}reference")}
    unlisted = {
        **columns,
        "row_resident": F("case__unlisted_customer_name"),
        "row_resident_reference": Value("", output_field=CharField()),
    }
    return [
        (queryset.filter(**{f"{prefix}isnull": False}), listed),
        (queryset.filter(**{f"{prefix}isnull": True}), unlisted),
    ]


def _union(querysets, flt, user, today, limit=None, backwards=False):
    """One queryset of the entries of `querysets` ((kind, queryset) pairs) in the sort's order
    (reversed when `backwards`), with the columns `_sort_columns` names. With `limit`, each kind
    (or part of a kind, `_pieces`) is sorted and cut to its first `limit` entries before they are
    put together (the database must allow it: `supports_slicing_ordering_in_compound`), so no
    more than `limit` entries of each are sorted together and an index in the sort's order can
    be read instead; the whole is still ordered and must be sliced within `limit`."""
    names, terms = _sort_columns(flt)

    def narrow(queryset, columns):
        return queryset.order_by().annotate(**{name: columns[name] for name in names}).values(*names)

    pieces = []
    for kind, queryset in querysets:
        columns = {name: expression for name, expression in _columns(kind, user, today).items() if name in names}
        pieces += _pieces(kind, queryset, columns) if limit is not None else [(queryset, columns)]
    parts = [narrow(queryset, columns) for queryset, columns in pieces]
    if limit is not None and len(parts) > 1:
        # The kind is the same on every row of a part: its own order needs the rest only.
        own = _ordering([term for term in terms if term.lstrip("-") != "row_kind"], backwards)
        parts = [part.order_by(*own)[:limit] for part in parts]
    if not parts:
        parts = [narrow(Restriction.objects.none(), _columns(RESTRICTION, user, today))]
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by(*_ordering(terms, backwards))


def _count(querysets):
    """How many rows the querysets of `querysets` ((kind, queryset) pairs) hold together: one
    query, over their ids alone, so nothing the sort or the columns would join is read."""
    parts = [queryset.order_by().values("pk") for _, queryset in querysets]
    if not parts:
        return 0
    return parts[0].union(*parts[1:], all=True).count() if len(parts) > 1 else parts[0].count()


def _count_apart(querysets, hidden):
    """(how many rows of `querysets` ((kind, queryset) pairs) are not on the cases `hidden` (a
    _Hidden), how many are): one query that counts each kind's rows on and off hidden cases
    (at most two rows a kind), rather than a count of each."""
    parts = [
        queryset.order_by()
        .annotate(on_hidden=hidden.on_hidden(queryset))
        .values("on_hidden")
        .annotate(rows=Count("pk"))
        .values("on_hidden", "rows")
        for _, queryset in querysets
    ]
    if not parts:
        return 0, 0
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    shown = left_out = 0
    for counted in combined:
        if counted["on_hidden"]:
            left_out += counted["rows"]
        else:
            shown += counted["rows"]
    return shown, left_out


class Entries:
    """The register's entries for one person and filter, in the filter's order: what `entries`
    returns. As a Paginator wants it: `count()` (one query, cached) and slices (one query each,
    a list of dicts: the kind, the id and the columns the sort reads); iterating, or
    `iterator(chunk_size)`, reads them all in order (for an export).

    Where the database allows it (PostgreSQL), a slice sorts no more than it needs: each kind is
    sorted and cut before the kinds are put together, and a slice nearer the end than the start
    is read from the end in the reverse order, then turned round, so the last page costs what
    the first does."""

    ordered = True

    def __init__(self, querysets, flt, user, today, hidden, found=None):
        self._querysets, self._flt, self._user, self._today = querysets, flt, user, today
        # The kinds' rows before the hidden cases' are left out: with no search, one count of
        # them says both how many are shown and how many are left out.
        self._hidden, self._found = hidden, found
        self._counted = self._redacted = None

    def _union(self, limit=None, backwards=False):
        return _union(self._querysets, self._flt, self._user, self._today, limit, backwards)

    @property
    def queryset(self):
        """All the entries as one queryset (a UNION of the kinds), in order."""
        return self._union()

    def count(self):
        """How many entries there are (an int)."""
        if self._counted is None:
            if self._found is not None and not self._flt.query:
                self._counted, self._redacted = _count_apart(self._found, self._hidden)
            else:
                self._counted = _count(self._querysets)
        return self._counted

    def redacted_count(self):
        """How many entries the same filter finds on sensitive cases hidden from the person
        (see `redacted_count`; an int), counted with the entries shown where it can be."""
        if self._redacted is None:
            self.count()
        if self._redacted is None:
            self._redacted = redacted_count(self._user, self._flt, self._today, self._hidden)
        return self._redacted

    def __len__(self):
        return self.count()

    def __iter__(self):
        return iter(self._union())

    def iterator(self, chunk_size=2000):
        """Every entry in order, read from the database `chunk_size` at a time."""
        return self._union().iterator(chunk_size=chunk_size)

    def __getitem__(self, key):
        """A list of the entries of the slice `key` (no step), or one entry for an index.
        Raises IndexError for an index out of range, TypeError for anything else."""
        if isinstance(key, int):
            found = self[key : key + 1]
            if not found:
                raise IndexError("No such entry")
            return found[0]
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("Entries are read by index or by slice")
        start, stop = key.start or 0, key.stop
        if start < 0 or (stop is not None and stop < 0):
            raise TypeError("Entries are not read from the end by a negative index")
        if not connection.features.supports_slicing_ordering_in_compound:
            return list(self._union()[start:stop])
        total = self.count()
        stop = total if stop is None else min(stop, total)
        if start >= stop:
            return []
        if total - start < stop:
            # Nearer the end: the first (total - start) in the reverse order hold the slice.
            reverse = self._union(limit=total - start, backwards=True)[total - stop : total - start]
            return list(reverse)[::-1]
        return list(self._union(limit=stop)[start:stop])


class _AnyOf(Func):
    """PostgreSQL: true where the expression is one of an array of ids given as one parameter
    (`column = ANY(%s::bigint[])`), however many ids there are."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s::bigint[]))"
    output_field = BooleanField()


def _ids(ids):
    """A list of ids as one PostgreSQL array parameter for `_AnyOf`: its text ("{1,2,3}"), made
    once, rather than thousands of parameters each prepared apart."""
    return Value("{" + ",".join(str(int(pk)) for pk in ids) + "}", output_field=TextField())


class _Hidden:
    """The sensitive cases hidden from a person (permissions.sensitive_cases_hidden_from), to
    keep their entries out (`visible`) or to count them (`hidden`) without joining all cases to
    every entry. On PostgreSQL their ids are read once (one query) and given to each kind's query
    as one array, instead of each kind reading the sensitive cases and the person's grants again;
    elsewhere each query reads them as a subquery."""

    def __init__(self, user):
        self.cases = permissions.sensitive_cases_hidden_from(user)
        self._ids = None

    def _condition(self, queryset):
        if connection.vendor != "postgresql":
            return Q(case__in=self.cases)
        if self._ids is None:
            found = list(self.cases.values_list("pk", flat=True))
            self._ids = _ids(found) if found else False
        if not self._ids:
            return None
        return Q(_AnyOf(F("case_id"), self._ids))

    def visible(self, queryset):
        """`queryset` (rows with a `case`, which may be empty) without the hidden cases' rows."""
        condition = self._condition(queryset)
        if condition is None:
            return queryset
        if queryset.model._meta.get_field("case").null:
            # A row with no case is on no sensitive case.
            return queryset.filter(Q(case__isnull=True) | ~condition)
        return queryset.exclude(condition)

    def on_hidden(self, queryset):
        """A column of `queryset`: true on a row of a hidden case (false, or NULL, elsewhere)."""
        condition = self._condition(queryset)
        if condition is None:
            return Value(False, output_field=BooleanField())
        return ExpressionWrapper(condition, output_field=BooleanField())

    def hidden(self, queryset):
        """The rows of `queryset` on the hidden cases."""
        condition = self._condition(queryset)
        return queryset.none() if condition is None else queryset.filter(condition)


def entries(user, flt, today=None):
    """The register for `user` narrowed and sorted by `flt` (a RegisterFilter): an `Entries` of
    dicts (the kind, the id and the columns the sort reads), for a Paginator or an export; turn
    a slice into RegisterRows with `rows`. Entries of sensitive cases `user` is not named on are
    left out (`Entries.redacted_count` counts them). Raises nothing; a filter that leaves
    nothing gives an empty Entries."""
    today = today or timezone.localdate()
    hidden = _Hidden(user)
    residents = _matching_residents(flt.query)
    found = []
    for kind, _ in KINDS:
        queryset = _kind_queryset(kind, flt, today, residents=residents)
        if queryset is not None:
            found.append((kind, queryset))
    querysets = [(kind, hidden.visible(queryset)) for kind, queryset in found]
    return Entries(querysets, flt, user, today, hidden, found)


def redacted_count(user, flt, today=None, hidden=None):
    """How many entries the same filter finds on sensitive cases `user` is not named on (an
    int). The search by resident is not applied: a count answering a name would identify the
    resident. `hidden` (a _Hidden for `user`) saves reading the hidden cases again."""
    today = today or timezone.localdate()
    hidden = hidden or _Hidden(user)
    querysets = []
    for kind, _ in KINDS:
        queryset = _kind_queryset(kind, flt, today, search=False)
        if queryset is not None:
            querysets.append((kind, hidden.hidden(queryset)))
    return _count(querysets)


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
