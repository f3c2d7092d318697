"""Sign-in throttling counts failures per person's address, also behind reverse proxies."""

import pytest
from django.conf import settings
from django.urls import reverse

from intranet.settings.base import client_address_settings
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proxies(settings):
    def behind(count):
        for name, value in client_address_settings(count).items():
            setattr(settings, name, value)

    return behind


def sign_in(client, password, forwarded_for, proxy="10.0.0.5"):
    return client.post(
        reverse("login"),
        {"username": "gevans", "password": password},
        HTTP_X_FORWARDED_FOR=forwarded_for,
        REMOTE_ADDR=proxy,
    )


def fail_until_locked(client, forwarded_for):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong-password", forwarded_for)


def test_behind_one_proxy_a_lockout_at_one_address_does_not_lock_out_another(client, proxies):
    proxies(1)
    UserFactory(username="gevans")
    fail_until_locked(client, "10.1.1.1")
    response = sign_in(client, PASSWORD, "10.2.2.2")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_behind_one_proxy_the_locked_out_address_stays_locked(client, proxies):
    proxies(1)
    UserFactory(username="gevans")
    fail_until_locked(client, "10.1.1.1")
    response = sign_in(client, PASSWORD, "10.1.1.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_address_written_by_the_person_is_not_believed(client, proxies):
    # The proxy appends the real address to whatever the person sent.
    proxies(1)
    UserFactory(username="gevans")
    fail_until_locked(client, "10.1.1.1")
    assert sign_in(client, PASSWORD, "10.2.2.2, 10.1.1.1").status_code == 429


def test_behind_two_proxies_the_address_the_farther_one_saw_counts(client, proxies):
    proxies(2)
    UserFactory(username="gevans")
    fail_until_locked(client, "10.1.1.1, 10.0.0.9")
    assert sign_in(client, PASSWORD, "10.1.1.1, 10.0.0.9").status_code == 429
    assert sign_in(client, PASSWORD, "10.2.2.2, 10.0.0.9").status_code == 302


def test_without_a_proxy_the_header_is_ignored(client, proxies):
    proxies(0)
    UserFactory(username="gevans")
    fail_until_locked(client, "10.1.1.1")
    assert sign_in(client, PASSWORD, "10.2.2.2").status_code == 429


def test_proxy_count_sets_what_axes_reads():
    assert client_address_settings(0) == {
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ("REMOTE_ADDR",),
        "AXES_IPWARE_PROXY_COUNT": None,
    }
    assert client_address_settings(1)["AXES_IPWARE_META_PRECEDENCE_ORDER"][0] == "HTTP_X_FORWARDED_FOR"
    assert client_address_settings(1)["AXES_IPWARE_PROXY_COUNT"] == 0
