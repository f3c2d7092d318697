"""Appeals (Wandle 3.10): recorded by any member of staff, due 28 calendar days after receipt,
decided by a director who took no part, upheld, varied or overturned with a letter."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework import permissions, services
from casework.letter_defaults import DEFAULTS, body_of
from casework.models import Appeal, Letter, LetterTemplate, RedFlag, Restriction
from casework.services import appeals, letter_templates, letters, residents, restrictions
from casework.services.letter_parts import REQUIRED_PARTS
from home.models import Notification
from tests.casework.factories import approved_on, closed_case
from tests.casework.letters import letters_ready, resident


def in_force(org, **kwargs):
    """Restrictions approved by pshah 40 days ago, in force from today with their red flag."""
    case = closed_case(org, customer=resident(), **kwargs)
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=40))
    return case, restrictions.bring_into_force(restriction, org.rkaur, today, today)


def record(org, restriction, by=None, received_on=None, **kwargs):
    values = {"channel": "letter", "grounds": "I only called about my boiler. The officer hung up on me.", **kwargs}
    return appeals.record_appeal(restriction, by or org.sali, received_on or timezone.localdate(), **values)


def test_due_28_calendar_days_after_receipt_whatever_the_weekends_and_bank_holidays(org):
    _, restriction = in_force(org)
    # Received on a Thursday before Easter: working days would give a later date.
    appeal = record(org, restriction)
    assert appeal.due_date == appeal.received_on + datetime.timedelta(days=28)
    assert Appeal.due_for(datetime.date(2026, 4, 2)) == datetime.date(2026, 4, 30)


def test_the_appeal_goes_to_the_director_who_took_no_part(org):
    case, restriction = in_force(org)
    appeal = record(org, restriction)
    assert appeal.director == org.omensah  # pshah approved the restriction
    assert appeal.status == Appeal.Status.WITH_DIRECTOR
    assert permissions.has_chain_access(org.omensah, case)
    told = Notification.objects.get(recipient=org.omensah, subject=f"Appeal on case {case.reference} for your decision")
    assert appeal.due_date.strftime("%B") in told.body and case.customer.name not in told.body
    assert not Notification.objects.filter(recipient=org.pshah, subject__startswith="Appeal on case").exists()


def test_no_involved_director_is_ever_offered_an_appeal(org):
    # omensah reported it, pshah approved it: no director is free of the case.
    case, restriction = in_force(org)
    case.reporter = org.omensah
    case.save(update_fields=["reporter"])
    appeal = record(org, restriction)
    assert appeal.director is None and appeal.status == Appeal.Status.NEEDS_SOMEONE
    assert Notification.objects.filter(recipient=org.jclarke, subject__contains="needs someone to decide").exists()
    offered = {person.username for person in appeals.deciders_the_head_may_name(appeal)}
    assert "pshah" not in offered and "omensah" not in offered and "jclarke" in offered
    with pytest.raises(services.CaseworkError):
        appeals.name_decider(appeal, org.jclarke, org.pshah)
    with pytest.raises(services.NotAllowed):
        appeals.name_decider(appeal, org.rkaur, org.jclarke)


def test_a_director_with_a_conflict_is_passed_over(org):
    case, restriction = in_force(org)
    appeal = record(org, restriction)
    with pytest.raises(services.NotAllowed):
        appeals.declare_conflict(appeal, org.pshah, "Not mine.")
    with pytest.raises(services.CaseworkError):
        appeals.declare_conflict(appeal, org.omensah, " ")
    appeal = appeals.declare_conflict(appeal, org.omensah, "The resident is my neighbour.")
    assert appeal.director is None and appeal.status == Appeal.Status.NEEDS_SOMEONE
    assert "omensah" not in {p.username for p in appeals.deciders_the_head_may_name(appeal)}
    appeal = appeals.name_decider(appeal, org.jclarke, org.jclarke)
    assert appeal.director == org.jclarke and appeal.status == Appeal.Status.WITH_DIRECTOR


def test_overturned_ends_the_restriction_and_its_flag_at_once(org):
    from home.models import StaffProfile, Team

    income = Team.objects.create(name="Income")
    StaffProfile.objects.filter(user__in=[org.sali, org.mjones]).update(team=income)
    letters_ready()
    case, restriction = in_force(org)
    assert RedFlag.objects.filter(restriction=restriction, ended_at__isnull=True).exists()
    appeal = record(org, restriction)
    with pytest.raises(services.NotAllowed):  # pshah approved it
        appeals.decide_appeal(appeal, org.pshah, "overturned", "Mistaken.")
    appeal = appeals.decide_appeal(appeal, org.omensah, "overturned", "The calls were about an emergency repair.")
    restriction.refresh_from_db()
    assert restriction.state == Restriction.State.OVERTURNED
    assert not RedFlag.objects.filter(restriction=restriction, ended_at__isnull=True).exists()
    flag = RedFlag.objects.get(restriction=restriction)
    assert flag.ended_by == org.omensah and appeal.reference in flag.end_reason
    status = residents.statuses([case.customer])[case.customer_id]
    assert not status.flagged
    assert case.events.filter(detail__contains="The calls were about an emergency repair.").exists()
    told = Notification.objects.filter(subject=f"Contact arrangements ended (case {case.reference})")
    assert set(told.values_list("recipient__username", flat=True)) == {"sali", "mjones"}
    assert appeal.letter is not None and appeal.letter.kind == "appeal_outcome"


def test_varied_changes_the_terms_and_drafts_a_new_restriction_letter(org):
    from tests.casework.letters import restriction_draft

    letters_ready()
    # The restriction letter was issued: it brought the restriction into force.
    issued = letters.issue_letter(restriction_draft(org), org.rkaur, "post")
    restriction = issued.restriction
    appeal = record(org, restriction)
    with pytest.raises(services.CaseworkError) as refused:
        appeals.decide_appeal(appeal, org.omensah, "varied", "Phone suits her hearing.", "No complaints accepted.")
    assert refused.value.field == "terms"
    appeal = appeals.decide_appeal(
        appeal, org.omensah, "varied", "Email suits her hearing.", "Email only, to the income team leader."
    )
    restriction.refresh_from_db()
    assert restriction.terms == "Email only, to the income team leader." and restriction.state == "in_force"
    assert appeal.terms_before == "Contact by email to one named officer only."
    assert Letter.objects.filter(replaces=issued, state="draft").exists()
    rendered, facts, *_ = letters.render_letter(appeal.letter)
    assert rendered.missing == [] and "Email only, to the income team leader." in rendered.text
    assert facts["signatory_name"] == "Olu Mensah"  # who decided the appeal, not who approved the restriction
    issued_outcome = letters.issue_letter(appeal.letter, org.rkaur, "post")
    assert issued_outcome.is_issued and "Your appeal has been partly accepted" in issued_outcome.issued_text


def test_upheld_keeps_the_restriction_and_the_letter_has_every_part(org):
    letters_ready()
    case, restriction = in_force(org)
    appeal = appeals.decide_appeal(record(org, restriction), org.omensah, "upheld", "The calls were abusive.")
    restriction.refresh_from_db()
    assert restriction.state == "in_force"
    rendered, *_ = letters.render_letter(appeal.letter)
    assert rendered.missing == []
    assert "took no part" in rendered.text and "Your appeal has been turned down: our decision stands" in rendered.text


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"received_on": "future"}, "received_on"),
        ({"grounds": "  "}, "grounds"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_bad_appeals_are_refused_and_nothing_is_saved(org, change, field):
    _, restriction = in_force(org)
    if change.get("received_on") == "future":
        change = {"received_on": timezone.localdate() + datetime.timedelta(days=1)}
    with pytest.raises(services.CaseworkError) as refused:
        record(org, restriction, **change)
    assert refused.value.field == field
    assert not Appeal.objects.exists()


def test_contractors_do_not_record_appeals_and_only_one_is_open_at_a_time(org):
    from home import roles
    from tests.factories import UserFactory

    contractor = UserFactory(roles=[roles.CONTRACTORS], roles__staff=False)
    _, restriction = in_force(org)
    with pytest.raises(services.NotAllowed):
        record(org, restriction, by=contractor)
    record(org, restriction)
    with pytest.raises(services.CaseworkError, match="already open"):
        record(org, restriction, by=org.mjones)
    assert Appeal.objects.count() == 1


def test_a_lapsed_restriction_cannot_be_appealed(org):
    _, restriction = in_force(org)
    Restriction.objects.filter(pk=restriction.pk).update(state=Restriction.State.LAPSED)
    restriction.refresh_from_db()
    with pytest.raises(services.CaseworkError, match="nothing left to appeal"):
        record(org, restriction)


def test_reminders_7_and_2_days_before_and_escalation_each_sent_once(org):
    case, restriction = in_force(org)
    appeal = record(org, restriction)
    due = appeal.due_date
    for day, expected in [
        (due - datetime.timedelta(days=10), {"reminders": 0, "escalations": 0}),
        (due - datetime.timedelta(days=7), {"reminders": 1, "escalations": 0}),
        (due - datetime.timedelta(days=7), {"reminders": 0, "escalations": 0}),
        (due - datetime.timedelta(days=2), {"reminders": 1, "escalations": 0}),
        (due - datetime.timedelta(days=1), {"reminders": 0, "escalations": 0}),
        (due + datetime.timedelta(days=1), {"reminders": 0, "escalations": 1}),
        (due + datetime.timedelta(days=1), {"reminders": 0, "escalations": 0}),
    ]:
        assert appeals.send_appeal_reminders_and_escalations(day) == expected, day
    assert Notification.objects.filter(recipient=org.omensah, subject__startswith="Reminder: the appeal").count() == 2
    overdue = Notification.objects.filter(subject__startswith=f"Overdue: the appeal on case {case.reference}")
    assert set(overdue.values_list("recipient__username", flat=True)) == {"jclarke", "omensah"}
    assert permissions.has_chain_access(org.jclarke, case)


# --- Pages --------------------------------------------------------------------------------


def test_sali_records_an_appeal_from_the_check_page(org, client):
    case, restriction = in_force(org)
    client.force_login(org.sali)
    page = client.get("/residents/check/", {"q": case.customer.reference}).content.decode()
    assert f"/residents/restrictions/{restriction.pk}/appeal/" in page
    received = timezone.localdate() - datetime.timedelta(days=20)
    response = client.post(
        f"/residents/restrictions/{restriction.pk}/appeal/",
        {
            "received_on": received.isoformat(),
            "channel": "email",
            "grounds": "I was never told why.",
            "document": SimpleUploadedFile("appeal.txt", b"My appeal, in writing.", content_type="text/plain"),
        },
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.documents.count() == 1 and appeal.recorded_by == org.sali
    page = client.get(response["Location"]).content.decode()
    assert "Under appeal" in page and "due in 8 days" in page
    # sali reported the case but is not one of its people: the appeal's page is not hers.
    assert client.get(f"/cases/{case.pk}/appeals/{appeal.pk}/").status_code == 404


def test_a_bad_appeal_form_keeps_what_was_typed(org, client):
    _, restriction = in_force(org)
    client.force_login(org.mjones)
    response = client.post(
        f"/residents/restrictions/{restriction.pk}/appeal/",
        {"received_on": "2099-01-01", "channel": "email", "grounds": "Kept words."},
    )
    assert response.status_code == 400
    assert "Kept words." in response.content.decode() and not Appeal.objects.exists()


def test_omensah_overturns_it_from_the_appeal_page(org, client):
    letters_ready()
    case, restriction = in_force(org)
    appeal = record(org, restriction)
    client.force_login(org.pshah)
    assert client.post(f"/cases/{case.pk}/appeals/{appeal.pk}/decide/", {}).status_code == 404
    client.force_login(org.omensah)
    page = client.get(f"/cases/{case.pk}/appeals/{appeal.pk}/")
    assert page.status_code == 200 and "Your decision" in page.content.decode()
    empty = client.post(f"/cases/{case.pk}/appeals/{appeal.pk}/decide/", {"decide-outcome": "overturned"})
    assert empty.status_code == 400
    done = client.post(
        f"/cases/{case.pk}/appeals/{appeal.pk}/decide/",
        {"decide-outcome": "overturned", "decide-reasons": "The calls were about a leak."},
    )
    assert done.status_code == 302
    restriction.refresh_from_db()
    assert restriction.state == "overturned"


@pytest.mark.parametrize("part", REQUIRED_PARTS["appeal_outcome"], ids=lambda part: part.key)
def test_an_appeal_outcome_letter_without_a_required_part_is_refused(org, part):
    subject, sections, _ = DEFAULTS["appeal_outcome"]
    letters_ready()
    LetterTemplate.objects.filter(kind="appeal_outcome").update(body=body_of(sections, without=part.key))
    _, restriction = in_force(org)
    appeal = appeals.decide_appeal(record(org, restriction), org.omensah, "upheld", "The calls were abusive.")
    with pytest.raises(letters.LetterNotReady) as refused:
        letters.issue_letter(appeal.letter, org.rkaur, "post")
    assert refused.value.missing == [part.name]
    template = LetterTemplate.objects.get(kind="appeal_outcome")
    assert f"The letter must say {part.name}." in letter_templates.template_problems(template)


def test_the_appeal_waits_in_its_deciders_queue_with_its_due_date(org, client):
    case, restriction = in_force(org)
    appeal = record(org, restriction, received_on=timezone.localdate() - datetime.timedelta(days=20))
    client.force_login(org.omensah)
    page = client.get("/cases/awaiting-my-decision/").content.decode()
    assert f"/cases/{case.pk}/appeals/{appeal.pk}/" in page and "due in 8 days" in page
    for person in (org.pshah, org.jclarke, org.rkaur):
        client.force_login(person)
        assert f"/appeals/{appeal.pk}/" not in client.get("/cases/awaiting-my-decision/").content.decode()
    # With no director free, it waits for the head of customer services to name someone.
    appeals.declare_conflict(appeal, org.omensah, "My neighbour.")
    client.force_login(org.jclarke)
    page = client.get("/cases/awaiting-my-decision/").content.decode()
    assert f"/appeals/{appeal.pk}/" in page and "You to name who decides" in page


def test_the_date_fields_start_from_today_written_as_a_browser_reads_it(org, client):
    _, restriction = in_force(org)
    client.force_login(org.sali)
    page = client.get(f"/residents/restrictions/{restriction.pk}/appeal/").content.decode()
    assert f'type="date" name="received_on" value="{timezone.localdate():%Y-%m-%d}"' in page


def test_a_variation_restates_the_contact_details_so_none_is_left_stale(org, client):
    from casework.services import variation
    from tests.casework.letters import restriction_draft

    letters_ready()
    restriction = letters.issue_letter(restriction_draft(org), org.rkaur, "post").restriction
    names = variation.detail_fields(restriction)
    assert "call_times" in names
    appeal = record(org, restriction)
    client.force_login(org.omensah)
    page = client.get(f"/cases/{restriction.case_id}/appeals/{appeal.pk}/").content.decode()
    assert "Days and times for contact, from now on" in page and restriction.call_times in page
    data = {
        "decide-outcome": "varied",
        "decide-reasons": "Afternoons suit her better.",
        "decide-new_terms": "Email only, Mondays and Thursdays, 2pm to 4pm.",
        **{f"decide-{name}": getattr(restriction, name) for name in names},
    }
    # A detail the types need cannot be emptied: the one channel allowed.
    refused = client.post(
        f"/cases/{restriction.case_id}/appeals/{appeal.pk}/decide/", {**data, "decide-allowed_channel": ""}
    )
    assert refused.status_code == 400 and "Choose the one channel" in refused.content.decode()
    data["decide-call_times"] = "Mondays and Thursdays, 2pm to 4pm"
    done = client.post(f"/cases/{restriction.case_id}/appeals/{appeal.pk}/decide/", data)
    assert done.status_code == 302
    restriction.refresh_from_db()
    assert restriction.call_times == "Mondays and Thursdays, 2pm to 4pm"
    flag = RedFlag.objects.get(restriction=restriction, ended_at__isnull=True)
    assert (
        "Mondays and Thursdays, 2pm to 4pm" in flag.contact_arrangements and "Tuesdays" not in flag.contact_arrangements
    )
