"""What the pages and notices say: no doubled punctuation in the error summary, someone to talk
to for a reporter without a line manager, and until when a case's restrictions are in force."""

import datetime

from bs4 import BeautifulSoup
from django.template import Context, Template

from casework import services
from casework.services import restrictions
from home.models import Notification
from tests.casework.factories import at_cxm, closed_case, cxm_recommends, submitted_case
from tests.casework.test_restrictions import approved_on


def test_a_label_ending_in_its_own_punctuation_gets_no_colon():
    template = Template("{% load form_tags %}{{ a|with_colon }}|{{ b|with_colon }}|{{ c|with_colon }}")
    rendered = template.render(Context({"a": "What do you recommend?", "b": "Note:", "c": "Told on"}))
    assert rendered == "What do you recommend?|Note:|Told on:"


def test_the_error_summary_does_not_double_a_labels_question_mark(org, client):
    case = submitted_case(org.sali)
    client.force_login(org.tnguyen)
    response = client.post(
        f"/cases/{case.pk}/decide/", {"step": case.current_step_id, "choice": "escalate", "rationale": "Abuse."}
    )
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    links = [link.get_text(" ", strip=True) for link in soup.select("[data-error-summary] a")]
    assert links == [
        "If you escalate: what do you recommend? Choose what you recommend to the customer experience managers."
    ]
    assert not any("?:" in text or "::" in text for text in links)


def _decision_notice(user):
    return Notification.objects.filter(recipient=user, subject__startswith="Decision on your report").get().body


def test_a_reporter_without_a_line_manager_is_told_who_else_to_talk_to(org):
    case = submitted_case(org.cwright)  # no line manager: straight to the CXMs
    cxm_recommends(case, org.rkaur, recommendation_kind="no_action")
    body = _decision_notice(org.cwright)
    assert "If you feel unsafe, talk to your manager or the customer experience team." in body
    assert "line manager" not in body


def test_a_reporter_with_a_line_manager_is_told_to_talk_to_them(org):
    cxm_recommends(at_cxm(org), org.rkaur, recommendation_kind="no_action")
    assert "If you feel unsafe, talk to your line manager." in _decision_notice(org.sali)


def test_a_case_with_restrictions_in_force_says_until_when(org, client):
    case = closed_case(org)
    restriction = approved_on(case.restrictions.get(), datetime.date(2026, 1, 1))
    restrictions.bring_into_force(restriction, org.rkaur, datetime.date(2026, 1, 5))  # until 4 July 2026
    expected = "Approved as recommended: restrictions in force until 4 July 2026"
    for person in (org.sali, org.rkaur):
        client.force_login(person)
        status = BeautifulSoup(client.get(f"/cases/{case.pk}/").text, "html.parser").select_one(".status-line")
        assert expected in status.get_text(" ", strip=True)
    client.force_login(org.sali)
    assert expected in BeautifulSoup(client.get("/cases/mine/").text, "html.parser").get_text(" ", strip=True)
    client.force_login(org.rkaur)
    assert expected in BeautifulSoup(client.get("/cases/all/").text, "html.parser").get_text(" ", strip=True)


def test_a_case_whose_restrictions_are_not_yet_in_force_says_only_its_outcome(org, client):
    case = closed_case(org)
    client.force_login(org.sali)
    status = BeautifulSoup(client.get(f"/cases/{case.pk}/").text, "html.parser").select_one(".status-line")
    assert " ".join(status.get_text(" ", strip=True).split()) == "Status: Approved as recommended"
    assert services.reporter_outcome_text(case).startswith("Your report has been upheld")
