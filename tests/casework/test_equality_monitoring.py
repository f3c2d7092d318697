"""Equality monitoring: residents restricted in a period by each characteristic against every
resident, counts under 5 shown as "fewer than 5"."""

import datetime

import pytest

from casework import equality
from casework.models import Customer
from casework.services import equality_monitoring
from tests.casework.register_factories import restriction_in_force
from tests.factories import CustomerFactory

START, END = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)


@pytest.fixture
def residents(org):
    """Twelve residents: six women restricted in the period, one man restricted after it."""
    women = [CustomerFactory(sex="female", ethnicity="white") for _ in range(6)]
    CustomerFactory.create_batch(4, sex="male")
    for woman in women:
        restriction_in_force(org, datetime.date(2025, 6, 1), customer=woman)
    later = CustomerFactory(sex="male", ethnicity="asian")
    restriction_in_force(org, datetime.date(2026, 6, 1), customer=later)
    CustomerFactory(sex="prefer_not_to_say")


def by_answer(rows):
    return {row.answer: row for row in rows}


def test_restricted_residents_against_everyone_with_small_counts_suppressed(residents):
    restricted, population, figures = equality_monitoring.figures(START, END)
    assert (restricted, population) == (6, 12)
    sex = by_answer(dict(figures)["Sex"])
    assert sex["Female"].restricted_shown == ("6", "100%")
    assert sex["Female"].population_shown == ("6", "50%")
    assert sex["Male"].restricted_shown == ("fewer than 5", "")
    assert sex["Male"].population_shown == ("5", "42%")
    assert sex["Prefer not to say"].population_shown == ("fewer than 5", "")
    ethnicity = by_answer(dict(figures)["Race or ethnicity"])
    assert ethnicity["Asian or Asian British"].population_shown == ("fewer than 5", "")
    assert ethnicity["Not known"].population_shown == ("5", "42%")
    assert [label for label, _ in figures][0] == "Age band"


def test_the_default_period_is_the_last_financial_year():
    assert equality_monitoring.financial_year_before(datetime.date(2026, 3, 31)) == (
        datetime.date(2024, 4, 1),
        datetime.date(2025, 3, 31),
    )
    assert equality_monitoring.financial_year_before(datetime.date(2026, 4, 1)) == (START, END)


def test_the_page(org, client, residents):
    client.force_login(org.jclarke)
    text = client.get("/cases/register/equality/", {"start": "2025-04-01", "end": "2026-03-31"}).content.decode()
    assert "Residents restricted in the period: <strong>6</strong>" in text
    assert "fewer than 5" in text
    assert client.get("/cases/register/equality/").status_code == 200
    response = client.get("/cases/register/equality/", {"start": "2026-04-01", "end": "2025-04-01"})
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert 'href="/cases/register/equality/"' in client.get("/cases/register/").content.decode()


@pytest.mark.parametrize(("username", "status"), [("jclarke", 200), ("pshah", 200), ("rkaur", 404), ("tnguyen", 404)])
def test_who_sees_it(org, client, username, status):
    client.force_login(getattr(org, username))
    assert client.get("/cases/register/equality/").status_code == status


def test_each_answer_is_counted_in_one_query_however_varied_the_answers(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casework import equality
    from casework.models import Customer

    for number in range(30):
        CustomerFactory(
            **{
                name: choices[(number * (step + 2)) % len(choices)][0]
                for step, (name, _, choices) in enumerate(equality.CHARACTERISTICS)
            }
        )
    residents = list(Customer.objects.values(*equality.FIELD_NAMES))
    expected = {
        name: {code: sum(resident[name] == code for resident in residents) for code, _ in choices}
        for name, _, choices in equality.CHARACTERISTICS
    }
    with CaptureQueriesContext(connection) as queries:
        counts, total = equality_monitoring._by_answer(Customer.objects.all())
    assert len(queries) == 1 and total == 30 and counts == expected
    # A row per answer at most, not a row for each combination of answers (nearly one per resident).
    if connection.vendor == "postgresql":
        assert "GROUP BY GROUPING SETS" in queries[0]["sql"]
    else:
        assert "GROUP BY" not in queries[0]["sql"]


def test_residents_who_gave_the_same_answers_are_each_counted(db):
    """Four residents alike are four, however the residents are asked for (a distinct query);
    nobody at all is zeros."""
    CustomerFactory.create_batch(4, sex="male")
    CustomerFactory(sex="female")
    counts, total = equality_monitoring._by_answer(Customer.objects.filter(sex__in=["male", "female"]).distinct())
    assert total == 5 and counts["sex"]["male"] == 4 and counts["sex"]["female"] == 1
    for nobody in [Customer.objects.none(), Customer.objects.filter(pk__in=[])]:
        counts, total = equality_monitoring._by_answer(nobody)
        assert total == 0 and counts["sex"] == {code: 0 for code, _ in equality.SEX}


def test_the_characteristics_are_counted_in_a_few_sets_each_of_few_combinations():
    from math import prod

    from casework import equality

    sets = equality_monitoring._sets(equality.CHARACTERISTICS)
    choices = {name: len(options) for name, _, options in equality.CHARACTERISTICS}
    assert [name for group in sets for name in group] == equality.FIELD_NAMES
    assert len(sets) < len(equality.FIELD_NAMES)
    assert all(prod(choices[name] for name in group) <= equality_monitoring.MOST_IN_A_SET for group in sets)
    # A characteristic with more answers than a set may hold is counted in a set of its own.
    many = [("a", "", [("x", "")] * 300), ("b", "", [("y", "")] * 2), ("c", "", [("z", "")] * 2)]
    assert equality_monitoring._sets(many) == [["a"], ["b", "c"]]
