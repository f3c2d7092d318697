"""Two customer experience managers issuing the same letter at the same moment: one letter is
issued, once, and the restriction comes into force once."""

import threading

import pytest
from django.db import connection, connections

from casework.models import Letter, RedFlag, Restriction
from casework.services import letters
from home import roles
from tests.casework.letters import letters_ready, restriction_case, restriction_draft
from tests.factories import UserFactory

pytestmark = pytest.mark.postgresql


@pytest.mark.django_db(transaction=True)
def test_simultaneous_issues_of_one_letter_make_exactly_one(org):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite cannot run issues in parallel")
    letters_ready()
    case = restriction_case(org)
    draft = restriction_draft(org, case)
    extra = [UserFactory(roles=[roles.CUSTOMER_EXPERIENCE_MANAGERS]) for _ in range(2)]
    for person in extra:
        from casework.permissions import grant_case_access

        grant_case_access(case, [person])
    issuers = [org.rkaur, org.ebrown, *extra]
    barrier = threading.Barrier(len(issuers))
    outcomes, lock = [], threading.Lock()

    def issue(user):
        try:
            barrier.wait()
            # Each prepares (the one draft there is) and issues it, as two open pages would.
            letters.issue_letter(letters.prepare_letter(case, user, "restriction"), user, "post")
            result = "issued"
        except letters.AlreadyIssued as error:
            result = f"refused: {error}"
        except Exception as error:  # noqa: BLE001 - any other outcome is a failure, reported below
            result = f"unexpected {type(error).__name__}: {error}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=issue, args=(user,)) for user in issuers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(outcomes) == len(issuers), outcomes
    assert outcomes.count("issued") == 1, outcomes
    assert all("already issued" in o or "already been issued" in o for o in outcomes if o != "issued"), outcomes
    assert Letter.objects.filter(state=Letter.State.ISSUED).count() == 1
    assert Letter.objects.get(pk=draft.pk).state == Letter.State.ISSUED
    assert Restriction.objects.get().state == Restriction.State.IN_FORCE
    assert RedFlag.objects.count() == 1
