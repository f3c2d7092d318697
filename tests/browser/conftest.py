import pytest

from home.roles import sync_roles
from home.site import ensure_home_page

CSP_VIOLATION = "Content Security Policy"


@pytest.fixture
def live_site(live_server, transactional_db):
    """The live server with roles and the home page in place.

    Browser tests use a transactional database, which is emptied after each test,
    taking with it what the migrations created: put it back. The home page comes
    first: the roles' page permissions and the policy workflow hang on the library under it.
    """
    ensure_home_page()
    sync_roles()
    return live_server


@pytest.fixture
def csp_violations(request):
    """What the browser refused under the Content-Security-Policy during this test, as its
    console reported it. Every browser test fails if this is not empty at its end."""
    request.node.csp_violations = []
    return request.node.csp_violations


@pytest.fixture
def page(page, csp_violations):
    """pytest-playwright's tab, listening for Content-Security-Policy violations."""

    def record(message):
        if CSP_VIOLATION in message.text:
            csp_violations.append(f"{message.type}: {message.text} ({page.url})")

    page.on("console", record)
    return page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    violations = getattr(item, "csp_violations", None)
    if violations:
        pytest.fail("The browser refused content under the Content-Security-Policy:\n" + "\n".join(violations))
    return result


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))
