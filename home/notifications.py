"""Notifications: an in-intranet list for each person, and the same by email.

    notify(recipient, subject, body, url="", kind="general", topic="", task="")

writes the notification in the caller's transaction and, once that commits, asks
the task worker to email it. A failed send is recorded on the notification and
retried by the scheduled task `retry_unsent_email` until MAX_EMAIL_ATTEMPTS; the
notification itself is never lost, and unsent email is listed for administrators.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_q.tasks import async_task

from .models import Notification

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 8


def notify(recipient, subject, body, url="", kind=Notification.Kind.GENERAL, topic="", task=""):
    """Write one notification for `recipient` and email it once the caller's transaction commits.

    `topic` names what it is about ("case:15") so it can be withdrawn from someone who loses
    access; `task` names what it asks them to do ("step:42") so it can be settled when someone
    else does it. Returns the Notification. The text leaves the organisation by email: callers
    put no personal details in `subject` or `body`, only references and the kind of event.
    """
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        subject=subject[:200],
        body=body,
        url=url,
        topic=topic,
        task=task,
        email_status=Notification.EmailStatus.PENDING if recipient.email else Notification.EmailStatus.NO_ADDRESS,
    )
    if recipient.email:
        transaction.on_commit(lambda: queue_notification_email(notification.pk))
    return notification


def queue_notification_email(notification_id):
    async_task("home.notifications.send_notification_email", notification_id, task_name=f"email {notification_id}")


def settle(task, note):
    """Mark every notification asking for `task` as needing nothing more, with `note` saying why
    (e.g. "Decided by Priya Shah on 30 November 2026."); the unread ones count as read.
    Returns how many were settled."""
    now = timezone.now()
    pending = Notification.objects.filter(task=task, settled_note="")
    pending.filter(read_at__isnull=True).update(read_at=now)
    return pending.update(settled_note=note[:200])


def withdraw(recipients, topic):
    """Take every notification about `topic` off the lists of `recipients` (people who no
    longer have access to it). The email log keeps them. Returns how many were withdrawn."""
    return Notification.objects.filter(
        recipient__in=[user.pk for user in recipients], topic=topic, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())


def withdraw_from_all_but(kept, topic):
    """Take every notification about `topic` off the lists of everyone except the people in
    `kept` (a sensitive case keeps only its named people and its reporter). The email log
    keeps them. Returns how many were withdrawn."""
    return (
        Notification.objects.filter(topic=topic, withdrawn_at__isnull=True)
        .exclude(recipient__in=[user.pk for user in kept])
        .update(withdrawn_at=timezone.now())
    )


def email_text(notification):
    if notification.kind == Notification.Kind.PASSWORD_RESET:
        return notification.body
    site = settings.WAGTAILADMIN_BASE_URL
    link = f"\n\nOpen it in the intranet: {site}{notification.url}" if notification.url else ""
    return f"{notification.body}{link}\n\nAll your notifications: {site}/notifications/\n"


def send_notification_email(notification_id):
    """Send one notification's email; record the outcome either way.

    The email is first claimed in a short transaction of its own (an UPDATE that
    only one worker can win), then sent with no transaction open, then the
    outcome is recorded: two workers never send the same email, and no database
    lock is held while the mail server is slow.
    """
    pending = [Notification.EmailStatus.PENDING, Notification.EmailStatus.FAILED]
    claimed = Notification.objects.filter(pk=notification_id, email_status__in=pending).update(
        email_status=Notification.EmailStatus.SENDING,
        email_attempts=F("email_attempts") + 1,
        email_attempted_at=timezone.now(),
    )
    if not claimed:
        return
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        EmailMessage(
            subject=notification.subject,
            body=email_text(notification),
            to=[notification.recipient.email],
        ).send()
    except Exception as error:  # noqa: BLE001 - any failure of the mail server is recorded and retried
        logger.warning("Email for notification %s not sent: %s", notification.pk, error)
        notification.email_last_error = f"{type(error).__name__}: {error}"[:2000]
        notification.email_status = (
            Notification.EmailStatus.GAVE_UP
            if notification.email_attempts >= MAX_EMAIL_ATTEMPTS
            else Notification.EmailStatus.FAILED
        )
    else:
        notification.email_status = Notification.EmailStatus.SENT
        notification.email_sent_at = timezone.now()
        notification.email_last_error = ""
    notification.save(update_fields=["email_status", "email_last_error", "email_sent_at"])


def retry_unsent_email():
    """Scheduled: try again every email that failed, was never picked up, or whose
    worker stopped while sending it (it may then arrive twice: better than never)."""
    stale = timezone.now() - timezone.timedelta(minutes=10)
    status = Notification.EmailStatus
    waiting = Notification.objects.filter(
        Q(email_status=status.FAILED)
        | Q(email_status=status.PENDING, created_at__lt=stale)
        | Q(email_status=status.SENDING, email_attempted_at__lt=stale)
    )
    # A claim left behind by a stopped worker is released so that it can be claimed again,
    # unless that was its last attempt.
    stopped = waiting.filter(email_status=status.SENDING)
    stopped.filter(email_attempts__gte=MAX_EMAIL_ATTEMPTS).update(
        email_status=status.GAVE_UP, email_last_error="The task worker stopped while sending it."
    )
    stopped.update(email_status=status.FAILED)
    count = 0
    for notification_id in waiting.values_list("pk", flat=True):
        send_notification_email(notification_id)
        count += 1
    return count


def unread_count(user):
    return Notification.objects.listed_for(user).filter(read_at__isnull=True).count()


def unread_count_for(request, known=None):
    """unread_count of the request's user, counted once per request: the navigation and the
    home page's panel both show it. `known` records a count the caller already has."""
    if known is not None:
        request._unread_notifications = known
    elif not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(request.user)
    return request._unread_notifications


def mark_read(user, notification_id):
    """Mark one of the person's own notifications read; returns it, or None if it is not theirs."""
    notification = Notification.objects.listed_for(user).filter(pk=notification_id).first()
    if notification and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user):
    return Notification.objects.listed_for(user).filter(read_at__isnull=True).update(read_at=timezone.now())
