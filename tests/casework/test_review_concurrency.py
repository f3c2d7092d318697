"""Reviews recorded or opened by several people or runs at the same moment: exactly one counts."""

import threading

import pytest
from django.db import connection, connections

from casework import services
from casework.models import Review
from casework.services import reviews
from tests.casework.test_reviews import RECORD, due_in, in_force

pytestmark = pytest.mark.postgresql


def at_once(people, action):
    barrier = threading.Barrier(len(people))
    outcomes, lock = [], threading.Lock()

    def run(person):
        try:
            barrier.wait()
            result = action(person)
        except services.AlreadyDecided as error:
            result = str(error)
        except Exception as error:  # noqa: BLE001 - any other outcome is a failure, reported below
            result = f"unexpected {type(error).__name__}: {error}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_cxms_recording_one_review_at_once_record_it_once(org):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite cannot run these in parallel")
    case, restriction = in_force(org)
    due_in(restriction, 3)
    reviews.open_due_reviews()
    review = Review.objects.get()

    def record(person):
        reviews.record_review(review, person, proposal="lift", reasons=f"By {person.username}.", **RECORD)
        return "recorded"

    outcomes = at_once([org.rkaur, org.ebrown], record)
    assert outcomes.count("recorded") == 1, outcomes
    assert all("has just recorded this review" in o for o in outcomes if o != "recorded"), outcomes
    assert Review.objects.get().status == Review.Status.WITH_DIRECTOR


@pytest.mark.django_db(transaction=True)
def test_the_daily_task_run_twice_at_once_opens_one_review(org):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite cannot run these in parallel")
    case, restriction = in_force(org)
    due_in(restriction, 3)
    outcomes = at_once([1, 2, 3], lambda _: reviews.open_due_reviews())
    assert sorted(outcomes) == [0, 0, 1], outcomes
    assert Review.objects.count() == 1
