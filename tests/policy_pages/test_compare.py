"""Reviewers compare a policy's revisions in the admin: every kind of block, imported or typed."""

import copy
import json

import pytest
from django.urls import reverse

from policy_pages import demo
from policy_pages.importer import create_draft_page, parse_file
from policy_pages.models import GuidancePage, PolicyPage
from policy_pages.services import ensure_library_index
from tests.factories import UserFactory

from .factories import make_policy

pytestmark = pytest.mark.django_db

SEEDS = demo.SEEDS


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    return client


def compare(client, page, a="earliest", b="latest"):
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, a, b])
    return client.get(url)


def stream_ids(stream):
    """Every id in a stream's stored form: each block of a stream and each item of a list."""
    missing = []

    def walk(value, path):
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict) and "type" in item and "value" in item:
                    if not item.get("id"):
                        missing.append(f"{path}[{index}]")
                    walk(item["value"], f"{path}[{index}].{item['type']}")
                else:
                    missing.append(f"{path}[{index}] (list item without id)")
        elif isinstance(value, dict):
            for key, child in value.items():
                walk(child, f"{path}.{key}")

    walk(stream, "")
    return missing


def raw(page, field="body"):
    return json.loads(json.dumps(getattr(page, field).get_prep_value()))


def edit_and_compare(client, page, change):
    """Save a revision with `change` made to the body, then compare it with the one before."""
    page = type(page).objects.get(pk=page.pk)
    body = copy.deepcopy(raw(page))
    change(body)
    page.body = body
    page.save_revision()
    response = compare(client, page)
    assert response.status_code == 200
    return response.text


def content_of(body, kind):
    for section in body:
        for child in section["value"]["content"]:
            if child["type"] == kind:
                return child["value"]
    raise AssertionError(f"no {kind} block")


@pytest.mark.parametrize(
    "kind, change, shown",
    [
        ("numbered_paragraph", lambda v: v.update(text="Reworded paragraph."), "Reworded paragraph."),
        ("numbered_paragraph", lambda v: v["items"].append({"type": "item", "value": "A new point"}), "A new point"),
        ("list", lambda v: v["items"][0].update(value="Changed point"), "Changed point"),
        ("table", lambda v: v["rows"][1]["value"]["cells"][1].update(value="Shouting"), "Shouting"),
        ("table", lambda v: v.update(caption="Behaviour criteria"), "Behaviour criteria"),
    ],
)
def test_a_change_to_an_imported_block_compares(admin_client, kind, change, shown):
    page = make_policy()
    html = edit_and_compare(admin_client, page, lambda body: change(content_of(body, kind)))
    # The comparison marks the words that changed, so a changed phrase is not in one piece.
    assert all(word in html for word in shown.split())


def test_each_seed_policy_compares_after_an_edit(admin_client):
    index = ensure_library_index()
    for name in ("lhp-limited-contact-policy.txt", "wandle-restricted-contact-policy.txt"):
        page = create_draft_page(parse_file(SEEDS / name), index)
        assert stream_ids(raw(page)) == []
        assert stream_ids(raw(page, "equality_impact_assessment")) == []

        def reword(body):
            body[0]["value"]["title"] = "Reworded heading"
            body[-1]["value"]["content"].insert(0, {"type": "subheading", "value": "A new sub-heading"})

        html = edit_and_compare(admin_client, page, reword)
        assert "Reworded heading" in html and "A new sub-heading" in html
        assert compare(admin_client, page, "earliest", "latest").status_code == 200


def test_added_and_removed_blocks_of_other_kinds_compare(admin_client):
    """Sub-headings, paragraphs, call-outs and references in the guidance; a block removed and
    another added in its place must not be compared as if they were one."""
    demo.load()
    page = GuidancePage.objects.get(slug="red-flag-procedure")
    assert stream_ids(raw(page)) == []

    def change(body):
        content = body[0]["value"]["content"]
        content.pop(0)  # the call-out
        content.insert(0, {"type": "paragraph", "value": "A new opening paragraph."})
        content[-1]["value"]["label"] = "Changed reference"

    html = edit_and_compare(admin_client, page, change)
    assert "A new opening paragraph." in html and "Changed reference" in html


def test_demo_policies_have_ids_everywhere():
    demo.load()
    for page in PolicyPage.objects.all():
        assert stream_ids(raw(page)) == []
        assert stream_ids(raw(page, "equality_impact_assessment")) == []


def test_the_migration_gives_existing_pages_and_their_revisions_ids(admin_client):
    """A page stored as the importer used to store it (ids on its sections only), with two
    revisions: after the migration both revisions compare, block by block."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("policy_pages.migrations.0003_block_ids_and_go_live")

    def without_nested_ids(stream):
        def strip(value):
            if isinstance(value, list):
                return [
                    strip(item["value"]) if isinstance(item, dict) and item.get("type") == "item" else strip(item)
                    for item in value
                ]
            if isinstance(value, dict):
                return {key: strip(child) for key, child in value.items() if key != "id"}
            return value

        return [{"type": s["type"], "value": strip(s["value"]), "id": s["id"]} for s in stream]

    page = make_policy()
    old = without_nested_ids(raw(page))
    PolicyPage.objects.filter(pk=page.pk).update(body=old)
    page = PolicyPage.objects.get(pk=page.pk)
    page.body = old
    page.save_revision()
    changed = copy.deepcopy(old)
    changed[0]["value"]["content"][0]["value"]["text"] = "Reworded paragraph."
    page.body = changed
    page.save_revision()
    before, after = page.revisions.order_by("-pk")[:2][::-1]
    with pytest.raises(KeyError):  # as reviewers met it: a server error
        compare(admin_client, page, before.pk, after.pk)

    migration.give_blocks_ids(apps, None)

    page = PolicyPage.objects.get(pk=page.pk)
    assert stream_ids(raw(page)) == []
    revisions = list(page.revisions.order_by("pk"))
    for revision in revisions:
        assert stream_ids(revision.as_object().body.get_prep_value()) == []
    previous, latest = revisions[-2], revisions[-1]
    response = compare(admin_client, page, previous.pk, latest.pk)
    assert response.status_code == 200
    assert "Reworded" in response.text
    # The same block keeps the same id from one revision to the next.
    ids = [rev.as_object().body.get_prep_value()[0]["value"]["content"][0]["id"] for rev in (previous, latest)]
    assert ids[0] == ids[1]
