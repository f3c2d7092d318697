"""Panels on the home page and items in the site navigation.

Each app adds its own through Wagtail hooks, so the home app needs no knowledge of
casework or policies:

    @hooks.register("register_home_panel")
    def my_reports_panel(request):
        return HomePanel(title="My reports", template="casework/panels/my_reports.html",
                         context={...}, order=20)   # or None to show nothing

    @hooks.register("register_site_navigation")
    def report_link(request):
        return NavItem(label="Report behaviour", url=reverse("casework:report"), order=30)
"""

from dataclasses import dataclass, field

from wagtail import hooks

from . import roles


@dataclass
class HomePanel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


@dataclass
class NavItem:
    label: str
    url: str
    order: int = 100
    # Contractors see only the items meant for them (home.roles.is_contractor).
    for_contractors: bool = False


def _collect(hook_name, request):
    items = []
    for hook in hooks.get_hooks(hook_name):
        result = hook(request)
        if result is None:
            continue
        items.extend(result if isinstance(result, list | tuple) else [result])
    return sorted(items, key=lambda item: item.order)


def panels_for(request):
    return _collect("register_home_panel", request)


def navigation_for(request):
    items = _collect("register_site_navigation", request)
    if roles.is_contractor(request.user):
        items = [item for item in items if item.for_contractors]
    return items
