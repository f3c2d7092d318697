"""Page objects: what a person sees and does on each page, in their words."""

from axe_playwright_python.sync_playwright import Axe
from django.contrib.sessions.models import Session
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

# WCAG 2.2 at levels A and AA (axe tags each version's new rules separately), and axe's best practices.
AA_AND_BEST_PRACTICE = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def assert_accessible(page: Page, known: dict[str, str] | None = None):
    """No axe-core violation of WCAG 2.2 A or AA, nor of a best practice, on the page as it is now.

    `known` maps a rule to the reason it is put up with on this page, for markup that is not
    the intranet's to change: each must still be found, so that a fixed one is noticed."""
    known = known or {}
    results = Axe().run(page, options=AA_AND_BEST_PRACTICE)
    violations = [v for v in results.response["violations"] if v["id"] not in known]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}, {len(v['nodes'])} at {[node['target'] for node in v['nodes']][:10]}"
        for v in violations
    )
    assert not violations, f"Accessibility violations on {page.url}:\n{details}"
    found = {v["id"] for v in results.response["violations"]}
    assert set(known) <= found, f"No longer found on {page.url}, so no longer an exception: {set(known) - found}"


def assert_no_sideways_scrolling(page: Page):
    """The page fits the window: at 320 px (or 200% zoom) nobody should scroll sideways to read it.
    Wide tables scroll inside their own box, which WCAG allows for data tables."""
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways ({scroll_width}px wide in a {width}px window)"


class PageObject:
    """One page of the intranet in a browser tab, reached from the live server's address."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url


class SignInPage(PageObject):
    def open(self):
        self.page.goto(f"{self.base_url}/sign-in/")
        return self

    def sign_in(self, username, password=PASSWORD):
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        return HomePage(self.page, self.base_url)


class HomePage(PageObject):
    def expect_greeting(self, first_name):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(f"Hello, {first_name}")

    def sign_out(self):
        self.page.get_by_role("button", name="Sign out").click()
        return SignInPage(self.page, self.base_url)


def sign_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> HomePage:
    return SignInPage(page, base_url).open().sign_in(username, password)


def switch_user(page: Page, base_url: str, username: str, start: str = "/"):
    """Whoever was signed in is signed out; `username` signs in and lands on `start`.

    Clearing the browser's cookies alone is not enough: a request the last page still had in
    flight (Wagtail's editor pings its editing session, and says goodbye when it is left) can
    answer after the clearing with the last person's session cookie. So the page is left first,
    and the sessions are ended on the server, where a late answer can no longer revive them."""
    page.goto("about:blank")
    Session.objects.all().delete()
    page.context.clear_cookies()
    page.goto(f"{base_url}{start}")  # signed out: the sign-in page, which returns to `start` afterwards
    home = SignInPage(page, base_url).sign_in(username)
    page.wait_for_url(f"{base_url}{start}")
    return home
