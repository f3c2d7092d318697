"""The case page reads in the order the work is done: the report and the decision first, raising a
red flag below them and closed until wanted; a restriction's terms are set out once, in its own
section, and everything else points to it in a line."""

import datetime

from bs4 import BeautifulSoup

from casework.services import restrictions
from tests.casework.factories import at_director, closed_case
from tests.casework.test_restrictions import approved_on

TERMS = "Contact by email to one named officer only."


def _soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def _before(soup, first, second):
    """Whether element `first` comes before element `second` in the page."""
    elements = soup.find_all(True)
    return elements.index(first) < elements.index(second)


def test_raising_a_flag_comes_after_the_report_and_the_decision_closed(org, client):
    case = at_director(org)
    client.force_login(org.pshah)
    soup = _soup(client.get(f"/cases/{case.pk}/"))
    raise_flag = soup.select_one("section.raise-flag")
    details = raise_flag.find("details")
    assert details is not None and not details.has_attr("open")
    assert details.find("summary").get_text(strip=True).startswith("Raise a red flag on")
    report = soup.find("h2", string="The report")
    decision = soup.find(id="decide-title")
    waiting = soup.find(string=lambda text: text and "This case is waiting for your decision" in text)
    assert _before(soup, waiting.parent, raise_flag)
    assert _before(soup, report, raise_flag)
    assert _before(soup, decision, raise_flag)


def test_raising_a_flag_opens_when_sent_back_with_errors(org, client):
    case = at_director(org)
    client.force_login(org.pshah)
    soup = _soup(client.post(f"/cases/{case.pk}/flags/raise/", {}))
    assert soup.select_one("section.raise-flag details").has_attr("open")


def _outside_the_history(soup):
    """The page's text without the decisions so far, which keep each step's recommendation as made."""
    main = soup.find("main")
    for history in main.select("ol.steps"):
        history.decompose()
    return main.get_text(" ", strip=True)


def test_a_restriction_waiting_to_come_into_force_is_set_out_once(org, client):
    case = closed_case(org)
    client.force_login(org.rkaur)
    soup = _soup(client.get(f"/cases/{case.pk}/"))
    text = _outside_the_history(soup)
    assert text.count(TERMS) == 1
    assert text.count("Always open, whatever the restrictions") == 1
    banner = soup.find("h2", string="Final decision: Approved as recommended").parent
    assert "Restrictions for 6 months" in banner.get_text(" ", strip=True)
    restriction = case.restrictions.get()
    assert banner.find("a", href=f"#restriction-{restriction.pk}-title")


def test_a_restriction_in_force_is_set_out_once(org, client):
    case = closed_case(org)
    restriction = approved_on(case.restrictions.get(), datetime.date.today() - datetime.timedelta(days=1))
    restrictions.bring_into_force(restriction, org.rkaur, datetime.date.today())
    client.force_login(org.rkaur)
    soup = _soup(client.get(f"/cases/{case.pk}/"))
    text = _outside_the_history(soup)
    assert text.count(TERMS) == 1
    assert text.count("Always open, whatever the restrictions") == 1
    assert text.count("Sam Jones, income team leader") == 1
    # The flag resting on it says so, in a line, under "Before you contact".
    assert "It rests on this case's contact restrictions" in text.replace(" ,", ",")
