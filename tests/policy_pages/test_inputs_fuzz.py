"""No address of the policy library's own views makes a server error, whatever id it carries."""

import pytest
from hypothesis import given

from home import roles
from policy_pages.models import PolicyAcknowledgement
from tests.factories import UserFactory
from tests.fuzzing import ID_EDGES, SMALL, any_id, path_piece, with_examples

from .factories import make_policy

pytestmark = pytest.mark.django_db


def test_confirming_a_policy_id_beyond_64_bits_is_not_found(client):
    make_policy("Limited Contact Policy")
    client.force_login(UserFactory())
    for policy_id in [str(2**63), str(10**30)]:
        assert client.post(f"/policies-and-guidance/library/{policy_id}/acknowledge/").status_code == 404
    assert not PolicyAcknowledgement.objects.exists()


@SMALL
@with_examples(ID_EDGES, "policy_id")
@given(policy_id=any_id)
def test_any_policy_id_in_the_library_addresses_is_not_found_or_refused(client, policy_id):
    staff = UserFactory()
    head = UserFactory(roles=[roles.HEAD_OF_CUSTOMER_SERVICES])
    piece = path_piece(policy_id)
    client.force_login(staff)
    assert client.post(f"/policies-and-guidance/library/{piece}/acknowledge/").status_code == 404
    assert client.get(f"/policies-and-guidance/library/read-report/{piece}/").status_code in {403, 404}
    client.force_login(head)
    assert client.get(f"/policies-and-guidance/library/read-report/{piece}/").status_code == 404
    assert client.get(f"/policies-and-guidance/library/read-report/{piece}/csv/").status_code == 404
    assert not PolicyAcknowledgement.objects.exists()
