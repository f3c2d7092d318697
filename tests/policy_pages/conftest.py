import pytest

from tests.factories import UserFactory


@pytest.fixture
def reader(client):
    """A member of staff, signed in."""
    user = UserFactory(username="reader")
    client.force_login(user)
    return user
