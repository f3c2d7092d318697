"""A published policy page is served from the cache apart from what is personal: it makes no
more queries than a minimal page, shows a new version at once, and tells each reader whether
they themselves have confirmed reading it."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from home.models import HomePage
from policy_pages import rendering, services
from policy_pages.models import GuidancePage, PolicyAcknowledgement, PolicyPage, PolicyVersion
from tests.factories import UserFactory

from .factories import make_policy

pytestmark = pytest.mark.django_db

# Session, user, site, home, the library index and the policy with their own rows (one query),
# Wagtail's alias and view-restriction checks, the reader's permissions (two), the navigation's
# notification count, roles and line reports. The session is not written again within a minute
# of the last write.
POLICY_PAGE_QUERIES = 12


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _warm_queries(client, url):
    client.get(url)
    connection.queries_log.clear()  # it keeps 9,000 queries: a full log would count none
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


def _add_version(policy, label, note="", publish=True):
    page = PolicyPage.objects.get(pk=policy.pk)
    page.version_label = label
    revision = page.save_revision()
    if publish:
        revision.publish()
    position = PolicyVersion.objects.filter(page=policy).count()
    return PolicyVersion.objects.create(page=policy, position=position, label=label, date=date(2025, 1, 1), note=note)


def test_the_warm_policy_page_makes_no_more_queries_than_a_minimal_page():
    policy = make_policy("Limited Contact Policy", paragraphs=30, sections=3)
    minimal = Page(title="Minimal page", slug="minimal")
    HomePage.objects.first().add_child(instance=minimal)
    minimal.save_revision().publish()
    client = _client(UserFactory(username="reader"))

    policy_queries, _ = _warm_queries(client, policy.url)
    minimal_queries, _ = _warm_queries(client, minimal.url)
    assert policy_queries == POLICY_PAGE_QUERIES
    # Nothing for the body, the versions or the reading, and the one more level of the page tree
    # (the library index, which the navigation then reuses) comes in the same query as the policy.
    assert policy_queries == minimal_queries


def test_the_query_count_does_not_grow_with_the_version_history():
    policy = make_policy("Limited Contact Policy")
    client = _client(UserFactory(username="reader"))
    before, _ = _warm_queries(client, policy.url)
    for number in range(2, 12):
        _add_version(policy, f"Version {number}", note=f"Change {number}")
    after, text = _warm_queries(client, policy.url)
    assert before == after == POLICY_PAGE_QUERIES
    assert "Change 11" in text and "I have read this version (Version 11)" in text


def test_a_published_version_shows_at_once_in_the_metadata_and_history():
    policy = make_policy("Limited Contact Policy", version="Version 1")
    client = _client(UserFactory(username="reader"))
    assert "Version 2" not in client.get(policy.url).text
    _add_version(policy, "Version 2", note="Contact hours changed")
    text = client.get(policy.url).text
    assert "Contact hours changed" in text
    assert "<dt>Version</dt><dd>Version 2" in text
    assert "I have read this version (Version 2)" in text


def test_removing_a_version_shows_at_once():
    policy = make_policy("Limited Contact Policy", version="Version 1")
    client = _client(UserFactory(username="reader"))
    second = _add_version(policy, "Version 2", note="Contact hours changed")
    assert "Contact hours changed" in client.get(policy.url).text
    second.delete()
    text = client.get(policy.url).text
    assert "Contact hours changed" not in text
    assert "I have read this version (Version 1)" in text


def test_two_readers_each_see_their_own_confirmation_from_the_cache():
    policy = make_policy("Limited Contact Policy", version="Version 3")
    confirmed, unconfirmed = UserFactory(username="confirmed"), UserFactory(username="unconfirmed")
    services.acknowledge(confirmed, policy)
    first, second = _client(confirmed), _client(unconfirmed)
    for _ in range(2):  # the second time round, all comes from the cache
        assert "You have read Version 3." in first.get(policy.url).text
        text = second.get(policy.url).text
        assert "I have read this version (Version 3)" in text and "You have read" not in text
    # The page itself is cached once for everyone; each reader's confirmation under their own key.
    assert cache.get(rendering.reading_key(policy.pk, confirmed.pk))["acknowledged_at"] is not None
    assert cache.get(rendering.reading_key(policy.pk, unconfirmed.pk))["acknowledged_at"] is None
    assert "confirmed" not in str(cache.get(rendering.cache_key(policy.pk)))


def test_confirming_shows_at_once_though_not_reading_was_cached():
    policy = make_policy("Limited Contact Policy", version="Version 3")
    reader = UserFactory(username="reader")
    client = _client(reader)
    assert "I have read this version" in client.get(policy.url).text
    client.post(f"/policies-and-guidance/library/{policy.pk}/acknowledge/")
    assert "You have read Version 3." in client.get(policy.url).text
    PolicyAcknowledgement.objects.filter(user=reader).delete()
    assert "I have read this version (Version 3)" in client.get(policy.url).text


def test_confirming_again_puts_right_a_stale_not_read():
    policy = make_policy("Limited Contact Policy", version="Version 3")
    reader = UserFactory(username="reader")
    client = _client(reader)
    client.get(policy.url)
    services.acknowledge(reader, policy)
    # As if a request that read the database before the confirmation wrote "not read" after it.
    cache.set(rendering.reading_key(policy.pk, reader.pk), {"label": "Version 3", "acknowledged_at": None})
    client.post(f"/policies-and-guidance/library/{policy.pk}/acknowledge/")
    assert "You have read Version 3." in client.get(policy.url).text


def test_a_new_version_asks_a_reader_who_confirmed_the_last_one_again():
    policy = make_policy("Limited Contact Policy", version="Version 3")
    reader = UserFactory(username="reader")
    services.acknowledge(reader, policy)
    client = _client(reader)
    assert "You have read Version 3." in client.get(policy.url).text
    _add_version(policy, "Version 4")
    assert "I have read this version (Version 4)" in client.get(policy.url).text


def test_the_review_notice_follows_the_date(monkeypatch):
    today = timezone.localdate()
    policy = make_policy("Limited Contact Policy", next_review_date=today + timedelta(days=1))
    client = _client(UserFactory(username="reader"))
    assert "Overdue for review" not in client.get(policy.url).text
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + timedelta(days=2))
    assert "Overdue for review" in client.get(policy.url).text


def test_a_draft_preview_does_not_touch_the_cached_page(admin_client):
    policy = make_policy("Limited Contact Policy", version="Version 1")
    reader = _client(UserFactory(username="reader"))
    reader.get(policy.url)
    page = PolicyPage.objects.get(pk=policy.pk)
    page.title = "Limited Contact Policy (draft title)"
    page.save_revision()
    preview = admin_client.get(f"/admin/pages/{policy.pk}/edit/preview/")
    assert preview.status_code == 200
    assert "draft title" not in reader.get(policy.url).text


def test_pages_under_home_are_still_found_and_unknown_ones_are_not():
    policy = make_policy("Limited Contact Policy")
    minimal = Page(title="Minimal page", slug="minimal")
    HomePage.objects.first().add_child(instance=minimal)
    minimal.save_revision().publish()
    client = _client(UserFactory(username="reader"))
    assert client.get("/policies-and-guidance/").status_code == 200
    assert client.get(policy.url).status_code == 200
    assert "Minimal page" in client.get("/minimal/").text
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/policies-and-guidance/no-such-policy/").status_code == 404
    # The breadcrumbs name the library without asking for it again.
    assert '<a href="/policies-and-guidance/">Policies and guidance</a>' in client.get(policy.url).text


def test_a_page_two_levels_down_is_the_one_under_the_page_one_level_down():
    # Home finds the page one level down and the one under it in one query: a page of the same
    # slug under another section must not be taken for it, nor one that is not published.
    policy = make_policy("Limited Contact Policy")
    home = HomePage.objects.first()
    section = Page(title="Other section", slug="other-section")
    home.add_child(instance=section)
    section.save_revision().publish()
    namesake = Page(title="Namesake page", slug="limited-contact-policy")
    section.add_child(instance=namesake)
    namesake.save_revision().publish()
    guidance = GuidancePage(title="How to report", slug="how-to-report", body=[])
    policy.get_parent().add_child(instance=guidance)
    guidance.save_revision().publish()
    client = _client(UserFactory(username="reader"))

    assert "Namesake page" in client.get("/other-section/limited-contact-policy/").text
    text = client.get(policy.url).text
    assert "Limited Contact Policy" in text and "Namesake page" not in text
    assert "How to report" in client.get("/policies-and-guidance/how-to-report/").text
    assert client.get("/other-section/how-to-report/").status_code == 404
    assert client.get("/other-section/limited-contact-policy/further/").status_code == 404
    PolicyPage.objects.get(pk=policy.pk).unpublish()
    assert client.get("/policies-and-guidance/limited-contact-policy/").status_code == 404


def test_the_home_page_lists_a_newly_published_page_at_once():
    from django.core.cache import cache as shared

    make_policy("Limited Contact Policy")
    client = _client(UserFactory(username="reader"))
    assert "Limited Contact Policy" in client.get("/").text
    assert shared.get(rendering.RECENT_KEY) is not None
    make_policy("Income Policy")
    text = client.get("/").text
    assert "Income Policy" in text
    PolicyPage.objects.get(slug="income-policy").unpublish()
    assert "Income Policy" not in client.get("/").text
