"""The intranet's icon, for browsers' tabs and bookmarks: linked from every page, and at /favicon.ico
for browsers that ask there, served before sign-in without a query."""

import pytest
from django.contrib.staticfiles import finders

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("signed_in", [False, True])
def test_favicon_ico_is_served_without_a_query(client, django_assert_num_queries, signed_in):
    if signed_in:
        client.force_login(UserFactory())

    with django_assert_num_queries(0):
        response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # an ICO file's header


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_links_the_icon(client, signed_in):
    # The two layouts every page extends: signed out (sign-in) and signed in.
    if signed_in:
        client.force_login(UserFactory())

    response = client.get("/notifications/" if signed_in else "/sign-in/")

    assert response.status_code == 200
    text = response.text

    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in text
    assert 'rel="icon" href="/static/favicon' in text and 'type="image/svg+xml"' in text
    assert finders.find("favicon.svg") is not None
