"""A version approved with a go-live date goes live at that date, from the task schedule, and
says "approved, goes live on …" until it does; a version label is used once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from policy_pages import services
from policy_pages.models import PolicyPage, PolicyVersion
from policy_pages.services import ensure_library_index

from .factories import make_policy
from .test_workflow import act, people  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def submit_with_go_live(page, editor, go_live_at, label="Version 4", text="The new wording of paragraph 1."):
    page = PolicyPage.objects.get(pk=page.pk)
    page.version_label = label
    page.change_note = "New wording"
    page.go_live_at = go_live_at
    body = page.body.get_prep_value()
    body[0]["value"]["content"][0]["value"]["text"] = text
    page.body = body
    page.save_revision(user=editor)
    return page.get_workflow().start(page, editor)


def approve(client, people, page):  # noqa: F811
    act(client, people["hmoore"], page)
    assert act(client, people["pshah"], page).status_code == 302
    return PolicyPage.objects.get(pk=page.pk)


def the_go_live_date_comes(page, go_live_at, monkeypatch):
    """The schedule's task runs a minute after the go-live date."""
    later = go_live_at + timedelta(minutes=1)
    with monkeypatch.context() as patched:
        patched.setattr(timezone, "now", lambda: later)
        services.publish_scheduled_pages()
    return PolicyPage.objects.get(pk=page.pk)


def test_an_approved_version_waits_for_its_go_live_date_then_goes_live(client, people, monkeypatch):  # noqa: F811
    page = make_policy("Limited Contact Policy", version="Version 3")
    go_live = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    submit_with_go_live(page, people["gevans"], go_live)
    page = approve(client, people, page)

    # Approved, not yet live: readers still read Version 3, and are told what is coming.
    version = PolicyVersion.objects.get(page=page, label="Version 4")
    assert version.goes_live_at == go_live
    assert services.current_version_label(page) == "Version 3"
    client.force_login(people["sali"])
    html = client.get(page.url).text
    assert "Paragraph text 1." in html and "The new wording" not in html
    local = timezone.localtime(go_live)
    assert f"Approved, goes live on {local.day} {local:%B %Y} at {local:%H:%M}" in html
    assert "I have read this version (Version 3)" in html

    page = the_go_live_date_comes(page, go_live, monkeypatch)
    assert services.current_version_label(page) == "Version 4"
    assert PolicyVersion.objects.get(page=page, label="Version 4").goes_live_at is None
    html = client.get(page.url).text
    assert "The new wording of paragraph 1." in html and "goes live on" not in html
    assert "I have read this version (Version 4)" in html
    assert PolicyVersion.objects.filter(page=page, label="Version 4").count() == 1


def test_a_new_policy_approved_with_a_go_live_date_is_published_by_the_schedule(client, people, monkeypatch):  # noqa: F811
    page = make_policy("Lone working policy", version=None, live=False)
    go_live = timezone.now() + timedelta(hours=2)
    submit_with_go_live(page, people["gevans"], go_live, label="Version 1")
    page = approve(client, people, page)
    assert not page.live
    assert PolicyVersion.objects.get(page=page).waiting_to_go_live

    page = the_go_live_date_comes(page, go_live, monkeypatch)
    assert page.live
    assert services.current_version_label(page) == "Version 1"


def test_the_schedule_publishes_every_few_minutes():
    from django_q.models import Schedule

    from intranet.schedule import SCHEDULED_TASKS

    entry = next(e for e in SCHEDULED_TASKS if e["func"] == "policy_pages.services.publish_scheduled_pages")
    assert entry["schedule_type"] == Schedule.MINUTES and entry["minutes"] <= 5


# --- A version label is used once -----------------------------------------------------


def edit_form(page, user, **data):
    form_class = PolicyPage.get_edit_handler().get_form_class()
    data = {"body-count": "0", "equality_impact_assessment-count": "0", **data}
    return form_class(data, instance=page, for_user=user, parent_page=ensure_library_index())


def test_submitting_under_a_label_already_in_the_history_is_refused(people):  # noqa: F811
    page = make_policy("Limited Contact Policy", version="Version 3")
    submitted = edit_form(page, people["gevans"], version_label="version  3", **{"action-submit": "1"})
    assert not submitted.is_valid()
    assert "already in this policy's version history" in " ".join(submitted.errors["version_label"])

    new_label = edit_form(page, people["gevans"], version_label="Version 4", **{"action-submit": "1"})
    new_label.is_valid()
    assert "version_label" not in new_label.errors
    # Saving a draft under the current label is fine: only submitting it as a new version is not.
    draft = edit_form(page, people["gevans"], version_label="Version 3")
    draft.is_valid()
    assert "version_label" not in draft.errors


def test_the_editor_says_why_and_nothing_is_submitted(client, people):  # noqa: F811
    page = make_policy("Limited Contact Policy", version="Version 3")
    client.force_login(people["gevans"])
    data = {
        "title": page.title,
        "slug": page.slug,
        "version_label": "Version 3",
        "change_note": "Clearer wording",
        "body-count": "0",
        "equality_impact_assessment-count": "0",
        "action-submit": "1",
    }
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert "already in this policy&#x27;s version history" in response.text
    assert 'value="Clearer wording"' in response.text
    page = PolicyPage.objects.get(pk=page.pk)
    assert page.current_workflow_state is None
    assert page.revisions.count() == 1
