"""The site's home page, which every other page hangs from."""

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from .models import HomePage

INTRODUCTION = "Policies, guidance and casework for the customer services team."


def ensure_home_page():
    """The home page as the default site's root, whatever state the tree is in. Idempotent."""
    home = HomePage.objects.first()
    if home is None:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        home = root.add_child(instance=HomePage(title="Home", slug="home", introduction=INTRODUCTION))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Staff intranet"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home
