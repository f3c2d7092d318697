"""Every page of the intranet needs a signed-in user, except signing in itself."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

# Views anyone may open: signing in and resetting a forgotten password.
PUBLIC_URL_NAMES = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}

SAMPLE_BY_CONVERTER = {"int": "1", "str": "x", "slug": "x", "path": "x/y", "uuid": str(uuid.uuid4())}


def _sample_route(route):
    return re.sub(
        r"<(?:(\w+):)?\w+>",
        lambda match: SAMPLE_BY_CONVERTER.get(match.group(1) or "str", "1"),
        route,
    )


def _sample_regex(regex):
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    # Named and unnamed groups become a value most URL patterns accept.
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "1", text)
    text = re.sub(r"\((?:\?:)?[^)]*\)[*+?]?", "", text)
    text = text.replace("\\", "").replace("?", "")
    return text


def _walk(patterns, prefix=""):
    for entry in patterns:
        pattern = entry.pattern
        raw = str(pattern)
        piece = _sample_route(raw) if hasattr(pattern, "_route") else _sample_regex(raw)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + piece)
        elif isinstance(entry, URLPattern):
            yield "/" + (prefix + piece).lstrip("/"), entry


def _final_location(client, response):
    """Where a chain of redirects ends (Wagtail's admin goes through its own login URL first)."""
    for _ in range(3):
        location = response["Location"]
        if location.startswith("/sign-in/"):
            return location
        response = client.get(location)
        assert response.status_code == 302, f"{location} gave {response.status_code}"
    return response["Location"]


def all_urls():
    seen = {}
    for url, entry in _walk(get_resolver().url_patterns):
        seen.setdefault(url, entry)
    return sorted(seen.items())


def test_walk_covers_the_urlconf():
    urls = all_urls()
    # Wagtail's admin alone has hundreds; a walk that finds few has broken.
    assert len(urls) > 150
    names = {entry.name for _, entry in urls}
    assert PUBLIC_URL_NAMES <= names
    assert "search" in names


@pytest.mark.django_db
def test_every_url_redirects_anonymous_visitors_to_sign_in(client):
    checked = 0
    for url, _entry in all_urls():
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if match.url_name in PUBLIC_URL_NAMES:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            status = response.status_code
            assert status == 302, f"{method.upper()} {url} ({match.view_name}) gave {status}"
            assert _final_location(client, response).startswith("/sign-in/"), f"{url} ends elsewhere"
        checked += 1
    assert checked > 150


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/sign-in/", "/password-reset/", "/password-reset/sent/", "/password-reset/done/"])
def test_sign_in_and_password_reset_are_open(client, url):
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_static_files_need_no_sign_in(client, live_server):
    import urllib.request

    with urllib.request.urlopen(f"{live_server.url}/static/css/intranet.css") as response:
        assert response.status == 200
        assert b"skip-link" in response.read()
