"""What whoever logs something from the check page is told names no case: they may not be on it,
and the check page ties a resident to no case reference for them."""

from django.contrib.messages import get_messages
from django.utils import timezone

from tests.casework.test_appeals import in_force


def test_logging_a_new_complaint_or_an_appeal_tells_no_case_reference(org, client):
    case, restriction = in_force(org)
    client.force_login(org.sali)
    today = timezone.localdate().isoformat()
    posts = {
        f"/residents/restrictions/{restriction.pk}/new-complaint/": {
            "received_on": today,
            "channel": "letter",
            "summary": "My repair was missed again.",
        },
        f"/residents/restrictions/{restriction.pk}/appeal/": {
            "received_on": today,
            "channel": "letter",
            "grounds": "I was never told why.",
        },
    }
    for url, data in posts.items():
        response = client.post(url, data)
        assert response.status_code == 302, url
        said = " ".join(str(message) for message in get_messages(response.wsgi_request))
        assert said and case.reference not in said and "UB-" not in said, said


def test_a_notices_link_to_the_check_opens_the_residents_check_for_staff_only(org, client):
    from home import roles
    from tests.factories import UserFactory

    case, restriction = in_force(org)
    url = f"/residents/check/restrictions/{restriction.pk}/"
    client.force_login(org.mjones)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].endswith(f"?q={case.customer.reference}")
    assert client.get(f"/residents/check/restrictions/{restriction.pk + 1000}/").status_code == 404
    client.force_login(UserFactory(roles=[roles.CONTRACTORS], roles__staff=False))
    # Contractors reach the check page itself only; no notice sends them here.
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith("/sign-in/")
