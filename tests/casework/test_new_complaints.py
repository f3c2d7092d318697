"""New complaints from a restricted resident (LHP 33): logged by any member of staff, judged
on their merits by the Executive Director of Customers or the director they delegate to,
accepted with the complaint reference or declined with reasons and a letter."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from casework import permissions, services
from casework.models import CaseEvent, Letter, LetterKind, NewComplaint, Restriction
from casework.services import complaints, letter_templates, letters, restrictions
from casework.services.letter_parts import REQUIRED_PARTS
from home import roles
from home.models import Notification
from tests.casework.factories import approved_on, closed_case
from tests.casework.letters import letters_ready, pdf_text, resident
from tests.factories import UserFactory

SUMMARY = "Nobody has come to fix the leak in my bathroom ceiling for six weeks."


def make_edc(user):
    user.groups.add(Group.objects.get(name=roles.EXECUTIVE_DIRECTOR_OF_CUSTOMERS))
    user._role_names = None
    return user


def in_force(org, **kwargs):
    """Restrictions approved by pshah 40 days ago and in force; pshah is the Executive
    Director of Customers."""
    make_edc(org.pshah)
    case = closed_case(org, customer=resident(), **kwargs)
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=40))
    return case, restrictions.bring_into_force(restriction, org.rkaur, today, today)


def log(org, restriction, by=None, **kwargs):
    values = {"received_on": timezone.localdate(), "channel": "letter", "summary": SUMMARY, **kwargs}
    return complaints.log_new_complaint(restriction, by or org.mjones, **values)


def fresh(user):
    user._role_names = None
    return user


def test_any_member_of_staff_logs_it_and_it_goes_to_the_executive_director_of_customers(org):
    case, restriction = in_force(org)
    complaint = log(org, restriction)
    assert complaint.status == NewComplaint.Status.WITH_EDC
    assert complaint.resident == case.customer and complaint.case == case and complaint.logged_by == org.mjones
    told = Notification.objects.get(recipient=org.pshah, subject__startswith="New complaint on case")
    assert told.url == f"/cases/{case.pk}/complaints/{complaint.pk}/"
    assert case.customer.name not in told.body and SUMMARY not in told.body
    # The person who logged it gains no sight of the case.
    assert not permissions.can_view_case(org.mjones, case)
    assert not permissions.can_see_new_complaint(org.mjones, complaint)
    assert CaseEvent.objects.filter(case=case, summary__startswith=f"New complaint {complaint.reference}").exists()


def test_contractors_do_not_log_new_complaints(org):
    _, restriction = in_force(org)
    contractor = UserFactory(roles=[roles.CONTRACTORS], roles__staff=False)
    with pytest.raises(services.NotAllowed):
        log(org, restriction, by=contractor)
    assert not NewComplaint.objects.exists()


@pytest.mark.parametrize(
    "values, field",
    [
        ({"received_on": None}, "received_on"),
        ({"received_on": "tomorrow"}, "received_on"),
        ({"received_on": "before approval"}, "received_on"),
        ({"channel": "pigeon"}, "channel"),
        ({"summary": "   "}, "summary"),
    ],
)
def test_each_bad_value_names_its_field_and_saves_nothing(org, values, field):
    _, restriction = in_force(org)
    today = timezone.localdate()
    days = {"tomorrow": today + datetime.timedelta(days=1), "before approval": today - datetime.timedelta(days=41)}
    values = {key: days.get(value, value) if isinstance(value, str) else value for key, value in values.items()}
    with pytest.raises(services.CaseworkError) as error:
        log(org, restriction, **values)
    assert error.value.field == field
    assert not NewComplaint.objects.exists()


def test_only_under_a_current_restriction(org):
    _, restriction = in_force(org)
    Restriction.objects.filter(pk=restriction.pk).update(state=Restriction.State.LIFTED)
    restriction.refresh_from_db()
    with pytest.raises(services.CaseworkError, match="no longer current"):
        log(org, restriction)


def test_without_an_executive_director_of_customers_the_head_of_customer_services_is_told(org):
    case, restriction = in_force(org)
    org.pshah.groups.remove(Group.objects.get(name=roles.EXECUTIVE_DIRECTOR_OF_CUSTOMERS))
    complaint = log(org, restriction)
    assert complaint.status == NewComplaint.Status.WITH_EDC
    told = Notification.objects.get(recipient=org.jclarke, subject__contains="has nobody to judge it")
    assert "Executive Director of Customers role" in told.body


def test_an_inactive_executive_director_of_customers_is_not_told(org):
    case, restriction = in_force(org)
    org.pshah.is_active = False
    org.pshah.save()
    log(org, restriction)
    assert not Notification.objects.filter(recipient=org.pshah, subject__startswith="New complaint").exists()
    assert Notification.objects.filter(recipient=org.jclarke, subject__contains="has nobody to judge it").exists()


def test_on_a_sensitive_case_the_executive_director_must_be_named(org):
    case, restriction = in_force(org)
    services.mark_sensitive(case, org.rkaur, [org.rkaur, org.omensah])
    case.refresh_from_db()
    complaint = log(org, restriction)
    assert not permissions.can_see_new_complaint(fresh(org.pshah), complaint)
    assert not permissions.can_decide_new_complaint(org.pshah, complaint)
    assert not Notification.objects.filter(recipient=org.pshah, subject__startswith="New complaint").exists()
    # jclarke is not on the list: the case's named people hear instead.
    assert not Notification.objects.filter(recipient=org.jclarke).exists()
    assert Notification.objects.filter(recipient=org.rkaur, subject__contains="has nobody to judge it").exists()
    assert complaint not in complaints.open_for(org.pshah)
    services.name_person(case, org.rkaur, org.pshah)
    assert permissions.can_decide_new_complaint(fresh(org.pshah), complaint)
    assert complaint in complaints.open_for(org.pshah)


def test_the_executive_director_accepts_it_with_the_complaint_reference(org):
    case, restriction = in_force(org)
    complaint = log(org, restriction)
    with pytest.raises(services.CaseworkError) as error:
        complaints.decide_new_complaint(complaint, org.pshah, accept=True, complaint_reference="  ")
    assert error.value.field == "complaint_reference"
    complaint.refresh_from_db()
    assert complaint.is_open
    complaint = complaints.decide_new_complaint(complaint, org.pshah, accept=True, complaint_reference="CMP-2201")
    assert complaint.status == NewComplaint.Status.ACCEPTED and complaint.complaint_reference == "CMP-2201"
    assert complaint.decided_by == org.pshah and complaint.letter is None
    assert not case.letters.filter(kind=LetterKind.DECLINED_COMPLAINT).exists()
    assert Notification.objects.filter(recipient=org.rkaur, subject__startswith="New complaint decided").exists()


def test_declining_needs_reasons_and_drafts_the_letter_with_them_and_the_ombudsman(org):
    letters_ready()
    case, restriction = in_force(org)
    complaint = log(org, restriction)
    with pytest.raises(services.CaseworkError) as error:
        complaints.decide_new_complaint(complaint, org.pshah, accept=False, reasons="")
    assert error.value.field == "reasons"
    reasons = "We investigated this leak in September (CMP-1999) and the repair was completed."
    complaint = complaints.decide_new_complaint(complaint, org.pshah, accept=False, reasons=reasons)
    assert complaint.status == NewComplaint.Status.DECLINED
    letter = complaint.letter
    assert letter.kind == LetterKind.DECLINED_COMPLAINT and letter.state == Letter.State.DRAFT
    rendered, facts, _, _ = letters.render_letter(letter)
    assert rendered.ready, rendered.missing
    assert reasons in rendered.text and SUMMARY in rendered.text
    assert "Housing Ombudsman" in rendered.text and facts["ombudsman_contact"] in rendered.text
    assert facts["signatory_name"] == "Priya Shah"
    # Issued by a CXM of the case through the letter pages' service.
    issued = letters.issue_letter(letter, org.rkaur, "post")
    assert reasons in pdf_text(issued)[0]


@pytest.mark.parametrize("part", REQUIRED_PARTS[LetterKind.DECLINED_COMPLAINT], ids=lambda part: part.key)
def test_a_declining_letter_without_a_required_part_is_refused_and_names_it(org, part):
    from casework.letter_defaults import DEFAULTS, body_of
    from casework.models import LetterTemplate

    letters_ready()
    _, sections, _ = DEFAULTS[LetterKind.DECLINED_COMPLAINT]
    LetterTemplate.objects.filter(kind=LetterKind.DECLINED_COMPLAINT).update(body=body_of(sections, without=part.key))
    _, restriction = in_force(org)
    complaint = complaints.decide_new_complaint(log(org, restriction), org.pshah, accept=False, reasons="A repeat.")
    with pytest.raises(letters.LetterNotReady) as refused:
        letters.issue_letter(complaint.letter, org.rkaur, "post")
    assert refused.value.missing == [part.name]
    complaint.letter.refresh_from_db()
    assert complaint.letter.state == Letter.State.DRAFT
    template = LetterTemplate.objects.get(kind=LetterKind.DECLINED_COMPLAINT)
    assert f"The letter must say {part.name}." in letter_templates.template_problems(template)


def test_the_default_template_passes_its_own_check(org):
    letters_ready()
    from casework.models import LetterTemplate

    assert letter_templates.template_problems(LetterTemplate.objects.get(kind=LetterKind.DECLINED_COMPLAINT)) == []


def test_two_declined_while_the_letter_is_a_draft_share_it(org):
    letters_ready()
    _, restriction = in_force(org)
    first = complaints.decide_new_complaint(log(org, restriction), org.pshah, accept=False, reasons="Reason one.")
    second = log(org, restriction, summary="The bins were not collected.")
    second = complaints.decide_new_complaint(second, org.pshah, accept=False, reasons="Reason two.")
    assert first.letter == second.letter
    rendered, _, _, _ = letters.render_letter(second.letter)
    assert rendered.ready and "Reason one." in rendered.text and "Reason two." in rendered.text


@pytest.mark.parametrize("who", ["rkaur", "omensah", "jclarke", "mjones"])
def test_only_the_executive_director_or_their_delegate_decides(org, who):
    case, restriction = in_force(org)
    complaint = log(org, restriction)
    with pytest.raises(services.NotAllowed):
        complaints.decide_new_complaint(complaint, getattr(org, who), accept=True, complaint_reference="CMP-1")
    with pytest.raises(services.NotAllowed):
        complaints.delegate_new_complaint(complaint, getattr(org, who), org.omensah)
    complaint.refresh_from_db()
    assert complaint.is_open and complaint.decided_by is None


def test_delegated_to_a_director_who_decides_and_no_other(org):
    director = UserFactory(username="kbello", first_name="Kemi", last_name="Bello", roles=[roles.DIRECTORS])
    case, restriction = in_force(org)
    complaint = log(org, restriction)
    assert {p.username for p in complaints.delegable_directors(complaint)} == {"kbello", "omensah"}
    with pytest.raises(services.CaseworkError) as error:
        complaints.delegate_new_complaint(complaint, org.pshah, org.rkaur)
    assert error.value.field == "director"
    complaint = complaints.delegate_new_complaint(complaint, org.pshah, org.omensah)
    assert complaint.status == NewComplaint.Status.DELEGATED and complaint.delegated_to == org.omensah
    assert permissions.has_chain_access(org.omensah, case)
    assert Notification.objects.filter(recipient=org.omensah, subject__contains="delegated to you").exists()
    assert list(complaints.open_for(org.omensah)) == [complaint]
    assert list(complaints.open_for(director)) == []
    with pytest.raises(services.NotAllowed):
        complaints.decide_new_complaint(complaint, director, accept=True, complaint_reference="CMP-1")
    complaint = complaints.decide_new_complaint(complaint, org.omensah, accept=True, complaint_reference="CMP-7")
    assert complaint.decided_by == org.omensah


def test_a_sensitive_case_is_delegated_only_to_a_director_named_on_it(org):
    case, restriction = in_force(org)
    services.mark_sensitive(case, org.rkaur, [org.rkaur, org.pshah])
    case.refresh_from_db()
    complaint = log(org, restriction)
    assert complaints.delegable_directors(complaint) == []
    with pytest.raises(services.CaseworkError):
        complaints.delegate_new_complaint(complaint, fresh(org.pshah), org.omensah)
    assert not permissions.has_chain_access(org.omensah, case)


def test_no_second_decision(org):
    _, restriction = in_force(org)
    complaint = log(org, restriction)
    complaints.decide_new_complaint(complaint, org.pshah, accept=True, complaint_reference="CMP-1")
    with pytest.raises(services.AlreadyDecided, match="already accepted"):
        complaints.decide_new_complaint(complaint, org.pshah, accept=False, reasons="Changed my mind.")
    complaint.refresh_from_db()
    assert complaint.status == NewComplaint.Status.ACCEPTED and complaint.reasons == ""


# --- The pages ------------------------------------------------------------------------


def test_staff_log_it_from_the_check_page_and_do_not_see_the_case(org, client):
    case, restriction = in_force(org)
    client.force_login(org.mjones)
    check = client.get("/residents/check/", {"q": case.customer.reference})
    url = f"/residents/restrictions/{restriction.pk}/new-complaint/"
    assert url in check.content.decode()
    bad = client.post(url, {"received_on": "", "channel": "letter", "summary": SUMMARY})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "error-summary" in page and "Nobody has come to fix the leak" in page
    assert not NewComplaint.objects.exists()
    today = timezone.localdate().isoformat()
    response = client.post(url, {"received_on": today, "channel": "letter", "summary": SUMMARY})
    assert response.status_code == 302 and response["Location"].startswith("/residents/check/?q=")
    complaint = NewComplaint.objects.get()
    assert client.get(f"/cases/{case.pk}/complaints/{complaint.pk}/").status_code == 404
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get("/cases/complaints/").status_code == 404


def test_contractors_do_not_see_the_way_to_log_one(org, client):
    case, restriction = in_force(org)
    contractor = UserFactory(roles=[roles.CONTRACTORS], roles__staff=False)
    client.force_login(contractor)
    check = client.get("/residents/check/", {"q": case.customer.reference})
    assert "new-complaint" not in check.content.decode()
    assert client.get(f"/residents/restrictions/{restriction.pk}/new-complaint/").status_code == 404


def test_the_executive_director_finds_it_and_declines_it_on_its_page(org, client):
    letters_ready()
    case, restriction = in_force(org)
    complaint = log(org, restriction)
    client.force_login(org.pshah)
    assert "1 new complaint from restricted residents" in client.get("/cases/awaiting-my-decision/").content.decode()
    listed = client.get("/cases/complaints/").content.decode()
    assert complaint.reference in listed and case.customer.name in listed
    url = f"/cases/{case.pk}/complaints/{complaint.pk}/"
    page = client.get(url).content.decode()
    assert SUMMARY in page and "Delegate it" in page and "Olu Mensah" in page
    missing = client.post(url + "decide/", {"decide-decision": "decline", "decide-reasons": ""})
    assert missing.status_code == 400 and "Give the reasons" in missing.content.decode()
    response = client.post(url + "decide/", {"decide-decision": "decline", "decide-reasons": "A repeat of CMP-1."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == NewComplaint.Status.DECLINED and complaint.letter is not None
    again = client.post(
        url + "decide/", {"decide-decision": "accept", "decide-complaint_reference": "CMP-9"}, follow=False
    )
    assert again.status_code == 404  # no longer open: nobody decides it again
    case_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert complaint.reference in case_page and "declined" in case_page
    client.force_login(org.rkaur)
    letter_url = f"/cases/{case.pk}/letters/{complaint.letter.pk}/"
    assert letter_url in client.get(url).content.decode()
    assert client.get(letter_url).status_code == 200
    preview = client.get(letter_url + "preview/")
    assert preview.status_code == 200 and "A repeat of CMP-1." in preview.content.decode()


def test_the_case_page_lists_the_complaints_in_a_fixed_number_of_queries(org, client, django_assert_max_num_queries):
    case, restriction = in_force(org)
    log(org, restriction)
    client.force_login(org.rkaur)
    client.get(f"/cases/{case.pk}/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(f"/cases/{case.pk}/")
    for _ in range(5):
        log(org, restriction)
    with django_assert_max_num_queries(len(one)):
        page = client.get(f"/cases/{case.pk}/")
    assert page.content.decode().count("with the executive director of customers") == 6


def test_the_demo_has_one_new_complaint_waiting_for_pshah_and_loads_once(db, settings):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.DEMO_PASSWORD = "demo-password-123"
    call_command("load_demo")
    call_command("load_demo")
    pshah = get_user_model().objects.get(username="pshah")
    waiting = list(complaints.open_for(pshah))
    assert len(waiting) == 1 and waiting[0].resident.reference == "C100007"
    assert NewComplaint.objects.count() == 1
    assert permissions.can_decide_new_complaint(pshah, waiting[0])


def test_the_board_report_counts_them_accepted_declined_and_waiting(org, django_assert_num_queries):
    from casework.services import board_report

    _, restriction = in_force(org)
    today = timezone.localdate()
    period = board_report.Period(today - datetime.timedelta(days=30), today)
    assert board_report.new_complaints(period).explanation == "None in this period."
    complaints.decide_new_complaint(log(org, restriction), org.pshah, accept=True, complaint_reference="CMP-1")
    complaints.decide_new_complaint(log(org, restriction), org.pshah, accept=False, reasons="A repeat.")
    complaints.decide_new_complaint(log(org, restriction), org.pshah, accept=False, reasons="Another repeat.")
    log(org, restriction)
    old = log(org, restriction)
    NewComplaint.objects.filter(pk=old.pk).update(received_on=today - datetime.timedelta(days=35))
    with django_assert_num_queries(1):
        section = board_report.new_complaints(period)
    assert section.recorded
    assert "1 accepted into the complaints process and 2 declined" in section.explanation
    assert "still waiting for a decision: 1." in section.explanation
    earlier = board_report.Period(today - datetime.timedelta(days=400), today - datetime.timedelta(days=31))
    assert "0 accepted into the complaints process and 0 declined" in board_report.new_complaints(earlier).explanation


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_simultaneous_decisions_record_exactly_one(org):
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite cannot run decisions in parallel")
    letters_ready()
    _, restriction = in_force(org)
    complaint = complaints.delegate_new_complaint(log(org, restriction), org.pshah, org.omensah)
    deciders = [(org.pshah, True), (org.omensah, False), (org.pshah, False), (org.omensah, True)]
    barrier = threading.Barrier(len(deciders))
    outcomes, lock = [], threading.Lock()

    def decide(user, accept):
        try:
            barrier.wait()
            complaints.decide_new_complaint(
                complaint, fresh(user), accept=accept, complaint_reference="CMP-5", reasons="A repeat."
            )
            result = "recorded"
        except services.AlreadyDecided as error:
            result = str(error)
        except Exception as error:  # noqa: BLE001 - any other outcome is a failure, reported below
            result = f"unexpected {type(error).__name__}: {error}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=decide, args=pair) for pair in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("recorded") == 1, outcomes
    assert all("was already" in outcome for outcome in outcomes if outcome != "recorded"), outcomes
    complaint.refresh_from_db()
    assert not complaint.is_open
    assert Letter.objects.filter(kind=LetterKind.DECLINED_COMPLAINT).count() == (
        1 if complaint.status == NewComplaint.Status.DECLINED else 0
    )
