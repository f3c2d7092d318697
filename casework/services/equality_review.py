"""The equality impact review reminder: the LHP Equality Impact Assessment is revisited every six
months with the figures of the residents restricted (Wandle 7.0). On 1 April and 1 October the
head of customer services is reminded, with the last six months' figures linked."""

import datetime
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from home import roles
from home.models import Notification
from home.notifications import notify

from ..models import add_months
from . import equality_monitoring
from .notices import long_date

REVIEW_MONTHS = (4, 10)


def review_date(today):
    """The latest 1 April or 1 October on or before `today` (a date)."""
    year = today.year
    months = [month for month in REVIEW_MONTHS if datetime.date(year, month, 1) <= today]
    if not months:
        return datetime.date(year - 1, REVIEW_MONTHS[-1], 1)
    return datetime.date(year, months[-1], 1)


def send_equality_review_reminder(today=None):
    """Scheduled daily: once per review date (see review_date), remind every active head of
    customer services that the equality impact review is due, with the figures of the six months
    before it linked. Idempotent: a review date already reminded of is not reminded again.
    Returns how many reminders were sent."""
    due = review_date(today or timezone.localdate())
    topic = f"equality-review:{due:%Y-%m-%d}"
    if Notification.objects.filter(topic=topic).exists():
        return 0
    start, end = add_months(due, -6), due - datetime.timedelta(days=1)
    restricted, population, _ = equality_monitoring.figures(start, end)
    shown = "fewer than 5" if restricted < equality_monitoring.SMALL else f"{restricted:,}"
    url = f"{reverse('casework:equality')}?{urlencode({'start': f'{start:%Y-%m-%d}', 'end': f'{end:%Y-%m-%d}'})}"
    body = (
        f"The equality impact review of the unacceptable behaviour policy is due ({long_date(due)}): the "
        f"Equality Impact Assessment is revisited every six months. From {long_date(start)} to {long_date(end)}, "
        f"residents restricted: {shown}; all residents: {population:,}. The figures by each protected "
        "characteristic are on the equality monitoring page."
    )
    people = get_user_model().objects.filter(groups__name=roles.HEAD_OF_CUSTOMER_SERVICES, is_active=True).distinct()
    sent = 0
    for person in people:
        notify(
            person,
            f"Equality impact review due ({long_date(due)})",
            body,
            url=url,
            kind=Notification.Kind.REMINDER,
            topic=topic,
        )
        sent += 1
    return sent
