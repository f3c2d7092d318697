"""What a restriction sets out beyond its terms (the named contact, the one channel, days and
times, no-reply topics and their reader), the policy version each decision was made under,
ending a red flag, and the days left wherever dates show."""

import datetime

import pytest
from django.utils import timezone

from casework import services
from casework.models import CaseEvent, CaseworkSettings, Decision, RedFlag
from casework.services import flags, restrictions
from home.site import ensure_home_page
from home.templatetags.durations import days_left, due_in
from policy_pages import demo as policy_demo
from policy_pages.models import PolicyPage
from tests.casework.factories import RESTRICTIONS, at_cxm, at_director, closed_case, cxm_recommends

ONLY_TYPES = {**RESTRICTIONS, "details": {}}


@pytest.mark.parametrize(
    "types, missing",
    [
        (["named_contact"], ["named_contact"]),
        (["one_channel"], ["allowed_channel"]),
        (["limited_contact"], ["call_times"]),
        (["no_reply_topics"], ["no_reply_topics", "correspondence_reader"]),
    ],
)
def test_each_restriction_type_needs_its_details_and_nothing_is_saved_without_them(org, types, missing):
    case = at_cxm(org)
    with pytest.raises(services.CaseworkError) as error:
        cxm_recommends(case, org.rkaur, **{**ONLY_TYPES, "restriction_types": types})
    assert error.value.field == missing[0]
    assert not Decision.objects.filter(case=case, step__kind="cxm").exists()


def test_the_one_channel_must_be_a_channel(org):
    details = {"named_contact": "Sam Jones", "allowed_channel": "carrier pigeon"}
    with pytest.raises(services.CaseworkError) as error:
        cxm_recommends(at_cxm(org), org.rkaur, **{**RESTRICTIONS, "details": details})
    assert error.value.field == "allowed_channel"


def test_the_restriction_keeps_the_details_and_the_flag_and_the_reporter_read_them(org):
    details = {
        "named_contact": "Sam Jones, income team leader",
        "allowed_channel": "email",
        "call_times": "Tuesdays, 10am to 12 noon",
        "no_reply_topics": "The 2024 service charge dispute",
        "correspondence_reader": "Sam Jones",
    }
    case = cxm_recommends(
        at_cxm(org),
        org.rkaur,
        **{
            **RESTRICTIONS,
            "restriction_types": ["named_contact", "one_channel", "limited_contact", "no_reply_topics"],
            "details": details,
        },
    )
    services.decide_as_director(case, org.pshah, "approve", "Proportionate.")
    restriction = restrictions.bring_into_force(case.restrictions.get(), org.rkaur, timezone.localdate())
    assert dict(restriction.details()) == {
        "Named contact": "Sam Jones, income team leader",
        "The one channel allowed": "Email",
        "Days and times for contact": "Tuesdays, 10am to 12 noon",
        "No reply on": "The 2024 service charge dispute",
        "That correspondence is read by": "Sam Jones",
    }
    flag = RedFlag.objects.get(restriction=restriction)
    assert "Named contact: Sam Jones, income team leader" in flag.contact_arrangements
    case.refresh_from_db()
    outcome = services.reporter_outcome_text(case)
    assert "The one channel allowed: Email." in outcome and "Tuesdays, 10am to 12 noon" in outcome
    told = org.sali.notifications.get(subject__startswith="Contact arrangements in force")
    # The topics can touch on the resident's affairs: they are not in the email.
    assert "Named contact: Sam Jones" in told.body and "service charge" not in told.body


def test_a_cxm_who_leaves_the_form_empty_hears_every_missing_part_at_once(org, client):
    case = at_cxm(org)
    client.force_login(org.rkaur)
    response = client.post(
        f"/cases/{case.pk}/decide/",
        {
            "step": case.current_step_id,
            "choice": "recommend",
            "recommendation_kind": "restrictions",
            "restriction_types": ["named_contact", "one_channel"],
        },
    )
    assert response.status_code == 400
    errors = response.context["decision_form"].errors
    assert set(errors) >= {
        "rationale",
        "complaint_status",
        "vulnerability_considered",
        "terms",
        "duration_months",
        "named_contact",
        "allowed_channel",
    }
    assert not Decision.objects.filter(case=case, step__kind="cxm").exists()


def test_a_director_amending_hears_every_missing_part_at_once(org, client):
    case = at_director(org)
    client.force_login(org.pshah)
    response = client.post(
        f"/cases/{case.pk}/decide/",
        {"step": case.current_step_id, "choice": "approve_amended", "recommendation_kind": "restrictions"},
    )
    assert response.status_code == 400
    assert set(response.context["decision_form"].errors) >= {"rationale", "restriction_types", "terms"}


def test_a_line_manager_who_closes_with_a_recommendation_is_told_rather_than_losing_it(org, client):
    from tests.casework.factories import submitted_case

    case = submitted_case(org.sali)
    client.force_login(org.tnguyen)
    data = {"step": case.current_step_id, "choice": "close", "rationale": "Nothing more to do."}
    response = client.post(f"/cases/{case.pk}/decide/", {**data, "recommendation_kind": "warning_letter"})
    assert response.status_code == 400
    assert "You chose to close the case but recommended a warning letter" in response.content.decode()
    assert "Nothing more to do." in response.content.decode()
    case.refresh_from_db()
    assert case.status != "closed"
    response = client.post(f"/cases/{case.pk}/decide/", {**data, "recommendation_kind": "no_action"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.outcome == "no_further_action"


@pytest.fixture
def policy_in_force(org):
    ensure_home_page()
    policy_demo.load()
    page = PolicyPage.objects.get(slug="limited-contact-policy")
    settings = CaseworkSettings.load()
    settings.policy = page
    settings.save()
    return page


def test_each_decision_records_the_policy_version_and_the_restriction_links_to_it(org, client, policy_in_force):
    versions = list(policy_in_force.versions.order_by("position", "pk"))
    current, older = versions[-1], versions[0]
    case = closed_case(org)
    for decision in case.decisions.all():
        assert (decision.policy_version, decision.policy_title, decision.policy_version_label) == (
            current,
            "Limited Contact Policy",
            current.label,
        )
    client.force_login(org.rkaur)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    url = f"/policies-and-guidance/library/versions/{current.pk}/"
    assert f'Decided under <a href="{url}">the Limited Contact Policy, {current.label}</a>' in page
    client.force_login(org.mjones)
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert f"Limited Contact Policy: {current.label}" in text and 'id="para-29"' in text
    # A version approved before the library kept each version's text says so, rather than show another's.
    text = client.get(f"/policies-and-guidance/library/versions/{older.pk}/").content.decode()
    assert "is not kept in the library" in text and 'id="para-29"' not in text
    assert client.get("/policies-and-guidance/library/versions/999999/").status_code == 404


def test_the_current_policy_version_says_so(org, client, policy_in_force):
    versions = list(policy_in_force.versions.order_by("position", "pk"))
    client.force_login(org.mjones)
    current = client.get(f"/policies-and-guidance/library/versions/{versions[-1].pk}/").content.decode()
    assert "This is the current version." in current and "Read the current version" not in current
    older = client.get(f"/policies-and-guidance/library/versions/{versions[0].pk}/").content.decode()
    assert "Read the current version of Limited Contact Policy" in older
    assert "This is the current version." not in older


def test_without_a_policy_in_the_settings_nothing_is_claimed(org, client):
    case = closed_case(org)
    assert set(case.decisions.values_list("policy_title", flat=True)) == {""}
    client.force_login(org.rkaur)
    assert "Decided under" not in client.get(f"/cases/{case.pk}/").content.decode()


def raised_flag(org, case):
    return flags.raise_flag(
        case.customer,
        org.rkaur,
        "verbal_abuse",
        "Two staff for any visit.",
        timezone.localdate() + datetime.timedelta(days=30),
        "yes",
        told_on=timezone.localdate(),
        case=case,
    )


def test_a_cxm_ends_a_flag_from_its_case_with_a_reason(org, client):
    case = at_director(org)
    flag = raised_flag(org, case)
    client.force_login(org.rkaur)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "End this red flag" in page
    url = f"/cases/{case.pk}/flags/{flag.pk}/end/"
    response = client.post(url, {f"end-flag-{flag.pk}-reason": "  "})
    assert response.status_code == 400
    assert "Give the reason the flag ends." in response.content.decode()
    flag.refresh_from_db()
    assert flag.is_active
    response = client.post(url, {f"end-flag-{flag.pk}-reason": "The risk assessment was reviewed."})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert not flag.is_active and flag.ended_by == org.rkaur and flag.end_reason == "The risk assessment was reviewed."
    assert CaseEvent.objects.filter(case=case, summary="Red flag ended").exists()
    assert client.post(url, {f"end-flag-{flag.pk}-reason": "Again."}).status_code == 404


def test_only_the_cases_cxms_and_directors_end_its_flags(org, client):
    case = at_director(org)
    flag = raised_flag(org, case)
    url = f"/cases/{case.pk}/flags/{flag.pk}/end/"
    data = {f"end-flag-{flag.pk}-reason": "Because."}
    client.force_login(org.tnguyen)  # the line manager: on the case, not someone who ends flags
    assert "End this red flag" not in client.get(f"/cases/{case.pk}/").content.decode()
    for outsider in (org.tnguyen, org.sali, org.mjones, org.lwilliams):
        client.force_login(outsider)
        assert client.post(url, data).status_code == 404
    other = at_director(org)
    client.force_login(org.rkaur)
    assert client.post(f"/cases/{other.pk}/flags/{flag.pk}/end/", data).status_code == 404
    flag.refresh_from_db()
    assert flag.is_active


def test_days_left_and_due_read_as_staff_say_them():
    today = timezone.localdate()
    assert days_left(today + datetime.timedelta(days=182)) == "182 days left"
    assert days_left(today + datetime.timedelta(days=1)) == "1 day left"
    assert days_left(today) == "ends today"
    assert days_left(today - datetime.timedelta(days=1)) == "ended"
    assert due_in(today + datetime.timedelta(days=5)) == "due in 5 days"
    assert due_in(today) == "due today"
    assert due_in(today - datetime.timedelta(days=3)) == "3 days overdue"
    assert days_left(None) == due_in(None) == ""


def test_the_check_page_and_the_case_say_how_many_days_are_left(org, client):
    case = closed_case(org)
    start = timezone.localdate()
    restriction = restrictions.bring_into_force(case.restrictions.get(), org.rkaur, start)
    left = (restriction.end_date - start).days
    client.force_login(org.mjones)
    page = client.get("/residents/check/", {"q": case.customer.reference}).content.decode()
    assert f"({left} days left)" in page
    client.force_login(org.rkaur)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"({left} days left)" in page and "next review" in page
