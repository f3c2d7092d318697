"""Restrictions and red flags as records: created by the director's approval, brought into
force with dates, capped at 18 months and 12-monthly reviews, changed only as the table of
transitions allows, lapsing at their end date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework import services
from casework.models import Case, RedFlag, Restriction, RestrictionEvent, add_months
from casework.services import flags, restrictions
from casework.services.notices import long_date
from tests.casework.factories import RESTRICTIONS, approved_on, at_cxm, at_director, closed_case, cxm_recommends

State = Restriction.State


def in_force(org, start=datetime.date(2027, 1, 31)):
    case = closed_case(org)
    restriction = approved_on(case.restrictions.get(), start - datetime.timedelta(days=1))
    return restrictions.bring_into_force(restriction, org.rkaur, start)


def test_a_directors_approval_records_the_restriction_approved_not_yet_in_force(org):
    case = closed_case(org)
    restriction = case.restrictions.get()
    assert restriction.state == State.APPROVED
    assert restriction.customer == case.customer
    assert restriction.decision == case.decisions.get(step__kind="director")
    assert restriction.types == RESTRICTIONS["restriction_types"]
    assert (restriction.duration_months, restriction.review_interval_months) == (6, 3)
    assert restriction.start_date is None and restriction.end_date is None
    assert list(restriction.events.values_list("to_state", flat=True)) == [State.APPROVED]


def test_an_amended_approval_records_the_amended_terms_and_a_rejection_records_nothing(org):
    case = at_director(org)
    services.decide_as_director(
        case, org.pshah, "approve_amended", "Shorter.", **{**RESTRICTIONS, "duration_months": 3}
    )
    assert case.restrictions.get().duration_months == 3
    rejected = at_director(org)
    services.decide_as_director(rejected, org.omensah, "reject", "Not proportionate.")
    assert not rejected.restrictions.exists()


def test_a_warning_letter_records_no_restriction(org):
    case = cxm_recommends(at_cxm(org), org.rkaur, recommendation_kind="warning_letter")
    services.decide_as_director(case, org.pshah, "approve", "A warning first.")
    assert not Restriction.objects.exists()


def test_terms_that_remove_complaints_access_are_refused_and_nothing_is_saved(org):
    case = at_cxm(org)
    with pytest.raises(services.CaseworkError) as error:
        cxm_recommends(case, org.rkaur, terms="The resident may make no complaints for six months.")
    assert error.value.field == "terms"
    case = at_director(org)
    with pytest.raises(services.CaseworkError):
        services.decide_as_director(
            case, org.pshah, "approve_amended", "x", **{**RESTRICTIONS, "terms": "Cannot complain at all."}
        )
    case.refresh_from_db()
    assert case.status == Case.Status.WITH_DIRECTOR
    assert not Restriction.objects.exists()


def test_in_force_from_the_start_date_for_its_duration_in_calendar_months(org):
    restriction = in_force(org, datetime.date(2027, 1, 31))
    assert restriction.state == State.IN_FORCE
    assert restriction.start_date == datetime.date(2027, 1, 31)
    assert restriction.end_date == datetime.date(2027, 7, 30)  # 6 months on, the day before
    assert restriction.next_review_date == datetime.date(2027, 4, 30)  # 3 months on
    assert add_months(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)


def test_only_a_cxm_brings_it_into_force(org):
    restriction = closed_case(org).restrictions.get()
    for person in [org.sali, org.tnguyen, org.pshah, org.jclarke]:
        with pytest.raises(services.NotAllowed):
            restrictions.bring_into_force(restriction, person, datetime.date(2027, 1, 1))
    assert restrictions.bring_into_force(restriction, org.ebrown, datetime.date(2027, 1, 1)).state == State.IN_FORCE
    with pytest.raises(services.NotAllowed, match="cannot become"):
        restrictions.bring_into_force(restriction, org.rkaur, datetime.date(2027, 1, 1))


def test_no_more_than_18_months_from_start_to_end(org):
    restriction = in_force(org)
    restriction.end_date = add_months(restriction.start_date, 18) + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="at most 18 months"):
        restriction.save()
    with pytest.raises(services.CaseworkError, match="at most 18 months"):
        restrictions.dates_from(datetime.date(2027, 1, 1), 19, 3)
    end, _ = restrictions.dates_from(datetime.date(2027, 1, 1), 18, 3)
    assert end == datetime.date(2028, 6, 30)


def test_reviews_at_most_12_months_apart_even_written_directly(org):
    restriction = closed_case(org).restrictions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Restriction.objects.filter(pk=restriction.pk).update(review_interval_months=13)
    with pytest.raises(IntegrityError), transaction.atomic():
        Restriction.objects.filter(pk=restriction.pk).update(duration_months=19)


@pytest.mark.parametrize(
    ("start", "to", "who"),
    [
        (State.IN_FORCE, State.APPROVED, "pshah"),
        (State.LAPSED, State.IN_FORCE, "rkaur"),
        (State.LIFTED, State.IN_FORCE, "rkaur"),
        (State.OVERTURNED, State.LIFTED, "pshah"),
        (State.IN_FORCE, State.LIFTED, "rkaur"),  # lifting is a director's decision
        (State.IN_FORCE, State.LAPSED, "pshah"),  # lapsing is the daily task's
    ],
)
def test_transitions_outside_the_table_or_by_the_wrong_person_are_refused(org, start, to, who):
    restriction = closed_case(org).restrictions.get()
    Restriction.objects.filter(pk=restriction.pk).update(state=start)
    with pytest.raises(services.NotAllowed):
        restrictions.change_state(restriction, to, getattr(org, who), "Because.")
    restriction.refresh_from_db()
    assert restriction.state == start


def test_a_change_of_state_needs_a_reason_and_is_recorded(org):
    restriction = in_force(org)
    with pytest.raises(services.CaseworkError) as error:
        restrictions.change_state(restriction, State.LIFTED, org.pshah, "  ")
    assert error.value.field == "reason"
    restrictions.change_state(restriction, State.LIFTED, org.pshah, "Behaviour has improved.")
    event = RestrictionEvent.objects.filter(restriction=restriction).last()
    assert (event.from_state, event.to_state, event.by, event.reason) == (
        State.IN_FORCE,
        State.LIFTED,
        org.pshah,
        "Behaviour has improved.",
    )
    assert restriction.case.events.filter(summary="Restriction lifted").exists()


def test_restrictions_lapse_the_day_after_their_end_date_with_their_flags(org):
    restriction = in_force(org, datetime.date(2027, 1, 1))
    flag = flags.raise_flag(
        restriction.customer,
        org.rkaur,
        RedFlag.Kind.CONTACT_ARRANGEMENTS,
        "Contact only by email to the named officer.",
        datetime.date(2027, 4, 1),
        "yes",
        told_on=datetime.date(2026, 11, 2),
        restriction=restriction,
        start_date=datetime.date(2027, 1, 1),
    )
    assert restrictions.lapse_ended(today=restriction.end_date) == 0
    assert restrictions.lapse_ended(today=restriction.end_date + datetime.timedelta(days=1)) == 1
    restriction.refresh_from_db()
    flag.refresh_from_db()
    assert restriction.state == State.LAPSED
    assert not flag.is_active and "lapsed" in flag.end_reason
    from home.models import Notification

    told = Notification.objects.filter(subject__startswith="Restriction lapsed")
    assert set(told.values_list("recipient__username", flat=True)) == {"rkaur", "ebrown", "pshah"}
    assert restrictions.lapse_ended(today=restriction.end_date + datetime.timedelta(days=2)) == 0


def test_only_cxms_and_directors_raise_flags_and_an_interim_flag_is_reviewed_within_10_working_days(org):
    case = at_cxm(org, immediate_risk=True)
    arguments = (case.customer, None, RedFlag.Kind.TWO_STAFF, "Visit in pairs.", None, "not_yet")
    later = {
        "not_told_reason": "Telling him now could raise the risk.",
        "reconsider_on": timezone.localdate() + datetime.timedelta(days=7),
    }
    for person in [org.sali, org.tnguyen, org.jclarke]:
        with pytest.raises(services.NotAllowed):
            flags.raise_flag(arguments[0], person, *arguments[2:], case=case, interim=True, **later)
    flag = flags.raise_flag(
        arguments[0],
        org.rkaur,
        *arguments[2:],
        case=case,
        interim=True,
        start_date=datetime.date(2026, 1, 5),
        **later,
    )
    assert flag.interim
    assert flag.next_review_date == datetime.date(2026, 1, 19)  # 10 working days after Monday 5 January
    assert case.events.filter(summary__startswith="Interim red flag raised").exists()


def test_a_flag_needs_what_to_do_whether_the_resident_was_told_and_a_reason_to_end(org):
    case = at_cxm(org)
    base = dict(case=case, start_date=datetime.date(2026, 1, 5))
    with pytest.raises(services.CaseworkError) as error:
        flags.raise_flag(case.customer, org.rkaur, "violence", " ", datetime.date(2026, 2, 2), "yes", **base)
    assert error.value.field == "handling_instruction"
    with pytest.raises(services.CaseworkError) as error:
        flags.raise_flag(case.customer, org.rkaur, "violence", "Pairs.", datetime.date(2026, 2, 2), "not_yet", **base)
    assert error.value.field == "not_told_reason"
    with pytest.raises(services.CaseworkError) as error:
        flags.raise_flag(case.customer, org.rkaur, "violence", "Pairs.", datetime.date(2026, 2, 2), "yes", **base)
    assert error.value.field == "told_on"
    flag = flags.raise_flag(
        case.customer,
        org.rkaur,
        "violence",
        "Pairs.",
        datetime.date(2026, 2, 2),
        "yes",
        told_on=datetime.date(2026, 1, 5),
        **base,
    )
    with pytest.raises(services.CaseworkError):
        flags.end_flag(flag, org.rkaur, "")
    with pytest.raises(services.NotAllowed):
        flags.end_flag(flag, org.sali, "Not needed.")
    with pytest.raises(services.NotAllowed):  # a director, but not (yet) on the case it rests on
        flags.end_flag(flag, org.pshah, "Not needed.")
    assert not flags.end_flag(flag, org.ebrown, "Risk assessment: no longer needed.").is_active


def test_a_cxm_brings_it_into_force_from_the_case_page_with_its_red_flag(org, client):
    from home.models import Notification, StaffProfile, Team

    income = Team.objects.create(name="Income")
    StaffProfile.objects.filter(user__in=[org.sali, org.mjones]).update(team=income)
    case = closed_case(org)
    restriction = case.restrictions.get()
    today = timezone.localdate()
    start, end = today + datetime.timedelta(days=5), add_months(today + datetime.timedelta(days=5), 6)
    end -= datetime.timedelta(days=1)
    client.force_login(org.rkaur)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Approved, not yet in force" in page and "Emergency and essential contact by phone" in page
    response = client.post(
        f"/cases/{case.pk}/restrictions/{restriction.pk}/in-force/",
        {
            "start_date": start.isoformat(),
            "communicated_on": today.isoformat(),
            "flag_kind": "contact_arrangements",
            "handling_instruction": "Email the Income Team only.",
        },
    )
    assert response.status_code == 302
    restriction.refresh_from_db()
    assert restriction.state == State.IN_FORCE and restriction.end_date == end
    flag = restriction.red_flags.get()
    assert (flag.kind, flag.handling_instruction, flag.told_on) == (
        "contact_arrangements",
        "Email the Income Team only.",
        today,
    )
    assert flag.contact_arrangements == restriction.arrangements()
    told = Notification.objects.filter(subject=f"Contact arrangements in force (case {case.reference})")
    assert set(told.values_list("recipient__username", flat=True)) == {"sali", "mjones"}
    assert case.customer.name not in told.first().body
    assert f"until {long_date(end)}" in told.first().body
    # The team's notice leads to the check of that resident, its link naming neither them nor their
    # reference (it goes out by email too); the reporter's to the case.
    link = told.get(recipient=org.mjones).url
    assert link == f"/residents/check/restrictions/{restriction.pk}/" and case.customer.reference not in link
    assert told.get(recipient=org.sali).url == f"/cases/{case.pk}/"
    assert f"restricted until {long_date(end)}" in services.reporter_outcome_text(case)


def test_bringing_into_force_is_refused_with_the_reason_and_nothing_changes(org, client):
    case = closed_case(org)
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=10))
    url = f"/cases/{case.pk}/restrictions/{restriction.pk}/in-force/"
    client.force_login(org.rkaur)
    for start, told, message in [
        (today - datetime.timedelta(days=30), None, "starts between the director"),
        (today + datetime.timedelta(days=400), None, "starts between the director"),
        (today, today + datetime.timedelta(days=1), "told between the director"),
    ]:
        data = {"start_date": start.isoformat(), "flag_kind": "violence", "handling_instruction": "Pairs."}
        response = client.post(url, {**data, "communicated_on": told.isoformat() if told else ""})
        assert response.status_code == 400 and message in response.content.decode()
    response = client.post(
        url,
        {
            "start_date": (today - datetime.timedelta(days=5)).isoformat(),
            "communicated_on": (today - datetime.timedelta(days=2)).isoformat(),
            "flag_kind": "violence",
            "handling_instruction": "Pairs.",
        },
    )
    assert response.status_code == 400
    assert "told before the restriction starts" in response.content.decode()
    client.force_login(org.pshah)  # a director of the case: not theirs to record
    response = client.post(
        url, {"start_date": today.isoformat(), "flag_kind": "violence", "handling_instruction": "P."}
    )
    assert response.status_code == 404
    client.force_login(org.mjones)  # not in the case
    assert client.post(url, {"start_date": "2027-01-04"}).status_code == 404
    restriction.refresh_from_db()
    assert restriction.state == State.APPROVED and not RedFlag.objects.exists()


def test_restrictions_without_an_earlier_warning_need_the_reason_which_the_director_sees(org, client):
    case = at_cxm(org)
    with pytest.raises(services.CaseworkError) as error:
        cxm_recommends(case, org.rkaur, no_warning_reason="")
    assert error.value.field == "no_warning_reason"
    cxm_recommends(case, org.rkaur, no_warning_reason="He threatened the officer at her car.")
    client.force_login(org.pshah)
    assert "He threatened the officer at her car." in client.get(f"/cases/{case.pk}/").content.decode()


def test_a_resident_warned_before_needs_no_reason(org):
    warned = cxm_recommends(at_cxm(org), org.rkaur, recommendation_kind="warning_letter")
    services.decide_as_director(warned, org.pshah, "approve", "A warning first.")
    again = at_cxm(org, customer=warned.customer)
    cxm_recommends(again, org.rkaur, no_warning_reason="")
    assert again.final_recommendation is None and again.status == Case.Status.WITH_DIRECTOR


def test_the_survey_exclusion_list_has_the_residents_in_force_on_the_date_and_is_logged(org, client):
    from casework.models import ExportLogEntry

    restriction = in_force(org, datetime.date(2027, 1, 31))
    customer = restriction.customer
    customer.name = "=HYPERLINK(evil)"
    customer.save()
    client.force_login(org.jclarke)
    response = client.get("/residents/survey-exclusion/", {"on": "2027-03-01"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "survey-exclusion-2027-03-01.csv" in response["Content-Disposition"]
    text = response.content.decode()
    assert customer.reference in text and "'=HYPERLINK(evil)" in text and "2027-07-30" in text
    assert customer.reference not in client.get("/residents/survey-exclusion/", {"on": "2027-01-30"}).content.decode()
    assert list(ExportLogEntry.objects.values_list("user__username", "parameters", "rows")) == [
        ("jclarke", "in force on 2027-01-30", 0),
        ("jclarke", "in force on 2027-03-01", 1),
    ]


def test_the_survey_exclusion_list_is_for_cxms_and_the_head_of_customer_services(org, client):
    for user, expected in [(org.rkaur, 200), (org.jclarke, 200), (org.sali, 404), (org.pshah, 404)]:
        client.force_login(user)
        assert client.get("/residents/survey-exclusion/").status_code == expected, user.username
    client.force_login(org.rkaur)
    response = client.get("/residents/survey-exclusion/", {"on": "not a date"})
    assert response.status_code == 400 and "Enter a valid date" in response.content.decode()
