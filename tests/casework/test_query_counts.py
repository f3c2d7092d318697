"""The queues, "My reports", the case list and the case page cost the same number of
queries with 10 cases as with 200."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import Case, CaseEvent, CaseUserObjectPermission, Step
from tests.factories import CustomerFactory


def bulk_cases(org, count):
    """`count` cases reported by sali, at the CXM step, shared with rkaur and ebrown."""
    customer = CustomerFactory()
    now = timezone.now()
    cases = Case.objects.bulk_create(
        Case(
            reporter=org.sali,
            customer=customer,
            status=Case.Status.WITH_CXM,
            submitted_at=now,
            immediate_risk=i % 7 == 0,
            categories=["abusive_language"],
            channels=["phone"],
            what_happened="x",
        )
        for i in range(count)
    )
    assert cases[0].pk is not None  # both SQLite and PostgreSQL return the new keys
    steps = Step.objects.bulk_create(
        Step(case=case, number=1, kind=Step.Kind.CXM, due_date=datetime.date(2020, 1, 6)) for case in cases
    )
    for case, step in zip(cases, steps, strict=True):
        case.current_step = step
    Case.objects.bulk_update(cases, ["current_step"])
    through = Step.assignees.through
    through.objects.bulk_create(
        through(step_id=step.pk, user_id=user.pk, urgent=step.urgent, due_date=step.due_date)
        for step in steps
        for user in (org.rkaur, org.ebrown)
    )
    permission = Permission.objects.get(codename="view_case", content_type__app_label="casework")
    CaseUserObjectPermission.objects.bulk_create(
        CaseUserObjectPermission(user=user, permission=permission, content_object=case)
        for case in cases
        for user in (org.rkaur, org.ebrown)
    )
    CaseEvent.objects.bulk_create(CaseEvent(case=case, summary="Report submitted") for case in cases)
    return cases


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("rkaur", "/cases/awaiting-my-decision/"),
        ("rkaur", "/cases/all/"),
        ("sali", "/cases/mine/"),
        ("rkaur", "/admin/casework/case/"),
        ("rkaur", "/"),
    ],
)
def test_list_pages_do_not_grow_with_the_number_of_cases(org, client, username, url, django_assert_max_num_queries):
    from home.site import ensure_home_page

    ensure_home_page()
    client.force_login(getattr(org, username))
    bulk_cases(org, 10)
    client.get(url)  # warm caches (content types, site settings)
    with_10 = count_queries(client, url)
    bulk_cases(org, 190)
    with django_assert_max_num_queries(with_10):
        client.get(url)


def test_case_page_does_not_grow_with_the_residents_other_cases(org, client, django_assert_max_num_queries):
    cases = bulk_cases(org, 10)
    client.force_login(org.rkaur)
    url = f"/cases/{cases[0].pk}/"
    client.get(url)
    with_10 = count_queries(client, url)
    bulk_cases(org, 190)
    with django_assert_max_num_queries(with_10):
        client.get(url)


def test_the_case_page_asks_once_whether_the_person_is_in_the_chain(org, client):
    """Once to let them in, once for the page: its other rules (the access log, naming people,
    letters) read that answer."""
    case = bulk_cases(org, 1)[0]
    client.force_login(org.rkaur)
    client.get(f"/cases/{case.pk}/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/cases/{case.pk}/").status_code == 200
    probes = [
        q["sql"] for q in queries if q["sql"].startswith('SELECT 1 AS "a" FROM "casework_caseuserobjectpermission"')
    ]
    assert len(probes) == 2


def test_the_count_of_hidden_sensitive_cases_is_one_query_whatever_the_number_of_cases(org, django_assert_num_queries):
    from casework import permissions

    cases = bulk_cases(org, 30)
    Case.objects.filter(pk__in=[case.pk for case in cases[:3]]).update(sensitive=True)
    CaseUserObjectPermission.objects.filter(content_object__in=cases[:2], user=org.ebrown).delete()
    permissions.hidden_sensitive_count(org.ebrown)  # the permission id is looked up once per process
    with django_assert_num_queries(1):
        assert permissions.hidden_sensitive_count(org.ebrown) == 2
    bulk_cases(org, 200)
    with django_assert_num_queries(1):
        assert permissions.hidden_sensitive_count(org.ebrown) == 2


def test_the_admin_case_list_reads_only_the_page_it_shows(org, client):
    """Nothing on the list loads every case shared with the person: each query of cases is
    either a count or limited to one page."""
    bulk_cases(org, 60)
    client.force_login(org.rkaur)
    client.get("/admin/casework/case/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/casework/case/")
    assert response.status_code == 200
    case_queries = [q["sql"] for q in queries if 'FROM "casework_case"' in q["sql"]]
    assert case_queries
    unbounded = [
        sql
        for sql in case_queries
        if not sql.startswith("SELECT COUNT(") and not re.search(r"LIMIT \d+( OFFSET \d+)?$", sql.strip())
    ]
    assert unbounded == []


def test_the_admin_case_list_counts_the_persons_grants_once(org, client):
    """Unfiltered, the list's counts come from one count of the person's own grants, not from
    counting every case shared with them; a search or a filter counts what it finds."""
    cases = bulk_cases(org, 30)
    client.force_login(org.rkaur)
    client.get("/admin/casework/case/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/casework/case/")
    counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(")]
    assert not [sql for sql in counts if 'FROM "casework_case"' in sql]
    assert len([sql for sql in counts if "casework_caseuserobjectpermission" in sql]) == 1
    assert "30 out of 30" in response.content.decode()
    Case.objects.filter(pk__in=[case.pk for case in cases[:4]]).update(status=Case.Status.CLOSED)
    filtered = client.get("/admin/casework/case/", {"status__exact": "closed"}).content.decode()
    assert "4 out of 30" in filtered


def test_deleting_a_case_deletes_its_grants(org):
    from casework import permissions

    case = bulk_cases(org, 2)[0]
    assert permissions.has_chain_access(org.rkaur, case)
    assert CaseUserObjectPermission.objects.filter(content_object=case).count() == 2
    case.events.all().delete()
    Case.objects.filter(pk=case.pk).delete()
    assert not CaseUserObjectPermission.objects.filter(content_object_id=case.pk).exists()
