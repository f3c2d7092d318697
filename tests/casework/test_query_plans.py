"""The queries every page makes read an index made for them, so that their cost follows the
rows shown and not the rows a person has accumulated (tens of thousands of grants, notices
and open steps at a large landlord). On PostgreSQL the plans themselves are read, with
sequential scans made dear so that a tiny test table does not hide a missing index."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework import permissions
from casework.models import Assignment, Case
from home.models import Notification
from home.notifications import notify
from tests.casework.factories import at_cxm
from tests.casework.test_query_counts import bulk_cases
from tests.casework.test_register_paging import varied_register


def plan(queryset, dropping=(), avoiding=("seqscan",)):
    """PostgreSQL's plan for `queryset` once the indexes named in `dropping` are dropped and the
    plan kinds in `avoiding` made dear (both undone when the test's transaction rolls back): on
    a few rows the planner would otherwise take whatever is cheapest, indexed or not."""
    with connection.cursor() as cursor:
        for index in dropping:
            cursor.execute(f'DROP INDEX "{index}"')
        for kind in avoiding:
            cursor.execute(f"SET LOCAL enable_{kind} = off")
    return queryset.explain()


def indexes_but(table, kept):
    """The names of `table`'s indexes other than `kept` and its primary key."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname NOT IN (%s, %s)",
            [table, kept, f"{table}_pkey"],
        )
        return [row[0] for row in cursor.fetchall()]


def test_an_assignment_carries_its_steps_urgency_and_due_date(org):
    urgent, ordinary = at_cxm(org, immediate_risk=True), at_cxm(org)
    for case in (urgent, ordinary):
        step = case.current_step
        copies = set(Assignment.objects.filter(step=step).values_list("urgent", "due_date"))
        assert copies == {(step.urgent, step.due_date)}
    assert urgent.current_step.urgent and not ordinary.current_step.urgent
    # Someone added later (named on a sensitive case, say) gets them too.
    ordinary.current_step.assign([org.sali])
    assert Assignment.objects.get(step=ordinary.current_step, user=org.sali).due_date == ordinary.current_step.due_date


def test_the_home_panel_counts_urgent_and_overdue_steps_without_reading_the_steps(org, client):
    from home.site import ensure_home_page

    ensure_home_page()
    at_cxm(org, immediate_risk=True)
    late = at_cxm(org)
    Assignment.objects.filter(step=late.current_step).update(due_date=datetime.date(2020, 1, 6))
    client.force_login(org.rkaur)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert '<span class="count">2</span> cases waiting for you, <strong>1 urgent</strong>' in page
    assert "1 overdue" in page
    counts = [q["sql"] for q in queries if 'FROM "casework_step_assignees"' in q["sql"] and "COUNT(" in q["sql"]]
    assert counts
    assert not [sql for sql in counts if '"casework_step"' in sql]


@pytest.mark.postgresql
def test_the_unread_count_reads_only_the_persons_unread_notices(org):
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's plan")
    for number in range(3):
        notify(org.rkaur, f"Notice {number}", "Body")
    listed = Notification.objects.listed_for(org.rkaur)[:25]
    found = plan(listed, avoiding=("seqscan", "sort", "bitmapscan"))
    assert "Index Scan using home_notification_listed" in found
    assert "Sort" not in found
    # Without the table's other indexes only the partial one can answer: it does, so listed_for
    # still says exactly what the index's condition says.
    others = indexes_but("home_notification", "home_notification_unread")
    unread = Notification.objects.listed_for(org.rkaur).filter(read_at__isnull=True)
    assert "Index Scan using home_notification_unread" in plan(unread, dropping=others)


@pytest.mark.postgresql
def test_the_list_of_cases_shared_with_someone_walks_the_newest_first_index(org):
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's plan")
    bulk_cases(org, 30)
    shared = permissions.cases_shared_with(org.rkaur).order_by("-created_at", "-pk")[:25]
    found = plan(shared, avoiding=("seqscan", "sort", "hashjoin", "mergejoin"))
    assert "casework_case_newest" in found
    assert "Sort" not in found


@pytest.mark.postgresql
def test_the_hidden_sensitive_count_probes_the_grants_once_per_sensitive_case(org):
    """Not an anti-join that would hash every grant the person has."""
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's plan")
    cases = bulk_cases(org, 30)
    Case.objects.filter(pk__in=[case.pk for case in cases[:3]]).update(sensitive=True)
    with CaptureQueriesContext(connection) as queries:
        permissions.hidden_sensitive_count(org.ebrown)
    sql = queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        found = "\n".join(row[0] for row in cursor.fetchall())
    assert "SubPlan" in found
    assert "Anti Join" not in found


def test_the_register_keeps_sensitive_entries_out_without_joining_every_case(org):
    """Which entries are hidden is read from the few sensitive cases hidden from the person:
    red flags in date order need no case at all. On PostgreSQL their ids are read once and given
    to each query as one array, so no query reads the person's grants again."""
    from casework.services import register

    varied_register(org, 3)
    flags = register.entries(org.rkaur, register.RegisterFilter(kind=register.RED_FLAG))
    sql = str(flags.queryset.query)
    assert 'JOIN "casework_case"' not in sql
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and "casework_caseuserobjectpermission" not in sql
    else:
        assert '"sensitive"' in sql


def register_sql(run):
    """The SQL of the last query `run` makes."""
    with CaptureQueriesContext(connection) as queries:
        run()
    return queries[-1]["sql"]


def explained(sql, avoiding=("seqscan",)):
    """PostgreSQL's plan for `sql`, with the plan kinds in `avoiding` made dear (undone when the
    test's transaction rolls back)."""
    with connection.cursor() as cursor:
        for kind in avoiding:
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgresql
def test_a_register_page_sorts_each_kind_apart_and_reads_the_newest_flags_from_their_index(org):
    """Each kind is sorted and cut to the page before the kinds are put together: the newest red
    flags come from their index, in order, and the page never sorts every entry."""
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's plan")
    from casework.services import register

    varied_register(org, 10)
    found = register.entries(org.jclarke, register.RegisterFilter())
    found.count()
    sql = register_sql(lambda: found[0:10])
    assert sql.count("LIMIT 10") == 4  # each of the three kinds, and the page
    assert "casework_redflag_raised_newest" in explained(sql, avoiding=("seqscan", "bitmapscan"))


@pytest.mark.postgresql
def test_the_last_register_page_is_read_from_the_end(org):
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's plan")
    from casework.services import register

    varied_register(org, 10)
    found = register.entries(org.jclarke, register.RegisterFilter())
    total = found.count()
    sql = register_sql(lambda: found[total - 5 : total])
    # The last five, newest first, are the first five oldest first: no kind reads more.
    assert sql.count("LIMIT 5") == 4 and "OFFSET" not in sql
    assert sql.endswith("ORDER BY 3 ASC, 1 ASC, 2 ASC LIMIT 5")


@pytest.mark.postgresql
def test_a_register_sort_by_resident_reads_the_residents_in_order(org):
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's plan")
    from casework.services import register

    varied_register(org, 10)
    found = register.entries(org.jclarke, register.RegisterFilter(sort="resident"))
    found.count()
    sql = register_sql(lambda: found[0:10])
    found = explained(sql, avoiding=("seqscan", "bitmapscan", "hashjoin"))
    # Flags, and restrictions with a resident on record (not only the flags, whose resident is
    # always on record), each read in the residents' order.
    assert found.count("casework_customer_name_reference") >= 2
    assert len(re.findall(r"Presorted Key: casework_customer(_\d+)?\.name", found)) >= 2


@pytest.mark.postgresql
def test_a_register_filter_by_type_reads_the_types_index(org):
    """Containment of the code in the jsonb list: the GIN index answers it, and the planner
    estimates it from the column's statistics instead of guessing at a pattern in its text."""
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's plan")
    from casework.services import register

    varied_register(org, 10)
    sql = register_sql(
        lambda: register.entries(org.jclarke, register.RegisterFilter(restriction_type="one_channel")).count()
    )
    assert "@>" in sql
    assert "casework_restriction_types_gin" in explained(sql)


@pytest.mark.postgresql
def test_a_register_search_compares_ids_without_joining_the_residents(org):
    """The residents matching the search are found once (on their own index); the entries are
    then compared on their resident's id, so no resident is joined to every entry."""
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's plan")
    from casework.services import register

    varied_register(org, 10)
    sql = register_sql(lambda: register.entries(org.jclarke, register.RegisterFilter(query="Resident01")).count())
    assert '"casework_customer"' not in sql
    assert '"customer_id" = ANY(' in sql


def test_a_short_word_of_a_resident_search_reaches_the_trigram_index_with_its_edge(db):
    """ "41 Mill Road": "41" inside a word has no trigram, so the index could not narrow it and
    PostgreSQL read every resident holding MILL and ROAD again (761 of 100,000, 8.6 ms). At the
    start of a word its pattern ("% 41%") holds the trigrams of the word's edge, which the index
    looks up (69 found, 1.0 ms at 100,000 residents, where the planner uses it for every word)."""
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's plan")
    from casework.models import Customer
    from casework.services.residents import find_customers

    Customer.objects.create(reference="R1", name="Ann Adams", address="41 Mill Road", postcode="SW9 7AB")
    explained_plan = plan(find_customers("41"))
    assert "casework_customer_search_trgm" in explained_plan
    index_conditions = re.findall(r"Index Cond: (.*)", explained_plan)
    assert any("'% 41%'" in condition for condition in index_conditions), explained_plan
