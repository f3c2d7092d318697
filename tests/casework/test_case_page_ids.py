"""The case page holds several forms at once (a decision, a restriction brought into force, a red
flag raised or ended): every id on it is unique, so each label names its own input and each
error summary link leads into its own form."""

import collections
import datetime

from bs4 import BeautifulSoup

from casework.services import flags
from tests.casework.factories import at_director, closed_case


def assert_ids_unique(html):
    soup = BeautifulSoup(html, "html.parser")
    counts = collections.Counter(element["id"] for element in soup.find_all(id=True))
    assert [name for name, count in counts.items() if count > 1] == []
    return soup


def assert_summary_leads_into(soup, form_action):
    """Every link of the page's one error summary points to an element of the form posting to `form_action`."""
    form = soup.find("form", action=form_action)
    assert form is not None, f"no form posting to {form_action}"
    links = [link["href"][1:] for link in soup.select("[data-error-summary] a")]
    assert links, "no error summary links"
    own = {element["id"] for element in form.find_all(id=True)}
    assert [target for target in links if target not in own] == []
    return links


def test_a_restriction_waiting_to_come_into_force_and_the_raise_flag_form_share_no_id(org, client):
    case = closed_case(org)
    client.force_login(org.rkaur)
    soup = assert_ids_unique(client.get(f"/cases/{case.pk}/").text)
    # Each radio is labelled by its own label, in its own form.
    for radio in soup.select("input[type=radio]"):
        label = soup.find("label", attrs={"for": radio["id"]})
        assert label is not None and radio in label.find_all("input")


def test_the_raise_flag_forms_errors_lead_into_the_raise_flag_form(org, client):
    case = closed_case(org)
    client.force_login(org.rkaur)
    response = client.post(f"/cases/{case.pk}/flags/raise/", {})
    assert response.status_code == 400
    soup = assert_ids_unique(response.text)
    links = assert_summary_leads_into(soup, f"/cases/{case.pk}/flags/raise/")
    assert "id_raise_flag_kind_0" in links


def test_the_in_force_forms_errors_lead_into_the_in_force_form(org, client):
    case = closed_case(org)
    restriction = case.restrictions.get()
    client.force_login(org.rkaur)
    url = f"/cases/{case.pk}/restrictions/{restriction.pk}/in-force/"
    response = client.post(url, {"flag_kind": ""})
    assert response.status_code == 400
    soup = assert_ids_unique(response.text)
    links = assert_summary_leads_into(soup, url)
    assert "id_in_force_flag_kind_0" in links


def test_a_directors_decision_and_the_raise_flag_form_share_no_id(org, client):
    case = at_director(org)
    client.force_login(org.pshah)
    assert_ids_unique(client.get(f"/cases/{case.pk}/").text)
    response = client.post(f"/cases/{case.pk}/decide/", {"step": case.current_step_id})
    soup = assert_ids_unique(response.text)
    assert_summary_leads_into(soup, f"/cases/{case.pk}/decide/")


def test_a_flag_that_can_be_ended_shares_no_id_with_the_other_forms(org, client):
    case = closed_case(org)
    flags.raise_flag(
        case.customer,
        org.rkaur,
        "verbal_abuse",
        "Two staff.",
        datetime.date.today() + datetime.timedelta(days=30),
        "yes",
        told_on=datetime.date.today(),
        case=case,
    )
    client.force_login(org.rkaur)
    assert_ids_unique(client.get(f"/cases/{case.pk}/").text)
