"""The queue says which a resident has: a red flag, restrictions or both."""

import datetime

from django.utils import timezone

from casework.services import flags, restrictions
from tests.casework.factories import at_cxm, closed_case
from tests.casework.test_restrictions import approved_on


def _queue_tag(client, org):
    client.force_login(org.rkaur)
    page = client.get("/cases/awaiting-my-decision/").content.decode()
    for label in ("Red flag and restrictions", "Restrictions", "Red flag"):
        if f">{label}</a>" in page:
            return label
    return None


def test_the_queue_says_a_red_flag(org, client):
    case = at_cxm(org)
    today = timezone.localdate()
    flags.raise_flag(
        case.customer, org.rkaur, "violence", "Pairs.", today + datetime.timedelta(days=30), "yes", told_on=today
    )
    assert _queue_tag(client, org) == "Red flag"


def test_the_queue_says_restrictions_and_then_both(org, client):
    earlier = closed_case(org)  # restrictions approved, not yet in force: no flag yet
    at_cxm(org, customer=earlier.customer)
    assert _queue_tag(client, org) == "Restrictions"
    restriction = approved_on(earlier.restrictions.get(), timezone.localdate() - datetime.timedelta(days=1))
    restrictions.bring_into_force(restriction, org.rkaur, timezone.localdate())
    assert _queue_tag(client, org) == "Red flag and restrictions"
