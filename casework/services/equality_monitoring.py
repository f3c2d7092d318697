"""Equality monitoring (Wandle 7.0; the LHP equality impact assessment): for a period, the
residents under restriction by each protected characteristic against the whole resident
population, so that over-representation stands out. No count under 5 is shown."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

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


def figures(start, end):
    """For each characteristic (casework.equality.CHARACTERISTICS, in order): (its label, a list
    of Figures, one per answer). Counts under 5 are shown as "fewer than 5" by each Figure.
    Two queries per characteristic, whatever the number of residents."""
    restricted = restricted_residents(start, end)
    restricted_total = restricted.count()
    population_total = Customer.objects.count()
    result = []
    for name, label, choices in equality.CHARACTERISTICS:
        among_restricted = dict(restricted.order_by().values_list(name).annotate(n=Count("pk")))
        among_all = dict(Customer.objects.order_by().values_list(name).annotate(n=Count("pk")))
        rows = [
            Figure(answer, among_restricted.get(code, 0), restricted_total, among_all.get(code, 0), population_total)
            for code, answer in choices
        ]
        result.append((label, rows))
    return restricted_total, population_total, result
