from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import InspectView

from .choosers import names_a_page
from .modeladmin import IntranetModelAdmin, ReadOnlyPermissionHelper
from .models import Notification, StaffProfile, Team
from .panels import HomePanel, NavItem


@hooks.register("register_site_navigation")
def home_link(request):
    return NavItem(label="Home", url="/", order=0)


@hooks.register("register_site_navigation")
def notifications_link(request):
    from .notifications import unread_count_for

    unread = unread_count_for(request)
    label = f"Notifications ({unread} unread)" if unread else "Notifications"
    return NavItem(label=label, url=reverse("notifications"), order=90)


@hooks.register("register_home_panel")
def notifications_panel(request):
    from .notifications import unread_count_for

    shown = 3
    latest = list(Notification.objects.listed_for(request.user).filter(read_at__isnull=True)[:shown])
    # Fewer than asked for are all there are: no need to count them.
    unread = unread_count_for(request, known=len(latest) if len(latest) < shown else None)
    return HomePanel(
        title="Notifications",
        template="home/panels/notifications.html",
        context={"unread": unread, "latest": latest},
        order=90,
    )


class EmailLogPermissionHelper(ReadOnlyPermissionHelper):
    """The email log is for administrators only: it holds case subjects."""

    def user_can_list(self, user):
        return user.is_superuser

    def user_can_inspect_obj(self, user, obj):
        return user.is_superuser


class StaffProfileAdmin(IntranetModelAdmin):
    """Who manages whom: reports of unacceptable behaviour go to the line manager set here."""

    model = StaffProfile
    menu_label = "Staff profiles"
    menu_icon = "user"
    list_display = ["__str__", "job_title", "team", "line_manager"]
    list_filter = ["team"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "job_title"]
    list_select_related = ["user", "team", "line_manager"]


class TeamAdmin(IntranetModelAdmin):
    model = Team
    menu_label = "Teams"
    menu_icon = "group"


@modeladmin_register
class OrganisationAdminGroup(ModelAdminGroup):
    menu_label = "Organisation"
    menu_icon = "group"
    menu_order = 800
    items = [StaffProfileAdmin, TeamAdmin]


class EmailInspectView(InspectView):
    def get_fields_to_display(self):
        fields = super().get_fields_to_display()
        if self.instance.kind == Notification.Kind.PASSWORD_RESET:
            # Its text holds a link that signs the person in: not for other eyes, even an administrator's.
            fields = [field for field in fields if field != "body"]
        return fields


@modeladmin_register
class EmailLogAdmin(IntranetModelAdmin):
    model = Notification
    menu_label = "Email log"
    menu_icon = "mail"
    menu_order = 900
    add_to_settings_menu = True
    permission_helper_class = EmailLogPermissionHelper
    inspect_view_enabled = True
    inspect_view_class = EmailInspectView
    list_display = ["subject", "recipient", "kind", "created_at", "email_status", "email_attempts"]
    list_filter = ["email_status", "kind"]
    search_fields = ["subject"]


@hooks.register("before_copy_page")
def refuse_copying_under_no_page(request, page):
    """Wagtail's copy view looks the new parent up before its form runs: an id of no page, or
    none, was a server error. The person is sent back to the form, told why."""
    if request.method == "POST" and not names_a_page(request.POST.get("new_parent_page")):
        messages.error(request, "Choose the page to copy it under: the page chosen does not exist.")
        return redirect(request.get_full_path())
    return None
