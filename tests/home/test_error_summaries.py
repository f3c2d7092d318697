"""Every form of the intranet, sent empty and with bad values: each error in the summary links
to something on the page that takes focus, and that field is marked invalid and described by
the same error (WCAG 3.3.1, 1.3.1, 2.4.3)."""

import datetime
import inspect
import re

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

import casework.appeal_forms
import casework.forms
import casework.letter_forms
import casework.register_forms
import home.forms
from casework import services
from casework.models import Case
from tests.casework.factories import CaseFactory, at_cxm, at_director, build_organisation, submitted_case
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

FOCUSABLE = {"input", "select", "textarea", "button"}


def summary_links(html):
    """Checks the page's error summary and returns its links as (target id, error message)."""
    soup = BeautifulSoup(html, "html.parser")
    summaries = soup.select("[data-error-summary]")
    assert len(summaries) == 1, f"expected one error summary, found {len(summaries)}"
    summary = summaries[0]
    assert summary.get("tabindex") == "-1", "the summary must be able to take focus"
    links = []
    for link in summary.select("a"):
        href = link.get("href", "")
        assert re.fullmatch(r"#\S+", href), f"{link.get_text()!r} links to {href!r}"
        target = soup.find(id=href[1:])
        assert target is not None, f"{link.get_text()!r} links to {href}, which is not on the page"
        assert target.name in FOCUSABLE or target.get("tabindex") is not None, f"{href} cannot take focus"
        assert target.get("aria-invalid") == "true", f"{href} is not marked invalid"
        text = link.get_text(" ", strip=True)
        described = [part.strip() for found in _describing_texts(soup, target) for part in found.split("Error:")]
        assert any(part and text.endswith(part) for part in described), f"{href} is not described by {text!r}"
        links.append((href[1:], text))
    return links


def _describing_texts(soup, target):
    """What a screen reader reads as the field's description: its own, and its group's."""
    for element in [target, target.find_parent("fieldset")]:
        for ref in ((element or {}).get("aria-describedby") or "").split():
            described = soup.find(id=ref)
            assert described is not None, f"aria-describedby names {ref}, which is not on the page"
            yield described.get_text(" ", strip=True)


def assert_errors_lead_to_fields(response, *expected_targets):
    assert response.status_code == 400 or (response.status_code == 200 and "There is a problem" in response.text)
    targets = [target for target, _ in summary_links(response.content.decode())]
    for expected in expected_targets:
        assert expected in targets, f"no summary link to {expected} in {targets}"
    return targets


@pytest.fixture
def org():
    return build_organisation()


# --- Signed out ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data", [{}, {"username": "sali", "password": "wrong"}, {"username": "x" * 200}], ids=["empty", "wrong", "long"]
)
def test_sign_in(client, org, data):
    response = client.post("/sign-in/", data)
    summary_links(response.content.decode())


def test_sign_in_says_how_long_a_session_lasts_in_minutes(client, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    assert "signed out after 30 minutes without activity" in client.get("/sign-in/").text
    settings.SESSION_COOKIE_AGE = 2 * 60 * 60
    assert "signed out after 2 hours without activity" in client.get("/sign-in/").text


@pytest.mark.parametrize("data", [{}, {"email": "not an address"}], ids=["empty", "bad-email"])
def test_password_reset(client, data):
    assert_errors_lead_to_fields(client.post("/password-reset/", data), "id_email")


@pytest.mark.parametrize(
    ("data", "target"),
    [
        ({}, "id_new_password1"),
        ({"new_password1": "a-Long-passphrase-1", "new_password2": "different"}, "id_new_password2"),
        ({"new_password1": "abc", "new_password2": "abc"}, "id_new_password2"),
    ],
    ids=["empty", "mismatch", "too-weak"],
)
def test_choosing_a_new_password(client, org, data, target):
    uid = urlsafe_base64_encode(force_bytes(org.sali.pk))
    token = default_token_generator.make_token(org.sali)
    form_url = client.get(f"/password-reset/{uid}/{token}/")["Location"]
    assert_errors_lead_to_fields(client.post(form_url, data), target)


# --- The report ----------------------------------------------------------------------------

EVERY_REPORT_ERROR = [
    "id_customer_query",  # nobody found: no resident to choose, so the search box
    "id_first_incident_date",
    "id_channels_0",
    "id_categories_0",
    "id_what_happened",
    "id_impact",
    "id_resident_told_0",
]


def test_an_empty_report_sent_leads_to_every_field_and_keeps_no_draft(client, org):
    client.force_login(org.sali)
    response = client.post("/cases/report/", {"action": "submit"})
    targets = assert_errors_lead_to_fields(response, *EVERY_REPORT_ERROR)
    assert len(targets) == len(EVERY_REPORT_ERROR)
    # Pressing it again starts no pile of empty drafts either.
    client.post("/cases/report/", {"action": "submit"})
    assert not Case.objects.exists()


def test_an_empty_report_saved_keeps_no_draft_and_says_why(client, org):
    client.force_login(org.sali)
    response = client.post("/cases/report/", {"action": "save"})
    assert response.status_code == 400
    assert "There is nothing to save yet" in response.text
    summary_links(response.text)
    assert not Case.objects.exists()


def test_a_report_with_something_typed_still_keeps_it_as_a_draft(client, org):
    client.force_login(org.sali)
    response = client.post("/cases/report/", {"action": "submit", "what_happened": "He shouted."})
    assert_errors_lead_to_fields(response, "id_impact", "id_channels_0")
    assert Case.objects.get().what_happened == "He shouted."


def test_residents_found_but_none_chosen_leads_to_the_first_of_them(client, org):
    CustomerFactory(name="Aisha Barker", address="Flat 1, Birch Walk")
    CustomerFactory(name="Ben Birch", address="2 Oak Road")
    client.force_login(org.sali)
    response = client.post("/cases/report/", {"action": "submit", "customer_query": "birch", "impact": "x"})
    assert_errors_lead_to_fields(response, "id_customer_0")


@pytest.mark.parametrize(
    ("bad", "target"),
    [
        ({"first_incident_date": "31/02/2026"}, "id_first_incident_date"),
        ({"first_incident_date": "2026-02-01", "last_incident_date": "2026-01-01"}, "id_last_incident_date"),
        ({"channels": ["carrier-pigeon"]}, "id_channels_0"),
        ({"categories": ["rudeness"]}, "id_categories_0"),
        ({"resident_told": "perhaps"}, "id_resident_told_0"),
        ({"customer": "999999"}, "id_customer_"),
        ({"open_complaint_reference": "C" * 500}, "id_open_complaint_reference"),
        ({"evidence": [SimpleUploadedFile("tool.exe", b"MZ\x90\x00" + b"\x00" * 60)]}, "id_evidence"),
    ],
    ids=["impossible-date", "dates-reversed", "channel", "category", "told", "resident", "too-long", "file"],
)
@pytest.mark.parametrize("draft", [False, True], ids=["new", "draft"])
def test_a_report_with_bad_values(client, org, bad, target, draft):
    customer = CustomerFactory()
    client.force_login(org.sali)
    url = f"/cases/{CaseFactory(reporter=org.sali, customer=customer).pk}/edit/" if draft else "/cases/report/"
    response = client.post(url, {"action": "submit", "what_happened": "Shouted.", **bad})
    # A draft's resident is there to choose again; a new report has only the search box.
    target = {"id_customer_": "id_customer_0" if draft else "id_customer_query"}.get(target, target)
    assert_errors_lead_to_fields(response, target)


# --- The case ------------------------------------------------------------------------------


def _decide(client, case, data):
    return client.post(f"/cases/{case.pk}/decide/", {"step": case.current_step_id, **data})


@pytest.mark.parametrize(
    ("data", "targets"),
    [
        ({}, ["id_choice_0"]),
        ({"choice": "sideways", "recommendation_kind": "banishment"}, ["id_choice_0", "id_recommendation_kind_0"]),
        ({"choice": "close"}, ["id_rationale"]),
    ],
    ids=["empty", "bad-choices", "no-reasons"],
)
def test_line_manager_decision(client, org, data, targets):
    case = submitted_case(org.sali)
    client.force_login(org.tnguyen)
    assert_errors_lead_to_fields(_decide(client, case, data), *targets)


@pytest.mark.parametrize(
    ("data", "targets"),
    [
        ({}, ["id_choice_0"]),
        (
            {"choice": "recommend", "complaint_status": "lost", "duration_months": "99", "restriction_types": ["x"]},
            ["id_complaint_status_0", "id_duration_months", "id_restriction_types_0"],
        ),
        (
            {"choice": "recommend", "complaint_status": "handled", "rationale": "Because."},
            ["id_vulnerability_considered"],
        ),
    ],
    ids=["empty", "bad-values", "missing-for-the-service"],
)
def test_customer_experience_manager_decision(client, org, data, targets):
    case = at_cxm(org)
    client.force_login(org.rkaur)
    assert_errors_lead_to_fields(_decide(client, case, data), *targets)


@pytest.mark.parametrize(
    ("data", "targets"),
    [
        ({}, ["id_choice_0"]),
        ({"choice": "approve_amended", "review_interval_months": "13"}, ["id_review_interval_months"]),
    ],
    ids=["empty", "bad-values"],
)
def test_director_decision(client, org, data, targets):
    case = at_director(org)
    client.force_login(org.pshah)
    assert_errors_lead_to_fields(_decide(client, case, data), *targets)


@pytest.mark.parametrize("text", ["", "x" * 10001], ids=["empty", "too-long"])
def test_comment(client, org, text):
    case = submitted_case(org.sali)
    client.force_login(org.tnguyen)
    assert_errors_lead_to_fields(client.post(f"/cases/{case.pk}/comment/", {"text": text}), "id_comment_text")


@pytest.mark.parametrize("keep", [["not-a-person"], ["999999"]], ids=["not-an-id", "nobody"])
def test_marking_sensitive(client, org, keep):
    case = submitted_case(org.sali)
    client.force_login(org.tnguyen)
    assert_errors_lead_to_fields(client.post(f"/cases/{case.pk}/sensitive/", {"keep": keep}), "id_keep_0")


@pytest.mark.parametrize("person", [None, "999999"], ids=["empty", "nobody"])
def test_naming_someone(client, org, person):
    case = submitted_case(org.sali)
    services.mark_sensitive(case, org.tnguyen, [org.tnguyen])
    client.force_login(org.tnguyen)
    data = {"person": person} if person else {}
    assert_errors_lead_to_fields(client.post(f"/cases/{case.pk}/name-someone/", data), "id_person")


@pytest.mark.parametrize("text", ["", "x" * 10001], ids=["empty", "too-long"])
def test_question(client, org, text):
    case = submitted_case(org.sali)
    client.force_login(org.tnguyen)
    assert_errors_lead_to_fields(client.post(f"/cases/{case.pk}/ask/", {"text": text}), "id_question_text")


@pytest.mark.parametrize("answer", ["", "x" * 10001], ids=["empty", "too-long"])
def test_answer(client, org, answer):
    case = submitted_case(org.sali)
    question = services.ask_reporter(case, org.tnguyen, "Who else was on the call?")
    client.force_login(org.sali)
    response = client.post(f"/cases/{case.pk}/questions/{question.pk}/answer/", {"answer": answer})
    assert_errors_lead_to_fields(response, f"answer-{question.pk}")


@pytest.mark.parametrize(
    ("data", "targets"),
    [
        ({}, ["id_in_force_start_date", "id_in_force_flag_kind_0", "id_in_force_handling_instruction"]),
        (
            {"start_date": "31/02/2027", "flag_kind": "contact_arrangements", "handling_instruction": "x" * 301},
            ["id_in_force_start_date", "id_in_force_handling_instruction"],
        ),
        (
            {
                # Days ahead of the test's own day: a start within the 90 days allowed, told after it.
                "start_date": (datetime.date.today() + datetime.timedelta(days=10)).isoformat(),
                "communicated_on": (datetime.date.today() + datetime.timedelta(days=15)).isoformat(),
                "flag_kind": "violence",
                "handling_instruction": "Pairs.",
            },
            ["id_in_force_communicated_on"],
        ),
    ],
    ids=["empty", "bad-values", "told-after-it-starts"],
)
def test_bringing_a_restriction_into_force(client, org, data, targets):
    from tests.casework.factories import closed_case

    case = closed_case(org)
    restriction = case.restrictions.get()
    client.force_login(org.rkaur)
    response = client.post(f"/cases/{case.pk}/restrictions/{restriction.pk}/in-force/", data)
    assert_errors_lead_to_fields(response, *targets)


@pytest.mark.parametrize(
    ("data", "targets"),
    [
        ({}, ["id_raise_flag_kind_0", "id_raise_flag_handling_instruction", "id_raise_flag_resident_told_0"]),
        (
            {
                "kind": "violence",
                "handling_instruction": "Pairs.",
                "resident_told": "yes",
                "next_review_date": (datetime.date.today() + datetime.timedelta(days=60)).isoformat(),
            },
            ["id_raise_flag_told_on"],
        ),
    ],
    ids=["empty", "told-without-a-date"],
)
def test_raising_a_red_flag(client, org, data, targets):
    case = at_cxm(org)
    client.force_login(org.rkaur)
    assert_errors_lead_to_fields(client.post(f"/cases/{case.pk}/flags/raise/", data), *targets)


def test_ending_a_red_flag(client, org):
    from casework.services import flags

    case = at_cxm(org)
    flag = flags.raise_flag(
        case.customer,
        org.rkaur,
        "verbal_abuse",
        "Two staff.",
        datetime.date.today() + datetime.timedelta(days=60),
        "yes",
        told_on=datetime.date(2026, 1, 5),
        case=case,
    )
    client.force_login(org.rkaur)
    response = client.post(f"/cases/{case.pk}/flags/{flag.pk}/end/", {})
    assert_errors_lead_to_fields(response, f"id_end-flag-{flag.pk}-reason")


@pytest.mark.parametrize(
    ("data", "targets"),
    [
        ({}, ["id_subject", "id_body", "id_named_contact", "id_allowed_channel_0"]),
        (
            {"subject": "Heading", "body": "Dear {{ reporter_name }}", "named_contact": "x", "allowed_channel": "fax"},
            ["id_allowed_channel_0"],
        ),
        (
            {
                "subject": "Heading",
                "body": "Dear {{ reporter_name }}",
                "named_contact": "x",
                "allowed_channel": "email",
            },
            ["id_body"],
        ),
    ],
    ids=["empty", "bad-channel", "unknown-placeholder"],
)
def test_a_letters_wording(client, org, data, targets):
    from casework.services import letters
    from tests.casework.letters import letters_ready, restriction_case

    letters_ready()
    draft = letters.prepare_letter(restriction_case(org), org.rkaur, "restriction")
    client.force_login(org.rkaur)
    assert_errors_lead_to_fields(client.post(f"/cases/{draft.case_id}/letters/{draft.pk}/", data), *targets)


@pytest.mark.parametrize(
    ("data", "targets"),
    [
        ({"decided_from": "1 April", "kind": "nothing"}, ["id_decided_from", "id_kind"]),
        ({"decided_from": "2026-05-01", "decided_to": "2026-04-01"}, ["id_decided_to"]),
    ],
    ids=["bad-values", "period-backwards"],
)
def test_filtering_the_register(client, org, data, targets):
    client.force_login(org.jclarke)
    assert_errors_lead_to_fields(client.get("/cases/register/", data), *targets)


@pytest.mark.parametrize("words", ["x" * 201, "limited\x00contact"], ids=["too-long", "null-character"])
def test_refusing_an_admin_search(client, words):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw-not-used"))
    assert_errors_lead_to_fields(client.get("/admin/pages/search/", {"q": words}), "id_q")


@pytest.mark.parametrize(
    ("data", "targets"),
    [({}, ["id_start", "id_end"]), ({"start": "2026-04-01", "end": "April"}, ["id_end"])],
    ids=["empty", "bad-date"],
)
def test_choosing_the_equality_period(client, org, data, targets):
    client.force_login(org.jclarke)
    assert_errors_lead_to_fields(client.get("/cases/register/equality/", {"x": "1", **data}), *targets)
    assert_errors_lead_to_fields(client.get("/cases/register/board/", {"x": "1", **data}), *targets)


@pytest.mark.parametrize(
    "upload",
    [None, SimpleUploadedFile("people.csv", b"name,address\nA,B\n", content_type="text/csv")],
    ids=["empty", "no-reference-column"],
)
def test_importing_residents(client, org, upload):
    client.force_login(org.jclarke)
    response = client.post("/admin/residents/import/", {"file": upload} if upload else {})
    assert_errors_lead_to_fields(response, "id_file")


@pytest.mark.parametrize(
    ("data", "targets"),
    [
        ({}, ["id_issue_method_0", "id_issue_format_0", "id_issue_recipient_0"]),
        ({"method": "post", "format": "large_print", "recipient": "both"}, ["id_issue_third_party_name"]),
        (
            {"method": "post", "format": "large_print", "recipient": "resident", "third_party_name": "x" * 201},
            ["id_issue_third_party_name"],
        ),
    ],
    ids=["empty", "third-party-without-a-name", "overlong"],
)
def test_issuing_a_letter(client, org, data, targets):
    from tests.casework.letters import letters_ready, restriction_draft

    letters_ready()
    draft = restriction_draft(org)
    client.force_login(org.rkaur)
    data = {**data, "previewed": draft.updated_at.isoformat()}
    assert_errors_lead_to_fields(client.post(f"/cases/{draft.case_id}/letters/{draft.pk}/issue/", data), *targets)


def _appeal(org, head_decides=False):
    from django.utils import timezone

    from casework.services import appeals, restrictions
    from tests.casework.factories import approved_on, closed_case

    case = closed_case(org)
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=10))
    restriction = restrictions.bring_into_force(restriction, org.rkaur, today, today)
    appeal = appeals.record_appeal(restriction, org.mjones, today, "letter", "Unfair.")
    if head_decides:
        appeal = appeals.declare_conflict(appeal, org.omensah, "A neighbour.")
    return restriction, appeal


@pytest.mark.parametrize(
    ("data", "targets"),
    [
        ({}, ["id_received_on", "id_channel_0", "id_grounds"]),
        ({"received_on": "2099-01-01", "channel": "email", "grounds": "x"}, ["id_received_on"]),
        ({"received_on": "yesterday", "channel": "pigeon", "grounds": "x" * 10001}, ["id_received_on", "id_grounds"]),
    ],
    ids=["empty", "future", "bad-values"],
)
def test_recording_an_appeal(client, org, data, targets):
    restriction, appeal = _appeal(org)
    appeal.status = "decided"  # a second appeal may be recorded once the first is decided
    appeal.outcome, appeal.reasons = "upheld", "Stands."
    from django.utils import timezone

    appeal.decided_at = timezone.now()
    appeal.save()
    client.force_login(org.sali)
    assert_errors_lead_to_fields(client.post(f"/residents/restrictions/{restriction.pk}/appeal/", data), *targets)


@pytest.mark.parametrize(
    ("data", "targets"),
    [
        ({}, ["id_decide-outcome_0", "id_decide-reasons"]),
        ({"decide-outcome": "varied", "decide-reasons": "Kinder."}, ["id_decide-new_terms"]),
    ],
    ids=["empty", "varied-without-terms"],
)
def test_deciding_an_appeal(client, org, data, targets):
    _, appeal = _appeal(org)
    client.force_login(org.omensah)
    url = f"/cases/{appeal.case_id}/appeals/{appeal.pk}/decide/"
    assert_errors_lead_to_fields(client.post(url, data), *targets)


def test_declaring_a_conflict(client, org):
    _, appeal = _appeal(org)
    client.force_login(org.omensah)
    url = f"/cases/{appeal.case_id}/appeals/{appeal.pk}/conflict/"
    assert_errors_lead_to_fields(client.post(url, {}), "id_conflict-reason")


def test_naming_who_decides_an_appeal(client, org):
    _, appeal = _appeal(org, head_decides=True)
    client.force_login(org.jclarke)
    url = f"/cases/{appeal.case_id}/appeals/{appeal.pk}/name/"
    assert_errors_lead_to_fields(client.post(url, {"name-person": "999"}), "id_name-person_0")


# --- Nothing left out ----------------------------------------------------------------------

WALKED = {
    "SignInForm": test_sign_in,
    "QueuedPasswordResetForm": test_password_reset,
    "ReportForm": test_a_report_with_bad_values,
    "LineManagerDecisionForm": test_line_manager_decision,
    "CxmDecisionForm": test_customer_experience_manager_decision,
    "DirectorDecisionForm": test_director_decision,
    "CommentForm": test_comment,
    "SensitiveForm": test_marking_sensitive,
    "NamePersonForm": test_naming_someone,
    "QuestionForm": test_question,
    "AnswerForm": test_answer,
    "InForceForm": test_bringing_a_restriction_into_force,
    "RaiseFlagForm": test_raising_a_red_flag,
    "EndFlagForm": test_ending_a_red_flag,
    "RegisterFilterForm": test_filtering_the_register,
    "ResidentImportForm": test_importing_residents,
    "PeriodForm": test_choosing_the_equality_period,
    "LetterDraftForm": test_a_letters_wording,
    "IssueLetterForm": test_issuing_a_letter,
    "RecordAppealForm": test_recording_an_appeal,
    "DecideAppealForm": test_deciding_an_appeal,
    "AppealConflictForm": test_declaring_a_conflict,
    "NameDeciderForm": test_naming_who_decides_an_appeal,
    "AdminSearchForm": test_refusing_an_admin_search,
}
# Forms without an error summary, and why.
WITHOUT_SUMMARY = {
    "SearchForm": "one search box: an overlong search is refused with its message beside the box",
    "RecommendationFields": "part of the CXM and director decision forms",
}


def test_every_form_is_walked():
    found = {
        name
        for module in (home.forms, casework.forms, casework.register_forms)
        for module in (home.forms, casework.forms, casework.letter_forms, casework.appeal_forms)
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
    }
    assert found - set(WALKED) - set(WITHOUT_SUMMARY) == set()
