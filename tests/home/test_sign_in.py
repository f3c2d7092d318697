from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory
from tests.policy_pages.factories import make_policy

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_sign_in_lands_on_the_home_page(client):
    UserFactory(username="sali", first_name="Sara")
    response = sign_in(client, "sali", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "Hello, Sara" in home.text


def test_sign_in_returns_to_the_page_asked_for(client):
    UserFactory(username="sali")
    response = client.post(reverse("login"), {"username": "sali", "password": PASSWORD, "next": "/search/?q=policy"})
    assert response["Location"] == "/search/?q=policy"


def test_sign_in_refuses_to_send_people_to_another_site(client):
    UserFactory(username="sali")
    response = client.post(
        reverse("login"), {"username": "sali", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_wrong_password_shows_a_clear_message_and_keeps_the_username(client):
    UserFactory(username="sali")
    response = sign_in(client, "sali", "not-the-password")
    assert response.status_code == 200
    assert "The username or password is not right" in response.text
    assert 'value="sali"' in response.text
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_username_out(client):
    UserFactory(username="sali")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "sali", "wrong").status_code == 200
    locked = sign_in(client, "sali", "wrong")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.text
    # Even the right password is refused while locked out.
    still_locked = sign_in(client, "sali", PASSWORD)
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_for_one_username_do_not_lock_out_another(client):
    UserFactory(username="sali")
    UserFactory(username="mjones")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "sali", "wrong")
    assert sign_in(client, "mjones", PASSWORD).status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock_out(client):
    UserFactory(username="sali")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "sali", "wrong")
    assert sign_in(client, "sali", PASSWORD).status_code == 302


def test_sign_out_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_sign_out_by_link_is_refused(client):
    """Sign-out is a form button: a GET (from a crafted link or image) does nothing."""
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    assert client.get("/").status_code == 200


def test_session_expires_after_inactivity(client):
    user = UserFactory()
    client.force_login(user)
    client.get("/")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # every request pushes the expiry back


def test_an_expired_session_asks_to_sign_in_again(client):
    user = UserFactory()
    client.force_login(user)
    session = client.session
    session.set_expiry(-1)
    session.save()
    assert client.get("/").status_code == 302


def test_wagtail_admin_sign_in_goes_to_the_intranet_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_password_reset_mail_is_sent_by_the_task_worker(client, mailoutbox, django_capture_on_commit_callbacks):
    UserFactory(username="sali", email="sali@intranet.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "sali@intranet.example"})
    assert response.status_code == 302
    # The test settings run tasks at once; in production the worker sends it.
    assert len(mailoutbox) == 1
    assert "/password-reset/" in mailoutbox[0].body


def test_a_password_reset_is_logged_and_retried_like_every_email_but_not_listed_as_a_notice(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    from unittest import mock

    from home import notifications
    from home.models import Notification

    sali = UserFactory(username="sali", email="sali@intranet.example")
    with (
        mock.patch("home.notifications.EmailMessage.send", side_effect=ConnectionRefusedError("mail server down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(reverse("password_reset"), {"email": "sali@intranet.example"})
    logged = Notification.objects.get(recipient=sali)
    assert logged.kind == Notification.Kind.PASSWORD_RESET
    assert logged.email_status == Notification.EmailStatus.FAILED
    assert mailoutbox == []
    Notification.objects.filter(pk=logged.pk).update(email_attempted_at=None)
    notifications.retry_unsent_email()
    assert len(mailoutbox) == 1 and "/password-reset/" in mailoutbox[0].body
    assert "All your notifications" not in mailoutbox[0].body
    assert not Notification.objects.listed_for(sali).exists()
    assert notifications.unread_count(sali) == 0


def test_password_reset_for_an_unknown_address_says_the_same(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@intranet.example"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_the_session_check_renews_the_session_and_gives_the_current_csrf_token(client):
    client.force_login(UserFactory())
    response = client.get("/session/")
    assert response.status_code == 200
    assert response.json()["signed_in"] is True
    assert len(response.json()["csrf_token"]) == 64
    assert "sessionid" in response.cookies  # saved again, so the idle timeout starts over
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/session/").status_code == 405


def test_the_session_check_signed_out_redirects_to_sign_in(client):
    response = client.get("/session/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def time_left_after(client, request):
    """How long the session has left after `request` is made, when it had a minute left before."""
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert request().status_code == 200
    return Session.objects.get(pk=key).expire_date - timezone.now()


def test_an_open_editor_does_not_keep_an_idle_session_alive(client):
    page = make_policy()
    client.force_login(UserFactory(is_superuser=True))
    ping = f"/admin/editing-sessions/ping/wagtailcore/page/{page.pk}/0/"
    renewed = timedelta(seconds=settings.SESSION_COOKIE_AGE) - timedelta(minutes=1)

    # The editor's regular ping with nothing unsaved: the minute left is not renewed.
    assert time_left_after(client, lambda: client.post(ping)) < timedelta(minutes=1)
    # With unsaved changes it counts: someone is writing.
    assert time_left_after(client, lambda: client.post(ping, {"is_editing": "1"})) > renewed
    # Opening any page counts.
    assert time_left_after(client, lambda: client.get("/")) > renewed


def stored_expiry(client):
    return Session.objects.get(pk=client.session.session_key).expire_date


def test_a_page_soon_after_the_last_write_does_not_write_the_session_again(client):
    client.force_login(UserFactory())
    assert client.get("/").status_code == 200
    written = stored_expiry(client)
    response = client.get("/")
    assert response.status_code == 200
    assert stored_expiry(client) == written  # nothing pushed back, nothing written
    assert "Cookie" in response["Vary"]


def test_a_page_a_thirtieth_of_the_timeout_after_the_last_write_writes_it_again(client):
    client.force_login(UserFactory())
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    # Written just over a minute (of thirty) ago.
    assert (
        time_left_after_setting(client, age - age / 30 - timedelta(seconds=5), lambda: client.get("/")) > age - age / 60
    )


def test_the_session_check_always_writes_the_session(client):
    client.force_login(UserFactory())
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    # Written a second ago: a page would leave it; the keep-alive writes it.
    assert time_left_after_setting(
        client, age - timedelta(seconds=1), lambda: client.get("/session/")
    ) > age - timedelta(seconds=1)


def time_left_after_setting(client, left, request):
    key = client.session.session_key
    before = timezone.now()
    Session.objects.filter(pk=key).update(expire_date=before + left)
    assert request().status_code == 200
    return Session.objects.get(pk=key).expire_date - before
