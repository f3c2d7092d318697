"""Who may do what in the policy library.

- Every member of staff reads policies and guidance and confirms they have read them.
- The head of customer services sees who has and has not read each policy (the read report).
- Policy editors add and change policy pages in the admin, but cannot publish them: a new
  version goes through the "Policy review and approval" workflow — the policy reviewers
  (CLT) review it, then the policy approvers (ELT) approve it, which publishes it. Wagtail
  publishes with the approver's own permissions, so the approvers hold "publish" on the
  library; nobody else does. They publish a policy only by approving it: Wagtail's own
  "Publish" (in the editor and as a bulk action) is withdrawn for policies (wagtail_hooks).
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from home import roles

VIEW_READ_REPORT = "policy_pages.view_read_report"

ROLE_PERMISSIONS = {
    roles.HEAD_OF_CUSTOMER_SERVICES: [VIEW_READ_REPORT],
}

WORKFLOW_NAME = "Policy review and approval"
REVIEW_TASK_NAME = "Review by CLT"
APPROVAL_TASK_NAME = "Approval by ELT"
REVIEW_BODY = "CLT"
APPROVAL_BODY = "ELT"
PUBLISH_THROUGH_WORKFLOW = "A policy is published by approving it in the “Policy review and approval” workflow."

# Wagtail page permissions each role holds on the library's index page (and so on every policy).
PAGE_PERMISSIONS = {
    roles.POLICY_EDITORS: ["add_page", "change_page"],
    roles.POLICY_REVIEWERS: [],
    roles.POLICY_APPROVERS: ["publish_page"],
}
MANAGED_PAGE_PERMISSIONS = {"add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"}


def can_view_read_report(user):
    return user.is_authenticated and user.has_perm(VIEW_READ_REPORT)


def can_edit_policies(user):
    """Editors and the people who review or approve them see review dates that fall due."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    names = {roles.POLICY_EDITORS, roles.POLICY_REVIEWERS, roles.POLICY_APPROVERS}
    return user.groups.filter(name__in=names).exists()


def sync_role_extras(groups):
    """The library's index page, its page permissions, and the review workflow. Idempotent."""
    from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

    from .services import ensure_library_index

    index = ensure_library_index()
    if index is None:
        return  # no home page yet: the next sync (after the home page exists) completes this

    page_type = ContentType.objects.get_for_model(Page)
    for role, codenames in PAGE_PERMISSIONS.items():
        group = groups[role]
        wanted = set(codenames)
        for codename in wanted:
            permission = Permission.objects.get(content_type=page_type, codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)
        GroupPagePermission.objects.filter(
            group=group, page=index, permission__codename__in=MANAGED_PAGE_PERMISSIONS
        ).exclude(permission__codename__in=wanted).delete()

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    steps = [(REVIEW_TASK_NAME, groups[roles.POLICY_REVIEWERS]), (APPROVAL_TASK_NAME, groups[roles.POLICY_APPROVERS])]
    for order, (name, group) in enumerate(steps):
        task = GroupApprovalTask.objects.filter(name=name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=name, active=True)
        if set(task.groups.all()) != {group}:
            task.groups.set([group])
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
