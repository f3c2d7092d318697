import csv
import io

import pytest

from home import roles
from policy_pages import services
from policy_pages.models import PolicyAcknowledgement, PolicyVersion
from tests.factories import TeamFactory, UserFactory

from .factories import make_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    return make_policy("Limited Contact Policy", version="Version 3")


@pytest.fixture
def income():
    return TeamFactory(name="Income")


def test_staff_confirm_reading_the_current_version(client, policy, income):
    sali = UserFactory(username="sali", team=income)
    client.force_login(sali)
    assert "I have read this version (Version 3)" in client.get(policy.url).text
    response = client.post(f"/policies-and-guidance/library/{policy.pk}/acknowledge/")
    assert response.status_code == 302 and response["Location"].endswith("#read-confirmation")
    page = client.get(policy.url).text
    assert "You have read Version 3." in page
    # Pressing again records nothing new.
    client.post(f"/policies-and-guidance/library/{policy.pk}/acknowledge/")
    assert PolicyAcknowledgement.objects.filter(user=sali).count() == 1


def test_a_new_version_asks_everyone_again(client, policy):
    user = UserFactory()
    services.acknowledge(user, policy)
    assert services.unread_policies(user) == []
    PolicyVersion.objects.create(page=policy, position=1, label="Version 4")
    assert services.unread_policies(user) == [policy]
    client.force_login(user)
    assert "I have read this version (Version 4)" in client.get(policy.url).text


def test_acknowledging_needs_a_post_and_a_live_policy(client, policy):
    client.force_login(UserFactory())
    assert client.get(f"/policies-and-guidance/library/{policy.pk}/acknowledge/").status_code == 405
    assert client.post("/policies-and-guidance/library/999999/acknowledge/").status_code == 404
    draft = make_policy("Draft policy", live=False)
    assert client.post(f"/policies-and-guidance/library/{draft.pk}/acknowledge/").status_code == 404


def test_a_policy_without_an_approved_version_cannot_be_confirmed(client):
    policy = make_policy("New policy", version=None)
    client.force_login(UserFactory())
    response = client.post(f"/policies-and-guidance/library/{policy.pk}/acknowledge/")
    assert response.status_code == 409
    assert "has no approved version" in response.text
    assert not PolicyAcknowledgement.objects.exists()


def test_the_head_of_customer_services_sees_who_has_read_it_per_team(client, policy, income):
    repairs = TeamFactory(name="Repairs")
    sali = UserFactory(username="sali", first_name="Sara", last_name="Ali", team=income)
    UserFactory(username="mjones", first_name="Mark", last_name="Jones", team=income)
    UserFactory(username="kobi", first_name="Kemi", last_name="Obi", team=repairs)
    jclarke = UserFactory(username="jclarke", roles=[roles.HEAD_OF_CUSTOMER_SERVICES])
    services.acknowledge(sali, policy)

    client.force_login(jclarke)
    response = client.get(f"/policies-and-guidance/library/read-report/{policy.pk}/")
    assert response.status_code == 200
    html = response.text
    assert "Income: 1 of 2 read" in html
    assert "Repairs: 0 of 1 read" in html
    assert client.get("/policies-and-guidance/library/read-report/").status_code == 200

    response = client.get(f"/policies-and-guidance/library/read-report/{policy.pk}/csv/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Policy", "Version", "Team", "Name", "Username", "Read", "Confirmed at"]
    by_user = {row[4]: row for row in rows[1:]}
    assert by_user["sali"][2:6] == ["Income", "Sara Ali", "sali", "Yes"]
    assert by_user["mjones"][5] == "No"
    assert by_user["kobi"][2] == "Repairs"


def test_other_staff_cannot_see_the_read_report(client, policy):
    client.force_login(UserFactory(username="sali"))
    assert client.get("/policies-and-guidance/library/read-report/").status_code == 403
    assert client.get(f"/policies-and-guidance/library/read-report/{policy.pk}/").status_code == 403
    assert client.get(f"/policies-and-guidance/library/read-report/{policy.pk}/csv/").status_code == 403
    assert "Who has read this policy" not in client.get(policy.url).text


def test_the_read_report_of_an_unknown_policy_is_not_found(client, policy):
    client.force_login(UserFactory(roles=[roles.HEAD_OF_CUSTOMER_SERVICES]))
    assert client.get("/policies-and-guidance/library/read-report/999999/csv/").status_code == 404


def test_csv_cells_cannot_become_formulas(policy):
    UserFactory(username="evil", first_name="=HYPERLINK(1)", last_name="x")
    text = services.read_report_csv(policy)
    assert "'=HYPERLINK(1) x" in text


def test_home_page_lists_policies_to_read(client, policy):
    user = UserFactory()
    client.force_login(user)
    html = client.get("/").text
    assert "Policies to read" in html and "Limited Contact Policy" in html
    services.acknowledge(user, policy)
    assert "You have read the current version of every policy." in client.get("/").text
