"""A person's queue: their open assignments, urgent first then the longest waiting, counted
without reading the cases."""

from casework import services
from casework.models import Assignment
from tests.casework.factories import at_cxm, submitted_case


def test_an_assignment_is_open_while_its_step_waits_and_closes_when_it_is_decided(org):
    case = submitted_case(org.sali)
    assert list(Assignment.objects.filter(step=case.current_step).values_list("user__username", "is_open")) == [
        ("tnguyen", True)
    ]
    step = case.current_step
    services.decide_as_line_manager(case, org.tnguyen, "escalate", "Repeated abuse.", "restrictions")
    assert not Assignment.objects.get(step=step).is_open
    case.refresh_from_db()
    assert set(
        Assignment.objects.filter(step=case.current_step, is_open=True).values_list("user__username", flat=True)
    ) == {
        "rkaur",
        "ebrown",
    }


def test_the_queue_lists_urgent_cases_first_then_the_longest_waiting_and_counts_them(org, client):
    older = at_cxm(org)
    urgent = at_cxm(org, immediate_risk=True)
    newer = at_cxm(org)
    assert urgent.current_step.urgent and not older.current_step.urgent
    client.force_login(org.rkaur)
    response = client.get("/cases/awaiting-my-decision/")
    assert [case.pk for case in response.context["cases"]] == [urgent.pk, older.pk, newer.pk]
    assert response.context["page_obj"].paginator.count == 3
    services.mark_sensitive(newer, org.ebrown, [org.ebrown])  # rkaur leaves it
    response = client.get("/cases/awaiting-my-decision/")
    assert [case.pk for case in response.context["cases"]] == [urgent.pk, older.pk]
    assert response.context["page_obj"].paginator.count == 2


def test_the_home_panel_counts_the_open_assignments(org, client):
    at_cxm(org, immediate_risk=True)
    at_cxm(org)
    client.force_login(org.rkaur)
    page = client.get("/").content.decode()
    assert '<span class="count">2</span> cases waiting for you, <strong>1 urgent</strong>.' in page


def test_all_cases_counts_the_persons_grants_whatever_the_number_of_cases(org, client):
    from casework import permissions

    first = at_cxm(org)
    at_cxm(org)
    services.mark_sensitive(first, org.ebrown, [org.ebrown])  # no longer shared with rkaur
    assert permissions.shared_count(org.rkaur) == permissions.cases_shared_with(org.rkaur).count() == 1
    client.force_login(org.rkaur)
    response = client.get("/cases/all/")
    assert response.context["page_obj"].paginator.count == 1
