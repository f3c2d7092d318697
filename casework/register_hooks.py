"""The register in the site navigation, and the residents' import in the admin (loaded by
casework.wagtail_hooks)."""

from django.urls import reverse
from wagtail import hooks

from home.panels import NavItem

from . import permissions


@hooks.register("register_site_navigation")
def register_link(request):
    if not permissions.can_see_register(request.user):
        return None
    return NavItem(label="Register", url=reverse("casework:register"), order=50)
