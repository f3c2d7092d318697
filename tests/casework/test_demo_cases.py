"""The demo's cases: made through the service layer, at different steps, once."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from casework import demo, demo_outcomes, permissions, services
from casework.models import Case, CaseEvent, CaseUserObjectPermission, Comment, Question, Step
from casework.views import awaiting_queryset
from home.models import Notification
from tests.casework.factories import RESTRICTIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings):
    settings.DEMO_PASSWORD = "demo-password-123"
    call_command("load_demo")
    return {user.username: user for user in get_user_model().objects.all()}


def demo_case(title):
    story = next(story for story in demo.DEMO_CASES if story.title.startswith(title))
    return Case.objects.get(reporter__username=story.reporter, what_happened=story.report["what_happened"])


def queue(user):
    return [case.reporter.username for case in awaiting_queryset(user)]


def snapshot():
    """Every row the demo's cases write, as plain values."""
    rows = {}
    for label in [
        "casework.Case",
        "casework.Step",
        "casework.Decision",
        "casework.Recommendation",
        "casework.Question",
        "casework.Comment",
        "casework.CaseEvent",
        "casework.EvidenceFile",
        "home.Notification",
        "casework.CaseUserObjectPermission",
    ]:
        rows[label] = sorted(apps.get_model(label).objects.values_list(), key=repr)
    rows["assignees"] = sorted(Step.assignees.through.objects.values_list("step_id", "user_id"))
    return rows


def test_the_demo_cases_are_at_different_steps(loaded):
    assert len(demo.DEMO_CASES) == 6 and len(demo_outcomes.APPROVED_RESTRICTIONS) == 2
    assert Case.objects.count() == 9  # and one waiting for its restriction letter (casework.demo_letters)
    assert Case.objects.filter(reporter__username="sali").count() == 0

    with_line_manager = demo_case("waiting for the line manager")
    assert with_line_manager.status == Case.Status.WITH_LINE_MANAGER
    assert list(with_line_manager.current_step.assignees.all()) == [loaded["tnguyen"]]

    escalated = demo_case("escalated by lwilliams")
    assert escalated.status == Case.Status.WITH_CXM
    assert escalated.customer is None and escalated.unlisted_customer_name == "Mr D. Hale"
    assert set(escalated.current_step.assignees.all()) == {loaded["rkaur"], loaded["ebrown"]}

    at_director = demo_case("restrictions recommended by rkaur")
    assert at_director.status == Case.Status.WITH_DIRECTOR
    assert set(at_director.current_step.assignees.all()) == {loaded["pshah"], loaded["omensah"]}
    recommended = at_director.decisions.get(step__kind=Step.Kind.CXM)
    assert recommended.decided_by == loaded["rkaur"]
    assert recommended.recommendation.kind == "restrictions"
    assert at_director.comments.get().author == loaded["rkaur"]

    urgent = demo_case("no line manager")
    assert urgent.status == Case.Status.WITH_CXM and urgent.immediate_risk
    assert "no line manager on record" in urgent.routing_note
    assert not urgent.steps.filter(kind=Step.Kind.LINE_MANAGER).exists()

    decided = demo_case("decided")
    assert decided.status == Case.Status.CLOSED
    assert decided.outcome == Case.Outcome.APPROVED
    assert decided.final_recommendation.kind == "warning_letter"
    assert [d.decided_by.username for d in decided.decisions.all()] == ["lwilliams", "ebrown", "omensah"]

    asked = demo_case("tnguyen asked mjones")
    assert asked.status == Case.Status.WITH_LINE_MANAGER
    question = asked.questions.get()
    assert question.asked_by == loaded["tnguyen"] and not question.answered_at


def test_every_queue_has_something_and_sali_sees_nothing(loaded):
    assert queue(loaded["tnguyen"]) == ["mjones", "mjones"]
    assert queue(loaded["lwilliams"]) == []
    # The immediate risk comes first.
    assert queue(loaded["rkaur"]) == queue(loaded["ebrown"]) == ["cwright", "kobi"]
    assert queue(loaded["pshah"]) == queue(loaded["omensah"]) == ["mjones"]
    assert queue(loaded["sali"]) == []
    assert not permissions.visible_cases(loaded["sali"]).exists()
    assert not Notification.objects.filter(recipient=loaded["sali"]).exists()
    assert permissions.visible_cases(loaded["mjones"]).count() == 3
    assert permissions.visible_cases(loaded["kobi"]).count() == 2


def test_access_events_and_notifications_are_the_services(loaded):
    # Access: only the people each case reached, object by object.
    for username, expected in {
        "tnguyen": 3,
        "lwilliams": 2,
        # with the two of cwright's reports whose restrictions are in force, and the one waiting for its letter
        "rkaur": 7,
        "ebrown": 7,
        "pshah": 5,
        "omensah": 5,
        "jclarke": 1,  # the urgent report reaches the head of customer services at once
        "mjones": 0,
        "gevans": 0,
    }.items():
        assert permissions.cases_shared_with(loaded[username]).count() == expected, username
    assert not permissions.has_chain_access(loaded["lwilliams"], demo_case("waiting for the line manager"))
    # The timeline of the decided case, as the chain wrote it.
    summaries = list(demo_case("decided").events.values_list("summary", flat=True))
    assert summaries[0] == "Report submitted"
    assert summaries[-1] == "Final decision: Approved as recommended"
    assert CaseEvent.objects.filter(summary="Report submitted – immediate risk to staff").count() == 1
    # Notifications, as real use sends them.
    assert Notification.objects.filter(recipient=loaded["tnguyen"], kind="assigned").count() == 3
    assert Notification.objects.filter(recipient=loaded["mjones"], kind="question").count() == 1
    assert Notification.objects.filter(recipient=loaded["kobi"], kind="decision").count() == 1
    assert Notification.objects.filter(kind="assigned", subject__startswith="URGENT").count() == 2
    assert Notification.objects.filter(recipient=loaded["jclarke"], subject__contains="immediate risk").count() == 1
    # With the demo appeal, sent to omensah, the new complaint to pshah, and the demo reviews: one opened and
    # decided (each to both customer experience managers), one opened.
    assert Notification.objects.count() == 50


def test_incidents_happened_in_the_last_few_weeks(loaded):
    today = timezone.localdate()
    for case in [demo_case(story.title) for story in demo.DEMO_CASES]:
        assert today - datetime.timedelta(weeks=5) <= case.first_incident_date < today
        assert case.last_incident_date is None or case.first_incident_date <= case.last_incident_date < today
        if case.current_step:
            assert case.current_step.due_date > today


def test_a_second_run_adds_and_changes_nothing(loaded):
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first


def test_a_second_run_leaves_cases_people_have_moved_on(loaded):
    case = demo_case("waiting for the line manager")
    services.decide_as_line_manager(case, loaded["tnguyen"], "close", "Spoke to the resident; he apologised.")
    asked = demo_case("tnguyen asked mjones")
    services.answer_question(asked.questions.get(), loaded["mjones"], "In the arrears file; nobody has replied.")
    before = snapshot()
    call_command("load_demo")
    assert snapshot() == before
    assert demo_case("waiting for the line manager").status == Case.Status.CLOSED


def test_the_readme_journey_still_works_after_the_demo(loaded):
    """sali reports, tnguyen escalates, rkaur recommends, pshah approves."""
    from tests.casework.factories import CaseFactory

    sali, tnguyen, rkaur, pshah = (loaded[name] for name in ["sali", "tnguyen", "rkaur", "pshah"])
    case = CaseFactory(reporter=sali, customer=demo_case("waiting for the line manager").customer)
    services.submit_report(case, sali)
    assert queue(tnguyen) == ["mjones", "mjones", "sali"]
    services.decide_as_line_manager(case, tnguyen, "escalate", "Repeated abuse.", "restrictions")
    services.decide_as_cxm(
        case, rkaur, "recommend", "Continued.", "handled", "Considered.", no_warning_reason="Threats.", **RESTRICTIONS
    )
    assert queue(pshah) == ["mjones", "sali"]
    services.decide_as_director(case, pshah, "approve", "Proportionate.")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert permissions.visible_cases(sali).count() == 1


def test_the_pages_show_the_demo_cases(loaded, client):
    client.force_login(loaded["rkaur"])
    page = client.get("/cases/awaiting-my-decision/").text
    assert demo_case("no line manager").reference in page
    assert demo_case("escalated by lwilliams").reference in page
    client.force_login(loaded["mjones"])
    case = demo_case("tnguyen asked mjones")
    assert "Where are the four letters filed" in client.get(f"/cases/{case.pk}/").text


def test_without_the_demo_organisation_only_residents_are_loaded():
    demo.load()
    assert not Case.objects.exists()
    assert not (Question.objects.exists() or Comment.objects.exists() or CaseUserObjectPermission.objects.exists())


def test_the_demo_has_outcomes_in_force_for_a_new_user_to_check(loaded):
    from casework.models import RedFlag, Restriction

    today = timezone.localdate()
    in_force = Restriction.objects.filter(state=Restriction.State.IN_FORCE)
    assert in_force.count() == 2
    assert any(0 <= (r.next_review_date - today).days <= 7 for r in in_force)  # a review due within the week
    assert any(0 <= (r.end_date - today).days <= 31 for r in in_force)  # one lapsing within the month
    assert RedFlag.objects.filter(interim=True, case__immediate_risk=True).count() == 1
    assert RedFlag.objects.filter(case__isnull=True, restriction__isnull=True).count() == 1  # a flag, no restriction
    dfoster = loaded["dfoster"]
    assert not dfoster.groups.filter(name="Staff").exists()


def test_the_demo_has_a_restriction_with_two_breaches_the_executive_director_may_act_on(loaded):
    from casework.models import Breach

    found = Breach.objects.select_related("restriction__case")
    assert found.count() == 2 and {b.recorded_by.username for b in found} == {"mjones"}
    case = found.first().restriction.case
    assert case.customer.reference == "C100019"
    assert permissions.can_refuse_all_contact(loaded["pshah"], case)
    assert not permissions.can_see_breaches(loaded["mjones"], case)


def test_the_demo_has_a_review_due_this_week_in_the_cxms_queue_and_one_decided(loaded):
    from casework.models import Review
    from casework.services import reviews

    today = timezone.localdate()
    waiting = Review.objects.get(status=Review.Status.WITH_CXM)
    assert waiting.case.customer.reference == "C100007" and 0 <= (waiting.due_date - today).days <= 7
    assert waiting in reviews.open_reviews_for(loaded["ebrown"])
    decided = Review.objects.get(status=Review.Status.DECIDED)
    assert decided.proposal == "continue" and decided.letter is not None
    assert decided.restriction.next_review_date > today
