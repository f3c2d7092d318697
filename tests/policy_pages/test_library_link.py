"""The navigation's link to the policy library: looked up once, not on every page."""

import pytest
from django.core.cache import cache as real_cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from policy_pages import library
from policy_pages.models import PolicyIndexPage
from policy_pages.services import ensure_library_index

pytestmark = pytest.mark.django_db

LINK = ">Policies and guidance<"


def page_queries(client, url="/notifications/"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured if "wagtailcore_" in q["sql"]]


@pytest.fixture
def index(db):
    return ensure_library_index()


def test_a_page_outside_the_library_links_to_it_without_asking_the_page_tree_again(reader, client, index):
    page, _ = page_queries(client)
    assert f'href="{index.url}"' in page
    page, tree = page_queries(client)
    assert f'href="{index.url}"' in page
    assert tree == []


def test_an_unpublished_library_is_no_longer_linked(reader, client, index):
    page_queries(client)
    index.unpublish()
    page, _ = page_queries(client)
    assert LINK not in page


def test_a_library_made_after_the_first_page_is_linked(reader, client, index):
    index.delete()
    page, _ = page_queries(client)
    assert LINK not in page
    index = ensure_library_index()
    page, _ = page_queries(client)
    assert f'href="{index.url}"' in page


def test_a_renamed_or_moved_library_is_linked_where_it_now_is(reader, client, index):
    page_queries(client)
    index.slug = "guidance-library"
    index.save()
    index.save_revision().publish()
    index = PolicyIndexPage.objects.get(pk=index.pk)
    page, _ = page_queries(client)
    assert f'href="{index.url}"' in page and "guidance-library" in index.url

    parent = index.get_parent().add_child(instance=Page(title="Staff", slug="staff"))
    index.move(parent, pos="last-child")
    index = PolicyIndexPage.objects.get(pk=index.pk)
    page, _ = page_queries(client)
    assert f'href="{index.url}"' in page and "/staff/" in index.url


def test_an_address_read_before_a_change_and_stored_after_it_is_read_again(index, monkeypatch):
    """Two requests overlap: the first reads the live library from the page tree, the library is
    unpublished, and only then does the first store the address it read. The next request must
    not link to the unpublished library."""

    class StoredAfterTheChange:
        def get_many(self, keys):
            return real_cache.get_many(keys)

        def set(self, key, value, timeout=None):
            monkeypatch.setattr(library, "cache", real_cache)
            index.unpublish()
            return real_cache.set(key, value, timeout)

    monkeypatch.setattr(library, "cache", StoredAfterTheChange())
    assert library.library_url(RequestFactory().get("/")) == index.url
    assert library.library_url(RequestFactory().get("/")) is None


def test_the_commit_of_a_change_starts_a_generation_again(index, django_capture_on_commit_callbacks):
    """A request on another connection reads the tree as it was until the change commits: what
    it stores then is marked with a generation that the commit ends."""
    with django_capture_on_commit_callbacks() as callbacks:
        index.unpublish()
    before = real_cache.get(library.GENERATION_KEY)
    assert callbacks
    for callback in callbacks:
        callback()
    assert real_cache.get(library.GENERATION_KEY) != before
