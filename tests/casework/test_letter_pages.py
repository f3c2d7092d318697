"""The letter pages: a CXM prepares, edits, previews and issues from the case page; the case's
people download the PDF (every download logged); the head of customer services edits the
templates and previews them in the admin."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.models import AccessLogEntry, Letter, LetterTemplate, Restriction
from casework.services import letters
from tests.casework.letters import ARRANGEMENTS, letters_ready, restriction_case, restriction_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _templates(db):
    letters_ready()


def test_a_cxm_prepares_edits_previews_and_issues_the_restriction_letter(org, client):
    case = restriction_case(org)
    client.force_login(org.rkaur)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="letters"' in page and "Prepare the restriction letter" in page

    response = client.post(f"/cases/{case.pk}/letters/prepare/", {"kind": "restriction"})
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/letters/{letter.pk}/"
    assert "{{ named_contact }}" in client.get(response["Location"]).content.decode()

    body = letter.body.replace("Please contact", "From now on, please contact")
    response = client.post(
        f"/cases/{case.pk}/letters/{letter.pk}/", {"subject": letter.subject, "body": body, **ARRANGEMENTS}
    )
    assert response.status_code == 302 and response["Location"].endswith("/preview/")
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "Every part the policy requires is there" in html
    assert "From now on, please contact the income team leader, Sam Patel only" in html
    assert "Lena Jackson" in html

    letter.refresh_from_db()
    response = client.post(
        f"/cases/{case.pk}/letters/{letter.pk}/issue/",
        {"method": "post", "format": "standard", "recipient": "resident", "previewed": letter.updated_at.isoformat()},
        follow=True,
    )
    assert "is issued, dated" in response.content.decode()
    assert "The restriction is in force from" in response.content.decode()
    letter.refresh_from_db()
    assert letter.is_issued and Restriction.objects.get().state == Restriction.State.IN_FORCE

    download = client.get(f"/cases/{case.pk}/letters/{letter.pk}/pdf/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(case=case, user=org.rkaur, view="letter PDF", detail=letter.reference).exists()


def test_issuing_a_letter_missing_a_part_says_which_and_keeps_the_choices(org, client):
    draft = restriction_draft(org)
    draft.body = draft.body.replace(": {{ ombudsman_contact }}", "")
    draft.save()
    client.force_login(org.rkaur)
    preview = client.get(f"/cases/{draft.case_id}/letters/{draft.pk}/preview/").content.decode()
    assert "This letter cannot be issued yet" in preview and "the right to contact the Housing Ombudsman" in preview
    response = client.post(
        f"/cases/{draft.case_id}/letters/{draft.pk}/issue/",
        {"method": "email", "format": "standard", "recipient": "resident", "previewed": draft.updated_at.isoformat()},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "it must say the right to contact the Housing Ombudsman" in html
    chosen = BeautifulSoup(html, "html.parser").select_one("input[name=method][checked]")
    assert chosen is not None and chosen["value"] == "email"
    assert Letter.objects.get().state == Letter.State.DRAFT


def test_a_draft_changed_since_the_preview_is_not_issued(org, client):
    draft = restriction_draft(org)
    seen = draft.updated_at.isoformat()
    letters.save_draft(draft, org.ebrown, "Changed heading", draft.body, **ARRANGEMENTS)
    client.force_login(org.rkaur)
    response = client.post(
        f"/cases/{draft.case_id}/letters/{draft.pk}/issue/",
        {"method": "post", "format": "standard", "recipient": "resident", "previewed": seen},
    )
    assert response.status_code == 400 and "The draft changed after you opened this preview" in response.text
    assert Letter.objects.get().state == Letter.State.DRAFT


def test_the_reporter_and_others_get_404_and_the_reporter_sees_only_that_it_was_sent(org, client):
    letter = letters.issue_letter(restriction_draft(org), org.rkaur, "post")
    base = f"/cases/{letter.case_id}/letters/{letter.pk}"
    for person in (org.sali, org.mjones, org.gevans):
        client.force_login(person)
        for url in (f"{base}/", f"{base}/preview/", f"{base}/pdf/", f"/cases/{letter.case_id}/letters/"):
            assert client.get(url).status_code == 404, (person.username, url)
    client.force_login(org.sali)
    page = client.get(f"/cases/{letter.case_id}/").content.decode()
    assert "The resident was sent a restriction letter on" in page
    assert "Download PDF" not in page
    assert not AccessLogEntry.objects.filter(view="letter PDF").exists()


def test_the_letters_list_costs_the_same_queries_with_more_letters(org, client):
    case = restriction_case(org)
    client.force_login(org.pshah)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/cases/{case.pk}/letters/").status_code == 200
        return len(queries)

    restriction = case.restrictions.get()
    Letter.objects.create(
        case=case,
        restriction=restriction,
        kind="restriction",
        subject="s",
        body="b",
        signed_by="director",
        prepared_by=org.rkaur,
    )
    count()  # once to fill the per-process caches
    few = count()
    Letter.objects.bulk_create(
        Letter(
            case=case,
            kind="review_outcome",
            subject="s",
            body="b",
            signed_by="director",
            prepared_by=org.rkaur,
            state="issued",
            sha256="0" * 64,
            pdf=f"letters/x{i}.pdf",
            issued_by=org.rkaur,
            issued_at=case.closed_at,
            letter_date=case.closed_at.date(),
        )
        for i in range(30)
    )
    assert count() == few


def test_the_head_of_customer_services_edits_and_previews_the_templates_in_the_admin(org, client):
    template = LetterTemplate.objects.get(kind="restriction")
    client.force_login(org.jclarke)
    edit_url = f"/admin/snippets/casework/lettertemplate/edit/{template.pk}/"
    assert client.get(edit_url).status_code == 200
    data = {"kind": "restriction", "subject": template.subject, "signed_by": "director"}
    broken = client.post(edit_url, {**data, "body": template.body.replace("survey", "questionnaire")})
    assert broken.status_code == 200 and "exclusion from feedback surveys while restricted" in broken.content.decode()
    assert "survey" in LetterTemplate.objects.get(pk=template.pk).body
    preview = client.post(
        f"/admin/snippets/casework/lettertemplate/preview/{template.pk}/", {**data, "body": template.body}
    )
    assert preview.json()["is_valid"]
    shown = client.get(f"/admin/snippets/casework/lettertemplate/preview/{template.pk}/")
    assert (
        "Alex Sample" in shown.content.decode() and "Every part the policy requires is there" in shown.content.decode()
    )
    assert client.get("/admin/settings/casework/letterhead/").status_code in {200, 302}
    client.force_login(org.rkaur)
    assert client.get(edit_url).status_code in {302, 403}
