"""The demo's appeal (Wandle 3.10): sali received the resident's appeal against the
restrictions in force on C100007 twenty days ago, so eight of its 28 days are left; it is
with omensah, the director who took no part (pshah approved the restrictions). Made through
the service layer; loading it again adds nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Appeal, Restriction
from .services import appeals
from .services.notices import long_date

GROUNDS = (
    "I only called so often because the repair kept failing and nobody came back to me. I was never rude. "
    "I want to be able to ring the repairs line like everyone else."
)


def load(stdout=None):
    sali = get_user_model().objects.filter(username="sali").first()
    restriction = Restriction.objects.filter(customer__reference="C100007", state=Restriction.State.IN_FORCE).first()
    if sali is None or restriction is None or Appeal.objects.filter(restriction=restriction).exists():
        return
    received = timezone.localdate() - datetime.timedelta(days=20)
    appeal = appeals.record_appeal(restriction, sali, received, Appeal.Channel.LETTER, GROUNDS)
    if stdout:
        stdout.write(f"Demo appeal {appeal.reference}: with {appeal.director}, due by {long_date(appeal.due_date)}.")
