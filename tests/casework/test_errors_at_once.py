"""A form sent with several parts missing names every one of them at once, by the rules the
service applies: the CXM's and the director's decisions (a warning first, LHP 26–27), a red flag
raised from the case (LHP 11) and a restriction brought into force."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from casework import services
from casework.models import RedFlag
from casework.services import flags, restrictions
from tests.casework.factories import at_cxm, closed_case, cxm_recommends

TODAY = timezone.localdate()


def summary(response):
    """The error summary's links as {target id: text}."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return {link["href"][1:]: link.get_text(" ", strip=True) for link in soup.select("[data-error-summary] a")}


def label_text(response, field_id):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return soup.find("label", attrs={"for": field_id}).get_text(" ", strip=True)


def _decide(client, case, data):
    return client.post(f"/cases/{case.pk}/decide/", {"step": case.current_step_id, **data})


CXM_RESTRICTIONS = {
    "choice": "recommend",
    "complaint_status": "handled",
    "vulnerability_considered": "None known.",
    "recommendation_kind": "restrictions",
    "restriction_types": ["one_channel"],
    "allowed_channel": "email",
    "duration_months": "6",
    "review_interval_months": "3",
    "rationale": "Repeated abuse.",
}


def test_a_cxm_hears_that_a_warning_comes_first_with_the_other_missing_parts(org, client):
    case = at_cxm(org)
    client.force_login(org.rkaur)
    response = _decide(client, case, CXM_RESTRICTIONS)  # no terms, no reason a warning is not enough
    errors = summary(response)
    assert "id_terms" in errors
    assert "no warning letter" in errors["id_no_warning_reason"]
    assert "(needed for restrictions: the resident has had no warning letter)" in label_text(
        response, "id_no_warning_reason"
    )


def _warned(org):
    """A resident who had a warning letter on an earlier case, and a new case about them at the CXM."""
    earlier = cxm_recommends(at_cxm(org), org.rkaur, recommendation_kind="warning_letter")
    services.decide_as_director(earlier, org.pshah, "approve", "A warning first.")
    return at_cxm(org, customer=earlier.customer)


def test_a_resident_warned_before_needs_no_reason_on_the_cxms_form(org, client):
    case = _warned(org)
    client.force_login(org.rkaur)
    response = _decide(client, case, CXM_RESTRICTIONS)
    assert list(summary(response)) == ["id_terms"]
    response = _decide(client, case, {**CXM_RESTRICTIONS, "terms": "Email the income team only."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "director"


def test_a_director_amending_to_restrictions_hears_every_missing_part_at_once(org, client):
    case = cxm_recommends(at_cxm(org), org.rkaur, recommendation_kind="warning_letter", no_warning_reason="")
    client.force_login(org.pshah)
    response = _decide(
        client,
        case,
        {
            "choice": "approve_amended",
            "recommendation_kind": "restrictions",
            "restriction_types": ["one_channel"],
            "allowed_channel": "email",
            "terms": "Email only.",
            "no_warning_reason": "",
            "rationale": "Restrict.",
        },
    )
    assert {"id_duration_months", "id_no_warning_reason"} <= set(summary(response))


def test_a_directors_amendment_keeps_the_cxms_reason_a_warning_is_not_enough(org, client):
    case = cxm_recommends(at_cxm(org), org.rkaur)
    client.force_login(org.pshah)
    values = {
        "choice": "approve_amended",
        "recommendation_kind": "restrictions",
        "restriction_types": ["one_channel"],
        "allowed_channel": "email",
        "terms": "Email only.",
        "duration_months": "3",
        "review_interval_months": "3",
        "no_warning_reason": "",
        "rationale": "Shorter.",
    }
    assert _decide(client, case, values).status_code == 302
    assert case.restrictions.get().duration_months == 3


# --- Raising a red flag ----------------------------------------------------------------------


def test_an_empty_red_flag_names_every_missing_part_at_once(org, client):
    case = at_cxm(org)
    client.force_login(org.rkaur)
    response = client.post(f"/cases/{case.pk}/flags/raise/", {})
    assert response.status_code == 400
    errors = summary(response)
    assert set(errors) == {
        "id_raise_flag_kind_0",
        "id_raise_flag_handling_instruction",
        "id_raise_flag_next_review_date",
        "id_raise_flag_resident_told_0",
    }
    assert not any("This field is required" in text for text in errors.values())


def test_a_flag_not_yet_told_names_the_reason_the_date_to_reconsider_and_the_review_at_once(org, client):
    case = at_cxm(org)
    client.force_login(org.rkaur)
    data = {"kind": "violence", "handling_instruction": "Pairs.", "resident_told": "not_yet"}
    response = client.post(f"/cases/{case.pk}/flags/raise/", data)
    errors = summary(response)
    assert set(errors) == {
        "id_raise_flag_next_review_date",
        "id_raise_flag_not_told_reason",
        "id_raise_flag_reconsider_on",
    }
    assert "Say why the resident has not been told yet." in errors["id_raise_flag_not_told_reason"]
    assert not RedFlag.objects.exists()


def test_the_flags_needed_fields_say_when_they_are_needed_not_optional(org, client):
    client.force_login(org.rkaur)
    response = client.get(f"/cases/{at_cxm(org).pk}/")
    assert label_text(response, "id_raise_flag_next_review_date") == "Next review"
    assert "(needed if they have not been told yet)" in label_text(response, "id_raise_flag_not_told_reason")
    assert "(needed if they have not been told yet)" in label_text(response, "id_raise_flag_reconsider_on")
    assert "(needed if they have been told)" in label_text(response, "id_raise_flag_told_on")
    urgent = client.get(f"/cases/{at_cxm(org, immediate_risk=True).pk}/")
    assert "(needed, unless the flag is interim)" in label_text(urgent, "id_raise_flag_next_review_date")


def test_an_interim_flag_needs_no_review_date(org, client):
    case = at_cxm(org, immediate_risk=True)
    client.force_login(org.rkaur)
    data = {
        "kind": "violence",
        "handling_instruction": "Pairs.",
        "interim": "on",
        "resident_told": "yes",
        "told_on": TODAY.isoformat(),
    }
    assert client.post(f"/cases/{case.pk}/flags/raise/", data).status_code == 302
    assert RedFlag.objects.get().interim


# --- Bringing a restriction into force ---------------------------------------------------------


def test_bringing_into_force_with_nothing_says_what_each_part_needs(org, client):
    case = closed_case(org)
    restriction = case.restrictions.get()
    client.force_login(org.rkaur)
    response = client.post(
        f"/cases/{case.pk}/restrictions/{restriction.pk}/in-force/", {"handling_instruction": "", "flag_kind": ""}
    )
    errors = summary(response)
    assert errors == {
        "id_in_force_start_date": "The restriction starts on: Give the date the restriction starts.",
        "id_in_force_flag_kind_0": "Kind of red flag: Choose the kind of red flag.",
        "id_in_force_handling_instruction": "What staff should do, in plain words: Say in plain words what staff "
        "should do.",
    }


def test_bringing_into_force_with_two_wrong_dates_names_both(org, client):
    case = closed_case(org)
    restriction = case.restrictions.get()
    client.force_login(org.rkaur)
    data = {
        "start_date": (TODAY + datetime.timedelta(days=200)).isoformat(),
        "communicated_on": (TODAY + datetime.timedelta(days=5)).isoformat(),
        "flag_kind": "contact_arrangements",
        "handling_instruction": "Email only.",
    }
    response = client.post(f"/cases/{case.pk}/restrictions/{restriction.pk}/in-force/", data)
    assert set(summary(response)) == {"id_in_force_start_date", "id_in_force_communicated_on"}
    restriction.refresh_from_db()
    assert restriction.state == "approved"


def test_the_service_refuses_the_first_of_the_same_problems(org):
    case = closed_case(org)
    with pytest.raises(services.CaseworkError) as error:
        restrictions.bring_into_force(case.restrictions.get(), org.rkaur, None)
    assert (error.value.field, str(error.value)) == ("start_date", "Give the date the restriction starts.")
    with pytest.raises(services.CaseworkError) as error:
        flags.raise_flag(case.customer, org.rkaur, "violence", "Pairs.", None, "not_yet", case=case)
    assert error.value.field == "next_review_date"


# --- Approving with amendments -------------------------------------------------------------------


def _form_values(response):
    """What the decision form shows filled in: {name: value or list of ticked values}."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    form = soup.find("form", action=lambda action: action and action.endswith("/decide/"))
    values = {}
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if element.name == "textarea":
            values[name] = element.get_text().strip()
        elif element.name == "select":
            chosen = element.find("option", selected=True)
            values[name] = chosen["value"] if chosen else ""
        elif element.get("type") in {"radio", "checkbox"}:
            if element.has_attr("checked"):
                values.setdefault(name, []).append(element["value"])
        elif element.get("type") not in {"hidden", "submit"}:
            values[name] = element.get("value", "")
    return values


def test_the_directors_form_starts_from_the_cxms_recommendation(org, client):
    case = cxm_recommends(at_cxm(org), org.rkaur, terms="Email Sam Jones only.", duration_months=9)
    client.force_login(org.pshah)
    shown = _form_values(client.get(f"/cases/{case.pk}/"))
    assert shown["recommendation_kind"] == ["restrictions"]
    assert sorted(shown["restriction_types"]) == ["named_contact", "one_channel"]
    assert shown["terms"] == "Email Sam Jones only."
    assert (shown["duration_months"], shown["review_interval_months"]) == ("9", "3")
    assert shown["named_contact"] == "Sam Jones, income team leader"
    assert shown["allowed_channel"] == "email"
    assert shown["no_warning_reason"].startswith("Threats to the officer's safety")
    assert "choice" not in shown  # the decision itself is the director's own

    # The director changes only the duration, and the rest stands.
    values = {name: value for name, value in shown.items()}
    response = _decide(
        client, case, {**values, "duration_months": "3", "choice": "approve_amended", "rationale": "Shorter."}
    )
    assert response.status_code == 302
    restriction = case.restrictions.get()
    assert (restriction.duration_months, restriction.terms, restriction.named_contact) == (
        3,
        "Email Sam Jones only.",
        "Sam Jones, income team leader",
    )


def test_a_directors_form_sent_back_keeps_what_was_sent_not_the_recommendation(org, client):
    case = cxm_recommends(at_cxm(org), org.rkaur, terms="Email Sam Jones only.")
    client.force_login(org.pshah)
    response = _decide(client, case, {"choice": "approve_amended", "recommendation_kind": "restrictions", "terms": ""})
    assert response.status_code == 400
    shown = _form_values(response)
    assert shown["terms"] == ""
    assert shown["choice"] == ["approve_amended"]
    assert "restriction_types" not in shown
