"""Equality monitoring (Wandle 7.0; the LHP equality impact assessment): for a period, the
residents under restriction by each protected characteristic against the whole resident
population, so that over-representation stands out. No count under 5 is shown."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import Count, Exists, OuterRef, Q

from .. import equality
from ..models import Customer, Restriction

SMALL = 5
# A restriction that was ever in force has a start date; these are the states it can be in since.
EVER_IN_FORCE = [
    Restriction.State.IN_FORCE,
    Restriction.State.LAPSED,
    Restriction.State.LIFTED,
    Restriction.State.OVERTURNED,
    Restriction.State.SUPERSEDED,
]


def financial_year_before(today):
    """The last whole financial year (1 April to 31 March) before `today` (a date)."""
    year = today.year if today.month >= 4 else today.year - 1
    return datetime.date(year - 1, 4, 1), datetime.date(year, 3, 31)


@dataclass
class Figure:
    answer: str
    restricted: int
    restricted_total: int
    population: int
    population_total: int

    @staticmethod
    def _shown(count, total):
        if count < SMALL:
            return "fewer than 5", ""
        return f"{count:,}", f"{100 * count / total:.0f}%" if total else ""

    @property
    def restricted_shown(self):
        return self._shown(self.restricted, self.restricted_total)

    @property
    def population_shown(self):
        return self._shown(self.population, self.population_total)


def restricted_residents(start, end):
    """Residents with a restriction in force on any day from `start` to `end` (dates, both included)."""
    in_force = Restriction.objects.filter(
        customer=OuterRef("pk"), state__in=EVER_IN_FORCE, start_date__lte=end, end_date__gte=start
    )
    return Customer.objects.filter(Exists(in_force))


def _by_answer(residents):
    """How many of `residents` (a queryset of Customers) gave each answer to each characteristic
    of casework.equality.CHARACTERISTICS: ({field name: {answer code: n}}, how many they are).
    One query, a single pass over the residents, returning a few hundred rows at most (grouping by
    all nine answers at once would return a row for nearly every resident once they are
    recorded). On PostgreSQL in grouping sets (`_sets`), quicker than a filtered count per
    answer, which SQLite counts instead."""
    if connections[residents.db].vendor == "postgresql":
        return _by_answer_in_grouping_sets(residents)
    counts = {"total": Count("pk")}
    for index, (name, _, choices) in enumerate(equality.CHARACTERISTICS):
        for number, (code, _) in enumerate(choices):
            counts[f"c{index}_{number}"] = Count("pk", filter=Q(**{name: code}))
    found = residents.order_by().aggregate(**counts)
    by_answer = {
        name: {code: found[f"c{index}_{number}"] for number, (code, _) in enumerate(choices)}
        for index, (name, _, choices) in enumerate(equality.CHARACTERISTICS)
    }
    return by_answer, found["total"]


# Most combinations of answers one grouping set may count: each set costs the database a hash
# lookup for every resident, so three sets of three characteristics took a fifth less time than
# nine of one (22 against 28 ms for 17,778 residents), for a few hundred rows instead of 54.
MOST_IN_A_SET = 256


def _sets(characteristics):
    """The characteristics (name, label, choices) in consecutive groups, each with at most
    MOST_IN_A_SET combinations of their answers: a list of lists of field names."""
    sets, combinations = [], MOST_IN_A_SET + 1
    for name, _, choices in characteristics:
        if combinations * len(choices) > MOST_IN_A_SET:
            sets.append([])
            combinations = 1
        sets[-1].append(name)
        combinations *= len(choices)
    return sets


def _by_answer_in_grouping_sets(residents):
    names = equality.FIELD_NAMES
    by_answer = {name: {code: 0 for code, _ in choices} for name, _, choices in equality.CHARACTERISTICS}
    total = 0
    # The residents' query as Django writes it (its parameters kept apart), grouped by a few sets
    # of characteristics; GROUPING() says which characteristics a row counts (0: this one). The id
    # keeps a row per resident where the query is distinct or a union: on the answers alone,
    # residents who gave the same nine answers would be folded into one.
    try:
        sql, params = residents.order_by().values("pk", *names).query.sql_with_params()
    except EmptyResultSet:  # none(), pk__in=[]: nobody, and no query to run
        return by_answer, total
    database = connections[residents.db]
    quoted = [database.ops.quote_name(name) for name in names]
    columns = ", ".join(f"r.{name}" for name in quoted)
    which = ", ".join(f"GROUPING(r.{name})" for name in quoted)
    quoted_by_name = dict(zip(names, quoted, strict=True))
    sets = ", ".join(
        "(" + ", ".join(f"r.{quoted_by_name[name]}" for name in group) + ")"
        for group in _sets(equality.CHARACTERISTICS)
    )
    with database.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, {which}, COUNT(*) FROM ({sql}) r GROUP BY GROUPING SETS ({sets})",  # noqa: S608
            params,
        )
        for row in cursor.fetchall():
            answers, grouped, n = row[: len(names)], row[len(names) : -1], row[-1]
            for name, answer, left_out in zip(names, answers, grouped, strict=True):
                if not left_out and answer in by_answer[name]:
                    by_answer[name][answer] += n
            if not grouped[0]:
                total += n  # each resident has one answer to each characteristic
    return by_answer, total


def _all_residents_by_answer():
    """As `_by_answer` of every resident. On PostgreSQL read from the counts the database keeps as
    residents change (`casework_residentanswercount`, kept by triggers: migration 0030): one query
    of a few rows, not a count of every resident. Each resident has exactly one answer to each
    characteristic, so the answers to the first add up to how many residents there are. SQLite
    counts the residents."""
    if connection.vendor != "postgresql":
        return _by_answer(Customer.objects.all())
    counts = {name: {} for name in equality.FIELD_NAMES}
    with connection.cursor() as cursor:
        cursor.execute("SELECT characteristic, answer, residents FROM casework_residentanswercount")
        for characteristic, answer, residents in cursor.fetchall():
            if characteristic in counts:
                counts[characteristic][answer] = residents
    return counts, sum(counts[equality.FIELD_NAMES[0]].values())


def figures(start, end):
    """The equality figures for the days `start` to `end` (dates, both included; Wandle 7.0, the
    LHP equality impact assessment, reported to the Board under LHP 35): (the number of residents
    restricted in the period, the number of all residents, and for each characteristic of
    casework.equality.CHARACTERISTICS, in order, (its label, a list of Figures, one per
    answer)). Counts under 5 are shown as "fewer than 5" by each Figure. Two queries, whatever
    the number of residents; raises nothing."""
    among_restricted, restricted_total = _by_answer(restricted_residents(start, end))
    among_all, population_total = _all_residents_by_answer()
    result = []
    for name, label, choices in equality.CHARACTERISTICS:
        rows = [
            Figure(
                answer,
                among_restricted[name].get(code, 0),
                restricted_total,
                among_all[name].get(code, 0),
                population_total,
            )
            for code, answer in choices
        ]
        result.append((label, rows))
    return restricted_total, population_total, result
