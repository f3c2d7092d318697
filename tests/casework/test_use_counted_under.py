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
from tests.casework.factories import CaseFactory, closed_case
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


def _without_triggers(sql, params=()):
    """Run `sql` as a write that the triggers do not see: as a use written in a transaction that
    could not see a change made beside it, or before the triggers existed."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


@postgresql_only
def test_a_use_written_before_its_case_is_counted_when_the_case_comes(org, uses):
    """As `loaddata` of a file listing a case's uses before the case."""
    flag = RedFlag.objects.get(case__isnull=True)
    case_id = Case.objects.order_by("-pk").values_list("pk", flat=True).first() + 100
    _without_triggers("UPDATE casework_redflag SET case_id = %s WHERE id = %s", [case_id, flag.pk])
    CaseFactory(pk=case_id, reporter=org.sali, categories=["harassment"], channels=["letter"])
    assert_kept_as_the_cases_say()
    assert (
        board_uses.tally(board_uses.RED_FLAG, PERIOD).categories[
            "Harassment, including publishing staff details online"
        ]
        == 1
    )


@postgresql_only
def test_a_team_added_after_its_members_is_counted_when_it_comes(org, uses):
    team_id = Team.objects.order_by("-pk").values_list("pk", flat=True).first() + 100
    _without_triggers("UPDATE home_staffprofile SET team_id = %s WHERE user_id = %s", [team_id, org.sali.pk])
    Team.objects.create(pk=team_id, name="Tenancy")
    assert_kept_as_the_cases_say()
    assert board_uses.tally(board_uses.WARNING, PERIOD).teams == {"Tenancy": 1}


@postgresql_only
def test_the_daily_recount_puts_right_a_use_left_behind_by_a_change_beside_it(org, uses):
    from intranet.schedule import SCHEDULED_TASKS

    restricted = uses["restricted"]
    # Its case was marked sensitive in a transaction the restriction's writer could not see.
    _without_triggers("UPDATE casework_case SET sensitive = true WHERE id = %s", [restricted.pk])
    assert board_uses.tally(board_uses.RESTRICTION, PERIOD).sensitive == 0
    # The case's decisions at each step, its restriction and its red flag.
    assert board_uses.recount_uses() == Decision.objects.filter(case=restricted).count() + 2
    assert_kept_as_the_cases_say()
    assert board_uses.tally(board_uses.RESTRICTION, PERIOD).sensitive == 1
    assert board_uses.recount_uses() == 0
    assert "casework.services.board_uses.recount_uses" in {task["func"] for task in SCHEDULED_TASKS}


def test_the_daily_recount_has_nothing_to_do_on_sqlite(org, uses):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite keeps nothing to recount")
    assert board_uses.recount_uses() == 0
