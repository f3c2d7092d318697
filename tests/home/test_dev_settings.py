"""`make run`'s settings: the port it serves on, and the intranet's own error pages."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
READ = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'BASE_URL': s.WAGTAILADMIN_BASE_URL, "
    "'FINDERS': s.WHITENOISE_USE_FINDERS, 'MEDIA': s.SERVE_MEDIA_FILES}))"
)


def dev_settings(**env):
    unset = {"PORT", "SITE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in unset}
    environment.update(env, DJANGO_SETTINGS_MODULE="intranet.settings.dev")
    result = subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_links_in_emails_follow_the_port_make_run_serves_on():
    assert dev_settings(PORT="8123")["BASE_URL"] == "http://localhost:8123"
    assert dev_settings()["BASE_URL"] == "http://localhost:8000"
    assert dev_settings(PORT="8123", SITE_URL="http://intranet.test:9000")["BASE_URL"] == "http://intranet.test:9000"


def test_make_run_shows_the_intranets_own_error_pages_and_still_serves_static_files():
    values = dev_settings(PORT="8123")
    assert values["DEBUG"] is False
    assert values["FINDERS"] is True and values["MEDIA"] is True
    assert dev_settings(DEBUG="true")["DEBUG"] is True


@pytest.mark.django_db
@override_settings(WHITENOISE_USE_FINDERS=True)
def test_a_mistyped_address_gets_the_intranet_page_not_found(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="sali"))
    response = client.get("/policies-and-guidance/no-such-policy/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text
    assert "URLconf" not in response.text
