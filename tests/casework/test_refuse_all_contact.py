"""Refusing all contact (LHP 31): only the Executive Director of Customers, only on a current
restriction with breaches recorded, with a written justification; what always stays open
still does and is still shown."""

import pytest
from django.utils import timezone

from casework import permissions, services
from casework.choices import ALWAYS_OPEN
from casework.models import CaseEvent, ContactRefusal, RedFlag, Restriction, RestrictionEvent
from casework.services import breaches
from home.models import Notification, StaffProfile, Team
from tests.casework.test_breaches import edc, in_force, record

JUSTIFICATION = "Five breaches in three weeks, two of them threats to the income officer: the restrictions failed."


@pytest.fixture
def kbaker(db):
    return edc()


def with_a_breach(org):
    case, restriction = in_force(org)
    record(org, restriction)
    return case, restriction


def test_the_executive_director_refuses_all_contact_and_what_stays_open_still_does(org, kbaker):
    income = Team.objects.create(name="Income")
    StaffProfile.objects.filter(user__in=[org.sali, org.mjones]).update(team=income)
    case, restriction = with_a_breach(org)
    refusal = breaches.refuse_all_contact(restriction, kbaker, JUSTIFICATION)
    assert refusal.refused_by == kbaker and refusal.breaches_at_the_time == 1
    restriction.refresh_from_db()
    assert restriction.refusal() == refusal and restriction.state == Restriction.State.IN_FORCE
    # The red flag's contact arrangements say so, with what stays open; the terms are kept.
    flag = RedFlag.objects.get(restriction=restriction)
    assert flag.contact_arrangements.startswith("All contact is refused from")
    assert "emergency and essential contact by phone" in flag.contact_arrangements
    assert "access to the complaints process" in flag.contact_arrangements
    assert restriction.terms in flag.contact_arrangements
    # The timeline, and the restriction's own record (the EDC took part: never its appeal's decider).
    assert CaseEvent.objects.filter(case=case, actor=kbaker, detail=JUSTIFICATION).exists()
    assert RestrictionEvent.objects.filter(restriction=restriction, by=kbaker, reason__contains=JUSTIFICATION).exists()
    # The reporter and her team are told, naming the case, never the resident.
    told = Notification.objects.filter(subject=f"All contact refused (case {case.reference})")
    assert set(told.values_list("recipient__username", flat=True)) == {"sali", "mjones"}
    assert all(case.customer.name not in n.body and "complaints process" in n.body for n in told)


@pytest.mark.parametrize("who", ["omensah", "pshah", "rkaur", "jclarke", "mjones"])
def test_nobody_else_refuses_all_contact(org, kbaker, who):
    _, restriction = with_a_breach(org)
    with pytest.raises(services.NotAllowed):
        breaches.refuse_all_contact(restriction, getattr(org, who), JUSTIFICATION)
    assert not ContactRefusal.objects.exists()


def test_not_without_a_breach_a_justification_or_a_current_restriction(org, kbaker):
    case, restriction = in_force(org)
    permissions.grant_case_access(case, [kbaker])
    with pytest.raises(services.CaseworkError, match="after breaches"):
        breaches.refuse_all_contact(restriction, kbaker, JUSTIFICATION)
    record(org, restriction)
    with pytest.raises(services.CaseworkError) as refused:
        breaches.refuse_all_contact(restriction, kbaker, "  ")
    assert refused.value.field == "justification"
    # Approved but not yet in force: the resident has not been told, so has kept to nothing yet.
    for state in (Restriction.State.APPROVED, Restriction.State.LIFTED):
        Restriction.objects.filter(pk=restriction.pk).update(state=state)
        restriction.refresh_from_db()
        with pytest.raises(services.CaseworkError, match="in force"):
            breaches.refuse_all_contact(restriction, kbaker, JUSTIFICATION)
    assert not ContactRefusal.objects.exists()


def test_all_contact_is_refused_once(org, kbaker):
    _, restriction = with_a_breach(org)
    breaches.refuse_all_contact(restriction, kbaker, JUSTIFICATION)
    with pytest.raises(services.CaseworkError, match="already refused"):
        breaches.refuse_all_contact(restriction, kbaker, "Again.")
    assert ContactRefusal.objects.count() == 1


def test_a_later_variation_keeps_the_refusal_in_the_flag(org, kbaker):
    from casework.services import appeals

    _, restriction = with_a_breach(org)
    breaches.refuse_all_contact(restriction, kbaker, JUSTIFICATION)
    appeal = appeals.record_appeal(restriction, org.mjones, timezone.localdate(), "letter", "Unfair.")
    appeals.decide_appeal(appeal, appeal.director, "varied", "Email suits her.", "Email only, to the income team.")
    flag = RedFlag.objects.get(restriction=restriction)
    assert flag.contact_arrangements.startswith("All contact is refused")
    assert "Email only, to the income team." in flag.contact_arrangements


# --- Pages ---------------------------------------------------------------------------------


def test_kbaker_refuses_from_the_case_page_and_every_member_of_staff_sees_it_when_checking(org, client, kbaker):
    case, restriction = with_a_breach(org)
    url = f"/cases/{case.pk}/restrictions/{restriction.pk}/refuse-all-contact/"
    client.force_login(kbaker)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert url in page
    form = client.get(url).content.decode()
    assert "shouted at the advisor" in form and all(item in form for item in ALWAYS_OPEN)
    empty = client.post(url, {"justification": "  "})
    assert empty.status_code == 400 and 'href="#id_justification"' in empty.content.decode()
    done = client.post(url, {"justification": JUSTIFICATION})
    assert done.status_code == 302
    assert ContactRefusal.objects.filter(restriction=restriction, refused_by=kbaker).exists()
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "All contact refused" in page and JUSTIFICATION in page and url not in page
    # Any member of staff checking the resident: the refusal and what stays open, not why.
    client.force_login(org.gevans)
    check = client.get("/residents/check/", {"q": case.customer.reference}).content.decode()
    assert "All contact refused" in check and JUSTIFICATION not in check
    assert all(item in check for item in ALWAYS_OPEN)


@pytest.mark.parametrize("who", ["omensah", "rkaur", "jclarke", "sali", "mjones"])
def test_the_refusal_page_is_404_for_everyone_else(org, client, kbaker, who):
    case, restriction = with_a_breach(org)
    client.force_login(getattr(org, who))
    url = f"/cases/{case.pk}/restrictions/{restriction.pk}/refuse-all-contact/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"justification": JUSTIFICATION}).status_code == 404
    assert not ContactRefusal.objects.exists()


def test_the_board_report_counts_refusals_and_breaches(org, kbaker, client):
    import datetime

    from casework.services import board_report

    case, restriction = with_a_breach(org)
    record(org, restriction, channel="email")
    record(org, restriction, channel="email")
    breaches.refuse_all_contact(restriction, kbaker, JUSTIFICATION)
    today = timezone.localdate()
    period = board_report.Period(today - datetime.timedelta(days=29), today)
    sections = {section.title: section for section in board_report.build(period).later_sections}
    refusals = sections["Refusals of all contact"]
    assert refusals.recorded and refusals.explanation.startswith("1 refusal of all contact")
    assert JUSTIFICATION not in refusals.explanation and case.customer.name not in refusals.explanation
    counted = sections["Breaches"]
    assert counted.explanation.startswith("3 breaches of restrictions on 1 restriction in the period (0 in")
    assert "email 2, phone 1" in counted.explanation and "1 brought a review forward" in counted.explanation
    before = board_report.Period(today - datetime.timedelta(days=400), today - datetime.timedelta(days=370))
    assert board_report.refusals_of_all_contact(before).explanation == "None in the period (0 in the period before)."


def test_an_issued_restriction_letter_gets_a_draft_replacement_saying_so(org, kbaker):
    from casework.models import Letter
    from casework.services import letters
    from tests.casework.letters import letters_ready, restriction_draft

    letters_ready()
    issued = letters.issue_letter(restriction_draft(org), org.rkaur, "post")
    restriction = issued.restriction
    record(org, restriction, days_ago=0)
    breaches.refuse_all_contact(restriction, kbaker, JUSTIFICATION)
    draft = Letter.objects.get(replaces=issued, state="draft")
    rendered, *_ = letters.render_letter(draft)
    assert rendered.missing == []
    assert "All contact is refused from" in rendered.text and "access to the complaints process" in rendered.text
    assert JUSTIFICATION not in rendered.text


def test_anonymising_the_case_deletes_what_breaches_said_and_their_evidence_keeping_the_counts(org, kbaker):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casework.models import Breach, BreachDocument
    from casework.services import retention

    case, restriction = in_force(org)
    breach = record(
        org, restriction, documents=[SimpleUploadedFile("call.txt", b"Call note.", content_type="text/plain")]
    )
    stored = breach.documents.get().file.name
    breaches.refuse_all_contact(restriction, kbaker, JUSTIFICATION)
    done = retention.anonymise_case(case, retention.Rule.ENDED, timezone.localdate())
    assert done.evidence_deleted == 1 and not BreachDocument.objects.exists()
    assert not BreachDocument.file.field.storage.exists(stored)
    breach.refresh_from_db()
    assert breach.what_happened == retention.ANONYMISED and breach.channel == "phone"
    assert Breach.objects.count() == 1
    assert ContactRefusal.objects.get().justification == retention.ANONYMISED


def test_a_contractor_reads_the_refusal_in_the_flags_handling_instruction(org, kbaker):
    case, restriction = with_a_breach(org)
    permissions.grant_case_access(case, [kbaker])
    breaches.refuse_all_contact(restriction, kbaker, JUSTIFICATION)
    flag = RedFlag.objects.get(restriction=restriction, ended_at__isnull=True)
    assert flag.handling_instruction.startswith("All contact refused (LHP 31)")
    assert len(flag.handling_instruction) <= 300
