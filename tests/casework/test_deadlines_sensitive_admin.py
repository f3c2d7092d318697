"""Deadlines and escalation, sensitive cases, the access log, home panels and the Wagtail admin list."""

import datetime

import pytest

from casework import permissions, services
from casework.models import AccessLogEntry, CaseworkSettings, Step
from casework.services import deadlines
from home.models import Notification
from tests.casework.factories import at_cxm, submitted_case


def test_working_days_skip_weekends():
    friday = datetime.date(2026, 1, 9)
    assert deadlines.add_working_days(friday, 1) == datetime.date(2026, 1, 12)
    assert deadlines.add_working_days(friday, 5) == datetime.date(2026, 1, 16)
    assert deadlines.working_days_between(friday, datetime.date(2026, 1, 13)) == 2


def test_bank_holidays_are_not_working_days():
    christmas_eve = datetime.date(2026, 12, 24)  # a Thursday; Friday 25 and Monday 28 are bank holidays
    holidays = CaseworkSettings().holidays()
    assert deadlines.add_working_days(christmas_eve, 1, holidays) == datetime.date(2026, 12, 29)
    assert deadlines.add_working_days(christmas_eve, 1) == datetime.date(2026, 12, 25)
    assert deadlines.working_days_between(christmas_eve, datetime.date(2026, 12, 29), holidays) == 1


def test_a_step_arriving_before_christmas_is_due_after_the_bank_holidays(org):
    settings = CaseworkSettings.load()
    settings.line_manager_days = 2
    settings.save()
    assert deadlines.due_date_for(Step.Kind.LINE_MANAGER, start=datetime.date(2026, 12, 24)) == datetime.date(
        2026, 12, 30
    )
    settings.bank_holidays = ""
    settings.save()
    assert deadlines.due_date_for(Step.Kind.LINE_MANAGER, start=datetime.date(2026, 12, 24)) == datetime.date(
        2026, 12, 28
    )


def test_due_dates_come_from_the_settings_page(org):
    settings = CaseworkSettings.load()
    settings.line_manager_days = 1
    settings.save()
    case = submitted_case(org.sali)
    assert case.current_step.due_date == deadlines.add_working_days(case.submitted_at.date(), 1)


def test_reminder_two_working_days_before_and_only_once(org):
    case = submitted_case(org.sali)
    step = case.current_step
    far = step.due_date - datetime.timedelta(days=10)
    assert deadlines.send_reminders(today=far) == 0
    near = deadlines.add_working_days(step.due_date, 0) - datetime.timedelta(days=1)
    assert deadlines.send_reminders(today=near) == 1
    assert deadlines.send_reminders(today=near) == 0
    assert Notification.objects.filter(recipient=org.tnguyen, kind="reminder").count() == 1


def test_overdue_line_manager_step_escalates_to_their_own_line_manager(org, client):
    case = submitted_case(org.sali)
    late = case.current_step.due_date + datetime.timedelta(days=1)
    assert deadlines.send_escalations(today=late) == 1
    assert deadlines.send_escalations(today=late) == 0
    assert Notification.objects.filter(recipient=org.tnguyen, kind="escalation").exists()
    assert Notification.objects.filter(recipient=org.jclarke, kind="escalation").exists()
    # The escalation gives the person above access to the case.
    client.force_login(org.jclarke)
    assert client.get(f"/cases/{case.pk}/").status_code == 200


def test_overdue_cxm_step_escalates_to_the_head_of_customer_services(org):
    case = at_cxm(org)
    late = case.current_step.due_date + datetime.timedelta(days=3)
    deadlines.send_reminders_and_escalations()  # not due yet today: nothing happens
    assert not Notification.objects.filter(kind="escalation").exists()
    deadlines.send_escalations(today=late)
    recipients = set(Notification.objects.filter(kind="escalation").values_list("recipient__username", flat=True))
    assert recipients == {"rkaur", "ebrown", "jclarke"}
    assert permissions.has_chain_access(org.jclarke, case)


def test_queue_shows_overdue_in_words(org, client):
    case = submitted_case(org.sali, immediate_risk=True)
    Step.objects.filter(pk=case.current_step_id).update(due_date=datetime.date(2020, 1, 6))
    client.force_login(org.tnguyen)
    page = client.get("/cases/awaiting-my-decision/").content.decode()
    assert "Overdue" in page and "Urgent" in page


def test_queue_lists_urgent_first_then_oldest(org, client):
    first = submitted_case(org.sali)
    second = submitted_case(org.mjones)
    urgent = submitted_case(org.sali, immediate_risk=True)
    client.force_login(org.tnguyen)
    cases = list(client.get("/cases/awaiting-my-decision/").context["cases"])
    assert cases == [urgent, first, second]


def test_marking_sensitive_keeps_only_the_named_people(org, client):
    case = at_cxm(org)
    services.mark_sensitive(case, org.rkaur, [org.rkaur])
    case.refresh_from_db()
    assert case.sensitive
    assert list(case.current_step.assignees.all()) == [org.rkaur]
    for username, expected in [("rkaur", 200), ("ebrown", 404), ("tnguyen", 404), ("sali", 200)]:
        client.force_login(getattr(org, username))
        assert client.get(f"/cases/{case.pk}/").status_code == expected, username
    # The reporter still sees their report's status, not the chain's page.
    client.force_login(org.sali)
    assert "Your report" in client.get(f"/cases/{case.pk}/").content.decode()


def test_sensitive_cases_are_left_out_of_lists_but_counted_as_a_redacted_line(org, client):
    hidden = at_cxm(org)
    shown = at_cxm(org)
    services.mark_sensitive(hidden, org.rkaur, [org.rkaur])
    client.force_login(org.ebrown)
    response = client.get("/cases/all/")
    assert list(response.context["cases"]) == [shown]
    assert "1 sensitive case not shown" in response.content.decode()
    assert list(client.get("/cases/awaiting-my-decision/").context["cases"]) == [shown]


def test_sensitive_can_only_keep_people_who_had_access(org):
    case = at_cxm(org)
    with pytest.raises(services.CaseworkError):
        services.mark_sensitive(case, org.rkaur, [org.rkaur, org.mjones])
    with pytest.raises(services.NotAllowed):
        services.mark_sensitive(case, org.mjones, [])


def test_sensitive_form_keeps_the_current_assignees_by_default(org, client):
    case = at_cxm(org)
    client.force_login(org.ebrown)
    form = client.get(f"/cases/{case.pk}/sensitive/").context["form"]
    assert set(form.initial["keep"]) == {org.rkaur.pk, org.ebrown.pk}
    response = client.post(f"/cases/{case.pk}/sensitive/", {"keep": [org.ebrown.pk]})
    assert response.status_code == 302
    assert not permissions.has_chain_access(org.rkaur, case)


def test_every_read_is_logged_and_directors_in_the_case_read_the_log(org, client):
    from tests.casework.factories import at_director

    case = at_director(org)
    client.force_login(org.rkaur)
    client.get(f"/cases/{case.pk}/")
    client.get(f"/cases/{case.pk}/timeline/")
    assert list(AccessLogEntry.objects.values_list("user__username", "view")) == [
        ("rkaur", "timeline"),
        ("rkaur", "case page"),
    ]
    assert client.get(f"/cases/{case.pk}/access-log/").status_code == 404
    client.force_login(org.pshah)
    page = client.get(f"/cases/{case.pk}/access-log/").content.decode()
    assert "Ravi Kaur" in page and "timeline" in page


def test_the_access_log_cannot_be_changed_by_anyone():
    assert AccessLogEntry._meta.default_permissions == ("view",)
    assert not any(
        name in perms for perms in permissions.ROLE_PERMISSIONS.values() for name in perms if "accesslogentry" in name
    )


def test_no_role_is_given_view_of_every_case():
    for perms in permissions.ROLE_PERMISSIONS.values():
        assert "casework.view_case" not in perms
        assert "casework.change_case" not in perms


def test_home_panels_count_reports_and_waiting_cases(org, client):
    from home.site import ensure_home_page

    ensure_home_page()
    submitted_case(org.sali, immediate_risk=True)
    client.force_login(org.tnguyen)
    page = client.get("/").content.decode()
    assert "Awaiting my decision" in page and "1 urgent" in page
    client.force_login(org.sali)
    page = client.get("/").content.decode()
    assert "My reports" in page and "Report unacceptable behaviour" in page
    assert "Awaiting my decision</a>" not in page  # not a line manager: no queue link


def test_admin_case_list_is_filtered_case_by_case(org, client):
    mine = at_cxm(org)
    other = submitted_case(org.mjones)  # still with the line manager: not shared with CXMs
    client.force_login(org.rkaur)
    response = client.get("/admin/casework/case/")
    assert response.status_code == 200
    listed = set(response.context["view"].queryset) if "view" in response.context else None
    assert listed == {mine}
    assert client.get(f"/admin/casework/case/inspect/{other.pk}/").status_code in {302, 403, 404}
    assert client.get(f"/admin/casework/case/inspect/{mine.pk}/").status_code == 200
    assert client.get(f"/admin/casework/case/edit/{mine.pk}/").status_code in {302, 403, 404}
    # Reading in the admin is logged like any other read; refused reads are not.
    assert list(AccessLogEntry.objects.values_list("case_id", "user__username", "view")) == [
        (mine.pk, "rkaur", "admin case page")
    ]


def test_admin_case_list_is_refused_to_other_staff(org, client):
    client.force_login(org.pshah)
    assert client.get("/admin/casework/case/").status_code in {302, 403}


def test_head_of_customer_services_edits_the_deadlines(org, client):
    client.force_login(org.jclarke)
    response = client.get("/admin/settings/casework/caseworksettings/", follow=True)
    assert response.status_code == 200
    assert 'name="line_manager_days"' in response.text
    client.force_login(org.rkaur)
    assert client.get("/admin/settings/casework/caseworksettings/").status_code in {302, 403}


def test_deadline_settings_refuse_zero_days(org, client):
    client.force_login(org.jclarke)
    response = client.get("/admin/settings/casework/caseworksettings/", follow=True)
    url = response.redirect_chain[-1][0] if response.redirect_chain else "/admin/settings/casework/caseworksettings/"
    refused = client.post(
        url, {"line_manager_days": "0", "cxm_days": "10", "director_days": "10", "bank_holidays": "2026-12-25"}
    )
    assert refused.status_code == 200
    assert "Ensure this value is greater than or equal to 1" in refused.text
    from casework.models import CaseworkSettings

    assert CaseworkSettings.load().line_manager_days == 5


def test_a_bank_holiday_that_is_not_a_date_is_refused_and_what_was_typed_is_kept(org, client):
    client.force_login(org.jclarke)
    response = client.get("/admin/settings/casework/caseworksettings/", follow=True)
    url = response.redirect_chain[-1][0] if response.redirect_chain else "/admin/settings/casework/caseworksettings/"
    typed = "2027-12-27 Christmas Day (substitute day)\n28/12/2027 Boxing Day"
    refused = client.post(
        url, {"line_manager_days": "5", "cxm_days": "10", "director_days": "10", "bank_holidays": typed}
    )
    assert refused.status_code == 200
    assert "Line 2 (“28/12/2027 Boxing Day”) does not start with a date written as YYYY-MM-DD" in refused.text
    assert "28/12/2027 Boxing Day" in refused.text
    assert datetime.date(2026, 12, 25) in CaseworkSettings.load().holidays()
    retention = {"retention_no_action_years": "2", "retention_ended_years": "6", "retention_access_log_years": "6"}
    retention.update(breach_review_threshold="3", breach_review_window_days="30")
    accepted = client.post(
        url,
        {"line_manager_days": "5", "cxm_days": "10", "director_days": "10", "bank_holidays": typed[:41], **retention},
    )
    assert accepted.status_code == 302
    assert CaseworkSettings.load().holidays() == {datetime.date(2027, 12, 27)}
