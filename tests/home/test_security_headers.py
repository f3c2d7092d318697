"""Content-Security-Policy on the intranet's pages and the admin's, and the admin refused to staff."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from home import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS = [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates")]
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    "javascript: address": re.compile(r"javascript:", re.IGNORECASE),
}


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_the_intranet_pages_allow_only_their_own_scripts_and_styles(client):
    client.force_login(UserFactory(username="sali"))
    for address in ["/", "/search/?q=red", "/cases/mine/", "/no-such-page/"]:
        policy = directives(client.get(address))
        assert policy["script-src"] == ["'self'"], address
        assert policy["style-src"] == ["'self'"], address
        assert policy["default-src"] == ["'self'"], address
        assert policy["object-src"] == ["'none'"], address
        assert policy["frame-ancestors"] == ["'none'"], address


def test_the_sign_in_page_has_the_same_policy(client):
    policy = directives(client.get("/sign-in/"))
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]


def test_the_admin_has_its_own_policy_and_nothing_from_elsewhere(client):
    client.force_login(UserFactory(username="gevans", roles=[roles.POLICY_EDITORS]))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert not [source for sources in policy.values() for source in sources if source.startswith(("http", "//"))]
    assert "gravatar" not in response.text


@pytest.mark.parametrize("kind", INLINE)
def test_no_template_of_the_intranet_runs_or_styles_anything_inline(kind):
    found = [
        f"{path}: {match.group(0)!r}"
        for directory in TEMPLATE_DIRS
        for path in Path(directory).rglob("*.html")
        for match in INLINE[kind].finditer(path.read_text())
    ]
    assert not found, f"{kind} in templates:\n" + "\n".join(found)


def test_staff_without_the_admin_get_a_page_saying_so_not_a_sign_in_loop(client):
    client.force_login(UserFactory(username="sali"))
    for address in ["/admin/", "/admin/pages/", "/admin/casework/case/"]:
        response = client.get(address)
        assert response.status_code == 403, address
        assert "The admin is for editors and administrators" in response.text
        assert '<a href="/">Go to the home page</a>' in response.text
        assert 'class="site-header' in response.text or "Sign out" in response.text  # the intranet's own look


def test_editors_and_administrators_still_reach_the_admin(client):
    client.force_login(UserFactory(username="gevans", roles=[roles.POLICY_EDITORS]))
    assert client.get("/admin/").status_code == 200
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    assert client.get("/admin/").status_code == 200


def test_signed_out_the_admin_still_asks_to_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_an_editors_preview_may_be_framed_by_the_admin_and_runs_nothing_inline(db):
    # Wagtail renders the preview through a stand-in request for the page's own address; the
    # admin shows it in a frame, which the site's "frame-ancestors 'none'" would refuse.
    from tests.policy_pages.factories import make_policy

    response = make_policy("Visiting policy").make_preview_request()
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "unsafe-inline" not in policy
