"""The report form: lookup without JavaScript, drafts, submission, uploads."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.models import Case, EvidenceFile
from tests.factories import CustomerFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def complete(customer, **overrides):
    return {
        "customer": customer.pk,
        "first_incident_date": "2026-01-12",
        "channels": ["phone", "email"],
        "categories": ["abusive_language", "threats_or_violence"],
        "what_happened": "Shouted and threatened to come to the office.",
        "impact": "The officer was frightened.",
        "resident_told": "yes",
        "action": "submit",
        **overrides,
    }


@pytest.fixture
def resident(db):
    return CustomerFactory(name="Aisha Barker", reference="C100001", address="Flat 1, Birch Walk, London")


def test_only_what_submitting_does_not_need_is_labelled_optional(org, client):
    client.force_login(org.sali)
    page = client.get("/cases/report/").content.decode()
    for needed in ["Date of the incident (or the first one)", "What happened", "Impact on staff and on the service"]:
        assert f"{needed}</label>" in page
        assert f'{needed} <span class="field__optional">(optional)</span>' not in page
    assert 'Open complaint reference <span class="field__optional">(optional)</span>' in page
    assert 'Find the resident <span class="field__optional">(optional)</span>' not in page
    assert 'Find the resident <span class="field__optional">(needed, unless you describe the resident below)' in page


def test_decision_forms_label_reasons_as_needed_and_restriction_terms_as_needed_for_restrictions(org, client):
    from tests.casework.factories import at_cxm

    case = at_cxm(org)
    client.force_login(org.rkaur)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Reasons for your decision</label>" in page
    assert "How were vulnerability and reasonable adjustments considered?</label>" in page
    assert 'Terms of the restrictions <span class="field__optional">(needed for restrictions)</span>' in page


def test_form_shows_every_category_with_its_policy_paragraph(org, client):
    client.force_login(org.sali)
    page = client.get("/cases/report/").content.decode()
    assert "Misuse of the complaints process" in page
    assert "/policies-and-guidance/limited-contact-policy/#para-19" in page
    assert "Harassment, including publishing staff details online" in page


def test_find_resident_without_javascript_keeps_what_was_typed(org, client, resident):
    client.force_login(org.sali)
    response = client.post(
        "/cases/report/", {"customer_query": "birch", "what_happened": "Typed first", "action": "find"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Aisha Barker" in page and 'type="radio"' in page
    assert "Typed first" in page
    assert not Case.objects.exists()  # a lookup is not a report yet


def test_submitting_sends_it_and_says_what_happens_next(org, client, resident):
    client.force_login(org.sali)
    response = client.post("/cases/report/", complete(resident), follow=True)
    case = Case.objects.get()
    assert case.status == Case.Status.WITH_LINE_MANAGER
    page = response.content.decode()
    assert case.reference in page and "Tom Nguyen" in page and "What happens next" in page


def test_immediate_risk_shows_the_safety_guidance(org, client, resident):
    client.force_login(org.sali)
    response = client.post("/cases/report/", complete(resident, immediate_risk="on"), follow=True)
    assert "call the police on <strong>999</strong>" in response.content.decode()


def test_resident_not_found_can_be_described(org, client):
    client.force_login(org.sali)
    data = {**complete(CustomerFactory()), "customer": "", "customer_not_found": "on", "unlisted_customer_name": "Mr K"}
    client.post("/cases/report/", data)
    case = Case.objects.get()
    assert case.customer is None and case.unlisted_customer_name == "Mr K" and not case.is_draft


def test_save_as_draft_and_come_back(org, client, resident):
    client.force_login(org.sali)
    response = client.post("/cases/report/", {"what_happened": "Half written", "action": "save"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/edit/"
    assert case.is_draft and case.what_happened == "Half written"
    assert "Half written" in client.get(f"/cases/{case.pk}/edit/").content.decode()
    assert "Draft" in client.get("/cases/mine/").content.decode()


def test_a_failed_submission_keeps_everything_typed_and_every_file(org, client, resident):
    client.force_login(org.sali)
    data = complete(resident, what_happened="", impact="Kept impact text")
    data["evidence"] = [SimpleUploadedFile("call.pdf", PDF), SimpleUploadedFile("screen.png", PNG)]
    response = client.post("/cases/report/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Describe what happened" in page
    assert "Kept impact text" in page
    case = Case.objects.get()
    assert case.is_draft
    assert sorted(case.evidence.values_list("original_name", flat=True)) == ["call.pdf", "screen.png"]
    assert "call.pdf" in page and "screen.png" in page
    # The form now posts to the draft, so finishing it does not start another report.
    assert f'action="/cases/{case.pk}/edit/"' in page
    response = client.post(f"/cases/{case.pk}/edit/", complete(resident))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.WITH_LINE_MANAGER and case.evidence.count() == 2


def test_invalid_date_is_explained_and_the_rest_is_kept(org, client, resident):
    client.force_login(org.sali)
    response = client.post("/cases/report/", complete(resident, first_incident_date="31/02/2026"))
    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()
    assert "Shouted and threatened" in response.content.decode()


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("big.pdf", PDF + b"0" * 2048), "must be"),
        (lambda: SimpleUploadedFile("tool.exe", b"MZ\x90\x00" + b"\x00" * 60), "cannot be attached"),
        (lambda: SimpleUploadedFile("photo.jpg", PDF), "does not contain what its name says"),
        (lambda: SimpleUploadedFile("notes.txt", b"\x00\x01\x02binary"), "does not contain what its name says"),
        (lambda: SimpleUploadedFile(".htaccess.txt", b"deny"), "cannot start with a dot"),
    ],
    ids=["too-big", "type-not-allowed", "content-does-not-match", "binary-text", "hidden-name"],
)
def test_bad_uploads_are_refused_with_a_message_and_nothing_else_is_lost(
    org, client, resident, settings, upload, message
):
    settings.CASEWORK_EVIDENCE_MAX_BYTES = 1024
    client.force_login(org.sali)
    data = complete(resident)
    data["evidence"] = [upload(), SimpleUploadedFile("fine.txt", b"He said he knows where I live.")]
    response = client.post("/cases/report/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    case = Case.objects.get()
    assert case.is_draft
    assert list(case.evidence.values_list("original_name", flat=True)) == ["fine.txt"]
    assert case.what_happened.startswith("Shouted")


def test_a_path_traversal_name_never_leaves_the_private_folder(org, client, resident, settings, tmp_path):
    client.force_login(org.sali)
    data = complete(resident, action="save")
    data["evidence"] = [SimpleUploadedFile("../../../etc/passwd.txt", b"root:x:0:0")]
    client.post("/cases/report/", data)
    stored = EvidenceFile.objects.get()
    assert stored.original_name == "passwd.txt"
    assert ".." not in stored.file.name and "passwd" not in stored.file.name
    assert stored.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


def test_a_docx_is_accepted_by_its_content(org, client, resident):
    client.force_login(org.sali)
    data = complete(resident)
    data["evidence"] = [SimpleUploadedFile("letter.docx", _docx())]
    assert client.post("/cases/report/", data).status_code == 302


def test_remove_a_file_from_a_draft(org, client, resident):
    client.force_login(org.sali)
    client.post("/cases/report/", {"evidence": [SimpleUploadedFile("a.txt", b"text")], "action": "save"})
    case = Case.objects.get()
    item = case.evidence.get()
    client.post(f"/cases/{case.pk}/edit/", {"action": f"remove-{item.pk}", "what_happened": "still here"})
    assert not case.evidence.exists()
    case.refresh_from_db()
    assert case.what_happened == "still here"


def test_evidence_is_sent_as_an_attachment_and_the_read_is_logged(org, client, resident):
    client.force_login(org.sali)
    data = complete(resident)
    data["evidence"] = [SimpleUploadedFile("call.pdf", PDF)]
    client.post("/cases/report/", data)
    case = Case.objects.get()
    item = case.evidence.get()
    client.force_login(org.tnguyen)
    response = client.get(f"/cases/{case.pk}/evidence/{item.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="call.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert case.access_log.filter(user=org.tnguyen, view="evidence file").exists()


def test_my_reports_shows_progress_without_internal_notes(org, client):
    from tests.casework.factories import at_cxm

    case = at_cxm(org)
    client.force_login(org.sali)
    assert case.reference in client.get("/cases/mine/").content.decode()
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "customer experience managers" in page
    assert "Repeated abuse." not in page  # the line manager's rationale is internal


def test_finding_a_resident_matches_any_part_of_name_reference_address_or_postcode_exact_reference_first(db):
    from casework.models import Customer
    from casework.services.residents import find_customers

    Customer.objects.create(reference="R100", name="Ann Adams", address="1 Mill Road", postcode="SW9 7AA")
    Customer.objects.create(reference="R1000", name="Ben R100 Brown", address="2 High Street", postcode="SE1 1AA")
    Customer.objects.create(reference="R2000", name="Cara Clarke", address="3 Mill Road", postcode="CR0 2BB")
    assert [c.reference for c in find_customers("r100")] == ["R100", "R1000"]
    assert [c.reference for c in find_customers("mill ROAD")] == ["R100", "R2000"]
    assert [c.reference for c in find_customers("sw9 7")] == ["R100"]
    assert [c.reference for c in find_customers("clarke")] == ["R2000"]
    assert list(find_customers("a")) == []


def test_finding_a_resident_takes_the_words_in_any_order_across_punctuation(db):
    from casework.models import Customer
    from casework.services.residents import find_customers

    Customer.objects.create(
        reference="C100023", name="Lena Jackson", address="Flat 23, Damson Road", postcode="SW19 4DD"
    )
    Customer.objects.create(reference="C100024", name="Lena Moss", address="24 Damson Road", postcode="SW19 4DE")
    for query in ["Jackson Lena", "23 Damson Road", "flat 23 damson", "c100023", "jackson, sw19"]:
        assert [c.reference for c in find_customers(query)] == ["C100023"], query
    assert [c.reference for c in find_customers("Lena Damson")] == ["C100023", "C100024"]


def test_a_word_of_one_or_two_characters_must_begin_a_word(db):
    from casework.models import Customer
    from casework.services.residents import find_customers

    Customer.objects.create(reference="R1", name="Ann Adams", address="41 Mill Road", postcode="SW9 7AB")
    Customer.objects.create(reference="R2", name="Ben Brown", address="141 Mill Road", postcode="SW9 1LE")
    Customer.objects.create(reference="R3", name="Cara Clarke", address="Flat 41A, Mill Road", postcode="SW9 1LF")
    Customer.objects.create(reference="R74", name="Dev Dale", address="7 Hill Road", postcode="SW9 2AA")
    Customer.objects.create(reference="R5", name="Eve Evans", address="39-41 Mill Road", postcode="SW9 3AA")
    Customer.objects.create(reference="R6", name="Fay Ford-Ng", address="Flat 2/41 Mill Road", postcode="SW9 3AB")
    # Number 41 itself (alone as a word) before 41A; then by name.
    assert [c.reference for c in find_customers("41 Mill Road")] == ["R1", "R5", "R6", "R3"]
    assert [c.reference for c in find_customers("ng")] == ["R6"]
    assert [c.reference for c in find_customers("SW9 7")] == ["R74", "R1"]  # "7 Hill Road" (7 alone), then SW9 7AB
    assert [c.reference for c in find_customers("r7")] == ["R74"]  # the text's first word: the reference
    assert [c.reference for c in find_customers("ill road")] == ["R1", "R2", "R3", "R74", "R5", "R6"]  # anywhere
    assert list(find_customers("41 mill road sw9 1lf")) == list(Customer.objects.filter(reference="R3"))


def test_a_short_word_begins_a_word_after_any_punctuation_as_typed_on_record(db):
    from casework.models import Customer
    from casework.services.residents import find_customers

    Customer.objects.create(
        reference="AB.12", name="Sean O'Brien", address="Flat 3, 8 Queen's Court", postcode="E1 1AA"
    )
    Customer.objects.create(reference="R2", name="Ann Adams", address="No.41 Mill Road", postcode="E1 1AB")
    Customer.objects.create(reference="R3", name="Ben Brown", address="Flat 2,41 Mill Road", postcode="E1 1AC")
    Customer.objects.create(reference="R4", name="Cara Clarke", address="141 Mill Road", postcode="E1 1AD")
    for query, found in [
        ("Queen's Court", ["AB.12"]),
        ("o'b", ["AB.12"]),
        ("o'br", ["AB.12"]),
        ("ab.12", ["AB.12"]),
        ("No.41", ["R2"]),
        ("no 41", ["R2"]),
        ("41 mill", ["R2", "R3"]),
        ("Flat 2,41", ["R3"]),
    ]:
        assert [c.reference for c in find_customers(query)] == found, query


def test_the_home_typed_comes_before_a_postcode_starting_with_its_number(db):
    from casework.models import Customer
    from casework.services.residents import find_customers

    Customer.objects.create(reference="R1", name="Ann Adams", address="Flat 4, Elm Terrace", postcode="SW18 5EE")
    Customer.objects.create(reference="R2", name="Ben Brown", address="Flat 5, Elm Terrace", postcode="SW18 1AA")
    Customer.objects.create(reference="R3", name="Cara Clarke", address="Flat 14, Elm Terrace", postcode="SW18 5EE")
    assert [c.reference for c in find_customers("5 Elm Terrace")] == ["R2", "R1", "R3"]
    assert [c.reference for c in find_customers("flat 5 elm")] == ["R2", "R1", "R3"]


def test_the_report_form_says_when_more_residents_match_than_it_shows(org, client):
    from tests.factories import CustomerFactory

    for n in range(21):
        CustomerFactory(name=f"Mary Quill {n:02d}")
    client.force_login(org.sali)
    page = client.post("/cases/report/", {"action": "find", "customer_query": "Quill"}).content.decode()
    assert "More than 20 residents found: the first 20 are shown. Be more specific." in page
    assert page.count('name="customer"') == 20
    page = client.post("/cases/report/", {"action": "find", "customer_query": "Quill 07"}).content.decode()
    assert "1 resident found." in page


def test_the_report_form_asks_for_more_than_one_character_to_find_a_resident(org, client):
    from tests.factories import CustomerFactory

    CustomerFactory(name="Mary Quill")
    client.force_login(org.sali)
    asked = "Type at least 2 letters or numbers of the resident's name"
    for query in ["", "q", " . ", "q.", "-1"]:
        page = client.post("/cases/report/", {"action": "find", "customer_query": query}).content.decode()
        assert asked in page and "No resident found" not in page, query
        assert 'name="customer"' not in page
    page = client.post("/cases/report/", {"action": "find", "customer_query": "qu"}).content.decode()
    assert asked not in page and "1 resident found." in page
    # Saving a draft with nothing in the search box is not a search: no message about it.
    page = client.post("/cases/report/", {"action": "save", "what_happened": "Shouting."}, follow=True)
    assert asked not in page.content.decode()


def test_a_search_looks_for_each_word_once_and_a_dozen_at_most(db, org, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casework.services.residents import MOST_WORDS, search_words

    assert search_words("a b a B c, c") == ["A", "B", "C"]
    assert len(search_words(" ".join(f"w{n}" for n in range(100)))) == MOST_WORDS
    # A query over the field's limit is refused with the reason, without searching for it first:
    # thousands of short words were as many conditions for Django to build, for seconds.
    client.force_login(org.sali)
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/cases/report/", {"action": "find", "customer_query": "a " * 3000})
    assert response.status_code == 400 and "at most 200 characters" in response.content.decode()
    assert "Type at least 2 letters" not in response.content.decode()
    assert not [q for q in queries if "search_text" in q["sql"]]
    # Nor one with a null character, which PostgreSQL's text cannot hold.
    response = client.post("/cases/report/", {"action": "find", "customer_query": "ab\x00"})
    assert response.status_code == 400 and "Null characters are not allowed" in response.content.decode()


def test_a_failed_first_submit_with_a_file_keeps_the_valid_values_on_the_draft(org, client, resident):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(org.sali)
    data = {
        "customer": resident.pk,
        "what_happened": "He shouted at me.",
        "first_incident_date": "2026-11-20",
        "last_incident_date": "2026-11-01",  # before the first: refused
        "evidence": [SimpleUploadedFile("notes.txt", b"notes")],
        "action": "submit",
    }
    response = client.post("/cases/report/", data)
    assert response.status_code == 400
    draft = Case.objects.get(reporter=org.sali)
    assert (draft.customer, draft.what_happened, draft.evidence.count()) == (resident, "He shouted at me.", 1)
    assert draft.last_incident_date is None


def test_an_incident_date_in_the_future_is_refused(org, client, resident):
    import datetime

    client.force_login(org.sali)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = client.post("/cases/report/", {"first_incident_date": tomorrow, "what_happened": "x", "action": "save"})
    assert response.status_code == 400
    assert "The date cannot be in the future." in response.content.decode()


def _token(page):
    import re

    found = re.search(r'name="draft_token" value="([0-9a-f]{32})"', page)
    return found and found.group(1)


def test_sending_the_new_report_form_again_goes_on_with_the_draft_it_started(org, client, resident):
    client.force_login(org.sali)
    token = _token(client.get("/cases/report/").content.decode())
    assert token

    def send():
        data = {"customer_query": "Birch", "what_happened": "Shouted.", "action": "find", "draft_token": token}
        data["evidence"] = [SimpleUploadedFile("call.pdf", PDF)]
        return client.post("/cases/report/", data)

    first = send().content.decode()
    draft = Case.objects.get(reporter=org.sali)
    assert f"Draft report <strong>{draft.reference}</strong>" in first and _token(first) is None
    # A reload of that page sends the same form again: the same draft, the file attached once.
    again = send()
    assert again.status_code == 200 and draft.reference in again.content.decode()
    assert Case.objects.filter(reporter=org.sali).count() == 1
    assert EvidenceFile.objects.filter(case=draft).count() == 1
    # A failed submission sent twice: one draft too.
    data = {"what_happened": "Swore at me.", "action": "submit", "draft_token": "b" * 32}
    assert client.post("/cases/report/", data).status_code == 400
    assert client.post("/cases/report/", data).status_code == 400
    assert Case.objects.filter(reporter=org.sali, what_happened="Swore at me.").count() == 1


def test_a_draft_token_goes_on_only_with_its_own_persons_draft(org, client, resident):
    client.force_login(org.sali)
    data = {"what_happened": "Shouted.", "action": "submit", "draft_token": "c" * 32}
    client.post("/cases/report/", data)
    draft = Case.objects.get(reporter=org.sali)
    # Someone else sending the same token (another session) starts their own draft.
    client.force_login(org.mjones)
    client.post("/cases/report/", {**data, "what_happened": "Mine."})
    assert Case.objects.get(reporter=org.mjones).what_happened == "Mine."
    assert Case.objects.get(pk=draft.pk).what_happened == "Shouted."
    # Once the draft is submitted, the old form sent again shows the report as submitted and
    # neither starts another nor touches it.
    client.force_login(org.sali)
    client.post(f"/cases/{draft.pk}/edit/", complete(resident))
    draft.refresh_from_db()
    assert not draft.is_draft
    response = client.post("/cases/report/", {**data, "what_happened": "Later."})
    assert response["Location"] == f"/cases/{draft.pk}/submitted/"
    assert Case.objects.filter(reporter=org.sali).count() == 1
    assert Case.objects.get(pk=draft.pk).what_happened != "Later."
    # A token that is not one of ours is not used at all.
    page = client.post("/cases/report/", {"action": "find", "draft_token": "x" * 32}).content.decode()
    assert "x" * 32 not in page and _token(page)


def test_the_reporter_deletes_their_own_draft_with_its_files(org, client, django_capture_on_commit_callbacks):
    client.force_login(org.sali)
    data = {"what_happened": "Shouted.", "action": "save", "evidence": [SimpleUploadedFile("call.pdf", PDF)]}
    client.post("/cases/report/", data)
    draft = Case.objects.get(reporter=org.sali)
    stored = draft.evidence.get().file
    assert stored.storage.exists(stored.name)
    page = client.get(f"/cases/{draft.pk}/edit/").content.decode()
    assert f'href="/cases/{draft.pk}/delete-draft/"' in page
    confirm = client.get(f"/cases/{draft.pk}/delete-draft/").content.decode()
    assert f"Delete draft report {draft.reference}?" in confirm and "the files attached to it" in confirm
    assert Case.objects.filter(pk=draft.pk).exists()  # asking deletes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cases/{draft.pk}/delete-draft/", follow=True)
    assert response.redirect_chain[-1][0] == "/cases/mine/"
    assert f"Your draft report {draft.reference} is deleted." in response.content.decode()
    assert not Case.objects.filter(pk=draft.pk).exists()
    assert not EvidenceFile.objects.exists() and not stored.storage.exists(stored.name)
    assert client.get(f"/cases/{draft.pk}/edit/").status_code == 404


def test_nobody_else_deletes_a_draft_and_nobody_deletes_a_submitted_report(org, client, resident):
    client.force_login(org.sali)
    client.post("/cases/report/", {"what_happened": "Shouted.", "action": "save"})
    draft = Case.objects.get(reporter=org.sali)
    for user in [org.mjones, org.tnguyen, org.pshah, org.jclarke]:
        client.force_login(user)
        assert client.get(f"/cases/{draft.pk}/delete-draft/").status_code == 404, user.username
        assert client.post(f"/cases/{draft.pk}/delete-draft/").status_code == 404, user.username
    client.logout()
    assert client.post(f"/cases/{draft.pk}/delete-draft/")["Location"].startswith("/sign-in/")
    client.force_login(org.sali)
    client.post(f"/cases/{draft.pk}/edit/", complete(resident))
    assert client.post(f"/cases/{draft.pk}/delete-draft/").status_code == 404
    assert Case.objects.filter(pk=draft.pk).exists()


def test_submit_pressed_twice_sends_one_report(org, client, resident):
    client.force_login(org.sali)
    data = {**complete(resident), "draft_token": "d" * 32}
    first = client.post("/cases/report/", data)
    case = Case.objects.get(reporter=org.sali)
    assert first["Location"] == f"/cases/{case.pk}/submitted/"
    second = client.post("/cases/report/", data)
    assert second["Location"] == f"/cases/{case.pk}/submitted/"
    assert Case.objects.filter(reporter=org.sali).count() == 1


def test_two_presses_at_once_start_one_draft(org):
    from casework.services import start_draft

    # The second finds the first's draft through the database's one case per reporter and token,
    # as it would if the two were in flight together.
    first = start_draft(org.sali, "e" * 32)
    assert start_draft(org.sali, "e" * 32) == first
    assert start_draft(org.mjones, "e" * 32) != first
    assert start_draft(org.sali, "") != start_draft(org.sali, "")


def test_sent_again_a_different_file_of_the_same_name_and_size_is_attached(org, client):
    client.force_login(org.sali)
    token = "f" * 32
    client.post(
        "/cases/report/", {"action": "find", "draft_token": token, "evidence": [SimpleUploadedFile("photo.pdf", PDF)]}
    )
    other = PDF.replace(b"1 0 obj", b"2 0 obj")
    assert len(other) == len(PDF)
    data = {"action": "save", "what_happened": "More.", "draft_token": token}
    client.post("/cases/report/", {**data, "evidence": [SimpleUploadedFile("photo.pdf", other)]})
    draft = Case.objects.get(reporter=org.sali)
    assert draft.evidence.count() == 2
    # The very same file sent again is not.
    client.post("/cases/report/", {**data, "evidence": [SimpleUploadedFile("photo.pdf", other)]})
    assert draft.evidence.count() == 2


def test_a_new_search_says_when_the_resident_chosen_before_is_listed_too(org, client, resident):
    CustomerFactory(name="Rosa Noble")
    client.force_login(org.sali)
    page = client.post(
        "/cases/report/", {"action": "find", "customer_query": "Noble", "customer": resident.pk}
    ).content.decode()
    assert "1 resident found. The resident chosen before is listed too." in page
    assert page.count('name="customer"') == 2
    page = client.post("/cases/report/", {"action": "find", "customer_query": "Noble"}).content.decode()
    assert "1 resident found.</p>" in page
