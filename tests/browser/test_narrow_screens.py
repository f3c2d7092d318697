"""Every kind of page, with the demo content in it, fits a 320 px screen and a 1280 px screen
zoomed to 200%: long policy text wraps, wide tables scroll in their own box, and axe finds nothing
at WCAG 2.2 AA on any of them."""

import pytest

from casework import demo as casework_demo
from casework.models import Case
from home.demo import load_organisation
from policy_pages import demo as policy_demo
from tests.factories import PASSWORD

from .pages import assert_accessible, assert_no_sideways_scrolling, switch_user

# Who opens which pages: between them, every list, form and document the intranet has.
PAGES = {
    "rkaur": [
        "/",
        "/policies-and-guidance/",
        "/policies-and-guidance/limited-contact-policy/",
        "/policies-and-guidance/restricted-contact-policy/",
        "/policies-and-guidance/red-flag-procedure/",
        "/search/?q=restrictions",
        "/cases/report/",
        "/cases/mine/",
        "/cases/awaiting-my-decision/",
        "/cases/all/",
        "{case}",
        "{case}timeline/",
        "/notifications/",
    ],
    "pshah": ["{case}access-log/"],
    "jclarke": ["/policies-and-guidance/library/read-report/"],
}


@pytest.fixture
def demo_site(live_site):
    load_organisation(PASSWORD)
    casework_demo.load()
    policy_demo.load()
    return live_site


@pytest.mark.parametrize("width", [320, 640], ids=["320px", "200pc-zoom-of-1280px"])
def test_every_kind_of_page_fits_a_narrow_screen(demo_site, page, width):
    # The case waiting for a director: its page has the report, decisions, a recommendation and comments.
    case = Case.objects.get(status=Case.Status.WITH_DIRECTOR)
    page.set_viewport_size({"width": width, "height": 640})
    for username, paths in PAGES.items():
        switch_user(page, demo_site.url, username)
        for path in paths:
            response = page.goto(demo_site.url + path.format(case=f"/cases/{case.pk}/"))
            assert response.status == 200, f"{username} could not open {path}"
            assert_no_sideways_scrolling(page)
            assert_accessible(page)
