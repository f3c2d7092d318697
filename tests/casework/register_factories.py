"""Register test data: a warning, restrictions and red flags made through the services."""

import datetime

from django.utils import timezone

from casework import services
from casework.models import RedFlag
from casework.services import flags, restrictions
from tests.casework.factories import approved_on, at_cxm, closed_case, cxm_recommends
from tests.factories import CustomerFactory


def warning(org, **kwargs):
    """A case decided with a warning letter approved by pshah."""
    case = cxm_recommends(at_cxm(org, **kwargs), org.rkaur, recommendation_kind="warning_letter")
    services.decide_as_director(case, org.pshah, "approve", "A warning first.")
    case.refresh_from_db()
    return case


def restriction_in_force(org, start, **kwargs):
    """A restriction in force from `start`; one starting in the past was decided on that day (a
    restriction starts on or after the director's approval)."""
    case = closed_case(org, **kwargs)
    restriction = case.restrictions.get()
    if start < timezone.localdate():
        restriction = approved_on(restriction, start)
    return restrictions.bring_into_force(restriction, org.rkaur, start)


def flag_only(org, customer, kind=RedFlag.Kind.TWO_STAFF):
    """A red flag raised by ebrown after a risk assessment, with no case."""
    today = datetime.date.today()
    return flags.raise_flag(
        customer, org.ebrown, kind, "Visit in pairs.", today + datetime.timedelta(days=30), "yes", told_on=today
    )


def register_entries(org):
    """A warning (Lena Jackson), a restriction in force with its review overdue and its flag
    (Yusuf Barker), an approved restriction not yet in force (Ian Reid), and a flag on its own
    (Farah Adeyemi)."""
    today = datetime.date.today()
    lena = CustomerFactory(name="Lena Jackson", reference="C100011")
    yusuf = CustomerFactory(name="Yusuf Barker", reference="C100007")
    ian = CustomerFactory(name="Ian Reid", reference="C100019")
    farah = CustomerFactory(name="Farah Adeyemi", reference="C100040")
    return {
        "warning": warning(org, customer=lena),
        "overdue": restriction_in_force(org, today - datetime.timedelta(days=120), customer=yusuf),
        "approved": closed_case(org, customer=ian).restrictions.get(),
        "flag": flag_only(org, farah),
    }
