"""The demo's breaches (LHP 31): mjones, who is not on the case, recorded two breaches of the
email-only restrictions on C100019 (two phone calls to the income team), twelve and five days
ago. Two breaches do not reach the early review's three in 30 days; the case has reached pshah,
the Executive Director of Customers, who may refuse all contact from it. Made through the
service layer; loading it again adds nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .choices import Channel
from .models import Breach, Restriction
from .services import breaches

BREACHES = [
    (
        12,
        Channel.PHONE,
        "The resident rang the income team's main line twice in an hour, asked for the team leader by name and "
        "would not email as the arrangements say. She raised her voice when reminded of them.",
        ("call-note.txt", b"Call note, 10:40 and 11:25: resident asked for the team leader; reminded to email."),
    ),
    (
        5,
        Channel.IN_PERSON,
        "The resident came to the estate office without an appointment and asked for the income team leader, "
        "then left when told to email.",
        None,
    ),
]


def load(stdout=None):
    mjones = get_user_model().objects.filter(username="mjones").first()
    restriction = Restriction.objects.filter(customer__reference="C100019", state=Restriction.State.IN_FORCE).first()
    if mjones is None or restriction is None or Breach.objects.filter(restriction=restriction).exists():
        return
    today = timezone.localdate()
    for days_ago, channel, what_happened, document in BREACHES:
        files = [SimpleUploadedFile(document[0], document[1], content_type="text/plain")] if document else []
        breaches.record_breach(
            restriction, mjones, today - datetime.timedelta(days=days_ago), channel, what_happened, documents=files
        )
    if stdout:
        stdout.write(f"Demo breaches: 2 on the restrictions of case {restriction.case.reference}.")
