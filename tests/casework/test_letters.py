"""Letters to the resident: the PDF holds every part the policy requires with the case's real
dates; a letter missing a part is refused, naming it; issuing freezes the letter and brings the
restriction into force from the letter's date; a failure leaves nothing half-issued."""

import datetime
import hashlib
from logging import WARNING
from pathlib import Path

import pytest
from django.utils import timezone

from casework import services
from casework.letter_defaults import DEFAULTS, body_of
from casework.models import CaseEvent, Letter, LetterTemplate, RedFlag, Restriction, add_months
from casework.services import letter_templates, letters
from casework.services.letter_content import long_date
from casework.services.letter_parts import REQUIRED_PARTS
from home.models import Notification
from tests.casework.letters import (
    ARRANGEMENTS,
    FIRST_INCIDENT,
    LAST_INCIDENT,
    letters_ready,
    pdf_text,
    restriction_case,
    restriction_draft,
    warning_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _templates(db):
    letters_ready()


def private_files(settings):
    return [path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()]


def test_the_restriction_letter_holds_every_required_part_with_the_cases_dates(org, settings):
    draft = restriction_draft(org)
    letter = letters.issue_letter(draft, org.rkaur, "post")
    today = timezone.localdate()
    end = add_months(today, 6) - datetime.timedelta(days=1)
    first_review, second_review = add_months(today, 3), add_months(today, 6)
    text, reader = pdf_text(letter)

    expected = [
        "Lena Jackson",
        "23 Damson Road, London",
        "E5 8QQ",
        f"Date: {long_date(today)}",
        f"Our reference: {letter.case.reference}",
        f"Letter: {letter.reference}",
        # Why: the behaviour in the policy's words, its dates and impact, and the director's reasons.
        f"between {long_date(FIRST_INCIDENT)} and {long_date(LAST_INCIDENT)}",
        "Abusive or foul language: abusive or foul language on the phone",
        "impact on our staff",
        "Proportionate and necessary.",
        # Exactly what, and how to contact us instead.
        "One channel of contact only",
        "Contact with a named colleague or team only",
        "Contact by email to one named officer only.",
        "contact the income team leader, Sam Patel only, by email, at these times: Tuesdays, 10am to 12 noon",
        # From and until, and the reviews from the letter's date (LHP 29).
        f"from {long_date(today)} until {long_date(end)} (6 months)",
        f"every 3 months from {long_date(today)}",
        f"The first review is on {long_date(first_review)}",
        # The policy enclosed, as pages of its published text.
        "A copy of our Limited Contact Policy is enclosed",
        "Enclosed: Limited Contact Policy (Version 3)",
        "Paragraph text 1.",
        # Appeal, the Ombudsman, what always stays open, surveys and the flag's information.
        "You have the right to appeal",
        f"by {long_date(today + datetime.timedelta(days=28))}",
        "A director who took no part in this decision will consider your appeal and reply within 28 days",
        "the right to contact the Housing Ombudsman",
        "0300 111 3000",
        "make emergency and essential contact with us by phone",
        "take part in any statutory consultation",
        "use our complaints process",
        "we will not ask you to take part in our feedback surveys",
        "We have put a red flag on our records",
        "Who sees it",
        "for six years after the restriction ends",
        "Your rights",
        # Signed by the director who approved it.
        "Yours sincerely",
        "Priya Shah",
    ]
    missing = [phrase for phrase in expected if phrase not in text]
    assert not missing, f"not in the PDF: {missing}"
    assert second_review > end or long_date(second_review) in text
    assert len(reader.pages) >= 3  # the letter, then the policy on pages of its own
    # Never the reporter, nor what the report says happened.
    assert "Sara Ali" not in text and "shouted and swore" not in text

    restriction = letter.restriction
    restriction.refresh_from_db()
    assert restriction.state == Restriction.State.IN_FORCE
    assert (restriction.start_date, restriction.end_date, restriction.next_review_date) == (
        today,
        end,
        first_review,
    )
    assert RedFlag.objects.get(restriction=restriction).start_date == today
    with letter.pdf.open("rb") as stored:
        content = stored.read()
    assert letter.sha256 == hashlib.sha256(content).hexdigest() and letter.pdf_size == len(content)
    assert private_files(settings) and str(private_files(settings)[0]).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    with pytest.raises(ValueError):
        letter.pdf.url  # noqa: B018 - private: no URL at all


def test_the_warning_letter_holds_every_required_part_with_the_cases_dates(org):
    case = warning_case(org)
    draft = letters.prepare_letter(case, org.rkaur, "warning")
    letter = letters.issue_letter(draft, org.ebrown, "email")
    text, reader = pdf_text(letter)
    expected = [
        "Lena Jackson",
        "23 Damson Road, London",
        f"Date: {long_date(timezone.localdate())}",
        f"between {long_date(FIRST_INCIDENT)} and {long_date(LAST_INCIDENT)}",
        "Abusive or foul language",
        "This behaviour is unacceptable under our Limited Contact Policy",
        "We ask you to change the way you contact us",
        "If this behaviour continues, we may restrict how you can contact us",
        "If you think this letter is unfair, or you want to make a complaint",
        "complaints@example.org",
        "Jo Clarke",
        "Corporate Head of Customers",
    ]
    missing = [phrase for phrase in expected if phrase not in text]
    assert not missing, f"not in the PDF: {missing}"
    assert "Sara Ali" not in text
    assert letter.issued_by == org.ebrown and letter.method == "email"
    assert not Restriction.objects.exists()
    assert letters.letters_needed(case) == []


@pytest.mark.parametrize(
    ("kind", "part"),
    # The appeal and review outcome letters: tests/casework/test_appeals.py and test_reviews.py.
    [(kind, part) for kind, parts in REQUIRED_PARTS.items() for part in parts if kind in ("warning", "restriction")],
    ids=lambda value: getattr(value, "key", value),
)
def test_a_template_without_a_required_part_is_refused_and_names_it(org, settings, kind, part):
    subject, sections, _ = DEFAULTS[kind]
    LetterTemplate.objects.filter(kind=kind).update(body=body_of(sections, without=part.key))
    case = restriction_case(org) if kind == "restriction" else warning_case(org)
    draft = letters.prepare_letter(case, org.rkaur, kind)
    if kind == "restriction":
        draft = letters.save_draft(draft, org.rkaur, draft.subject, draft.body, **ARRANGEMENTS)

    with pytest.raises(letters.LetterNotReady) as refused:
        letters.issue_letter(draft, org.rkaur, "post")
    assert refused.value.missing == [part.name]
    assert part.name in str(refused.value)
    draft.refresh_from_db()
    assert draft.state == Letter.State.DRAFT and not draft.pdf
    assert not Restriction.objects.filter(state=Restriction.State.IN_FORCE).exists()
    assert not private_files(settings)
    # The admin refuses to save such a template in the first place.
    template = LetterTemplate.objects.get(kind=kind)
    assert f"The letter must say {part.name}." in letter_templates.template_problems(template)


def test_the_default_templates_pass_their_own_check():
    for template in LetterTemplate.objects.all():
        assert letter_templates.template_problems(template) == []


def test_a_restriction_letter_needs_the_named_contact_and_the_channel(org):
    from casework import services
    from tests.casework.factories import RESTRICTIONS, at_cxm, cxm_recommends

    # Restrictions whose types need no named contact or channel: the letter still says how to
    # contact us instead.
    case = cxm_recommends(at_cxm(org), org.rkaur, **{**RESTRICTIONS, "restriction_types": ["witness_present"]})
    services.decide_as_director(case, org.pshah, "approve", "Proportionate.")
    case.refresh_from_db()
    draft = letters.prepare_letter(case, org.rkaur, "restriction")
    with pytest.raises(letters.LetterNotReady, match="how to contact us instead"):
        letters.issue_letter(draft, org.rkaur, "post")


def test_a_pdf_made_without_harfbuzzs_subsetter_logs_no_line_per_glyph(monkeypatch, caplog):
    # Without libharfbuzz-subset0 WeasyPrint subsets fonts with fontTools, which logs every
    # glyph of every font at INFO: the settings keep that out of the log.
    from weasyprint.pdf import fonts

    from casework.services.letter_pdf import make_pdf

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    assert make_pdf("<p>Dear Ms Noor</p>").startswith(b"%PDF")
    chatter = [r.getMessage()[:60] for r in caplog.records if r.name.startswith("fontTools") and r.levelno < WARNING]
    assert chatter == []


def test_a_failure_while_making_the_pdf_leaves_no_letter_and_no_restriction_in_force(org, settings, monkeypatch):
    draft = restriction_draft(org)

    def broken(html):
        raise OSError("Pango could not load a font")

    monkeypatch.setattr(letters, "make_pdf", broken)
    with pytest.raises(services.CaseworkError, match="could not be made, so nothing was issued"):
        letters.issue_letter(draft, org.rkaur, "post")
    draft.refresh_from_db()
    assert draft.state == Letter.State.DRAFT and not draft.sha256
    assert Restriction.objects.get().state == Restriction.State.APPROVED
    assert not RedFlag.objects.exists()
    assert not CaseEvent.objects.filter(summary__contains="issued").exists()
    assert not private_files(settings)


def test_a_failure_after_the_pdf_is_stored_removes_it_with_everything_else(org, settings, monkeypatch):
    draft = restriction_draft(org)

    def refused(*args, **kwargs):
        raise services.NotAllowed("Refused for the test.")

    monkeypatch.setattr(letters.restrictions, "bring_into_force", refused)
    with pytest.raises(services.NotAllowed):
        letters.issue_letter(draft, org.rkaur, "post")
    draft.refresh_from_db()
    assert draft.state == Letter.State.DRAFT
    assert not private_files(settings)
    assert not Notification.objects.filter(subject__startswith="Letter sent").exists()


def test_issuing_freezes_the_letter_and_a_second_issue_is_refused(org):
    draft = restriction_draft(org)
    letter = letters.issue_letter(draft, org.rkaur, "post")
    with pytest.raises(letters.AlreadyIssued):
        letters.issue_letter(letter, org.ebrown, "post")
    with pytest.raises(services.CaseworkError, match="can no longer be changed"):
        letters.save_draft(letter, org.rkaur, "New heading", "New words")
    assert Letter.objects.filter(state=Letter.State.ISSUED).count() == 1


def test_reissuing_makes_a_new_letter_and_keeps_the_old_one(org):
    first = letters.issue_letter(restriction_draft(org), org.rkaur, "post")
    restriction = Restriction.objects.get()
    dates = (restriction.start_date, restriction.end_date)
    draft = letters.reissue_letter(first, org.ebrown)
    assert draft.replaces == first and draft.body == first.body
    second = letters.issue_letter(
        draft,
        org.ebrown,
        "third_party",
        format="large_print",
        recipient="both",
        third_party_name="Dev Mistry",
        third_party_relationship="support worker",
        adjustment_reason="The resident asked for large print and for her support worker to have a copy.",
    )
    first.refresh_from_db()
    restriction.refresh_from_db()
    assert first.is_issued and first.sha256 and first.pdf.name != second.pdf.name
    assert (restriction.start_date, restriction.end_date) == dates  # already in force: unchanged
    text, _ = pdf_text(second)
    assert "Copy to: Dev Mistry (support worker)" in text
    event = CaseEvent.objects.filter(summary__contains=f"replacing {first.reference}").get()
    assert "Dev Mistry" in event.detail and "asked for large print" in event.detail
    with pytest.raises(services.CaseworkError, match="latest issued letter"):
        letters.reissue_letter(first, org.rkaur)


def test_large_print_is_at_least_16_point(org):
    letter = letters.issue_letter(
        restriction_draft(org), org.rkaur, "post", format="large_print", adjustment_reason="Sight loss."
    )
    _, reader = pdf_text(letter)
    sizes = set()

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            sizes.add(round(abs(font_size * tm[0] * cm[0]), 1) or round(abs(font_size * tm[3] * cm[3]), 1))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 16, sizes  # the page numbers too


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"method": "pigeon"}, "method"),
        ({"method": "post", "format": "huge"}, "format"),
        ({"method": "post", "recipient": "both"}, "third_party_name"),
        ({"method": "post", "recipient": "both", "third_party_name": "Dev"}, "third_party_relationship"),
        (
            {"method": "post", "recipient": "third_party", "third_party_name": "Dev", "third_party_relationship": "x"},
            "third_party_address",
        ),
        ({"method": "post", "format": "large_print"}, "adjustment_reason"),
        (
            {"method": "third_party", "third_party_name": "Dev", "third_party_relationship": "advocate"},
            "adjustment_reason",
        ),
    ],
)
def test_how_it_is_sent_is_checked_before_anything_is_made(org, values, field):
    draft = restriction_draft(org)
    method = values.pop("method")
    with pytest.raises(services.CaseworkError) as refused:
        letters.issue_letter(draft, org.rkaur, method, **values)
    assert refused.value.field == field
    draft.refresh_from_db()
    assert draft.state == Letter.State.DRAFT


def test_only_a_cxm_on_the_case_prepares_and_issues(org):
    case = restriction_case(org)
    for person in (org.sali, org.tnguyen, org.pshah, org.jclarke, org.mjones):
        with pytest.raises(services.NotAllowed):
            letters.prepare_letter(case, person, "restriction")
    draft = restriction_draft(org, case)
    for person in (org.sali, org.pshah, org.jclarke):
        with pytest.raises(services.NotAllowed):
            letters.issue_letter(draft, person, "post")


def test_the_reporter_is_told_the_letter_has_gone_and_the_timeline_keeps_it(org):
    letter = letters.issue_letter(restriction_draft(org), org.rkaur, "post")
    notice = Notification.objects.get(recipient=org.sali, subject__startswith="Letter sent")
    assert letter.case.reference in notice.subject and "Lena" not in notice.body
    event = CaseEvent.objects.get(summary__contains=f"{letter.reference} issued")
    assert event.shown_to_reporter and "restriction letter" in event.reporter_summary
    assert letter.sha256 in event.detail


def test_a_case_needs_only_the_letter_its_outcome_calls_for(org):
    case = restriction_case(org)
    with pytest.raises(services.CaseworkError, match="does not need a warning letter"):
        letters.prepare_letter(case, org.rkaur, "warning")
    first = letters.prepare_letter(case, org.rkaur, "restriction")
    assert letters.prepare_letter(case, org.ebrown, "restriction") == first  # one draft at a time


def test_an_unknown_placeholder_is_refused_on_the_draft(org):
    draft = letters.prepare_letter(restriction_case(org), org.rkaur, "restriction")
    with pytest.raises(services.CaseworkError, match="no placeholder called {{ reporter_name }}") as refused:
        letters.save_draft(draft, org.rkaur, draft.subject, draft.body + "\n\n{{ reporter_name }}", **ARRANGEMENTS)
    assert refused.value.field == "body"


def test_a_letter_never_fetches_files_named_in_its_text(tmp_path):
    from casework.services.letter_pdf import make_pdf

    secret = tmp_path / "secret.svg"
    secret.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><text y="20">SECRET</text></svg>'
    )
    with_file = make_pdf(f'<p>Hello</p><img src="{secret.as_uri()}">')
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(with_file)).pages[0].extract_text()
    assert "Hello" in text and "SECRET" not in text


def test_the_enclosed_policy_prints_as_a_reader_sees_it_without_link_helpers(org):
    letter = letters.issue_letter(restriction_draft(org), org.rkaur, "post")
    text, _ = pdf_text(letter)
    enclosure = text[text.index("Section 1") :]
    assert "Link to section" not in enclosure and "#" not in enclosure
    assert "Paragraph 1." not in enclosure and "1. Paragraph text 1." in enclosure


WRONGLY_WRITTEN = ["{{ end date }}", "{{resident_name|upper}}", "{{ settings.SECRET_KEY }}", "{% if x %}"]


@pytest.mark.parametrize("typed", WRONGLY_WRITTEN)
def test_a_placeholder_written_wrongly_is_refused_and_named_not_sent_as_typed(org, settings, typed):
    draft = restriction_draft(org)
    draft = letters.save_draft(draft, org.rkaur, draft.subject, draft.body + f"\n\nUntil {typed}.", **ARRANGEMENTS)
    with pytest.raises(letters.LetterNotReady) as refused:
        letters.issue_letter(draft, org.rkaur, "post")
    assert refused.value.unfilled == [typed] and typed in str(refused.value)
    draft.refresh_from_db()
    assert draft.state == Letter.State.DRAFT and not private_files(settings)
    # The admin refuses such a template too.
    template = LetterTemplate.objects.get(kind="restriction")
    template.body += f"\n\nUntil {typed}."
    assert any(typed in problem for problem in letter_templates.template_problems(template))


def test_a_reissue_on_a_later_day_states_the_restrictions_dates_as_dates_and_goes_as_before(org, monkeypatch):
    first = letters.issue_letter(
        restriction_draft(org),
        org.rkaur,
        "third_party",
        format="large_print",
        recipient="both",
        third_party_name="Dev Mistry",
        third_party_relationship="support worker",
        adjustment_reason="The resident asked for large print and for her support worker to have a copy.",
    )
    start = Restriction.objects.get().start_date
    later = first.letter_date + datetime.timedelta(days=20)
    monkeypatch.setattr(timezone, "localdate", lambda *args: later)
    draft = letters.reissue_letter(first, org.rkaur)
    assert (draft.format, draft.recipient, draft.method) == ("large_print", "both", "third_party")
    assert (draft.third_party_name, draft.third_party_relationship) == ("Dev Mistry", "support worker")
    second = letters.issue_letter(draft, org.rkaur, **{name: getattr(draft, name) for name in letters.SENT_AS})
    text, _ = pdf_text(second)
    assert second.letter_date == later and "date of this letter" not in text
    assert f"The restrictions apply from {long_date(start)} until" in text
    assert f"every 3 months from {long_date(start)}, looking" in text


def test_setup_brings_an_unedited_earlier_default_up_to_date_and_keeps_edited_wording():
    from casework.letter_defaults import earlier_defaults, ensure_letter_templates

    template = LetterTemplate.objects.get(kind="restriction")
    now = template.body
    oldest = earlier_defaults("restriction", now)[-1]
    assert "from {{ start_date }}, the date of this letter, until" in oldest
    LetterTemplate.objects.filter(pk=template.pk).update(body=oldest)
    ensure_letter_templates()
    assert LetterTemplate.objects.get(pk=template.pk).body == now
    LetterTemplate.objects.filter(pk=template.pk).update(body=oldest + "\n\nOur own words.")
    ensure_letter_templates()
    assert LetterTemplate.objects.get(pk=template.pk).body.endswith("Our own words.")


def test_the_letter_names_the_deciding_director_and_sends_appeals_to_the_appeals_contact(org):
    from casework.services.notices import display_name

    case = restriction_case(org)
    case.channels = ["in_person", "phone"]
    case.save(update_fields=["channels"])
    letter = letters.issue_letter(restriction_draft(org, case), org.rkaur, "post")
    text, _ = pdf_text(letter)
    title = getattr(getattr(org.pshah, "staff_profile", None), "job_title", "") or "Director"
    assert f"{display_name(org.pshah)}, {title}, approved this decision" in text
    assert "To appeal, write to the Appeals Officer at our address" in text
    assert "Executive Director of Customers" not in text.split("Your right to appeal")[1].split("Housing Ombudsman")[0]
    assert "when you contacted us in person and by phone" in text and "by in person" not in text


def test_a_letter_sent_through_a_third_party_is_described_without_by_through(org, client):
    letter = letters.issue_letter(
        restriction_draft(org),
        org.rkaur,
        "third_party",
        third_party_name="Dev Mistry",
        third_party_relationship="support worker",
        adjustment_reason="The resident asked for her support worker to pass it on.",
    )
    assert letter.sent_how == "through a named third party or advocate"
    event = CaseEvent.objects.get(summary__contains=f"{letter.reference} issued")
    assert "Sent: through a named third party or advocate" in event.detail
    client.force_login(org.rkaur)
    page = client.get(f"/cases/{letter.case_id}/letters/").content.decode()
    assert "by through" not in page and "through a named third party or advocate" in page


def test_a_restriction_brought_into_force_without_a_letter_still_gets_its_letter_with_its_dates(org):
    from casework.services import restrictions

    case = restriction_case(org)
    restriction = case.restrictions.get()
    Restriction.objects.filter(pk=restriction.pk).update(**ARRANGEMENTS)
    # Told today that it starts next week: a letter issued today must not move the start.
    started = timezone.localdate() + datetime.timedelta(days=7)
    restrictions.bring_into_force(
        Restriction.objects.get(pk=restriction.pk), org.rkaur, started, communicated_on=timezone.localdate()
    )
    restriction.refresh_from_db()
    dates = (restriction.state, restriction.start_date, restriction.end_date, restriction.next_review_date)
    assert restriction.state == Restriction.State.IN_FORCE
    assert letters.letters_needed(case) == [("restriction", restriction)]
    letter = letters.issue_letter(restriction_draft(org, case), org.rkaur, "post")
    restriction.refresh_from_db()
    assert (restriction.state, restriction.start_date, restriction.end_date, restriction.next_review_date) == dates
    text, _ = pdf_text(letter)
    assert f"The restrictions apply from {long_date(started)} until {long_date(restriction.end_date)}" in text
    assert letters.letters_needed(case) == []
