"""The queues, "My reports", the case list and the case page cost the same number of
queries with 10 cases as with 200."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from guardian.models import UserObjectPermission

from casework.models import Case, CaseEvent, Step
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
        through(step_id=step.pk, user_id=user.pk) for step in steps for user in (org.rkaur, org.ebrown)
    )
    permission = Permission.objects.get(codename="view_case", content_type__app_label="casework")
    content_type = ContentType.objects.get_for_model(Case)
    UserObjectPermission.objects.bulk_create(
        UserObjectPermission(user=user, permission=permission, content_type=content_type, object_pk=str(case.pk))
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
