"""After the demo loads, rkaur issues the warning letter on kobi's case and the restriction
letter on cwright's case: both PDFs hold every required part, and the restriction is in force
from the letter's date."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from casework.models import Case, Letter, LetterTemplate, Recommendation, Restriction
from casework.services import letters
from casework.services.letter_content import long_date
from casework.services.letter_parts import missing_parts
from tests.casework.letters import pdf_text

pytestmark = pytest.mark.django_db


def test_rkaur_issues_a_warning_letter_and_a_restriction_letter_on_the_demo_cases(settings, django_user_model):
    settings.DEMO_PASSWORD = "demo-password-123"
    call_command("load_demo")
    assert set(LetterTemplate.objects.values_list("kind", flat=True)) == {
        "warning",
        "restriction",
        "appeal_outcome",
        "review_outcome",
        "declined_complaint",
    }
    rkaur = django_user_model.objects.get(username="rkaur")
    warned = Case.objects.get(final_recommendation__kind=Recommendation.Kind.WARNING_LETTER)
    restricted = Restriction.objects.get(state=Restriction.State.APPROVED).case
    today = timezone.localdate()

    warning = letters.issue_letter(letters.prepare_letter(warned, rkaur, "warning"), rkaur, "post")
    draft = letters.prepare_letter(restricted, rkaur, "restriction")
    draft = letters.save_draft(
        draft, rkaur, draft.subject, draft.body, named_contact="the neighbourhood team leader", allowed_channel="email"
    )
    restriction_letter = letters.issue_letter(
        draft, rkaur, "post", format="large_print", adjustment_reason="Asked for large print."
    )

    for letter in (warning, restriction_letter):
        text, _ = pdf_text(letter)
        rendered, facts, _, enclosure = letters.render_letter(letter, letter.letter_date)
        assert missing_parts(letter.kind, text, facts, enclosure is not None) == []
        assert long_date(today) in text
    restriction = Restriction.objects.get(case=restricted)
    assert restriction.state == Restriction.State.IN_FORCE and restriction.start_date == today
    assert long_date(restriction.end_date) in pdf_text(restriction_letter)[0]
    assert "Limited Contact Policy" in pdf_text(restriction_letter)[0]
    assert Letter.objects.filter(state="issued").count() == 2


def test_setup_letter_templates_adds_the_templates_once_and_keeps_edits(db):
    from tests.policy_pages.factories import make_policy

    policy = make_policy(title="Limited Contact Policy", slug="limited-contact-policy")
    call_command("setup_letter_templates")
    LetterTemplate.objects.filter(kind="warning").update(subject="Edited heading")
    call_command("setup_letter_templates")
    assert LetterTemplate.objects.count() == 5
    assert LetterTemplate.objects.get(kind="warning").subject == "Edited heading"
    from casework.models import Letterhead

    assert Letterhead.load().enclosed_policy_id == policy.pk
