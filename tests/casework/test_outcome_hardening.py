"""The outcome pages as someone would attack them: another case's reference on a case page,
arrangements told about a sensitive case, a flag ended under a restriction still in force,
restrictions for a resident nobody can check, and dates and terms that make no sense."""

import datetime

import pytest

from casework import services
from casework.models import RedFlag
from casework.services import flags, restrictions
from home import roles
from home.models import Notification, StaffProfile, Team
from tests.casework.factories import RESTRICTIONS, at_cxm, at_director, closed_case, cxm_recommends
from tests.factories import UserFactory

TODAY = datetime.date.today()


def flag_on(case, by, **extra):
    return flags.raise_flag(
        case.customer,
        by,
        "verbal_abuse",
        "Keep calls short.",
        TODAY + datetime.timedelta(days=30),
        "yes",
        told_on=TODAY,
        case=case,
        **extra,
    )


def test_a_case_page_links_another_case_of_the_resident_only_for_its_people(org, client):
    hidden = at_cxm(org)
    flag_on(hidden, org.rkaur)
    services.mark_sensitive(hidden, org.rkaur, [org.rkaur])
    other = at_cxm(org, customer=hidden.customer)
    for person in (org.ebrown, org.tnguyen):
        client.force_login(person)
        page = client.get(f"/cases/{other.pk}/").content.decode()
        assert "Keep calls short." in page  # the flag itself is for every member of staff
        assert hidden.reference not in page and f"/cases/{hidden.pk}/" not in page
    client.force_login(org.rkaur)
    assert f"Open case {hidden.reference}" in client.get(f"/cases/{other.pk}/").content.decode()


@pytest.fixture
def income_team(org):
    team = Team.objects.create(name="Income")
    StaffProfile.objects.filter(user__in=[org.sali, org.mjones]).update(team=team)
    return team


def test_the_arrangements_of_a_sensitive_case_reach_only_its_named_people(org, income_team):
    case = at_director(org)
    services.mark_sensitive(case, org.rkaur, [org.rkaur, org.pshah])
    services.decide_as_director(case, org.pshah, "approve", "Proportionate.")
    restrictions.bring_into_force(case.restrictions.get(), org.rkaur, TODAY)
    told = Notification.objects.filter(subject__startswith="Contact arrangements in force")
    assert set(told.values_list("recipient__username", flat=True)) == {"sali"}


def test_marking_a_case_sensitive_withdraws_the_teams_notices_of_its_arrangements(org, income_team):
    case = closed_case(org)
    restrictions.bring_into_force(case.restrictions.get(), org.rkaur, TODAY)
    assert Notification.objects.listed_for(org.mjones).filter(topic__endswith=str(case.pk)).exists()
    services.mark_sensitive(case, org.rkaur, [org.rkaur])
    assert not Notification.objects.listed_for(org.mjones).filter(topic__endswith=str(case.pk)).exists()
    assert Notification.objects.listed_for(org.sali).filter(topic__endswith=str(case.pk)).exists()


def test_a_flag_resting_on_a_current_restriction_ends_with_it_not_alone(org, client):
    case = closed_case(org)
    restriction = restrictions.bring_into_force(case.restrictions.get(), org.rkaur, TODAY)
    flag = RedFlag.objects.get(restriction=restriction)
    with pytest.raises(services.CaseworkError):
        flags.end_flag(flag, org.rkaur, "No longer needed.")
    client.force_login(org.rkaur)
    assert "End this red flag" not in client.get(f"/cases/{case.pk}/").content.decode()
    url = f"/cases/{case.pk}/flags/{flag.pk}/end/"
    response = client.post(url, {f"end-flag-{flag.pk}-reason": "Done."}, follow=True)
    assert "it ends with them" in response.content.decode()
    flag.refresh_from_db()
    assert flag.is_active


def test_a_contractor_never_sees_an_empty_warning(org, client):
    case = closed_case(org)  # an approved restriction, not yet in force: no flag yet
    UserFactory(username="dfoster", roles=[roles.CONTRACTORS], roles__staff=False)
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="dfoster"))
    page = client.get("/residents/check/", {"q": case.customer.reference}).content.decode()
    assert "No red flag." in page and "resident-status--flagged" not in page


def test_restrictions_need_a_resident_on_record(org):
    case = at_cxm(org, customer=None, customer_not_found=True, unlisted_customer_name="Mr D. Hale")
    with pytest.raises(services.CaseworkError) as error:
        cxm_recommends(case, org.rkaur)
    assert error.value.field == "recommendation_kind" and "not on record" in str(error.value)
    cxm_recommends(case, org.rkaur, recommendation_kind="warning_letter")
    with pytest.raises(services.CaseworkError):
        services.decide_as_director(case, org.pshah, "approve_amended", "Restrict.", **RESTRICTIONS)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"interim": True}, "interim"),  # not an urgent report
        ({"next_review_date": TODAY + datetime.timedelta(days=400)}, "next_review_date"),
        ({"told_on": TODAY + datetime.timedelta(days=1)}, "told_on"),
        (
            {"resident_told": "not_yet", "told_on": None, "not_told_reason": "Risk.", "reconsider_on": TODAY},
            "reconsider_on",
        ),
    ],
)
def test_a_flag_with_dates_that_make_no_sense_is_refused(org, change, field):
    case = at_cxm(org)
    values = {
        "kind": "verbal_abuse",
        "handling_instruction": "Keep calls short.",
        "next_review_date": TODAY + datetime.timedelta(days=30),
        "resident_told": "yes",
        "told_on": TODAY,
        **change,
    }
    with pytest.raises(services.CaseworkError) as error:
        flags.raise_flag(case.customer, org.rkaur, case=case, **values)
    assert error.value.field == field
    assert not RedFlag.objects.exists()


@pytest.mark.parametrize(
    "terms",
    [
        "Complaints from the resident will not be accepted or investigated.",
        "The resident may not use the complaints procedure.",
        "The resident must not complain.",
        "No complaint will be considered.",
        "Access to the complaints procedure is withdrawn for the duration.",
        "The complaints process is suspended while these restrictions last.",
        "We have revoked the resident's right to complain.",
    ],
)
def test_terms_that_take_the_complaints_process_away_are_refused_however_worded(org, terms):
    with pytest.raises(services.CaseworkError) as error:
        cxm_recommends(at_cxm(org), org.rkaur, terms=terms)
    assert error.value.field == "terms"


@pytest.mark.parametrize(
    "terms",
    [
        "Complaints must be made in writing to the named officer, not by phone.",
        "The office is closed on Sundays; complaints by email at any time.",
    ],
)
def test_terms_that_condition_the_complaints_process_are_accepted(org, terms):
    assert cxm_recommends(at_cxm(org), org.rkaur, terms=terms).current_step.kind == "director"


def test_only_the_details_of_the_types_chosen_are_kept(org):
    details = {**RESTRICTIONS["details"], "no_reply_topics": "Left over.", "correspondence_reader": "Someone."}
    case = cxm_recommends(at_cxm(org), org.rkaur, details=details)
    recommendation = case.decisions.get(step__kind="cxm").recommendation
    assert (recommendation.no_reply_topics, recommendation.correspondence_reader) == ("", "")
    assert recommendation.named_contact and recommendation.allowed_channel == "email"


def test_a_director_amending_a_warning_to_restrictions_gives_the_reason_a_warning_is_not_enough(org):
    case = cxm_recommends(at_cxm(org), org.rkaur, recommendation_kind="warning_letter", no_warning_reason="")
    with pytest.raises(services.CaseworkError) as error:
        services.decide_as_director(case, org.pshah, "approve_amended", "Restrict.", **RESTRICTIONS)
    assert error.value.field == "no_warning_reason"
    services.decide_as_director(
        case, org.pshah, "approve_amended", "Restrict.", **RESTRICTIONS, no_warning_reason="Threats to staff."
    )
    case.refresh_from_db()
    assert case.final_recommendation.no_warning_reason == "Threats to staff."


def test_a_restriction_brought_into_force_twice_says_so(org, client):
    case = closed_case(org)
    restriction = case.restrictions.get()
    url = f"/cases/{case.pk}/restrictions/{restriction.pk}/in-force/"
    data = {"start_date": TODAY.isoformat(), "flag_kind": "violence", "handling_instruction": "Pairs."}
    client.force_login(org.rkaur)
    assert client.post(url, data).status_code == 302
    client.force_login(org.ebrown)
    response = client.post(url, data, follow=True)
    assert "cannot become" in response.content.decode() and "Nothing was changed." in response.content.decode()
    assert RedFlag.objects.filter(restriction=restriction).count() == 1


def test_a_contractor_gets_404_in_the_admin(org, client):
    contractor = UserFactory(username="dfoster", roles=[roles.CONTRACTORS], roles__staff=False)
    client.force_login(contractor)
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/pages/").status_code == 404
