"""Mail is always sent by the task worker, never while a person waits for a page."""

from django.conf import settings
from django.core.mail import EmailMessage
from django_q.tasks import async_task


def send_email(subject, body, to, from_email=None):
    EmailMessage(subject=subject, body=body, to=to, from_email=from_email or settings.DEFAULT_FROM_EMAIL).send()


def queue_email(subject, body, to, from_email=None):
    async_task("home.tasks.send_email", subject, body, list(to), from_email, task_name=f"email: {subject}"[:100])
