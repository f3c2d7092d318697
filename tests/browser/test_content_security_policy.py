"""The Content-Security-Policy as the browser applies it."""

from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.factories import UserFactory

INLINE_SCRIPT = """() => {
    const script = document.createElement("script");
    script.textContent = "document.body.dataset.inlineRan = 'yes'";
    document.body.appendChild(script);
    const styled = document.createElement("p");
    styled.setAttribute("style", "color: red");
    document.body.appendChild(styled);
}"""


def test_inline_script_and_style_are_refused_and_reported(live_site, page, csp_violations):
    UserFactory(username="sali", first_name="Sara")
    sign_in(page, live_site.url, "sali").expect_greeting("Sara")
    page.evaluate(INLINE_SCRIPT)
    expect(page.locator("body")).not_to_have_attribute("data-inline-ran", "yes")
    page.wait_for_timeout(200)
    assert any("script-src" in violation for violation in csp_violations), csp_violations
    assert any("style-src" in violation for violation in csp_violations), csp_violations
    # Seen and checked here; every other browser test fails on any such report.
    csp_violations.clear()
