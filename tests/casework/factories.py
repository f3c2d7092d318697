"""Casework test data: the organisation of the demo, and cases at any step."""

import datetime
from dataclasses import dataclass

import factory
from django.utils import timezone

from casework import services
from casework.models import Case, Recommendation
from casework.services import restrictions
from home import roles
from tests.factories import CustomerFactory, UserFactory


@dataclass
class Organisation:
    sali: object  # reporter, line manager tnguyen
    mjones: object  # same team as sali, unrelated to her cases
    tnguyen: object  # line manager of sali and mjones
    lwilliams: object  # another line manager
    cwright: object  # no line manager
    rkaur: object  # customer experience manager
    ebrown: object  # customer experience manager
    pshah: object  # director
    omensah: object  # director
    jclarke: object  # head of customer services
    gevans: object  # unrelated member of staff

    def people(self):
        return dict(self.__dict__)


def build_organisation():
    pshah = UserFactory(username="pshah", first_name="Priya", last_name="Shah", roles=[roles.DIRECTORS])
    omensah = UserFactory(username="omensah", first_name="Olu", last_name="Mensah", roles=[roles.DIRECTORS])
    jclarke = UserFactory(
        username="jclarke",
        first_name="Jo",
        last_name="Clarke",
        roles=[roles.HEAD_OF_CUSTOMER_SERVICES],
        line_manager=pshah,
    )
    cxm = [roles.CUSTOMER_EXPERIENCE_MANAGERS]
    rkaur = UserFactory(username="rkaur", first_name="Ravi", last_name="Kaur", roles=cxm, line_manager=jclarke)
    ebrown = UserFactory(username="ebrown", first_name="Emma", last_name="Brown", roles=cxm, line_manager=jclarke)
    tnguyen = UserFactory(username="tnguyen", first_name="Tom", last_name="Nguyen", line_manager=jclarke)
    lwilliams = UserFactory(username="lwilliams", first_name="Laura", last_name="Williams", line_manager=jclarke)
    sali = UserFactory(username="sali", first_name="Sara", last_name="Ali", line_manager=tnguyen)
    mjones = UserFactory(username="mjones", first_name="Mark", last_name="Jones", line_manager=tnguyen)
    cwright = UserFactory(username="cwright", first_name="Chris", last_name="Wright")
    gevans = UserFactory(username="gevans", first_name="Grace", last_name="Evans", roles=[roles.POLICY_EDITORS])
    return Organisation(sali, mjones, tnguyen, lwilliams, cwright, rkaur, ebrown, pshah, omensah, jclarke, gevans)


class CaseFactory(factory.django.DjangoModelFactory):
    """A complete draft report, ready to submit."""

    class Meta:
        model = Case

    reporter = factory.SubFactory(UserFactory)
    customer = factory.SubFactory(CustomerFactory)
    first_incident_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=2))
    channels = factory.LazyFunction(lambda: ["phone"])
    categories = factory.LazyFunction(lambda: ["abusive_language"])
    what_happened = "The resident shouted and swore on the phone for ten minutes."
    impact = "The officer was shaken and took a break."
    resident_told = "yes"


RESTRICTIONS = {
    "recommendation_kind": Recommendation.Kind.RESTRICTIONS,
    "restriction_types": ["one_channel", "named_contact"],
    "terms": "Contact by email to one named officer only.",
    "duration_months": 6,
    "review_interval_months": 3,
    "details": {"named_contact": "Sam Jones, income team leader", "allowed_channel": "email"},
}


def submitted_case(reporter, **kwargs):
    case = CaseFactory(reporter=reporter, **kwargs)
    services.submit_report(case, reporter)
    case.refresh_from_db()
    return case


def at_cxm(org, **kwargs):
    case = submitted_case(org.sali, **kwargs)
    services.decide_as_line_manager(case, org.tnguyen, "escalate", "Repeated abuse.", "restrictions")
    case.refresh_from_db()
    return case


def cxm_recommends(case, cxm, **overrides):
    values = {
        "complaint_status": "handled",
        "vulnerability_considered": "No known vulnerability; offered a support worker contact.",
        "no_warning_reason": "Threats to the officer's safety: a warning first would not protect her.",
        **RESTRICTIONS,
        **overrides,
    }
    services.decide_as_cxm(case, cxm, "recommend", "Behaviour continued after a warning.", **values)
    case.refresh_from_db()
    return case


def at_director(org, **kwargs):
    return cxm_recommends(at_cxm(org, **kwargs), org.rkaur)


def closed_case(org, **kwargs):
    case = at_director(org, **kwargs)
    services.decide_as_director(case, org.pshah, "approve", "Proportionate and necessary.")
    case.refresh_from_db()
    return case


def approved_on(restriction, day):
    """As if the director had approved it on `day`: a restriction cannot start before its approval."""
    decided_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return restrictions.determined_at(restriction, decided_at)
