import pytest
from django.urls import reverse
from django.utils import timezone

from home import notifications
from home.models import Notification
from intranet.schedule import sync_schedules
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BROKEN = "tests.home.mail_backends.BrokenMailServer"


def test_notify_records_it_and_emails_after_commit(mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(email="sali@intranet.example")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notifications.notify(user, "Case 12 is waiting for you", "Please decide.", url="/cases/12/")
        assert mailoutbox == []  # nothing is sent before the transaction commits
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sali@intranet.example"]
    assert "/cases/12/" in mailoutbox[0].body


def test_a_failing_mail_server_loses_nothing_and_is_retried(settings, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(email="sali@intranet.example")
    settings.EMAIL_BACKEND = BROKEN
    with django_capture_on_commit_callbacks(execute=True):
        notification = notifications.notify(user, "Decision on your report", "Closed.")
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.FAILED
    assert "Connection unexpectedly closed" in notification.email_last_error
    assert Notification.objects.filter(recipient=user).count() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifications.retry_unsent_email() == 1
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert notification.email_attempts == 2
    assert len(mailoutbox) == 1


def test_retrying_gives_up_after_repeated_failures(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = BROKEN
    notification = notifications.notify(UserFactory(), "Reminder", "Due soon.")
    for _ in range(notifications.MAX_EMAIL_ATTEMPTS + 2):
        notifications.retry_unsent_email() or notifications.send_notification_email(notification.pk)
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.GAVE_UP
    assert notification.email_attempts == notifications.MAX_EMAIL_ATTEMPTS


def test_no_email_address_is_recorded_not_attempted(mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notifications.notify(user, "Reminder", "Due soon.")
    assert notification.email_status == Notification.EmailStatus.NO_ADDRESS
    assert mailoutbox == []


def test_retry_is_scheduled():
    schedules = sync_schedules()
    assert any(s.func == "home.notifications.retry_unsent_email" for s in schedules.values())
    again = sync_schedules()
    assert {s.pk for s in again.values()} == {s.pk for s in schedules.values()}


def test_people_see_only_their_own_notifications(client):
    sali, mark = UserFactory(), UserFactory()
    notifications.notify(sali, "For Sara", "x")
    notifications.notify(mark, "For Mark", "x")
    client.force_login(sali)
    page = client.get(reverse("notifications")).text
    assert "For Sara" in page
    assert "For Mark" not in page


def test_opening_marks_read_and_goes_to_the_case(client):
    user = UserFactory()
    notification = notifications.notify(user, "Case 3", "x", url="/cases/3/")
    client.force_login(user)
    response = client.post(reverse("notification_open", args=[notification.pk]))
    assert response["Location"] == "/cases/3/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_someone_elses_notification_is_not_found(client):
    notification = notifications.notify(UserFactory(), "Private", "x")
    client.force_login(UserFactory())
    assert client.post(reverse("notification_open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opening_never_sends_people_to_another_site(client):
    user = UserFactory()
    notification = notifications.notify(user, "Odd", "x", url="https://evil.example/")
    client.force_login(user)
    assert client.post(reverse("notification_open", args=[notification.pk]))["Location"] == reverse("notifications")


def test_mark_all_read(client):
    user = UserFactory()
    notifications.notify(user, "One", "x")
    notifications.notify(user, "Two", "x")
    client.force_login(user)
    client.post(reverse("notifications_read_all"))
    assert notifications.unread_count(user) == 0


def test_unread_count_shows_in_navigation_and_home_panel(client):
    user = UserFactory()
    notifications.notify(user, "One", "x")
    client.force_login(user)
    html = client.get("/").text
    assert "Notifications (1 unread)" in html
    assert '<span class="count">1</span> unread notification.' in html


def test_email_log_is_for_administrators_only(client):
    from django.contrib.auth import get_user_model

    notifications.notify(UserFactory(), "Case 3 subject", "x")
    admin = get_user_model().objects.create_superuser("root", "root@intranet.example", "pw-123456789")
    client.force_login(admin)
    assert "Case 3 subject" in client.get("/admin/home/notification/").text
    from home import roles

    client.force_login(UserFactory(roles=[roles.POLICY_EDITORS]))
    denied = client.get("/admin/home/notification/")
    assert denied.status_code in {302, 403}
    assert "Case 3 subject" not in denied.text


def test_an_email_being_sent_by_one_worker_is_not_sent_by_another(mailoutbox):
    notification = notifications.notify(UserFactory(email="sali@intranet.example"), "Reminder", "Due soon.")
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Notification.EmailStatus.SENDING, email_attempted_at=timezone.now()
    )
    notifications.send_notification_email(notification.pk)
    assert notifications.retry_unsent_email() == 0
    assert mailoutbox == []


def test_an_email_left_half_sent_by_a_stopped_worker_is_sent_later(mailoutbox):
    notification = notifications.notify(UserFactory(email="sali@intranet.example"), "Reminder", "Due soon.")
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Notification.EmailStatus.SENDING,
        email_attempts=1,
        email_attempted_at=timezone.now() - timezone.timedelta(minutes=30),
    )
    assert notifications.retry_unsent_email() == 1
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert notification.email_attempts == 2
    assert len(mailoutbox) == 1


def test_a_last_attempt_left_half_sent_is_not_tried_again(mailoutbox):
    notification = notifications.notify(UserFactory(email="sali@intranet.example"), "Reminder", "Due soon.")
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Notification.EmailStatus.SENDING,
        email_attempts=notifications.MAX_EMAIL_ATTEMPTS,
        email_attempted_at=timezone.now() - timezone.timedelta(minutes=30),
    )
    assert notifications.retry_unsent_email() == 0
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.GAVE_UP
    assert notification.email_attempts == notifications.MAX_EMAIL_ATTEMPTS
    assert "stopped" in notification.email_last_error
    assert mailoutbox == []


def test_sqlite_transactions_take_the_write_lock_at_once():
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("only SQLite has database-wide write locks")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_every_scheduled_task_names_a_function_that_exists():
    from django.utils.module_loading import import_string

    from intranet.schedule import SCHEDULED_TASKS

    for entry in SCHEDULED_TASKS:
        assert callable(import_string(entry["func"])), entry["func"]
