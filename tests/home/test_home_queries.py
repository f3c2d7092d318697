"""Home counts a person's unread notifications once, for the navigation and its panel alike."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from home.notifications import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_home_counts_unread_notifications_once():
    reader = UserFactory(username="reader")
    client = _client(reader)
    for number in range(5):
        notify(reader, f"Notice {number}", "Body")
    client.get("/")
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        text = client.get("/").text
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"] and "home_notification" in q["sql"]]
    assert len(counts) == 1
    assert "Notifications (5 unread)" in text


def test_with_few_unread_notifications_home_does_not_count_them():
    reader = UserFactory(username="reader")
    client = _client(reader)
    notify(reader, "Notice", "Body")
    client.get("/")
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        text = client.get("/").text
    assert not [q for q in queries.captured_queries if "COUNT(*)" in q["sql"] and "home_notification" in q["sql"]]
    assert "Notifications (1 unread)" in text and '<span class="count">1</span> unread notification.' in text
