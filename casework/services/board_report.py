"""The report to the Board of how the policy was used in a period (LHP 35; DESIGN: Board report).

`build(period)` gathers every section; each section is one function of a Period. The uses, their
breakdowns, durations and endings come first; then refusals of all contact, reviews, appeals,
breaches and new complaints, each a Section of counts or words against the period before.

Uses of the policy are counted by the date they were decided, as the register's "decided
between" filter counts them: a warning by its director's approval, a restriction by the
director's determination, a red flag by the day it was raised. The report is the same for every
reader: entries of sensitive cases are counted in every figure and never described (no
reference, no rationale). No resident is named: rationales are shown with the resident's name,
reference, address and postcode taken out. Every figure costs a fixed number of queries,
whatever the number of cases.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from ..choices import CHANNEL_LABELS
from ..models import Appeal, Breach, ContactRefusal, RedFlag, Restriction, RestrictionEvent
from . import equality_monitoring
from .board_uses import RED_FLAG, RESTRICTION, WARNING, breakdowns, tallies, uses
from .register import _decided_between, warning_approvals

ENDINGS = [
    (Restriction.State.LAPSED, "Lapsed at their end date"),
    (Restriction.State.LIFTED, "Lifted"),
    (Restriction.State.OVERTURNED, "Overturned on appeal"),
    (Restriction.State.SUPERSEDED, "Superseded by a new determination"),
]
# Wandle 3.7: at most 18 months.
DURATION_BANDS = [
    (1, 3, "Up to 3 months"),
    (4, 6, "4 to 6 months"),
    (7, 12, "7 to 12 months"),
    (13, 18, "13 to 18 months"),
]


@dataclass(frozen=True)
class Period:
    """Calendar days from `start` to `end`, both included."""

    start: datetime.date
    end: datetime.date

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def previous(self):
        """The period of the same number of days just before this one."""
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end)


def default_period(today=None):
    """The last complete financial year (1 April to 31 March) before `today`."""
    return Period(*equality_monitoring.financial_year_before(today or timezone.localdate()))


@dataclass
class Section:
    """A section of labelled counts for the period, each with the period before's."""

    title: str
    explanation: str
    rows: list = field(default_factory=list)  # (label, this period, the period before, the change in words)
    recorded: bool = True


def counted_section(title, explanation, count, labels, period):
    """A Section from `count` (a function of a list of Periods returning a {key: n} for each, in
    one query) and `labels` ((key, label) pairs): this period against the one before, one query
    whatever the numbers."""
    this, before = count([period, period.previous()])
    rows = [(label, this[key], before[key], change(this[key], before[key])) for key, label in labels]
    return Section(title, explanation, rows)


@dataclass
class BoardReport:
    period: Period
    previous: Period
    headline: list  # (label, this period, the period before, the change in words)
    uses: list  # Uses, one per kind
    breakdowns: list  # Breakdown by category, channel, team
    durations: list  # (band, count)
    median_duration: float | None
    endings: list  # (label, count)
    days_in_force_before_ending: float | None
    later_sections: list  # Sections: refusals, reviews, appeals, breaches, new complaints
    equality: tuple  # (restricted, population, figures) as equality_monitoring.figures


def duration_counts(period):
    """Restrictions determined in `period` (a Period), sensitive ones included, by the duration
    decided in calendar months: {months: how many}. One query; raises nothing."""
    determined = Restriction.objects.filter(_decided_between("decided_at", period.start, period.end))
    return dict(determined.order_by().values_list("duration_months").annotate(n=Count("pk")))


def median(counts):
    """The median of the values counted in `counts` ({value: how many}): statistics.median of
    every value listed, or None when there are none. Raises nothing."""
    values = [value for value, times in counts.items() for _ in range(times)]
    return statistics.median(values) if values else None


def durations(period):
    """Restrictions determined in `period` (a Period) by the duration decided, in calendar months
    (LHP 35; at most 18 months, Wandle 3.7): ([(band, count)], the median duration or None when
    there are none). One query, whatever the number of restrictions; raises nothing."""
    counts = duration_counts(period)
    bands = [
        (label, sum(n for months, n in counts.items() if low <= months <= high)) for low, high, label in DURATION_BANDS
    ]
    return bands, median(counts)


def endings(period):
    """Restrictions that lapsed, were lifted, overturned or superseded in the period (by the day
    the change was recorded), and the mean days they had been in force (None when none ended)."""
    events = RestrictionEvent.objects.filter(
        _decided_between("at", period.start, period.end), to_state__in=[state for state, _ in ENDINGS]
    )
    counts = dict(events.order_by().values_list("to_state").annotate(n=Count("pk")))
    spans = [
        (timezone.localdate(at) - start).days + 1
        for at, start in events.filter(restriction__start_date__isnull=False).values_list(
            "at", "restriction__start_date"
        )
    ]
    return [(label, counts.get(state, 0)) for state, label in ENDINGS], (
        round(sum(spans) / len(spans)) if spans else None
    )


def headline_counts(period):
    """The uses of each kind decided in the period, and the restrictions that ended in it: one
    count query each, for the comparison with another period."""
    return {
        WARNING: warning_approvals().filter(_decided_between("decided_at", period.start, period.end)).count(),
        RESTRICTION: Restriction.objects.filter(_decided_between("decided_at", period.start, period.end)).count(),
        RED_FLAG: RedFlag.objects.filter(_decided_between("raised_at", period.start, period.end)).count(),
        "ended": RestrictionEvent.objects.filter(
            _decided_between("at", period.start, period.end), to_state__in=[state for state, _ in ENDINGS]
        ).count(),
    }


HEADLINE_LABELS = [
    (WARNING, "Warnings approved"),
    (RESTRICTION, "Restrictions determined"),
    (RED_FLAG, "Red flags raised"),
    ("ended", "Restrictions that ended"),
]


def change(this, before):
    """The change from `before` to `this` (two counts) in words: "up 3", "down 1", "no change"."""
    if this == before:
        return "no change"
    return f"up {this - before}" if this > before else f"down {before - this}"


# --- What followed the decisions: refusals, reviews, appeals, breaches, new complaints ----


def refusals_of_all_contact(period):
    """LHP 31: refusals of all contact by the Executive Director of Customers after breaches,
    counted by the day they were made, with the period before. Two count queries; raises nothing."""
    this, before = (
        ContactRefusal.objects.filter(_decided_between("refused_at", p.start, p.end)).count()
        for p in (period, period.previous())
    )
    if not this:
        return Section("Refusals of all contact", f"None in the period ({before} in the period before).")
    return Section(
        "Refusals of all contact",
        f"{this} refusal{'s' if this != 1 else ''} of all contact by the Executive Director of Customers in the "
        f"period ({before} in the period before; {change(this, before)}), each after breaches of the restrictions "
        "and with a written justification. Emergency contact, statutory consultation and the complaints process "
        "stayed open.",
    )


REVIEW_LABELS = [
    ("decided", "Reviews decided"),
    ("on_time", "Decided by their review date"),
    ("late", "Decided after their review date"),
    ("continue", "Continued unchanged"),
    ("vary", "Varied"),
    ("lift", "Lifted early"),
    ("extend", "Extended (a new determination)"),
    ("overdue", "Open and past their review date at the period's end"),
]


def review_counts(periods):
    """Reviews of restrictions decided in each of `periods` (a list of Periods), on time (by their
    review date) and late, by outcome, and those still open past their date at its end: a {key: n}
    for each period, in one query. The filtered counts of both periods share a query because
    Django takes longer to build each query than the database takes to count a landlord's reviews."""
    from ..models import Review

    decided_status = Q(status=Review.Status.DECIDED)
    # The review date is a calendar date: decided on it is on time, whatever the hour.
    in_time = Q(decided_at__date__lte=F("due_date"))
    counts = {}
    for index, period in enumerate(periods):
        decided = decided_status & _decided_between("decided_at", period.start, period.end)
        counts[f"{index}_decided"] = Count("pk", filter=decided)
        counts[f"{index}_on_time"] = Count("pk", filter=decided & in_time)
        for value in Review.Proposal.values:
            counts[f"{index}_{value}"] = Count("pk", filter=decided & Q(proposal=value))
        # Opened by the period's end and not decided by then.
        by_the_end = _decided_between("opened_at", None, period.end)
        still_open = (
            Q(due_date__lt=period.end)
            & by_the_end
            & ~(decided_status & _decided_between("decided_at", None, period.end))
        )
        counts[f"{index}_overdue"] = Count("pk", filter=still_open)
    return _per_period(Review.objects.aggregate(**counts), len(periods))


def _per_period(found, number):
    """`found` ({"<index>_<key>": n}, as a counted aggregate gives it) as a {key: n} for each of
    `number` periods, with "late" worked out as "decided" less "on_time": every review or appeal
    decided is one or the other."""
    result = [{} for _ in range(number)]
    for name, n in found.items():
        index, key = name.split("_", 1)
        result[int(index)][key] = n
    for counts in result:
        counts["late"] = counts["decided"] - counts["on_time"]
    return result


def reviews(period):
    """Reviews held on time and late, with their outcomes (Wandle 3.9, LHP 29)."""
    return counted_section(
        "Reviews",
        "Reviews of restrictions decided in the period, by whether they were decided by their review date and by "
        "outcome, and those still open past their review date at the end of the period (Wandle 3.9, LHP 29).",
        review_counts,
        REVIEW_LABELS,
        period,
    )


APPEAL_LABELS = [
    ("received", "Appeals received"),
    ("decided", "Appeals decided"),
    ("upheld", "Upheld"),
    ("varied", "Varied (a warning letter: corrected)"),
    ("overturned", "Overturned (a warning letter: withdrawn)"),
    ("on_time", "Decided within 28 days of receipt"),
    ("late", "Decided later than 28 days"),
    ("on_warnings", "Of those decided, against a warning letter"),
]


def appeal_counts(periods):
    """Appeals received in each of `periods` (a list of Periods), and those decided in it by
    outcome, on time (by their due date, 28 calendar days after receipt) and late: a {key: n} for
    each period, in one query (see review_counts)."""
    # The due date is a calendar date: decided on it is on time, whatever the hour.
    in_time = Q(decided_at__date__lte=F("due_date"))
    counts = {}
    for index, period in enumerate(periods):
        decided = _decided_between("decided_at", period.start, period.end)
        counts[f"{index}_received"] = Count("pk", filter=Q(received_on__range=(period.start, period.end)))
        counts[f"{index}_decided"] = Count("pk", filter=decided)
        for outcome in (Appeal.Outcome.UPHELD, Appeal.Outcome.VARIED, Appeal.Outcome.OVERTURNED):
            counts[f"{index}_{outcome.value}"] = Count("pk", filter=decided & Q(outcome=outcome))
        counts[f"{index}_on_time"] = Count("pk", filter=decided & in_time)
        counts[f"{index}_on_warnings"] = Count("pk", filter=decided & Q(warning__isnull=False))
    return _per_period(Appeal.objects.aggregate(**counts), len(periods))


def appeals(period):
    """Appeals with their outcomes, and how many were decided within 28 days (Wandle 3.10)."""
    return counted_section(
        "Appeals",
        "Appeals received in the period, and those decided in it by outcome and by whether they were decided "
        "within 28 calendar days of being received (Wandle 3.10).",
        appeal_counts,
        APPEAL_LABELS,
        period,
    )


def breaches(period):
    """Breaches of restrictions (LHP 31) that happened in the period, by channel, how many
    restrictions they were against and how many brought a review forward, with the period
    before. Three queries; raises nothing."""
    found = Breach.objects.filter(occurred_on__gte=period.start, occurred_on__lte=period.end)
    before = Breach.objects.filter(occurred_on__gte=period.previous().start, occurred_on__lte=period.previous().end)
    figures = found.aggregate(
        n=Count("pk"),
        restrictions=Count("restriction", distinct=True),
        prompted=Count("pk", filter=Q(prompted_early_review=True)),
    )
    earlier = before.count()
    if not figures["n"]:
        return Section("Breaches", f"None in the period ({earlier} in the period before).")
    channels = found.order_by().values_list("channel").annotate(k=Count("pk")).order_by("-k", "channel")
    by_channel = ", ".join(f"{CHANNEL_LABELS.get(code, code).lower()} {k}" for code, k in channels)
    n = figures["n"]
    return Section(
        "Breaches",
        f"{n} breach{'es' if n != 1 else ''} of restrictions on {figures['restrictions']} restriction"
        f"{'s' if figures['restrictions'] != 1 else ''} in the period ({earlier} in the period before; "
        f"{change(n, earlier)}). By channel: {by_channel}. {figures['prompted']} brought a review forward.",
    )


def new_complaints(period):
    """New complaints from restricted residents decided in the period (by the day they were
    decided), accepted into the complaints process and declined, and those received in it still
    waiting (LHP 33). One query."""
    from django.db.models import Q

    from ..models import NewComplaint

    decided = Q(decided_at__date__range=(period.start, period.end))
    counts = NewComplaint.objects.aggregate(
        accepted=Count("pk", filter=decided & Q(status=NewComplaint.Status.ACCEPTED)),
        declined=Count("pk", filter=decided & Q(status=NewComplaint.Status.DECLINED)),
        waiting=Count("pk", filter=Q(received_on__range=(period.start, period.end), status__in=NewComplaint.OPEN)),
    )
    title = "New complaints from restricted residents"
    if not any(counts.values()):
        return Section(title, "None in this period.")
    text = (
        f"Decided on their merits by the Executive Director of Customers or a director for them: "
        f"{counts['accepted']} accepted into the complaints process and {counts['declined']} declined with "
        f"reasons. Received in the period and still waiting for a decision: {counts['waiting']}."
    )
    return Section(title, text)


LATER_SECTIONS = [refusals_of_all_contact, reviews, appeals, breaches, new_complaints]


def build(period):
    """The whole report for `period` (a Period): a BoardReport. A fixed number of queries,
    whatever the number of cases; raises nothing."""
    counted = tallies(period)
    previous = period.previous()
    this_counts = {found.kind: found.total for found in counted}
    ending_counts, days_in_force = endings(period)
    this_counts["ended"] = sum(count for _, count in ending_counts)
    before = headline_counts(previous)
    bands, median_duration = durations(period)
    return BoardReport(
        period=period,
        previous=previous,
        headline=[
            (label, this_counts[key], before[key], change(this_counts[key], before[key]))
            for key, label in HEADLINE_LABELS
        ],
        uses=uses(period, counted),
        breakdowns=breakdowns(counted),
        durations=bands,
        median_duration=median_duration,
        endings=ending_counts,
        days_in_force_before_ending=days_in_force,
        later_sections=[section(period) for section in LATER_SECTIONS],
        equality=equality_monitoring.figures(period.start, period.end),
    )
