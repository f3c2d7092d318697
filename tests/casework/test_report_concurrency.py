"""A new report's form sent twice at once (a double press): one draft."""

import pytest
from django.db import connection

from casework import services
from casework.models import Case
from tests.casework.test_review_concurrency import at_once

pytestmark = pytest.mark.postgresql


@pytest.mark.django_db(transaction=True)
def test_a_new_report_sent_twice_at_once_keeps_one_draft(org):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite cannot run these in parallel")
    token = "a" * 32

    def send(what):
        case, _ = services.keep_report(None, org.sali, {"what_happened": what}, [], token)
        return case.pk

    outcomes = at_once(["First.", "Second."], send)
    assert len(set(outcomes)) == 1 and all(isinstance(pk, int) for pk in outcomes), outcomes
    assert Case.objects.filter(reporter=org.sali).count() == 1
