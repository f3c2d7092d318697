import threading
import time

import pytest
from django.core.signals import request_finished, request_started
from django.db import connection

from home.roles import sync_roles
from home.site import ensure_home_page

CSP_VIOLATION = "Content Security Policy"


class InFlight:
    """How many requests the live server is answering now.

    The browser closing does not stop a request the server has begun (the editor's
    background calls, a late redirect). Emptying the database under it locks SQLite's
    tables, so the test's teardown waits for the server to finish first.

    On SQLite the live server's threads share the test's one in-memory connection: two
    requests at once (a page's six chart images) would open a transaction inside another.
    There, `one_at_a_time` has the server answer them in turn, as a browser would wait."""

    def __init__(self, one_at_a_time=False):
        self.count = 0
        self.lock = threading.Lock()
        self.turn = threading.Lock() if one_at_a_time else None

    def started(self, **kwargs):
        if self.turn is not None:
            self.turn.acquire(timeout=60)
        with self.lock:
            self.count += 1

    def finished(self, **kwargs):
        with self.lock:
            self.count -= 1
        if self.turn is not None and self.turn.locked():
            self.turn.release()

    def wait_until_idle(self, seconds=10):
        deadline = time.monotonic() + seconds
        while self.count > 0 and time.monotonic() < deadline:
            time.sleep(0.05)


@pytest.fixture
def live_site(live_server, transactional_db):
    """The live server with roles and the home page in place.

    Browser tests use a transactional database, which is emptied after each test,
    taking with it what the migrations created: put it back. The home page comes
    first: the roles' page permissions and the policy workflow hang on the library under it.
    """
    in_flight = InFlight(one_at_a_time=connection.vendor == "sqlite")
    request_started.connect(in_flight.started)
    request_finished.connect(in_flight.finished)
    ensure_home_page()
    sync_roles()
    yield live_server
    in_flight.wait_until_idle()
    request_started.disconnect(in_flight.started)
    request_finished.disconnect(in_flight.finished)


@pytest.fixture
def csp_violations(request):
    """What the browser refused under the Content-Security-Policy during this test, as its
    console reported it. Every browser test fails if this is not empty at its end."""
    request.node.csp_violations = []
    return request.node.csp_violations


@pytest.fixture
def page(live_site, page, csp_violations):
    """pytest-playwright's tab, listening for Content-Security-Policy violations.

    It asks for the live site so that it closes before the site's teardown waits for the
    server and empties the database."""

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
