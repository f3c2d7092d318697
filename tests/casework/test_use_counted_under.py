"""On PostgreSQL each use of the policy (a warning's decision, a restriction, a red flag) keeps what
the report to the Board counts it under (migration 0034), whatever changes later: its case's
categories, channels, sensitivity or reporter, the reporter's team or the team's name. The report
then counts the uses without reading their cases; SQLite reads the cases."""

import datetime
import importlib
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework import services
from casework.models import Case, Decision, RedFlag, Restriction
from casework.services import board_report, board_uses
from home.models import StaffProfile, Team
from tests.casework.factories import closed_case
from tests.casework.register_factories import flag_only, restriction_in_force, warning
from tests.factories import CustomerFactory, TeamFactory

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the uses keep what they are counted under on PostgreSQL only"
)
TODAY = timezone.localdate()
PERIOD = board_report.Period(TODAY - datetime.timedelta(days=30), TODAY)
USES = {
    "warnings": lambda: Decision.objects.filter(approves_warning=True),
    "restrictions": lambda: Restriction.objects.all(),
    "red flags": lambda: RedFlag.objects.all(),
}


def _comparable(groups):
    """Groups as a Counter of (categories, channels, sensitive, team, no case): uses."""
    found = Counter()
    for group in groups:
        key = (
            tuple(group.get("categories") or ()),
            tuple(group.get("channels") or ()),
            bool(group.get("sensitive")),
            group.get("team"),
        )
        found[key + (False,)] += group["n"] - group["no_case"]
        found[(None, None, False, None, True)] += group["no_case"]
    return +found


def assert_kept_as_the_cases_say():
    for kind, uses in USES.items():
        kept, read = board_uses.groups_kept(uses()), board_uses.groups_through_cases(uses())
        assert _comparable(kept) == _comparable(read), kind


@pytest.fixture
def uses(org):
    """A warning, a restriction in force with its flag, and a flag without a case, all reported by
    sali (in Income) but the flag."""
    org.sali.staff_profile.team = TeamFactory(name="Income")
    org.sali.staff_profile.save()
    warned = warning(org, customer=CustomerFactory())
    restricted = restriction_in_force(org, TODAY, customer=CustomerFactory()).case
    flag_only(org, CustomerFactory())
    return {"warned": warned, "restricted": restricted}


@postgresql_only
def test_each_use_keeps_what_it_is_counted_under_however_its_case_changes(org, uses):
    restricted = uses["restricted"]
    assert_kept_as_the_cases_say()
    kept = Counter(kept for kept in RedFlag.objects.values_list("counted_under", flat=True))
    assert kept[None] == 1 and len(kept) == 2  # the flag without a case is counted under no case

    restricted.categories = ["harassment", "threats_or_violence"]
    restricted.save()
    assert_kept_as_the_cases_say()
    Case.objects.filter(pk=restricted.pk).update(channels=["letter"])
    assert_kept_as_the_cases_say()
    services.mark_sensitive(restricted, org.rkaur, [org.rkaur])
    assert_kept_as_the_cases_say()
    Case.objects.filter(pk=uses["warned"].pk).update(reporter=org.ebrown)
    assert_kept_as_the_cases_say()
    assert board_uses.tally(board_uses.RESTRICTION, PERIOD).sensitive == 1


@postgresql_only
def test_each_use_keeps_its_reporters_team_however_that_changes(org, uses):
    income = Team.objects.get(name="Income")
    org.sali.staff_profile.team = TeamFactory(name="Repairs")
    org.sali.staff_profile.save()
    assert_kept_as_the_cases_say()
    assert board_uses.tally(board_uses.WARNING, PERIOD).teams == {"Repairs": 1}

    Team.objects.filter(name="Repairs").update(name="Repairs and maintenance")
    assert_kept_as_the_cases_say()
    assert board_uses.tally(board_uses.RESTRICTION, PERIOD).teams == {"Repairs and maintenance": 1}

    StaffProfile.objects.filter(user=org.sali).delete()
    assert_kept_as_the_cases_say()
    assert board_uses.tally(board_uses.WARNING, PERIOD).teams == {board_uses.NO_TEAM: 1}

    StaffProfile.objects.create(user=org.sali, team=income)
    assert_kept_as_the_cases_say()
    assert board_uses.tally(board_uses.RED_FLAG, PERIOD).teams == {"Income": 1, board_uses.NO_CASE: 1}

    Team.objects.get(name="Repairs and maintenance").delete()  # its members' team goes with it
    assert_kept_as_the_cases_say()


@postgresql_only
def test_the_report_counts_the_uses_without_reading_their_cases(org, uses):
    with CaptureQueriesContext(connection) as queries:
        counted = board_uses.tallies(PERIOD)
    assert [found.total for found in counted] == [1, 1, 2]
    assert len(queries) == 3
    assert not any("casework_case" in query["sql"] for query in queries), queries.captured_queries


@postgresql_only
def test_the_migration_works_out_what_every_use_is_counted_under(org, uses):
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # as before the migration: no triggers
        for table in ("casework_decision", "casework_restriction", "casework_redflag"):
            cursor.execute(f"UPDATE {table} SET counted_under = NULL")  # noqa: S608 (fixed names)
        cursor.execute("SET session_replication_role = DEFAULT")
    assert Restriction.objects.filter(counted_under__isnull=False).count() == 0
    migration = importlib.import_module("casework.migrations.0034_use_counted_under")
    with connection.cursor() as cursor:  # what the migration's schema editor executes on
        migration.count_all(cursor)
    assert_kept_as_the_cases_say()
    assert Restriction.objects.filter(counted_under__isnull=False).count() == 1


def test_a_new_case_counts_the_same_on_either_database(org):
    """The report's figures for a case made after the others, reported by someone with no team."""
    StaffProfile.objects.filter(user=org.sali).update(team=None)
    closed_case(org, categories=["abusive_language"], channels=["in_person"])
    found = board_uses.tally(board_uses.RESTRICTION, PERIOD)
    assert (found.total, found.sensitive) == (1, 0)
    assert found.categories == {"Abusive or foul language": 1}
    assert found.channels == {"In person": 1}
    assert found.teams == {board_uses.NO_TEAM: 1}
