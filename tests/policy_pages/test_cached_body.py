"""The rendered text of a published policy is kept per live revision, never for drafts."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model

from policy_pages import rendering
from policy_pages.models import PolicyPage

from .factories import make_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def count_renders(monkeypatch):
    calls = []
    original = rendering.render_body

    def counting(page):
        calls.append(page.pk)
        return original(page)

    monkeypatch.setattr(rendering, "render_body", counting)
    return calls


def _reword(policy, text, publish=True):
    page = PolicyPage.objects.get(pk=policy.pk)
    raw = list(page.body.raw_data)
    raw[0]["value"]["content"][0]["value"]["text"] = text
    page.body = raw
    revision = page.save_revision()
    if publish:
        revision.publish()
    return revision


def test_the_body_is_rendered_once_per_live_revision(client, reader, count_renders):
    policy = make_policy("Limited Contact Policy", paragraphs=30, sections=3)
    first = client.get(policy.url).text
    second = client.get(policy.url).text
    assert count_renders == [policy.pk]
    assert first.count('class="numbered-para"') == second.count('class="numbered-para"') == 30
    assert 'id="para-30"' in second and '<a href="#section-3-0">3.0 Section 3</a>' in second


def test_the_cached_page_needs_fewer_queries_on_the_second_request(client, reader):
    # A document link is looked up in the database when the body is rendered.
    document = get_document_model().objects.create(title="Contact log form", file=ContentFile(b"form", name="log.txt"))
    policy = make_policy("Limited Contact Policy")
    page = PolicyPage.objects.get(pk=policy.pk)
    raw = list(page.body.raw_data)
    raw[0]["value"]["content"].append({"type": "document", "value": {"document": document.pk, "label": ""}})
    page.body = raw
    page.save_revision().publish()

    connection.queries_log.clear()  # it keeps 9,000 queries: a full log would count none
    with CaptureQueriesContext(connection) as first:
        assert "Contact log form" in client.get(policy.url).text
    with CaptureQueriesContext(connection) as second:
        assert "Contact log form" in client.get(policy.url).text
    assert len(second) < len(first)


def test_publishing_a_new_revision_shows_the_new_text(client, reader):
    policy = make_policy("Limited Contact Policy")
    assert "Paragraph text 1." in client.get(policy.url).text
    _reword(policy, "Staff may end a call that becomes abusive.")
    html = client.get(policy.url).text
    assert "Staff may end a call that becomes abusive." in html
    assert "Paragraph text 1." not in html


def test_publishing_drops_the_entry_and_unpublishing_keeps_nothing(client, reader):
    policy = make_policy("Limited Contact Policy")
    client.get(policy.url)
    assert cache.get(rendering.cache_key(policy.pk)) is not None
    _reword(policy, "New wording.")
    assert cache.get(rendering.cache_key(policy.pk)) is None
    client.get(policy.url)
    PolicyPage.objects.get(pk=policy.pk).unpublish()
    assert cache.get(rendering.cache_key(policy.pk)) is None
    assert client.get(policy.url).status_code == 404


def test_a_draft_is_previewed_with_its_own_text_and_never_cached(client, reader):
    policy = make_policy("Limited Contact Policy")
    client.get(policy.url)
    entry = cache.get(rendering.cache_key(policy.pk))
    draft = _reword(policy, "Draft wording under review.", publish=False).as_object()

    request = RequestFactory().get(policy.url)
    request.user = reader
    request.is_preview = True
    preview = draft.serve_preview(request, draft.default_preview_mode)
    preview.render()
    assert "Draft wording under review." in preview.content.decode()
    # The preview neither read nor replaced what readers are served.
    assert cache.get(rendering.cache_key(policy.pk)) == entry
    html = client.get(policy.url).text
    assert "Paragraph text 1." in html and "Draft wording under review." not in html


def test_a_request_wagtail_did_not_serve_as_published_is_never_cached(reader, count_renders):
    policy = make_policy("Limited Contact Policy")
    request = RequestFactory().get(policy.url)
    request.user = reader
    rendering.rendered_body(policy, request)
    assert cache.get(rendering.cache_key(policy.pk)) is None


def test_changing_a_document_drops_the_bodies_that_may_link_to_it(client, reader):
    policy = make_policy("Limited Contact Policy")
    client.get(policy.url)
    get_document_model().objects.create(title="New form", file=ContentFile(b"form", name="form.txt"))
    assert cache.get(rendering.cache_key(policy.pk)) is None


def test_guidance_pages_are_cached_too_and_show_their_contents(client, reader, count_renders):
    from policy_pages.models import GuidancePage
    from policy_pages.services import ensure_library_index

    from .factories import policy_body

    index = ensure_library_index()
    page = GuidancePage(title="Red flag procedure", slug="red-flag-procedure", body=policy_body(4, 2))
    index.add_child(instance=page)
    page.save_revision().publish()
    client.get(page.url)
    html = client.get(page.url).text
    assert count_renders == [page.pk]
    assert '<a href="#section-2-0">2.0 Section 2</a>' in html and 'id="para-4"' in html
