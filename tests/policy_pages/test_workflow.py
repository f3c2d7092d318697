from datetime import date

import pytest
from django.urls import reverse

from home import roles
from home.models import Notification
from policy_pages import permissions, services
from policy_pages.models import PolicyPage, PolicyReviewReminder
from tests.factories import UserFactory

from .factories import make_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "gevans": UserFactory(username="gevans", first_name="Grace", last_name="Evans", roles=[roles.POLICY_EDITORS]),
        "hmoore": UserFactory(
            username="hmoore", first_name="Hannah", last_name="Moore", roles=[roles.POLICY_REVIEWERS]
        ),
        "pshah": UserFactory(username="pshah", first_name="Priya", last_name="Shah", roles=[roles.POLICY_APPROVERS]),
        "sali": UserFactory(username="sali"),
    }


def submit_new_version(page, editor, label="Version 4", note="Clearer wording on red flags"):
    page = PolicyPage.objects.get(pk=page.pk)
    page.version_label = label
    page.change_note = note
    page.save_revision(user=editor)
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == permissions.WORKFLOW_NAME
    return workflow.start(page, editor)


def act(client, user, page, action="approve"):
    client.force_login(user)
    state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
    return client.post(url, {"comment": ""})


def test_editors_edit_but_cannot_publish(people):
    page = make_policy()
    editor = page.permissions_for_user(people["gevans"])
    assert editor.can_edit() and not editor.can_publish()
    assert not page.permissions_for_user(people["sali"]).can_edit()
    assert page.permissions_for_user(people["pshah"]).can_publish()
    assert not page.permissions_for_user(people["hmoore"]).can_publish()


def test_clt_reviews_then_elt_approves_and_the_history_gains_the_version(client, people):
    page = make_policy("Limited Contact Policy", version="Version 3")
    submit_new_version(page, people["gevans"])

    # The approver cannot act before the reviewers have (Wagtail refuses and sends them to the dashboard).
    act(client, people["pshah"], page)
    page.refresh_from_db()
    assert page.current_workflow_task.name == permissions.REVIEW_TASK_NAME
    assert act(client, people["hmoore"], page).status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_task.name == permissions.APPROVAL_TASK_NAME
    # The reviewer cannot approve the ELT step, nor can other staff.
    act(client, people["hmoore"], page)
    act(client, people["sali"], page)
    page.refresh_from_db()
    assert page.current_workflow_task.name == permissions.APPROVAL_TASK_NAME

    assert act(client, people["pshah"], page).status_code == 302
    page = PolicyPage.objects.get(pk=page.pk)
    assert page.current_workflow_state is None
    assert page.live and page.version_label == "Version 4"
    latest = services.current_version(page)
    assert latest.label == "Version 4"
    assert latest.note == "Clearer wording on red flags"
    assert latest.reviewed_by == "Hannah Moore (CLT)" and latest.reviewed_on == date.today()
    assert latest.approved_by == "Priya Shah (ELT)" and latest.approved_on == date.today()

    client.force_login(people["sali"])
    html = client.get(page.url).text
    assert "Hannah Moore (CLT)" in html and "Priya Shah (ELT)" in html
    assert "I have read this version (Version 4)" in html


def test_changes_requested_add_nothing_to_the_history(client, people):
    page = make_policy(version="Version 3")
    submit_new_version(page, people["gevans"])
    client.force_login(people["hmoore"])
    state = PolicyPage.objects.get(pk=page.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", state.pk])
    assert client.post(url, {"comment": "Please check paragraph 27"}).status_code == 302
    assert services.current_version_label(PolicyPage.objects.get(pk=page.pk)) == "Version 3"


def test_role_extras_are_idempotent():
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission, Workflow, WorkflowTask

    from home.roles import sync_roles

    sync_roles()
    counts = (GroupPagePermission.objects.count(), Workflow.objects.count(), WorkflowTask.objects.count())
    sync_roles()
    assert (GroupPagePermission.objects.count(), Workflow.objects.count(), WorkflowTask.objects.count()) == counts
    reviewers = Group.objects.get(name=roles.POLICY_REVIEWERS)
    tasks = [wt.task.specific for wt in Workflow.objects.get(name=permissions.WORKFLOW_NAME).workflow_tasks.all()]
    assert [task.name for task in tasks] == [permissions.REVIEW_TASK_NAME, permissions.APPROVAL_TASK_NAME]
    assert list(tasks[0].groups.all()) == [reviewers]


# --- Review dates and reminders --------------------------------------------------------


def test_review_status():
    page = make_policy(next_review_date=date(2026, 11, 1))
    assert services.review_status(page, date(2026, 11, 24)).overdue
    assert services.review_status(page, date(2026, 10, 1)).due_soon
    assert services.review_status(page, date(2026, 1, 1)).state == "ok"


def test_owners_are_reminded_once_before_and_once_when_due(people, mailoutbox):
    owner = UserFactory(username="jclarke")
    page = make_policy("Limited Contact Policy", next_review_date=date(2026, 11, 1), owner=owner)
    make_policy("Far off", next_review_date=date(2030, 1, 1), owner=owner)

    assert services.send_review_reminders(date(2026, 9, 15)) == 1
    assert services.send_review_reminders(date(2026, 9, 16)) == 0
    assert services.send_review_reminders(date(2026, 11, 24)) == 1
    assert services.send_review_reminders(date(2026, 11, 25)) == 0
    notes = list(Notification.objects.filter(recipient=owner, kind="policy_review").order_by("pk"))
    assert [n.subject for n in notes] == [
        "Review coming up: Limited Contact Policy",
        "Review due: Limited Contact Policy",
    ]
    assert notes[1].url == f"/admin/pages/{page.pk}/edit/"
    assert PolicyReviewReminder.objects.count() == 2


def test_a_policy_without_an_owner_is_not_reminded():
    make_policy(next_review_date=date(2026, 11, 1))
    assert services.send_review_reminders(date(2026, 11, 24)) == 0


def test_the_admin_dashboard_lists_policies_due_for_review(client, people):
    make_policy("Limited Contact Policy", next_review_date=date(2026, 11, 1))
    client.force_login(people["gevans"])
    html = client.get("/admin/").text
    assert "Policies due for review" in html and "Limited Contact Policy" in html


def test_the_reminder_task_is_scheduled():
    from intranet.schedule import SCHEDULED_TASKS

    assert any(entry["func"] == "policy_pages.services.send_review_reminders" for entry in SCHEDULED_TASKS)


def test_editors_open_the_policy_in_the_admin_and_see_submit_for_review(client, people):
    page = make_policy()
    client.force_login(people["gevans"])
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "Submit to Policy review and approval" in response.text
    assert "action-publish" not in response.text
    # Nothing saves behind the editor's back: what is submitted is what the reviewers approve.
    assert "data-w-autosave-interval-value" not in response.text
    assert client.get(f"/admin/pages/add/policy_pages/policypage/{page.get_parent().pk}/").status_code == 200


# --- Publishing only by approving ------------------------------------------------------


def test_approvers_publish_a_policy_only_by_approving_it(client, people):
    """ELT hold "publish" so that approving publishes; Wagtail's own "Publish" would skip the history."""
    page = make_policy("Limited Contact Policy", version="Version 3")
    submit_new_version(page, people["gevans"])
    act(client, people["hmoore"], page)
    live_revision = PolicyPage.objects.get(pk=page.pk).live_revision_id

    client.force_login(people["pshah"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = client.get(edit_url).text
    assert "Approve and Publish" in html
    assert 'name="action-publish"' not in html
    # Refused: the admin turns PermissionDenied into "Sorry, you do not have permission…" on the dashboard.
    assert client.post(edit_url, {"action-publish": "action-publish"}).url == reverse("wagtailadmin_home")
    page = PolicyPage.objects.get(pk=page.pk)
    assert page.live_revision_id == live_revision
    assert page.current_workflow_task.name == permissions.APPROVAL_TASK_NAME

    bulk_url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={page.pk}"
    assert client.post(bulk_url, {}).url == reverse("wagtailadmin_home")
    assert PolicyPage.objects.get(pk=page.pk).live_revision_id == live_revision

    assert act(client, people["pshah"], page).status_code == 302
    assert services.current_version_label(PolicyPage.objects.get(pk=page.pk)) == "Version 4"


def test_superusers_still_publish_directly(client, people):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    page = make_policy()
    client.force_login(admin)
    assert 'name="action-publish"' in client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).text
