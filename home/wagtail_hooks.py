from wagtail import hooks

from .panels import NavItem


@hooks.register("register_site_navigation")
def home_link(request):
    return NavItem(label="Home", url="/", order=0)
