"""The demo's new complaint (LHP 33): the resident under the restrictions in force on
C100007 wrote in three days ago about a missed repair appointment; mjones logged it from the
check page and it waits for pshah, the Executive Director of Customers, to judge it. Made
through the service layer; loading it again adds nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from .choices import Channel
from .models import NewComplaint, Restriction
from .services import complaints

SUMMARY = (
    "The plumber was booked for Thursday morning to fix the leak under my kitchen sink and never came. "
    "Nobody rang to say. I took the morning off work for it. I want a new appointment and an apology."
)


def load(stdout=None):
    mjones = get_user_model().objects.filter(username="mjones").first()
    restriction = Restriction.objects.filter(customer__reference="C100007", state=Restriction.State.IN_FORCE).first()
    if mjones is None or restriction is None or NewComplaint.objects.filter(restriction=restriction).exists():
        return
    received = timezone.localdate() - datetime.timedelta(days=3)
    complaint = complaints.log_new_complaint(restriction, mjones, received, Channel.LETTER, SUMMARY)
    if stdout:
        stdout.write(f"Demo new complaint {complaint.reference}: with the Executive Director of Customers.")
