"""The register in the site navigation, and the residents' import in the admin (loaded by
casework.wagtail_hooks)."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from home.panels import NavItem

from . import permissions


@hooks.register("register_site_navigation")
def register_link(request):
    if not permissions.can_see_register(request.user):
        return None
    return NavItem(label="Register", url=reverse("casework:register"), order=50)


@hooks.register("register_admin_urls")
def import_residents_url():
    from django.urls import path

    from .resident_import_views import import_residents_view

    return [path("residents/import/", import_residents_view, name="casework_import_residents")]


class ImportResidentsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_import_residents(request.user)


@hooks.register("register_settings_menu_item")
def import_residents_menu_item():
    return ImportResidentsMenuItem(
        "Import residents", reverse("casework_import_residents"), icon_name="user", order=610
    )
