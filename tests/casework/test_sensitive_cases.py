"""A sensitive case reaches only its named people, through every move: assigning, returning,
escalating, reminding, granting, telling people about it and listing it. When a step has
nobody on the list who can take it, the named people are asked to name someone."""

import datetime

import pytest

from casework import permissions, services
from casework.models import Case, Step
from casework.services import deadlines
from casework.views import awaiting_queryset
from home import notifications
from home.models import Notification
from tests.casework.factories import at_cxm, cxm_recommends


def sensitive_at_cxm(org):
    """sali reports, tnguyen escalates, rkaur marks it sensitive keeping only herself."""
    case = at_cxm(org)
    services.mark_sensitive(case, org.rkaur, [org.rkaur])
    case.refresh_from_db()
    return case


def named(case):
    return {user.username for user in permissions.users_with_case_access(case)}


def listed_subjects(user):
    return list(Notification.objects.listed_for(user).values_list("subject", flat=True))


def test_a_step_nobody_on_the_list_can_take_waits_and_asks_the_named_people(org):
    case = cxm_recommends(sensitive_at_cxm(org), org.rkaur)
    step = case.current_step
    assert step.kind == Step.Kind.DIRECTOR and list(step.assignees.all()) == []
    assert named(case) == {"rkaur"}  # the directors were not added by themselves
    asked = Notification.objects.get(recipient=org.rkaur, task=f"step:{step.pk}")
    assert "name someone" in asked.body
    assert not Notification.objects.filter(recipient__in=[org.pshah, org.omensah]).exists()
    assert "nobody on the sensitive case's list" in case.events.last().summary


def test_a_named_person_names_a_director_who_takes_the_waiting_step(org):
    case = cxm_recommends(sensitive_at_cxm(org), org.rkaur)
    assert services.name_person(case, org.rkaur, org.pshah) is True
    step = case.current_step
    assert list(step.assignees.all()) == [org.pshah]
    assert named(case) == {"rkaur", "pshah"}
    assert Notification.objects.get(recipient=org.rkaur, task=f"step:{step.pk}").settled_note
    assert Notification.objects.filter(recipient=org.pshah, kind="assigned").exists()
    assert case in awaiting_queryset(org.pshah)


def test_naming_is_only_for_the_named_and_only_of_people_who_can_be(org):
    case = sensitive_at_cxm(org)
    with pytest.raises(services.NotAllowed):
        services.name_person(case, org.ebrown, org.ebrown)  # removed: not on the list
    with pytest.raises(services.CaseworkError, match="reporter"):
        services.name_person(case, org.rkaur, org.sali)
    with pytest.raises(services.CaseworkError, match="already named"):
        services.name_person(case, org.rkaur, org.rkaur)
    ordinary = at_cxm(org)
    with pytest.raises(services.NotAllowed):
        services.name_person(ordinary, org.rkaur, org.gevans)


def test_a_return_from_the_director_reaches_only_the_named_cxm(org, client):
    """The repro: returning to the CXMs used to assign and grant every CXM again."""
    case = cxm_recommends(sensitive_at_cxm(org), org.rkaur)
    services.name_person(case, org.rkaur, org.pshah)
    services.decide_as_director(case, org.pshah, "return", "Say more about the vulnerability.")
    case.refresh_from_db()
    assert case.current_step.kind == Step.Kind.CXM
    assert list(case.current_step.assignees.all()) == [org.rkaur]
    assert case not in awaiting_queryset(org.ebrown)
    client.force_login(org.ebrown)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert case.reference not in client.get("/cases/awaiting-my-decision/").content.decode()


def test_a_return_to_a_line_manager_no_longer_named_waits_for_someone_to_be_named(org):
    case = sensitive_at_cxm(org)
    services.decide_as_cxm(case, org.rkaur, "return", "Ask the reporter for the call recording.")
    case.refresh_from_db()
    assert case.current_step.kind == Step.Kind.LINE_MANAGER
    assert list(case.current_step.assignees.all()) == []
    assert "tnguyen" not in named(case)


def test_an_overdue_sensitive_step_escalates_only_within_the_list(org):
    case = sensitive_at_cxm(org)
    Step.objects.filter(pk=case.current_step_id).update(due_date=datetime.date(2020, 1, 6))
    assert deadlines.send_escalations(today=datetime.date(2020, 1, 10)) == 1
    assert not permissions.has_chain_access(org.jclarke, case)
    assert not Notification.objects.filter(recipient=org.jclarke).exists()
    assert Notification.objects.filter(recipient=org.rkaur, kind="escalation").exists()
    assert named(case) == {"rkaur"}


def test_an_ordinary_overdue_step_still_reaches_the_head_of_customer_services(org):
    case = at_cxm(org)
    Step.objects.filter(pk=case.current_step_id).update(due_date=datetime.date(2020, 1, 6))
    deadlines.send_escalations(today=datetime.date(2020, 1, 10))
    assert permissions.has_chain_access(org.jclarke, case)


def test_reminders_reach_only_the_named_assignees(org):
    case = sensitive_at_cxm(org)
    Step.objects.filter(pk=case.current_step_id).update(due_date=datetime.date(2020, 1, 7))
    deadlines.send_reminders(today=datetime.date(2020, 1, 6))
    reminded = set(Notification.objects.filter(kind="reminder").values_list("recipient__username", flat=True))
    assert reminded == {"rkaur"}


def test_granting_access_never_widens_a_sensitive_case(org):
    case = sensitive_at_cxm(org)
    permissions.grant_case_access(case, [org.ebrown, org.jclarke, org.rkaur])
    assert named(case) == {"rkaur"}
    assert permissions.may_reach(case, [org.ebrown, org.rkaur]) == [org.rkaur]
    ordinary = at_cxm(org)
    assert permissions.may_reach(ordinary, [org.ebrown, org.gevans]) == [org.ebrown, org.gevans]


def test_people_removed_are_not_told_the_final_decision(org):
    case = cxm_recommends(sensitive_at_cxm(org), org.rkaur)
    services.name_person(case, org.rkaur, org.pshah)
    services.decide_as_director(case, org.pshah, "approve", "Proportionate.")
    told = set(Notification.objects.filter(kind="decision").values_list("recipient__username", flat=True))
    assert told == {"sali", "rkaur"}  # the reporter, and the CXM still named; not tnguyen


def test_an_answer_goes_only_to_an_asker_still_named(org):
    from tests.casework.factories import submitted_case

    case = submitted_case(org.sali)
    question = services.ask_reporter(case, org.tnguyen, "Was anyone else on the call?")
    services.decide_as_line_manager(case, org.tnguyen, "escalate", "Repeated abuse.", "restrictions")
    services.mark_sensitive(case, org.rkaur, [org.rkaur])
    services.answer_question(question, org.sali, "No.")
    assert not Notification.objects.filter(recipient=org.tnguyen, subject__startswith="Answer").exists()


def test_people_removed_lose_what_they_were_told_from_their_lists(org, client):
    case = at_cxm(org)
    assert listed_subjects(org.ebrown) == [f"Case {case.reference} is waiting for your decision"]
    services.mark_sensitive(case, org.rkaur, [org.rkaur])
    assert listed_subjects(org.ebrown) == []
    assert listed_subjects(org.tnguyen) == []
    assert notifications.unread_count(org.ebrown) == 0
    client.force_login(org.ebrown)
    assert case.reference not in client.get("/notifications/").content.decode()
    assert case.reference not in client.get("/").content.decode()
    # The email log keeps what was sent.
    assert Notification.objects.filter(recipient=org.ebrown, topic=f"case:{case.pk}").exists()


def test_lists_leave_the_sensitive_case_out_for_people_not_named(org, client):
    case = sensitive_at_cxm(org)
    client.force_login(org.ebrown)
    for url in ["/cases/all/", "/cases/awaiting-my-decision/", "/admin/casework/case/"]:
        assert case.reference not in client.get(url).content.decode(), url
    assert "1 sensitive case not shown" in client.get("/cases/all/").content.decode()
    assert not permissions.visible_cases(org.ebrown, Case.objects.filter(pk=case.pk)).exists()


def test_an_ordinary_step_with_nobody_free_is_still_refused(org):
    case = at_cxm(org)
    cxm_recommends(case, org.rkaur)
    case.refresh_from_db()
    services.decide_as_director(case, org.pshah, "return", "More detail.")
    case.refresh_from_db()
    # rkaur and ebrown are both CXMs: the return reaches them both on an ordinary case.
    assert set(case.current_step.assignees.values_list("username", flat=True)) == {"rkaur", "ebrown"}


def test_the_name_someone_page(org, client):
    case = cxm_recommends(sensitive_at_cxm(org), org.rkaur)
    client.force_login(org.rkaur)
    page = client.get(f"/cases/{case.pk}/")
    assert "Nobody on this sensitive case's list can take the director step" in page.content.decode()
    form_page = client.get(f"/cases/{case.pk}/name-someone/")
    assert form_page.status_code == 200
    response = client.post(f"/cases/{case.pk}/name-someone/", {"person": "not-a-number"})
    assert response.status_code == 400
    response = client.post(f"/cases/{case.pk}/name-someone/", {"person": org.omensah.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert list(case.current_step.assignees.all()) == [org.omensah]
    client.force_login(org.ebrown)
    assert client.get(f"/cases/{case.pk}/name-someone/").status_code == 404


def test_a_notice_whose_step_someone_else_took_says_so_and_is_not_unread(org, client):
    case = cxm_recommends(at_cxm(org), org.rkaur)
    assert notifications.unread_count(org.omensah) == 1
    services.decide_as_director(case, org.pshah, "approve", "Proportionate.")
    assert notifications.unread_count(org.omensah) == 0
    note = Notification.objects.get(recipient=org.omensah, kind="assigned")
    assert note.settled_note.startswith("Decided by Priya Shah on ")
    client.force_login(org.omensah)
    assert "Decided by Priya Shah" in client.get("/notifications/").content.decode()


def test_the_reporters_submitted_page_names_nobody_on_a_sensitive_case(org, client):
    case = sensitive_at_cxm(org)
    client.force_login(org.sali)
    page = client.get(f"/cases/{case.pk}/submitted/").content.decode()
    assert "Ravi Kaur" not in page
    assert "is now with the customer experience manager" in page
    assert "recommend a warning letter or restrictions" in page
