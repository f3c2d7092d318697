import pytest

from home.roles import sync_roles
from home.site import ensure_home_page


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


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))
