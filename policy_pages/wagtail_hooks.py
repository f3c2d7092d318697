from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from wagtail import hooks
from wagtail.admin.ui.components import Component

from home.panels import HomePanel, NavItem

from . import permissions, services
from .library import library_url
from .models import PolicyPage


@hooks.register("register_site_navigation")
def library_link(request):
    url = library_url(request)
    return NavItem(label="Policies and guidance", url=url, order=10) if url else None


@hooks.register("register_site_navigation")
def read_report_link(request):
    if not permissions.can_view_read_report(request.user):
        return None
    return NavItem(label="Policy read report", url=reverse("policy_pages:read_report"), order=60)


@hooks.register("register_home_panel")
def policies_to_read_panel(request):
    url = library_url(request)
    if url is None:
        return None
    # What this person needs now, never the whole library: a few unread policies with how
    # many more there are, the reviews due (editors only) and what changed lately.
    # A private page is named only to the people who may open it.
    unread = services.unread_policies(request.user, limit=services.HOME_UNREAD_SHOWN + 1, request=request)
    more_unread = 0
    if len(unread) > services.HOME_UNREAD_SHOWN:
        unread = unread[: services.HOME_UNREAD_SHOWN]
        more_unread = services.unread_policies_query(request.user, request).count() - len(unread)
    due = (
        services.policies_due_for_review(limit=services.HOME_DUE_SHOWN)
        if permissions.can_edit_policies(request.user)
        else []
    )
    return HomePanel(
        title="Policies to read",
        template="policy_pages/panels/to_read.html",
        context={
            "unread": unread,
            "more_unread": more_unread,
            "due": due,
            "recent": permissions.open_pages(request, services.recently_updated()),
            "library_url": url,
        },
        order=10,
    )


class PoliciesDueForReviewPanel(Component):
    """On the admin dashboard: the policies whose review is due soon or overdue."""

    name = "policies_due_for_review"
    order = 90
    template_name = "policy_pages/admin/due_for_review_panel.html"

    def get_context_data(self, parent_context):
        return {
            "policies": services.policies_due_for_review(),
            "today": timezone.localdate(),
            "days": services.REMINDER_DAYS_BEFORE,
        }


@hooks.register("construct_homepage_panels")
def add_due_for_review_panel(request, panels):
    if permissions.can_edit_policies(request.user):
        panels.append(PoliciesDueForReviewPanel())


# --- A new version is published by approving it, never by "Publish" ---------------------
# The approvers (ELT) hold "publish" on the library only because Wagtail publishes the
# approved revision with their permissions. Wagtail would also offer them its own "Publish"
# button (next to "Approve and Publish" in the editor, and as a bulk action in the page
# explorer): that puts a draft live without (or halfway through) the review, cancels any
# workflow in progress and adds nothing to the version history, so readers would confirm
# the old version label against the new text. For policies only superusers publish directly.


def _is_policy(page):
    return page is not None and issubclass(page.specific_class or type(page), PolicyPage)


@hooks.register("construct_page_action_menu")
def remove_direct_publish(menu_items, request, context):
    if request.user.is_superuser or not _is_policy(context.get("page")):
        return
    menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_edit_page")
def refuse_direct_publish(request, page):
    if request.method == "POST" and "action-publish" in request.POST and not request.user.is_superuser:
        if _is_policy(page):
            raise PermissionDenied(permissions.PUBLISH_THROUGH_WORKFLOW)


@hooks.register("before_bulk_action")
def refuse_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type == "publish" and not request.user.is_superuser and any(_is_policy(obj) for obj in objects):
        raise PermissionDenied(permissions.PUBLISH_THROUGH_WORKFLOW)


@hooks.register("on_serve_page", order=-10)
def explain_private_page(serve):
    """A signed-in person outside a private page's groups is told whom it is for: Wagtail would
    send them to sign in, and signing in would send them straight back. Wrapped round Wagtail's
    own check so that a page anyone may open costs no query more."""

    def inner(page, request, serve_args, serve_kwargs):
        response = serve(page, request, serve_args, serve_kwargs)
        if response.status_code != 302 or not request.user.is_authenticated:
            return response
        restriction = permissions.group_restriction_refusing(request, page)
        if restriction is None:
            return response
        groups = [group.name for group in restriction.groups.order_by("name")]
        refused = render(request, "policy_pages/private_page.html", {"groups": groups}, status=403)
        add_never_cache_headers(refused)
        return refused

    return inner
