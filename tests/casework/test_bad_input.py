"""Input that used to give a 500, lose what was typed, or say the wrong thing."""

from django.core.files.uploadedfile import SimpleUploadedFile

from casework.models import Case, Comment
from home.models import Notification
from tests.casework.factories import at_cxm, closed_case, submitted_case


def test_removing_a_file_that_is_not_on_the_draft_is_refused_and_starts_no_draft(org, client):
    client.force_login(org.sali)
    for action in ["remove-", "remove-99999", "remove-99999999999999999999999", "remove-abc"]:
        response = client.post("/cases/report/", {"action": action, "what_happened": "typed before"})
        assert response.status_code == 400, action
        assert "not attached to this report" in response.content.decode()
        assert "typed before" in response.content.decode()
    assert not Case.objects.filter(reporter=org.sali).exists()


def test_removing_another_drafts_file_leaves_both_drafts_as_they_were(org, client):
    client.force_login(org.mjones)
    client.post("/cases/report/", {"evidence": [SimpleUploadedFile("a.txt", b"text")], "action": "save"})
    others = Case.objects.get(reporter=org.mjones).evidence.get()
    client.force_login(org.sali)
    client.post("/cases/report/", {"what_happened": "mine", "action": "save"})
    mine = Case.objects.get(reporter=org.sali)
    response = client.post(f"/cases/{mine.pk}/edit/", {"action": f"remove-{others.pk}", "what_happened": "mine"})
    assert response.status_code == 400
    assert others.__class__.objects.filter(pk=others.pk).exists()


def test_a_comment_over_the_limit_is_refused_with_the_reason_and_kept(org, client):
    case = at_cxm(org)
    client.force_login(org.rkaur)
    text = "A long comment. " * 700
    response = client.post(f"/cases/{case.pk}/comment/", {"text": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 10000 characters" in page
    assert text.strip()[:200] in page
    assert not Comment.objects.exists()


def test_a_decision_with_a_malformed_step_is_not_called_already_decided(org, client):
    case = at_cxm(org)
    client.force_login(org.rkaur)
    for step in ["abc", "1" * 30, "-1"]:
        response = client.post(f"/cases/{case.pk}/decide/", {"step": step, "choice": "return"}, follow=True)
        page = response.content.decode()
        assert "already been decided" not in page, step
        assert "was not complete" in page, step
    case.refresh_from_db()
    assert case.current_step.status == "open"


def test_a_decision_error_sits_by_its_field(org, client):
    case = at_cxm(org)
    client.force_login(org.rkaur)
    response = client.post(
        f"/cases/{case.pk}/decide/",
        {"step": case.current_step_id, "choice": "recommend", "rationale": "Because.", "complaint_status": "handled"},
    )
    assert response.status_code == 400
    form = response.context["decision_form"]
    message = "Say how vulnerability and reasonable adjustments were considered."
    assert form.errors["vulnerability_considered"] == [message]
    assert 'aria-invalid="true"' in response.content.decode() or "field--error" in response.content.decode()


def test_no_notice_carries_the_residents_details(org):
    case = closed_case(org)
    customer = case.customer
    notices = Notification.objects.all()
    assert notices.count() >= 5
    for notice in notices:
        text = f"{notice.subject}\n{notice.body}"
        for detail in [customer.name, customer.address, customer.postcode, case.what_happened[:30]]:
            assert detail not in text, (notice.subject, detail)
        assert case.reference in text


def test_an_unlisted_residents_name_stays_out_of_notices_too(org):
    submitted_case(org.sali, customer=None, customer_not_found=True, unlisted_customer_name="Zed Quill")
    assert not Notification.objects.filter(body__contains="Zed Quill").exists()
    assert not Notification.objects.filter(subject__contains="Zed Quill").exists()
