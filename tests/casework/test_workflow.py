"""The chain's rules, enforced by the service layer: who may act, once, in order."""

import pytest

from casework import permissions, services
from casework.models import Case, Decision, Step
from home.models import Notification
from tests.casework.factories import (
    RESTRICTIONS,
    CaseFactory,
    at_cxm,
    at_director,
    closed_case,
    cxm_recommends,
    submitted_case,
)


def test_submitting_sends_the_report_to_the_reporters_line_manager(org):
    case = submitted_case(org.sali)
    assert case.status == Case.Status.WITH_LINE_MANAGER
    assert list(case.current_step.assignees.all()) == [org.tnguyen]
    assert permissions.has_chain_access(org.tnguyen, case)
    assert Notification.objects.filter(recipient=org.tnguyen, kind="assigned").exists()
    assert case.current_step.due_date > case.submitted_at.date()


def test_no_line_manager_goes_straight_to_the_cxms_and_says_why(org):
    case = submitted_case(org.cwright)
    assert case.status == Case.Status.WITH_CXM
    assert set(case.current_step.assignees.all()) == {org.rkaur, org.ebrown}
    assert "no line manager on record" in case.routing_note


def test_immediate_risk_notifies_the_line_manager_at_once_as_urgent(org):
    case = submitted_case(org.sali, immediate_risk=True)
    note = Notification.objects.get(recipient=org.tnguyen)
    assert note.subject.startswith("URGENT")
    assert case.immediate_risk


def test_incomplete_report_cannot_be_submitted(org):
    case = CaseFactory(reporter=org.sali, what_happened="", categories=[])
    with pytest.raises(services.IncompleteReport) as error:
        services.submit_report(case, org.sali)
    assert set(error.value.missing) == {"what_happened", "categories"}
    case.refresh_from_db()
    assert case.is_draft


def test_only_the_reporter_submits_and_only_once(org):
    case = CaseFactory(reporter=org.sali)
    with pytest.raises(services.NotAllowed):
        services.submit_report(case, org.mjones)
    services.submit_report(case, org.sali)
    with pytest.raises(services.AlreadyDecided):
        services.submit_report(case, org.sali)


def test_line_manager_closes_with_no_further_action_and_the_reporter_is_told(org):
    case = submitted_case(org.sali)
    services.decide_as_line_manager(case, org.tnguyen, "close", "One-off, the resident apologised.")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.outcome == Case.Outcome.NO_FURTHER_ACTION
    told = Notification.objects.get(recipient=org.sali, kind="decision")
    assert told.subject == f"Decision on your report {case.reference}"
    assert "no further action" in services.reporter_outcome_text(case)


def test_closing_needs_a_rationale(org):
    case = submitted_case(org.sali)
    with pytest.raises(services.CaseworkError, match="reasons"):
        services.decide_as_line_manager(case, org.tnguyen, "close", "  ")
    case.refresh_from_db()
    assert case.status == Case.Status.WITH_LINE_MANAGER
    assert not Decision.objects.exists()


@pytest.mark.parametrize("who", ["mjones", "lwilliams", "rkaur", "pshah", "sali", "jclarke"])
def test_nobody_but_the_assignee_decides_the_line_manager_step(org, who):
    case = submitted_case(org.sali)
    with pytest.raises(services.NotAllowed):
        services.decide_as_line_manager(case, getattr(org, who), "close", "Not mine to decide.")
    assert not Decision.objects.exists()


def test_a_step_cannot_be_decided_twice(org):
    case = submitted_case(org.sali)
    services.decide_as_line_manager(case, org.tnguyen, "escalate", "Serious.", "warning_letter")
    with pytest.raises(services.AlreadyDecided):
        services.decide_as_line_manager(case, org.tnguyen, "close", "Changed my mind.")
    assert Decision.objects.count() == 1


def test_steps_cannot_be_taken_out_of_order(org):
    case = submitted_case(org.sali)
    with pytest.raises(services.NotAllowed):
        services.decide_as_cxm(case, org.rkaur, "recommend", "Too early.", "handled", "Considered.", **RESTRICTIONS)
    with pytest.raises(services.NotAllowed):
        services.decide_as_director(case, org.pshah, "approve", "Too early.")


def test_escalation_reaches_every_cxm_and_the_first_to_decide_records_the_step(org):
    case = at_cxm(org)
    assert set(case.current_step.assignees.all()) == {org.rkaur, org.ebrown}
    cxm_recommends(case, org.rkaur)
    with pytest.raises(services.CaseworkError):
        services.decide_as_cxm(case, org.ebrown, "recommend", "Me too.", "handled", "Considered.", **RESTRICTIONS)
    assert Decision.objects.filter(step__kind=Step.Kind.CXM).count() == 1


def test_cxm_must_record_complaint_handling_and_vulnerability(org):
    case = at_cxm(org)
    with pytest.raises(services.CaseworkError, match="Complaints Policy"):
        services.decide_as_cxm(case, org.rkaur, "recommend", "Reasons.", "", "Considered.", **RESTRICTIONS)
    with pytest.raises(services.CaseworkError, match="vulnerability"):
        services.decide_as_cxm(case, org.rkaur, "recommend", "Reasons.", "handled", " ", **RESTRICTIONS)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"duration_months": 19}, "18 months"),
        ({"duration_months": None}, "18 months"),
        ({"review_interval_months": 13}, "12 months"),
        ({"restriction_types": []}, "type of restriction"),
        ({"restriction_types": ["made_up"]}, "type of restriction"),
        ({"terms": ""}, "terms"),
    ],
)
def test_restrictions_are_structured_and_bounded(org, override, message):
    case = at_cxm(org)
    with pytest.raises(services.CaseworkError, match=message):
        services.decide_as_cxm(
            case, org.rkaur, "recommend", "Reasons.", "handled", "Considered.", **{**RESTRICTIONS, **override}
        )
    assert not Decision.objects.filter(step__kind=Step.Kind.CXM).exists()


def test_director_approves_and_the_structured_recommendation_is_the_outcome(org):
    case = closed_case(org)
    assert case.outcome == Case.Outcome.APPROVED
    recommendation = case.final_recommendation
    assert recommendation.kind == "restrictions"
    assert recommendation.restriction_types == ["one_channel", "named_contact"]
    assert (recommendation.duration_months, recommendation.review_interval_months) == (6, 3)
    told = Notification.objects.get(recipient=org.sali, kind="decision")
    # The notice only points to the report: the outcome is read on the case page.
    assert "restricted" not in told.body and case.reference in told.body
    assert "restricted for 6 months" in services.reporter_outcome_text(case)


def test_director_approves_with_amendments(org):
    case = at_director(org)
    services.decide_as_director(
        case, org.pshah, "approve_amended", "Shorter is enough.", **{**RESTRICTIONS, "duration_months": 3}
    )
    case.refresh_from_db()
    assert case.outcome == Case.Outcome.APPROVED_AMENDED
    assert case.final_recommendation.duration_months == 3


def test_director_rejects_with_rationale(org):
    case = at_director(org)
    services.decide_as_director(case, org.omensah, "reject", "Not proportionate yet: send a warning first.")
    case.refresh_from_db()
    assert case.outcome == Case.Outcome.REJECTED
    assert case.final_recommendation is None


def test_cxm_no_action_closes_without_a_director(org):
    case = at_cxm(org)
    cxm_recommends(case, org.rkaur, recommendation_kind="no_action")
    assert case.status == Case.Status.CLOSED
    assert case.outcome == Case.Outcome.NO_FURTHER_ACTION


def test_returns_go_back_one_step_to_the_same_people(org):
    case = at_director(org)
    services.decide_as_director(case, org.pshah, "return", "Please check the complaint status.")
    case.refresh_from_db()
    assert case.status == Case.Status.WITH_CXM
    # The CXM who recommended decides again; nobody else who took part is added.
    cxm_recommends(case, org.rkaur)
    case.refresh_from_db()
    assert case.status == Case.Status.WITH_DIRECTOR
    services.decide_as_director(case, org.pshah, "approve", "Now complete.")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_cxm_returns_to_the_line_manager(org):
    case = at_cxm(org)
    services.decide_as_cxm(case, org.ebrown, "return", "Ask the officer for the call recording.")
    case.refresh_from_db()
    assert case.status == Case.Status.WITH_LINE_MANAGER
    assert list(case.current_step.assignees.all()) == [org.tnguyen]


def test_a_cxm_without_a_line_manager_step_cannot_return_it(org):
    case = submitted_case(org.cwright)
    with pytest.raises(services.CaseworkError, match="line manager"):
        services.decide_as_cxm(case, org.rkaur, "return", "Back.")
    case.refresh_from_db()
    assert case.status == Case.Status.WITH_CXM


def test_nobody_decides_a_later_step_of_a_case_they_took_part_in(org):
    """A director who reported the behaviour is not assigned the director step."""
    case = submitted_case(org.pshah)  # pshah's line manager: none in this organisation
    assert org.pshah not in case.current_step.assignees.all()
    cxm_recommends(case, org.rkaur)
    assert list(case.current_step.assignees.all()) == [org.omensah]
    with pytest.raises(services.NotAllowed):
        services.decide_as_director(case, org.pshah, "approve", "My own report.")


def test_an_earlier_approver_cannot_decide_a_later_step_even_if_assigned(org):
    case = at_director(org)
    case.current_step.assign([org.rkaur])  # e.g. added by hand
    with pytest.raises(services.NotAllowed, match="already taken part"):
        services.decide_as_director(case, org.rkaur, "approve", "Rubber stamp.")


def test_line_manager_asks_and_the_reporter_answers_in_the_case(org):
    case = submitted_case(org.sali)
    question = services.ask_reporter(case, org.tnguyen, "Do you have the call recording?")
    assert Notification.objects.filter(recipient=org.sali, kind="question").exists()
    with pytest.raises(services.NotAllowed):
        services.answer_question(question, org.mjones, "Not me.")
    services.answer_question(question, org.sali, "Yes, attached to the phone system note.")
    assert Notification.objects.filter(recipient=org.tnguyen, kind="question").exists()
    with pytest.raises(services.AlreadyDecided):
        services.answer_question(question, org.sali, "Again.")


def test_lists_show_a_question_waiting_for_the_reporter_until_it_is_answered(org, client):
    case = submitted_case(org.sali)
    question = services.ask_reporter(case, org.tnguyen, "Do you have the call recording?")
    client.force_login(org.sali)
    assert "A question for you" in client.get("/cases/mine/").text
    client.force_login(org.tnguyen)
    assert "Waiting for the reporter's answer" in client.get("/cases/awaiting-my-decision/").text
    services.answer_question(question, org.sali, "Yes.")
    assert "Waiting for the reporter's answer" not in client.get("/cases/awaiting-my-decision/").text
    client.force_login(org.sali)
    assert "A question for you" not in client.get("/cases/mine/").text


def test_questions_and_answers_stay_in_the_intranet_not_in_email(org):
    case = submitted_case(org.sali)
    question = services.ask_reporter(case, org.tnguyen, "Did she mention her diagnosis?")
    services.answer_question(question, org.sali, "Yes, she said her medication changed.")
    bodies = " ".join(Notification.objects.filter(kind="question").values_list("body", flat=True))
    assert "diagnosis" not in bodies
    assert "medication" not in bodies
    assert "Open the report to read and answer it" in bodies


@pytest.mark.parametrize("who", ["sali", "mjones", "rkaur"])
def test_only_the_line_manager_asks_the_reporter(org, who):
    case = submitted_case(org.sali)
    with pytest.raises(services.NotAllowed):
        services.ask_reporter(case, getattr(org, who), "Anything else?")


def test_comments_only_from_people_in_the_chain(org):
    case = at_cxm(org)
    services.add_comment(case, org.ebrown, "I know this resident from a previous case.")
    for outsider in (org.sali, org.mjones, org.pshah):
        with pytest.raises(services.NotAllowed):
            services.add_comment(case, outsider, "Hello")


def test_timeline_records_every_step_with_who_and_why(org):
    case = closed_case(org)
    summaries = list(case.events.values_list("summary", flat=True))
    assert summaries[0] == "Report submitted"
    assert any(s.startswith("Line manager escalated") for s in summaries)
    assert any(s.startswith("Recommended: Restrictions") for s in summaries)
    assert summaries[-1] == "Final decision: Approved as recommended"
    reporter_lines = list(case.events.filter(shown_to_reporter=True).values_list("detail", flat=True))
    # What the reporter may read carries no internal rationale until the final one.
    assert "Repeated abuse." not in reporter_lines


def test_email_is_sent_after_commit_by_the_task_worker(org, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submitted_case(org.sali, immediate_risk=True)
    # The line manager first; the CXMs and the head of customer services are told at once too.
    assert [m.to for m in mailoutbox][0] == [org.tnguyen.email]
    assert {m.to[0] for m in mailoutbox[1:]} == {org.rkaur.email, org.ebrown.email, org.jclarke.email}
    assert all("URGENT" in m.subject for m in mailoutbox)


def test_a_line_manager_recommending_restrictions_is_shown_without_empty_details(org, client):
    case = at_cxm(org)
    escalation = case.steps.get(kind="line_manager").decision.recommendation
    assert escalation.summary() == "Restrictions"
    client.force_login(org.rkaur)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "None months" not in page
    assert "recommending: restrictions<" in page


def test_a_recommendation_of_restrictions_reads_in_words():
    from casework.models import Recommendation

    recommendation = Recommendation(
        kind="restrictions", restriction_types=["one_channel"], duration_months=1, review_interval_months=3
    )
    assert recommendation.summary() == "Restrictions for 1 month, reviewed every 3 months: One channel of contact only"
