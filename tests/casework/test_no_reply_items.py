"""What a resident sends on a topic that gets no reply (LHP 30): logged by whoever receives it,
read by the colleague named to read it, and escalated to the case's CXMs when left unread."""

import datetime

import pytest
from django.utils import timezone

from casework import permissions, services
from casework.models import CaseEvent, NoReplyItem, Restriction
from casework.services import no_reply, restrictions
from home import roles
from home.models import Notification
from tests.casework.factories import approved_on, closed_case
from tests.casework.letters import resident
from tests.factories import UserFactory


def no_reply_restriction(org, reader="Emma Brown, customer experience manager"):
    case = closed_case(org, customer=resident())
    today = timezone.localdate()
    restriction = approved_on(case.restrictions.get(), today - datetime.timedelta(days=40))
    restriction = restrictions.bring_into_force(restriction, org.rkaur, today, today)
    Restriction.objects.filter(pk=restriction.pk).update(
        types=[*restriction.types, "no_reply_topics"],
        no_reply_topics="The 2019 parking dispute",
        correspondence_reader=reader,
    )
    restriction.refresh_from_db()
    return case, restriction


def log(org, restriction, by=None, **kwargs):
    values = {
        "received_on": timezone.localdate(),
        "channel": "email",
        "topic": "Parking",
        "summary": "The same complaint about the parking bay again.",
        **kwargs,
    }
    return no_reply.log_no_reply_item(restriction, by or org.mjones, **values)


def test_the_colleague_the_restriction_names_reads_it(org):
    case, restriction = no_reply_restriction(org)
    item = log(org, restriction)
    assert item.reader == org.ebrown and not item.is_read
    told = Notification.objects.get(recipient=org.ebrown, subject__startswith="Something to read")
    assert told.url == f"/cases/{case.pk}/no-reply/{item.pk}/" and case.customer.name not in told.body
    assert list(no_reply.unread_for(org.ebrown)) == [item]
    assert not permissions.can_view_case(org.mjones, case)


def test_a_named_reader_who_is_not_on_the_case_reads_the_item_but_not_the_case(org):
    officer = UserFactory(username="spatel", first_name="Sam", last_name="Patel")
    case, restriction = no_reply_restriction(org, reader="Sam Patel (income team leader)")
    item = log(org, restriction)
    assert item.reader == officer
    assert permissions.can_see_no_reply_item(officer, item) and permissions.can_mark_no_reply_item_read(officer, item)
    assert not permissions.can_view_case(officer, case)


@pytest.mark.parametrize("words", ["", "The income team", "Emma Brown or Ravi Kaur"])
def test_words_naming_nobody_or_more_than_one_fall_back_to_a_cxm_of_the_case(org, words):
    _, restriction = no_reply_restriction(org, reader=words)
    assert no_reply.named_reader(restriction) is None
    assert log(org, restriction).reader == org.ebrown  # Brown before Kaur


def test_on_a_sensitive_case_a_reader_not_named_on_it_is_passed_over(org):
    case, restriction = no_reply_restriction(org)
    services.mark_sensitive(case, org.rkaur, [org.rkaur])
    case.refresh_from_db()
    restriction.refresh_from_db()
    assert log(org, restriction).reader == org.rkaur


def test_only_under_a_no_reply_restriction_and_with_every_field(org):
    case, restriction = no_reply_restriction(org)
    with pytest.raises(services.CaseworkError) as error:
        log(org, restriction, topic=" ")
    assert error.value.field == "topic"
    with pytest.raises(services.CaseworkError) as error:
        log(org, restriction, received_on=timezone.localdate() + datetime.timedelta(days=1))
    assert error.value.field == "received_on"
    Restriction.objects.filter(pk=restriction.pk).update(types=["one_channel"])
    restriction.refresh_from_db()
    with pytest.raises(services.CaseworkError, match="no current topics"):
        log(org, restriction)
    contractor = UserFactory(roles=[roles.CONTRACTORS], roles__staff=False)
    with pytest.raises(services.NotAllowed):
        log(org, restriction, by=contractor)
    assert not NoReplyItem.objects.exists()


def test_the_reader_marks_it_read_once(org):
    case, restriction = no_reply_restriction(org)
    item = log(org, restriction)
    with pytest.raises(services.NotAllowed):
        no_reply.mark_read(item, org.rkaur)  # a CXM of the case, but ebrown is named and it is not escalated
    item = no_reply.mark_read(item, org.ebrown, "Nothing new: filed.")
    assert item.read_by == org.ebrown and item.read_at is not None
    with pytest.raises(services.AlreadyDecided):
        no_reply.mark_read(item, org.ebrown)
    assert list(no_reply.unread_for(org.ebrown)) == []
    assert CaseEvent.objects.filter(case=case, summary__contains="read by Emma Brown").exists()


def test_unread_after_five_working_days_it_is_escalated_to_the_cxms_once(org):
    from casework.models import CaseworkSettings

    settings = CaseworkSettings.load()
    settings.bank_holidays = ""  # whatever week the test runs in
    settings.save()
    case, restriction = no_reply_restriction(org)
    item = log(org, restriction)
    monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    NoReplyItem.objects.filter(pk=item.pk).update(
        logged_at=timezone.make_aware(datetime.datetime.combine(monday, datetime.time(10)))
    )
    assert no_reply.escalate_unread(monday + datetime.timedelta(days=4)) == 0  # Friday: 4 working days
    assert no_reply.escalate_unread(monday + datetime.timedelta(days=7)) == 1  # next Monday: 5
    assert no_reply.escalate_unread(monday + datetime.timedelta(days=7)) == 0
    assert no_reply.escalate_unread(monday + datetime.timedelta(days=8)) == 0
    subject = f"Unread for 5 working days (case {case.reference})"
    assert Notification.objects.filter(subject=subject, recipient=org.rkaur).count() == 1
    assert Notification.objects.filter(subject=subject, recipient=org.ebrown).count() == 1
    item.refresh_from_db()
    # Once escalated, any CXM of the case reads it.
    assert item in no_reply.unread_for(org.rkaur)
    no_reply.mark_read(item, org.rkaur)


def test_a_read_item_is_never_escalated(org):
    _, restriction = no_reply_restriction(org)
    item = log(org, restriction)
    no_reply.mark_read(item, org.ebrown)
    assert no_reply.escalate_unread(timezone.localdate() + datetime.timedelta(days=30)) == 0


def test_the_pages_log_list_and_mark_read(org, client):
    case, restriction = no_reply_restriction(org)
    client.force_login(org.mjones)
    check = client.get("/residents/check/", {"q": case.customer.reference}).content.decode()
    url = f"/residents/restrictions/{restriction.pk}/no-reply/"
    assert url in check
    today = timezone.localdate().isoformat()
    response = client.post(url, {"received_on": today, "channel": "email", "topic": "Parking", "summary": "Again."})
    assert response.status_code == 302
    item = NoReplyItem.objects.get()
    assert client.get(f"/cases/{case.pk}/no-reply/{item.pk}/").status_code == 404
    client.force_login(org.ebrown)
    assert "1 item sent on no-reply topics" in client.get("/cases/awaiting-my-decision/").content.decode()
    assert item.reference in client.get("/cases/to-read/").content.decode()
    assert "not read yet" in client.get(f"/cases/{case.pk}/").content.decode()
    response = client.post(f"/cases/{case.pk}/no-reply/{item.pk}/read/", {"read_note": "Filed."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_read and item.read_note == "Filed."
    assert "read by Emma Brown" in client.get(f"/cases/{case.pk}/").content.decode()


def test_the_no_reply_link_is_only_under_a_no_reply_restriction(org, client):
    case, restriction = no_reply_restriction(org)
    Restriction.objects.filter(pk=restriction.pk).update(types=["one_channel"])
    client.force_login(org.mjones)
    check = client.get("/residents/check/", {"q": case.customer.reference}).content.decode()
    assert "/no-reply/" not in check and "/new-complaint/" in check
    assert client.get(f"/residents/restrictions/{restriction.pk}/no-reply/").status_code == 404


def test_the_escalation_is_on_the_schedule():
    from intranet.schedule import SCHEDULED_TASKS

    assert any(entry["func"] == "casework.services.no_reply.escalate_unread" for entry in SCHEDULED_TASKS)
