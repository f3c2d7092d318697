"""Many people deciding the same step at the same moment: exactly one decision is recorded."""

import threading

import pytest
from django.db import connection, connections

from casework import services
from casework.models import Decision, Step
from home import roles
from tests.casework.factories import RESTRICTIONS, at_cxm
from tests.factories import UserFactory

pytestmark = pytest.mark.postgresql


@pytest.mark.django_db(transaction=True)
def test_simultaneous_decisions_on_one_step_record_exactly_one(org):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite cannot run decisions in parallel")
    extra = [UserFactory(roles=[roles.CUSTOMER_EXPERIENCE_MANAGERS]) for _ in range(6)]
    case = at_cxm(org)
    case.current_step.assign(extra)
    deciders = [org.rkaur, org.ebrown, *extra]
    barrier = threading.Barrier(len(deciders))
    outcomes = []
    lock = threading.Lock()

    def decide(user):
        try:
            barrier.wait()
            services.decide_as_cxm(
                case,
                user,
                "recommend",
                f"Decided by {user.username}",
                "handled",
                "Considered.",
                no_warning_reason="Threats to staff.",
                **RESTRICTIONS,
            )
            result = "recorded"
        except services.AlreadyDecided as error:
            result = str(error)
        except Exception as error:  # noqa: BLE001 - any other outcome is a failure, reported below
            result = f"unexpected {type(error).__name__}: {error}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=decide, args=(user,)) for user in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == len(deciders), outcomes
    assert outcomes.count("recorded") == 1, outcomes
    assert all("already been decided" in o for o in outcomes if o != "recorded"), outcomes
    assert Decision.objects.filter(step__kind=Step.Kind.CXM).count() == 1
    assert Step.objects.filter(case=case, kind=Step.Kind.DIRECTOR).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_second_person_sees_a_clear_already_decided_message(org, client):
    case = at_cxm(org)
    step_on_the_form = case.current_step_id
    services.decide_as_cxm(
        case, org.rkaur, "recommend", "Mine.", "handled", "Considered.", no_warning_reason="Threats.", **RESTRICTIONS
    )
    client.force_login(org.ebrown)
    data = {
        "step": step_on_the_form,
        "choice": "recommend",
        "rationale": "Also mine",
        "complaint_status": "handled",
        "vulnerability_considered": "x",
        **RESTRICTIONS,
    }
    response = client.post(f"/cases/{case.pk}/decide/", data, follow=True)
    assert "already been decided" in response.content.decode()
    assert Decision.objects.filter(step__kind=Step.Kind.CXM).count() == 1
