"""The admin does not tell which case ids exist; nothing under /cases/ is kept in a cache."""

import pytest
from django.test import RequestFactory
from django.urls import ResolverMatch

from casework.middleware import is_casework_request
from casework.models import AccessLogEntry, Case
from tests.casework.factories import at_cxm, submitted_case

pytestmark = pytest.mark.django_db

HUGE_ID = 10**30


def _answers(client, url):
    response = client.get(url)
    return response.status_code, response.text


@pytest.mark.parametrize("action", ["inspect", "edit", "delete", "history"])
def test_the_admin_answers_alike_for_a_case_not_shared_and_one_that_does_not_exist(org, client, action):
    at_cxm(org)
    not_shared = submitted_case(org.mjones)  # with the line manager: not shared with the CXMs
    missing = Case.objects.order_by("-pk").first().pk + 1000
    client.force_login(org.rkaur)
    answers = {
        address: _answers(client, f"/admin/casework/case/{action}/{address}/")
        for address in [not_shared.pk, missing, HUGE_ID, "not-a-number"]
    }
    assert {status for status, _ in answers.values()} == {404}
    # The same page: nothing in it differs with whether the id exists.
    pages = {text for _, text in answers.values()}
    assert len(pages) == 1
    assert not AccessLogEntry.objects.exists()


def test_a_shared_case_still_opens_in_the_admin(org, client):
    mine = at_cxm(org)
    client.force_login(org.rkaur)
    assert client.get(f"/admin/casework/case/inspect/{mine.pk}/").status_code == 200


def test_someone_without_the_case_list_gets_404_for_a_case_they_can_see_elsewhere(org, client):
    case = submitted_case(org.sali)
    client.force_login(org.tnguyen)  # line manager: sees it at /cases/, has no admin case list
    response = client.get(f"/admin/casework/case/inspect/{case.pk}/")
    assert response.status_code in {403, 404}


NO_STORE_ADDRESSES = ["/cases/mine/", "/cases/report/", "/cases/awaiting-my-decision/", "/cases/no-such-page/"]


@pytest.mark.parametrize("address", NO_STORE_ADDRESSES)
def test_casework_pages_are_not_stored(org, client, address):
    client.force_login(org.tnguyen)
    response = client.get(address)
    assert "no-store" in response["Cache-Control"]


def test_a_case_and_a_refusal_are_not_stored_and_neither_is_the_sign_in_redirect(org, client):
    case = submitted_case(org.sali)
    client.force_login(org.tnguyen)
    shown = client.get(f"/cases/{case.pk}/")
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    client.force_login(org.gevans)
    refused = client.get(f"/cases/{case.pk}/")
    assert refused.status_code == 404 and "no-store" in refused["Cache-Control"]
    client.logout()
    assert "no-store" in client.get(f"/cases/{case.pk}/")["Cache-Control"]


def test_pages_outside_casework_keep_their_own_caching(org, client):
    client.force_login(org.tnguyen)
    assert "no-store" not in client.get("/policies-and-guidance/library/read-report/").get("Cache-Control", "")


def test_any_page_of_the_casework_urls_is_covered_wherever_it_is_mounted():
    # A page added to casework/urls.py later (an outcome, a letter) is answered by the casework
    # URLconf: that is what is checked, not a list of addresses.
    request = RequestFactory().get("/elsewhere/outcome/1/")
    request.resolver_match = ResolverMatch(lambda r: None, (), {}, app_names=["casework"], namespaces=["casework"])
    assert is_casework_request(request)
    other = RequestFactory().get("/policies-and-guidance/")
    other.resolver_match = ResolverMatch(lambda r: None, (), {}, app_names=[], namespaces=[])
    assert not is_casework_request(other)
