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


# --- Private pages (Wagtail's privacy setting) -------------------------------------------


def closed_restrictions(request):
    """The view restrictions (Wagtail's privacy settings) that `request`'s person does not pass.

    Takes the request (a password restriction is passed for the rest of a session). Returns
    a list of PageViewRestriction, each with its page: that page and every page under it
    are closed to this person. Two queries, however many restrictions there are.
    """
    from wagtail.models import PageViewRestriction

    cached = getattr(request, "_closed_restrictions", None)
    if cached is not None:
        return cached
    user = request.user
    signed_in = user.is_authenticated
    group_ids = set(user.groups.values_list("pk", flat=True)) if signed_in else set()
    closed = []
    for restriction in PageViewRestriction.objects.select_related("page").prefetch_related("groups"):
        kind = restriction.restriction_type
        if kind == PageViewRestriction.GROUPS:
            allowed = signed_in and (user.is_superuser or bool(group_ids & {g.pk for g in restriction.groups.all()}))
        elif kind == PageViewRestriction.LOGIN:
            allowed = signed_in
        else:
            allowed = restriction.accept_request(request)
        if not allowed:
            closed.append(restriction)
    # Read once a request: the home page's panels each ask.
    request._closed_restrictions = closed
    return closed


def open_pages(request, pages):
    """The pages of the list `pages` that `request`'s person may open, in their order."""
    closed = closed_restrictions(request)
    return [page for page in pages if not any(page.path.startswith(r.page.path) for r in closed)]


def may_open(request, queryset):
    """`queryset` of pages less those `request`'s person may not open (see closed_restrictions)."""
    from django.db.models import Q

    closed = Q()
    for restriction in closed_restrictions(request):
        closed |= Q(path__startswith=restriction.page.path)
    return queryset.exclude(closed) if closed else queryset


def group_restriction_refusing(request, page):
    """The group restriction on `page` (or a page above it) that keeps a signed-in person out,
    or None: Wagtail would send them to sign in again, and from there straight back."""
    from wagtail.models import PageViewRestriction

    if not request.user.is_authenticated:
        return None
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.GROUPS and not restriction.accept_request(request):
            return restriction
    return None
