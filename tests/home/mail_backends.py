from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend


class BrokenMailServer(BaseEmailBackend):
    """Behaves like a mail server that is down."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")
