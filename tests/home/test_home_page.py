import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_home_page_has_the_layout_landmarks(client):
    client.force_login(UserFactory(first_name="Sara"))
    html = client.get("/").text
    assert 'class="skip-link" href="#main-content"' in html
    assert '<main id="main-content"' in html
    assert html.count("<h1") == 1
    assert 'role="search"' in html
    assert 'aria-label="Main"' in html


def test_no_asset_comes_from_another_site(client):
    client.force_login(UserFactory())
    html = client.get("/").text
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html


def test_search_finds_pages(client):
    client.force_login(UserFactory())
    response = client.get("/search/", {"q": "Home"})
    assert response.status_code == 200
    assert "result" in response.text


def test_search_with_an_overlong_query_is_a_clear_message_not_an_error(client):
    client.force_login(UserFactory())
    response = client.get("/search/", {"q": "x" * 5000})
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
