import pytest

from tests.casework.factories import build_organisation


@pytest.fixture
def org(db):
    return build_organisation()
