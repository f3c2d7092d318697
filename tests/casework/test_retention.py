"""The retention schedule: each rule anonymises exactly what is due, once, and keeps what the
register and the report to the Board count; the preview of the next 30 days; the equality impact
review reminder every six months."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework import services
from casework.models import (
    AccessLogEntry,
    Anonymisation,
    Case,
    CaseworkSettings,
    Decision,
    EvidenceFile,
    RedFlag,
    ResidentCheck,
    Restriction,
    add_months,
)
from casework.services import board_report, equality_review, flags, register, restrictions, retention
from home.models import Notification
from tests.casework.factories import closed_case, submitted_case
from tests.casework.register_factories import flag_only, warning
from tests.factories import CustomerFactory

TODAY = timezone.localdate()
NARRATIVE = "The resident shouted and swore on the phone for ten minutes."


def _no_action_case(org):
    case = submitted_case(org.sali, customer=CustomerFactory(name="Nora Quiet"), vulnerability="Has a carer.")
    EvidenceFile.objects.create(
        case=case,
        file=SimpleUploadedFile("call.txt", b"transcript"),
        original_name="call.txt",
        content_type="text/plain",
        size=10,
        uploaded_by=org.sali,
    )
    services.ask_reporter(case, org.tnguyen, "What exactly was said?")
    services.add_comment(case, org.tnguyen, "Known to the income team.")
    case.refresh_from_db()
    services.decide_as_line_manager(case, org.tnguyen, "close", "Handled by a conversation.")
    case.refresh_from_db()
    return case


@pytest.fixture
def records(org):
    """A case closed with no action (with evidence, a question and a comment); a restriction
    lifted today, its flag ended; a restriction in force; a warning; a flag without a case,
    ended today."""
    no_action = _no_action_case(org)
    lifted = closed_case(org, customer=CustomerFactory(name="Lifted Resident", sex="male"))
    restriction = restrictions.bring_into_force(lifted.restrictions.get(), org.rkaur, TODAY)
    restrictions.change_state(restriction, Restriction.State.LIFTED, org.omensah, "Behaviour improved.")
    flags.end_flags_of(restriction, None, "The restriction was lifted.")
    in_force = closed_case(org, customer=CustomerFactory(name="Current Resident"))
    restrictions.bring_into_force(in_force.restrictions.get(), org.rkaur, TODAY)
    warned = warning(org, customer=CustomerFactory(name="Warned Resident"))
    alone = flag_only(org, CustomerFactory(name="Flagged Resident"))
    flags.end_flag(alone, org.ebrown, "Risk assessment reviewed.")
    return {"no_action": no_action, "lifted": lifted, "in_force": in_force, "warned": warned, "flag": alone}


def _due(day):
    return {(due.what, due.rule, due.due_on) for due in retention.due_by(day)}


def test_a_case_closed_with_no_action_is_due_2_years_after_closing(records):
    case = records["no_action"]
    due_on = add_months(timezone.localdate(case.closed_at), 24)
    assert _due(due_on - datetime.timedelta(days=1)) == set()
    assert _due(due_on) == {(case.reference, "no_action", due_on)}


def test_no_action_anonymised_keeps_dates_categories_and_decisions(records):
    case = records["no_action"]
    stored = case.evidence.get().file.name
    storage = case.evidence.get().file.storage
    decisions = list(Decision.objects.filter(case=case).values_list("choice", "rationale", "decided_at"))
    done = retention.apply_retention_schedule(add_months(TODAY, 24))
    assert done == {"cases": 1, "red_flags": 0, "access_log": 0}
    case.refresh_from_db()
    assert (case.what_happened, case.impact, case.vulnerability, case.customer_id) == ("", "", "", None)
    assert not case.evidence.exists() and not storage.exists(stored)
    assert case.questions.get().text == "[anonymised]" and case.comments.get().text == "[anonymised]"
    assert case.categories == ["abusive_language"] and case.channels == ["phone"]
    assert case.status == Case.Status.CLOSED and case.closed_at and case.submitted_at
    assert list(Decision.objects.filter(case=case).values_list("choice", "rationale", "decided_at")) == decisions
    # Nothing else was touched, and a second run does nothing.
    for other in ("lifted", "in_force", "warned"):
        assert Case.objects.get(pk=records[other].pk).what_happened == NARRATIVE
    assert retention.apply_retention_schedule(add_months(TODAY, 24)) == {"cases": 0, "red_flags": 0, "access_log": 0}
    assert Anonymisation.objects.get().case == case


def test_ended_outcomes_are_anonymised_6_years_after_their_end_and_the_counts_stay(org, records):
    period = board_report.Period(TODAY - datetime.timedelta(days=30), TODAY)
    before = board_report.build(period)
    register_before = register.entries(org.jclarke, register.RegisterFilter()).count()
    day = add_months(TODAY, 72)
    assert _due(day - datetime.timedelta(days=1)) == {
        (records["no_action"].reference, "no_action", add_months(TODAY, 24))
    }
    assert {what for what, _, _ in _due(day)} == {
        records["no_action"].reference,
        records["lifted"].reference,
        records["warned"].reference,
        f"Red flag {records['flag'].pk} (no case)",
    }
    assert retention.apply_retention_schedule(day) == {"cases": 3, "red_flags": 1, "access_log": 0}
    lifted = Case.objects.get(pk=records["lifted"].pk)
    assert lifted.what_happened == "" and lifted.vulnerability == ""
    # The restriction and its flag stay on the resident, with their dates and states.
    restriction = lifted.restrictions.get()
    assert restriction.customer.name == "Lifted Resident" and restriction.state == Restriction.State.LIFTED
    assert restriction.start_date == TODAY and restriction.terms
    flag = lifted.red_flags.get()
    assert flag.handling_instruction == "[anonymised]" and flag.contact_arrangements == "" and flag.end_date
    assert RedFlag.objects.get(pk=records["flag"].pk).handling_instruction == "[anonymised]"
    assert Decision.objects.get(case=lifted, step__kind="director").rationale == "Proportionate and necessary."
    # The case still in force is kept whole.
    assert Case.objects.get(pk=records["in_force"].pk).what_happened == NARRATIVE
    after = board_report.build(period)
    assert after.headline == before.headline
    assert after.breakdowns == before.breakdowns
    assert after.durations == before.durations and after.endings == before.endings
    assert after.equality[:2] == before.equality[:2]
    assert [use.rationale for s in after.uses for use in s.described] == [
        use.rationale for s in before.uses for use in s.described
    ]
    assert register.entries(org.jclarke, register.RegisterFilter()).count() == register_before


def test_access_logs_are_kept_6_years(org, records):
    case = records["in_force"]
    old = AccessLogEntry.objects.create(
        case=case, user=org.rkaur, view="case", at=timezone.now() - datetime.timedelta(days=6 * 366)
    )
    recent = AccessLogEntry.objects.create(case=case, user=org.rkaur, view="case")
    check = ResidentCheck.objects.create(user=org.sali, customer=case.customer)
    ResidentCheck.objects.filter(pk=check.pk).update(at=timezone.now() - datetime.timedelta(days=6 * 366))
    assert retention.access_log_due_by(TODAY) == 2
    done = retention.apply_retention_schedule(TODAY)
    assert done["access_log"] == 2
    assert (
        not AccessLogEntry.objects.filter(pk=old.pk).exists() and AccessLogEntry.objects.filter(pk=recent.pk).exists()
    )
    assert not ResidentCheck.objects.filter(pk=check.pk).exists()


def test_the_years_come_from_the_casework_settings(records):
    settings = CaseworkSettings.load()
    settings.retention_no_action_years = 3
    settings.save()
    assert retention.apply_retention_schedule(add_months(TODAY, 24))["cases"] == 0
    assert retention.apply_retention_schedule(add_months(TODAY, 36))["cases"] == 1


def test_the_head_of_customer_services_sees_what_is_due_in_the_next_30_days(org, client, records):
    case = records["no_action"]
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - datetime.timedelta(days=2 * 365 - 10))
    due, logs = retention.preview(TODAY)
    assert [item.what for item in due] == [case.reference] and logs == 0
    client.force_login(org.jclarke)
    response = client.get("/cases/register/retention/")
    text = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert case.reference in text and "Case closed with no action" in text
    assert "Nora Quiet" not in text and NARRATIVE not in text
    assert 'href="/cases/register/retention/"' in client.get("/cases/register/").content.decode()
    for person in (org.pshah, org.rkaur, org.sali):
        client.force_login(person)
        assert client.get("/cases/register/retention/").status_code == 404


# --- The equality impact review -----------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "review"),
    [
        (datetime.date(2026, 4, 1), datetime.date(2026, 4, 1)),
        (datetime.date(2026, 9, 30), datetime.date(2026, 4, 1)),
        (datetime.date(2026, 10, 1), datetime.date(2026, 10, 1)),
        (datetime.date(2027, 3, 31), datetime.date(2026, 10, 1)),
    ],
)
def test_the_review_falls_every_six_months(today, review):
    assert equality_review.review_date(today) == review


def test_the_reminder_goes_once_per_review_with_the_figures_linked(org):
    CustomerFactory(name="Anyone Restricted")
    assert equality_review.send_equality_review_reminder(datetime.date(2026, 11, 30)) == 1
    (reminder,) = Notification.objects.filter(recipient=org.jclarke)
    assert reminder.subject == "Equality impact review due (1 October 2026)"
    assert reminder.url == "/cases/register/equality/?start=2026-04-01&end=2026-09-30"
    assert "residents restricted: fewer than 5; all residents: 1." in reminder.body
    assert "Anyone Restricted" not in reminder.body
    assert equality_review.send_equality_review_reminder(datetime.date(2026, 12, 1)) == 0
    assert equality_review.send_equality_review_reminder(datetime.date(2027, 4, 1)) == 1
    assert Notification.objects.filter(recipient=org.jclarke).count() == 2
    assert not Notification.objects.exclude(recipient=org.jclarke).exists()


def test_a_cases_letters_go_with_their_files_re_issued_ones_included(org):
    from casework.models import Letter
    from casework.services import letters
    from tests.casework.letters import letters_ready, restriction_draft

    letters_ready()
    first = letters.issue_letter(restriction_draft(org), org.rkaur, "post")
    second = letters.issue_letter(letters.reissue_letter(first, org.rkaur), org.rkaur, "post")
    storage, names = first.pdf.storage, [first.pdf.name, second.pdf.name]
    assert retention._delete_letters(first.case) == 2
    assert not Letter.objects.exists()
    assert not any(storage.exists(name) for name in names)


def test_an_appeals_grounds_and_documents_go_its_outcome_stays(org):
    from casework.models import Appeal, AppealDocument
    from casework.services import appeals

    case = closed_case(org, customer=CustomerFactory(name="Appealing Resident"))
    restriction = restrictions.bring_into_force(case.restrictions.get(), org.rkaur, TODAY)
    upload = SimpleUploadedFile("appeal.txt", b"My letter of appeal.", content_type="text/plain")
    appeal = appeals.record_appeal(restriction, org.sali, TODAY, "letter", "My son was ill that week.", [upload])
    appeals.decide_appeal(appeal, org.omensah, "upheld", "The calls were abusive.")
    stored = AppealDocument.objects.get()
    storage, name = stored.file.storage, stored.file.name
    retention.anonymise_case(case, retention.Rule.ENDED, TODAY)
    appeal = Appeal.objects.get()
    assert appeal.grounds == "[anonymised]" and appeal.outcome == "upheld" and appeal.reasons
    assert appeal.received_on == TODAY and not AppealDocument.objects.exists() and not storage.exists(name)
