"""The register's pages: read a page at a time (on PostgreSQL each kind sorted and cut before
the kinds are put together, and the pages nearer the end read from the end), they hold exactly
the entries, in exactly the order, that the whole register sorted at once holds; the counts are
the same; and the number of queries does not follow the number of entries or the page."""

import datetime
import itertools

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import Case, Customer, Decision, Recommendation, RedFlag, Restriction, Step
from casework.services import register

TODAY = datetime.date.today()


def varied_register(org, count):
    """About 4 × `count` entries of every kind and state, sharing residents and decision times
    (so the sorts' tie-breakers decide), some restrictions and warnings on residents not on
    record (a name on the case only), restrictions not yet in force (no start, end or review),
    ended red flags, flags with no case, and every seventh case sensitive (no one is named on
    it). Made in bulk; the service functions are tested in test_register.py."""
    residents = [
        Customer.objects.get_or_create(reference=f"C9{n:05d}", defaults={"name": f"Resident{n:02d}"})[0]
        for n in range(5)
    ]
    letter = Recommendation.objects.create(kind=Recommendation.Kind.WARNING_LETTER)
    noon = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12)))
    cases = Case.objects.bulk_create(
        Case(
            reporter=org.sali,
            customer=None if i % 5 == 4 else residents[i % 4],
            unlisted_customer_name=f"Unlisted{i % 3:02d}" if i % 5 == 4 else "",
            status=Case.Status.CLOSED,
            outcome=Case.Outcome.APPROVED,
            final_recommendation=letter if i % 3 == 0 else None,
            submitted_at=noon,
            sensitive=i % 7 == 3,
        )
        for i in range(count * 3)
    )
    steps = Step.objects.bulk_create(
        Step(case=case, number=1, kind=Step.Kind.DIRECTOR, status=Step.Status.DECIDED, due_date=TODAY) for case in cases
    )
    decisions = Decision.objects.bulk_create(
        Decision(
            step=step,
            case=step.case,
            decided_by=org.pshah,
            choice="approve",
            rationale="x",
            approves_warning=step.case.final_recommendation_id is not None,
            # Groups of three decided at the same moment.
            decided_at=noon - datetime.timedelta(days=(i // 3) % 11),
        )
        for i, step in enumerate(steps)
    )
    states = [Restriction.State.IN_FORCE, Restriction.State.APPROVED, Restriction.State.LAPSED]
    restricted = [d for i, d in enumerate(decisions) if i % 3]
    made = Restriction.objects.bulk_create(
        Restriction(
            customer=d.case.customer,
            case=d.case,
            decision=d,
            decided_at=d.decided_at,
            types=["one_channel", "named_contact"] if i % 2 else ["office_ban"],
            terms="x",
            duration_months=6,
            review_interval_months=3,
            state=states[i % 3],
            start_date=None if states[i % 3] == Restriction.State.APPROVED else TODAY - datetime.timedelta(days=100),
            end_date=None if states[i % 3] == Restriction.State.APPROVED else TODAY + datetime.timedelta(days=i % 4),
            next_review_date=None
            if states[i % 3] == Restriction.State.APPROVED
            else TODAY + datetime.timedelta(days=i % 5 - 2),
        )
        for i, d in enumerate(restricted)
    )
    flags = [
        RedFlag(
            customer=r.customer or residents[4],
            case=r.case if i % 4 else None,
            restriction=r,
            kind=RedFlag.Kind.CONTACT_ARRANGEMENTS,
            handling_instruction="x",
            start_date=TODAY - datetime.timedelta(days=50),
            next_review_date=TODAY + datetime.timedelta(days=i % 6 - 3),
            end_date=TODAY + datetime.timedelta(days=i % 3) if i % 2 else None,
            ended_at=noon if i % 5 == 0 else None,
            end_reason="Lifted." if i % 5 == 0 else "",
            resident_told="yes",
            told_on=TODAY,
            raised_by=org.rkaur,
        )
        for i, r in enumerate(made)
        if r.state != Restriction.State.APPROVED
    ]
    RedFlag.objects.bulk_create(flags)
    # Flags raised at the same moment as one another, and as some decisions.
    RedFlag.objects.update(raised_at=noon - datetime.timedelta(days=2))
    return cases


@pytest.fixture
def varied(org):
    return varied_register(org, 20)


def keys(found):
    return [(entry["row_kind"], entry["row_id"]) for entry in found]


def paged(found, size):
    """Every entry of `found` page by page, as the register page reads them."""
    paginator = Paginator(found, size)
    return [entry for number in paginator.page_range for entry in paginator.page(number).object_list]


@pytest.mark.parametrize("sort", list(register.SORTS))
@pytest.mark.parametrize(
    "filters",
    [{}, {"state": "in_force"}, {"kind": "restriction"}, {"query": "Resident01"}, {"restriction_type": "one_channel"}],
)
def test_every_page_holds_the_entries_of_the_whole_in_order(org, varied, sort, filters):
    flt = register.RegisterFilter(sort=sort, **filters)
    whole = keys(register.entries(org.jclarke, flt).queryset)
    assert whole and len(set(whole)) == len(whole)
    for size in (1, 7, 50):
        assert keys(paged(register.entries(org.jclarke, flt), size)) == whole
    found = register.entries(org.jclarke, flt)
    assert found.count() == len(whole)
    # Any slice: from the start, in the middle, at the very end, past the end.
    total = len(whole)
    for start, stop in [(0, 3), (5, 12), (total // 2, total // 2 + 5), (total - 4, total), (total - 1, total + 10)]:
        assert keys(found[start:stop]) == whole[start:stop]
    assert keys(found[total:]) == [] and keys([found[total - 1]]) == whole[-1:]


@pytest.mark.parametrize("sort", list(register.SORTS))
def test_the_order_is_the_sorts_with_rows_without_a_date_last(org, varied, sort):
    flt = register.RegisterFilter(sort=sort)
    rows = register.rows(paged(register.entries(org.jclarke, flt), 9), org.jclarke)
    kind_rank = {kind: kind for kind, _ in register.KINDS}

    def key(row):
        newest = -row.decided_at.timestamp()
        return {
            "-decided": (newest, [-ord(c) for c in row.kind], -row.pk),
            "decided": (-newest, row.kind, row.pk),
            "resident": (row.resident, row.resident_reference, newest, row.kind, row.pk),
            "end": (row.end_date is None, row.end_date or TODAY, row.kind, row.pk),
            "review": (row.next_review_date is None, row.next_review_date or TODAY, row.kind, row.pk),
            "kind": (kind_rank[row.kind], newest, -row.pk),
            "state": (row.state, newest, row.kind, -row.pk),
        }.get(sort)

    if sort == "-resident":
        # The reverse of the residents' order, the rest of the key as it is.
        groups = itertools.groupby(
            sorted(rows, key=lambda row: (row.resident, row.resident_reference), reverse=True),
            key=lambda row: (row.resident, row.resident_reference),
        )
        expected = [
            row
            for _, group in groups
            for row in sorted(group, key=lambda row: (-row.decided_at.timestamp(), row.kind, row.pk))
        ]
    else:
        expected = sorted(rows, key=key)
    assert [(row.kind, row.pk) for row in rows] == [(row.kind, row.pk) for row in expected]
    if sort in ("end", "review"):
        dates = [row.end_date if sort == "end" else row.next_review_date for row in rows]
        assert None in dates and dates.index(None) > 0 and not any(dates[dates.index(None) :])


def test_the_counts_are_the_entries_shown_and_those_left_out(org, varied):
    everything = register.RegisterFilter()
    found = register.entries(org.jclarke, everything)
    every_entry = Restriction.objects.count() + RedFlag.objects.count() + register.warning_approvals().count()
    redacted = found.redacted_count()
    assert redacted == register.redacted_count(org.jclarke, everything) > 0
    assert found.count() + redacted == every_entry
    assert found.count() == len(keys(found.queryset)) == len(list(found))
    # A search by name leaves the count of entries left out alone.
    searched = register.entries(org.jclarke, register.RegisterFilter(query="Resident01"))
    assert searched.redacted_count() == redacted
    assert 0 < searched.count() < found.count()
    named = {
        (row.kind, row.pk)
        for row in register.rows(found, org.jclarke)
        if row.resident == "Resident01" and row.resident_reference == "C900001"
    }
    assert set(keys(searched.queryset)) == named
    # A search for the name given on a case for a resident not on record.
    unlisted = register.rows(register.entries(org.jclarke, register.RegisterFilter(query="unlisted02")), org.jclarke)
    assert unlisted and {row.resident for row in unlisted} == {"Unlisted02"}
    assert all(row.kind != register.RED_FLAG for row in unlisted)
    # A word of one or two characters must begin a word: "un" finds the names not on record,
    # "nl" (inside them) nothing, "c9" every resident's reference and none of those names.
    short = register.rows(register.entries(org.jclarke, register.RegisterFilter(query="un")), org.jclarke)
    assert short and all(row.resident.startswith("Unlisted") for row in short)
    assert register.entries(org.jclarke, register.RegisterFilter(query="nl")).count() == 0
    # After punctuation too, as the name was typed on the case: "Unlisted-02" is found by "02".
    Case.objects.filter(unlisted_customer_name="Unlisted02").update(unlisted_customer_name="Unlisted-02")
    dashed = register.rows(register.entries(org.jclarke, register.RegisterFilter(query="02")), org.jclarke)
    assert dashed and {row.resident for row in dashed} == {"Unlisted-02"}
    # With accents, found typed with or without them, as a resident on record is.
    Case.objects.filter(unlisted_customer_name="Unlisted-02").update(unlisted_customer_name="Ünlisted Zoë")
    for query in ["zoe", "ZOË", "unlisted zoe"]:
        accented = register.rows(register.entries(org.jclarke, register.RegisterFilter(query=query)), org.jclarke)
        assert accented and {row.resident for row in accented} == {"Ünlisted Zoë"}, query
    Case.objects.filter(unlisted_customer_name="Ünlisted Zoë").update(unlisted_customer_name="Unlisted02")
    on_record = register.rows(register.entries(org.jclarke, register.RegisterFilter(query="c9")), org.jclarke)
    assert {row.resident for row in on_record} == {row.resident for row in register.rows(found, org.jclarke)} - {
        row.resident for row in short
    }


def test_a_filter_by_type_finds_the_restrictions_holding_it(org, varied):
    found = register.rows(
        register.entries(org.jclarke, register.RegisterFilter(restriction_type="named_contact")), org.jclarke
    )
    assert found and all("named_contact" in row.types for row in found)
    held = Restriction.objects.exclude(case__sensitive=True).filter(pk__in=[row.pk for row in found])
    assert (
        len(found)
        == held.count()
        == sum(
            "named_contact" in types
            for types in Restriction.objects.exclude(case__sensitive=True).values_list("types", flat=True)
        )
    )
    assert register.entries(org.jclarke, register.RegisterFilter(restriction_type="named")).count() == 0


@pytest.mark.parametrize(
    "query",
    [
        "",
        "sort=resident",
        "sort=-resident&page=2",
        "sort=review&state=in_force",
        "sort=end",
        "q=Resident01",
        "kind=restriction&review_overdue=on",
    ],
)
def test_a_page_costs_the_same_queries_whatever_the_entries_and_wherever_the_page(org, client, query):
    """The same queries for the first page, the second and the last, at two sizes; besides them
    the columns of the entries shown are read with one query for each kind on the page."""
    client.force_login(org.jclarke)
    varied_register(org, 2)

    def count(page):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/cases/register/?{query}&page={page}").status_code == 200
        shown = [q for q in queries if '"row_breaches"' in q["sql"]]
        assert len(shown) <= 3
        return len(queries) - len(shown)

    client.get(f"/cases/register/?{query}")  # warm caches
    small = count(1)
    varied_register(org, 40)
    assert count(1) == small
    assert count(2) == small
    assert count("9999") == small  # out of range: the last page
