"""Checking a resident: a postcode typed with or without its space, a restriction's next review,
and the header's policy search left alone (and not offered to a contractor)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from casework.services import restrictions
from casework.services.residents import find_customers
from home import roles
from tests.casework.factories import closed_case
from tests.casework.test_restrictions import approved_on
from tests.factories import CustomerFactory, UserFactory


@pytest.mark.parametrize("query", ["sw173cc", "SW17 3CC", "sw17 3cc", "Sw173Cc", "173cc", "Hatch sw173cc"])
def test_a_postcode_finds_its_residents_with_or_without_the_space(db, query):
    spaced = CustomerFactory(name="Ada Hatch", postcode="SW17 3CC")
    unspaced = CustomerFactory(name="Bo Hatch", postcode="SW173CC")
    CustomerFactory(name="Cy Other", postcode="SW17 4CC")
    assert set(find_customers(query)) == {spaced, unspaced}


def test_the_check_page_finds_a_postcode_typed_without_its_space(org, client):
    CustomerFactory(name="Ada Hatch", postcode="SW17 3CC")
    client.force_login(org.sali)
    page = client.get("/residents/check/", {"q": "sw173cc"}).content.decode()
    assert "1 resident found" in page and "Ada Hatch" in page


def test_the_check_page_shows_when_a_restriction_is_next_reviewed(org, client):
    case = closed_case(org)
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=3))
    restrictions.bring_into_force(restriction, org.rkaur, today - datetime.timedelta(days=2))
    restriction.refresh_from_db()
    client.force_login(org.sali)
    page = BeautifulSoup(client.get("/residents/check/", {"q": case.customer.reference}).text, "html.parser")
    text = " ".join(page.select_one(".check-result").get_text(" ", strip=True).split())
    review = restriction.next_review_date
    days = (review - today).days
    assert f"next review {review:%-d %B %Y} (due in {days} days)" in text


def test_the_headers_policy_search_is_not_filled_in_with_the_check_pages_query(org, client):
    client.force_login(org.sali)
    page = BeautifulSoup(client.get("/residents/check/", {"q": "Hatch"}).text, "html.parser")
    assert page.find(id="site-search-q").get("value", "") == ""
    searched = BeautifulSoup(client.get("/search/", {"q": "complaints"}).text, "html.parser")
    assert searched.find(id="site-search-q").get("value") == "complaints"


def test_a_contractor_is_not_offered_the_policy_search_they_may_not_use(org, client):
    dfoster = UserFactory(username="dfoster", roles=[roles.CONTRACTORS], roles__staff=False)
    client.force_login(dfoster)
    page = BeautifulSoup(client.get("/residents/check/").text, "html.parser")
    assert page.find(id="site-search-q") is None
    assert client.get("/search/", {"q": "complaints"}).status_code == 404
    client.force_login(org.sali)
    assert BeautifulSoup(client.get("/residents/check/").text, "html.parser").find(id="site-search-q") is not None


@pytest.mark.parametrize(
    "query", ["12 Mill Rd", "12 mill rd", "12 Mill Road", "Quince Ct", "quince crt", "Elm Gdns", "Ct Quince"]
)
def test_an_abbreviated_street_finds_the_address_spelt_out(db, query):
    found = {
        "mill": CustomerFactory(name="Ada Miller", address="12 Mill Road, London"),
        "quince": CustomerFactory(name="Bo Quince", address="3 Quince Court, London"),
        "elm": CustomerFactory(name="Cy Elm", address="7 Elm Gardens, London"),
    }
    CustomerFactory(name="Di Other", address="12 Mill Lane, London")
    # The word spelt out is found standing alone, not inside another ("Rd" is not Broadmill).
    CustomerFactory(name="Courtney Parker", address="40 Broadmill Street, London", postcode="SW1 1GD")
    key = next(word for word in query.lower().split() if word in found or word == "mill")
    assert list(find_customers(query)) == [found[key]]
    for query in ["Rd", "Pk", "Ct Parker", "Gdns"]:
        assert all(c.name != "Courtney Parker" for c in find_customers(query)), query


@pytest.mark.parametrize(
    "query",
    ["zoe muller", "ZOE MULLER", "Zoë Müller", "zoë", "ZOË", "muller", "MÜLLER", "lukasz", "Łukasz", "ångström"],
)
def test_a_name_is_found_typed_with_or_without_its_accents_in_any_case(db, query):
    # Staff type names as their keyboards do; a name not found reads as "no red flag". SQLite's own
    # UPPER changes ASCII letters only: casework.folding gives it Python's.
    zoe = CustomerFactory(name="Zoë Müller Łukasz Ångström")
    CustomerFactory(name="Zara Miller")
    assert list(find_customers(query)) == [zoe]


def test_a_search_beyond_ascii_is_folded_once_however_often_its_words_are_asked_for(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casework.folding import FUNCTION
    from casework.services import register
    from casework.services.residents import search_words

    # The register asks for the words once per kind of entry: the database folds them once.
    with CaptureQueriesContext(connection) as queries:
        for _ in range(4):
            assert search_words("Zoë Ångström-Łukasz") == ["ZOE", "ANGSTROM", "LUKASZ"]
        register._matching_residents("Zoë Ångström-Łukasz")
    assert len([q for q in queries if FUNCTION.lower() in q["sql"].lower()]) <= 1
