"""Home and the library index show what a person needs, in queries that do not grow with the library."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policy_pages import services

from .factories import make_policy

pytestmark = pytest.mark.django_db


def _policies(start, stop):
    return [make_policy(f"Policy {number:03}", paragraphs=1) for number in range(start, stop)]


def _queries(client, url):
    client.get(url)  # warm what every page shares
    connection.queries_log.clear()  # it keeps 9,000 queries: a full log would count none
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


def test_home_page_queries_do_not_grow_with_the_number_of_policies(client, reader):
    _policies(0, services.HOME_UNREAD_SHOWN + 2)
    few, _ = _queries(client, "/")
    _policies(services.HOME_UNREAD_SHOWN + 2, 40)
    many, html = _queries(client, "/")
    assert many == few
    # A few to read, how many more, and a way to the rest: not forty links.
    assert html.count('href="/policies-and-guidance/policy-') == services.HOME_UNREAD_SHOWN + services.RECENT_ITEMS
    assert f"{40 - services.HOME_UNREAD_SHOWN} more to read" in html
    assert 'href="/policies-and-guidance/?unread=1"' in html


def test_home_page_shows_recently_updated_policies_and_guidance(client, reader):
    policies = _policies(0, 4)
    for policy in policies:
        services.acknowledge(reader, policy)
    html = client.get("/").text
    assert "You have read the current version of every policy." in html
    assert "Recently updated" in html
    assert "Policy 003" in html and "Policy 000" not in html


def test_index_queries_do_not_grow_with_the_number_of_policies(client, reader, monkeypatch):
    monkeypatch.setattr(services, "POLICIES_PER_PAGE", 5)
    _policies(0, 6)
    few, _ = _queries(client, "/policies-and-guidance/")
    _policies(6, 30)
    many, html = _queries(client, "/policies-and-guidance/")
    assert many == few
    assert html.count("Not read yet") == 5
    assert "Page 1 of 6" in html and 'href="?page=2"' in html
    assert "You have <strong>30 policies</strong> to read." in html


def test_index_lists_only_what_is_left_to_read_when_asked(client, reader):
    first, second = _policies(0, 2)
    services.acknowledge(reader, first)
    html = client.get("/policies-and-guidance/", {"unread": "1"}).text
    assert "Policy 001" in html and "Policy 000" not in html
    assert "Show every policy" in html
    services.acknowledge(reader, second)
    html = client.get("/policies-and-guidance/", {"unread": "1"}).text
    assert "You have read the current version of every policy." in html


def test_index_still_shows_each_policys_version_review_and_reading(client, reader):
    from datetime import date

    read = make_policy("Limited Contact Policy", version="Version 3", next_review_date=date(2020, 11, 1))
    make_policy("Draft-free policy", version=None)
    services.acknowledge(reader, read)
    html = client.get("/policies-and-guidance/").text
    assert "<td>Version 3</td>" in html and "Overdue for review" in html and "<td>Read</td>" in html
    assert "<td>Not yet approved</td>" in html
