from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from home.panels import HomePanel, NavItem

from . import permissions, services


def _library_url():
    index = services.PolicyIndexPage.objects.live().first()
    return index.url if index else None


@hooks.register("register_site_navigation")
def library_link(request):
    url = _library_url()
    return NavItem(label="Policies and guidance", url=url, order=10) if url else None


@hooks.register("register_site_navigation")
def read_report_link(request):
    if not permissions.can_view_read_report(request.user):
        return None
    return NavItem(label="Policy read report", url=reverse("policy_pages:read_report"), order=60)


@hooks.register("register_home_panel")
def policies_to_read_panel(request):
    url = _library_url()
    if url is None:
        return None
    due = services.policies_due_for_review() if permissions.can_edit_policies(request.user) else []
    return HomePanel(
        title="Policies to read",
        template="policy_pages/panels/to_read.html",
        context={"unread": services.unread_policies(request.user), "due": due, "library_url": url},
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
