"""The report to the Board (LHP 35) counted in the database: the page, a chart and the equality
figures cost the same queries at 3 uses as at 30, a period with no use at all, and the median
duration over an even number of restrictions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import Restriction
from casework.services import board_report, equality_monitoring
from tests.casework.factories import closed_case
from tests.casework.register_factories import flag_only, warning
from tests.factories import CustomerFactory

TODAY = timezone.localdate()
PERIOD = board_report.Period(TODAY - datetime.timedelta(days=30), TODAY)
QUERY = {"start": f"{PERIOD.start:%Y-%m-%d}", "end": f"{PERIOD.end:%Y-%m-%d}"}


def _uses(org, each):
    """`each` warnings, restrictions and red flags raised without a case, decided today."""
    for _ in range(each):
        warning(org, customer=CustomerFactory())
        closed_case(org, customer=CustomerFactory())
        flag_only(org, CustomerFactory())


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, QUERY).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/cases/register/board/",
        "/cases/register/board/chart/categories.svg",
        "/cases/register/board/chart/durations.svg",
        "/cases/register/board/chart/uses.svg",
    ],
)
def test_the_queries_do_not_grow_with_the_uses(org, client, url):
    client.force_login(org.jclarke)
    _uses(org, 1)
    client.get(url, QUERY)  # caches warmed (roles, the permission's id)
    three = _queries(client, url)
    _uses(org, 9)
    assert board_report.build(PERIOD).headline[0][1] == 10
    assert _queries(client, url) == three


def test_the_equality_figures_are_two_queries_whatever_the_residents(org, django_assert_num_queries):
    CustomerFactory.create_batch(3, sex="female", ethnicity="asian")
    with django_assert_num_queries(2):
        restricted, population, figures = equality_monitoring.figures(PERIOD.start, PERIOD.end)
    assert restricted == 0 and population == 3
    sex = {row.answer: row for row in dict(figures)["Sex"]}
    assert sex["Female"].population == 3 and sex["Male"].population == 0


def test_a_period_with_no_use(org, client):
    CustomerFactory()
    empty = board_report.Period(datetime.date(2001, 4, 1), datetime.date(2002, 3, 31))
    report = board_report.build(empty)
    assert [row[1:] for row in report.headline] == [(0, 0, "no change")] * 4
    assert [(s.total, s.sensitive, s.not_shown, s.described) for s in report.uses] == [(0, 0, 0, [])] * 3
    assert all(breakdown.empty and breakdown.rows == [] for breakdown in report.breakdowns)
    assert report.durations == [(label, 0) for _, _, label in board_report.DURATION_BANDS]
    assert report.median_duration is None and report.days_in_force_before_ending is None
    assert report.equality[:2] == (0, 1)
    client.force_login(org.jclarke)
    query = {"start": "2001-04-01", "end": "2002-03-31"}
    response = client.get("/cases/register/board/", query)
    text = response.content.decode()
    assert response.status_code == 200 and text.count("None in this period.") >= 3 and "Median:" not in text
    assert client.get("/cases/register/board/chart/teams.svg", query).status_code == 200


def test_the_median_of_counted_values_is_the_median_of_the_values():
    assert board_report.median({}) is None
    assert board_report.median({6: 1, 13: 1}) == 9.5
    assert board_report.median({6: 2, 12: 2}) == 9
    assert board_report.median({3: 1, 6: 1, 18: 1}) == 6
    assert board_report.median({18: 1, 3: 3}) == 3


def test_the_median_duration_over_an_even_number_of_restrictions(org, client):
    for months in (6, 13):
        case = closed_case(org, customer=CustomerFactory())
        Restriction.objects.filter(case=case).update(duration_months=months)
    report = board_report.build(PERIOD)
    assert report.median_duration == 9.5
    assert dict(report.durations) == {
        "Up to 3 months": 0,
        "4 to 6 months": 1,
        "7 to 12 months": 0,
        "13 to 18 months": 1,
    }
    client.force_login(org.jclarke)
    assert "Median: 9.5 months." in client.get("/cases/register/board/", QUERY).content.decode()
