"""A director's approval of a warning letter (LHP 26) is marked as a warning when it is taken,
and a restriction keeps the time it was determined; migrations did both for what came before.
The register, the check page, appeals and the report to the Board read these alone."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from casework import services
from casework.models import Decision, Recommendation, Restriction
from casework.services import register
from tests.casework.factories import at_cxm, closed_case, cxm_recommends
from tests.casework.letters import warning_case


def test_approving_a_warning_letter_marks_the_decision_a_warning(org):
    case = warning_case(org)
    assert list(register.warning_approvals()) == [case.decisions.get(step__kind="director")]


def test_approving_restrictions_marks_no_warning(org):
    closed_case(org)
    assert Decision.objects.count() == 3 and not register.warning_approvals().exists()


def test_a_warning_letter_approved_with_amendments_is_a_warning(org):
    case = cxm_recommends(at_cxm(org), org.rkaur)
    services.decide_as_director(
        case, org.pshah, "approve_amended", "A warning first is enough.", recommendation_kind="warning_letter"
    )
    case.refresh_from_db()
    assert case.final_recommendation.kind == Recommendation.Kind.WARNING_LETTER
    assert register.warning_approvals().get().case == case


def test_a_rejected_warning_letter_is_no_warning(org):
    case = at_cxm(org)
    cxm_recommends(case, org.rkaur, recommendation_kind="warning_letter")
    services.decide_as_director(case, org.pshah, "reject", "Not proportionate.")
    assert not register.warning_approvals().exists()


@pytest.mark.parametrize("choice", ["approve", "reject"])
def test_the_migration_marks_the_warnings_approved_before_it(org, choice):
    case = at_cxm(org)
    cxm_recommends(case, org.rkaur, recommendation_kind="warning_letter")
    services.decide_as_director(case, org.pshah, choice, "Decided.")
    closed_case(org)
    Decision.objects.update(approves_warning=False)
    migration = importlib.import_module("casework.migrations.0028_decision_approves_warning")
    migration.mark_warnings(apps, None)
    marked = list(Decision.objects.filter(approves_warning=True))
    assert marked == ([case.decisions.get(step__kind="director")] if choice == "approve" else [])


def test_a_restriction_keeps_the_time_it_was_determined(org):
    restriction = closed_case(org).restrictions.get()
    assert restriction.decided_at == restriction.decision.decided_at


def test_the_migration_copies_each_restrictions_decision_time(org):
    restriction = closed_case(org).restrictions.get()
    Restriction.objects.update(decided_at=timezone.now() + datetime.timedelta(days=3))
    migration = importlib.import_module("casework.migrations.0029_restriction_decided_at")
    migration.copy_decided_at(apps, None)
    restriction.refresh_from_db()
    assert restriction.decided_at == restriction.decision.decided_at
