"""Letters to the resident, from draft to issue (DESIGN: Outcomes, Letters; LHP 20–22 and
26–29, Wandle 3.6–3.10 and 5.0). A CXM prepares the letter the outcome needs from its
template, edits the wording, and issues it: the letter is checked for every required part,
made into a PDF kept in private storage with its checksum, and frozen. Issuing the
restriction letter brings the restriction into force from the letter's date, in the same
transaction: if anything fails, nothing is issued and nothing comes into force."""

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import permissions
from ..choices import Channel
from ..models import Case, CaseEvent, Letter, Letterhead, LetterKind, LetterTemplate, Recommendation, Restriction
from ..models.letters import ONCE_PER_CASE
from . import restrictions
from .errors import AlreadyDecided, CaseworkError, NotAllowed
from .letter_content import FACTS, PLACEHOLDER, case_facts, long_date, render
from .letter_outcomes import outcome_facts
from .letter_pdf import enclosure_for, letter_document, make_pdf
from .notices import display_name, notify_people

SENT_AS = [
    "method",
    "format",
    "recipient",
    "third_party_name",
    "third_party_relationship",
    "third_party_address",
    "adjustment_reason",
]
# A restriction in force without a letter still needs one (LHP 28): the letter states its dates.
WAITING_FOR_LETTER = [Restriction.State.APPROVED, Restriction.State.IN_FORCE]
APPROVED = [Case.Outcome.APPROVED, Case.Outcome.APPROVED_AMENDED]


class LetterNotReady(CaseworkError):
    """The rendered letter lacks parts the policy requires (`missing`, their names), names
    placeholders that do not exist, or still holds template text not filled in (`unfilled`)."""

    def __init__(self, missing, unknown=(), unfilled=()):
        self.missing, self.unknown, self.unfilled = list(missing), list(unknown), list(unfilled)
        problems = [f"there is no placeholder called {{{{ {name} }}}}" for name in self.unknown]
        problems += [f"“{piece}” was not filled in and would reach the resident as typed" for piece in self.unfilled]
        problems += [f"it must say {name}" for name in self.missing]
        super().__init__("The letter cannot be issued: " + "; ".join(problems) + ".", "body")


class AlreadyIssued(AlreadyDecided):
    pass


def letters_needed(case):
    """The kinds of letter the case's outcome needs and has not had yet, each with the
    restriction it is about (or None): a warning letter for an approved warning (LHP 26), a
    restriction letter for an approved restriction, or one brought into force when the resident
    was told without a letter, that has had no restriction letter (LHP 27–28). Returns a list
    of (LetterKind, Restriction or None)."""
    if case.status != Case.Status.CLOSED or case.outcome not in APPROVED or case.final_recommendation is None:
        return []
    issued = set(case.letters.filter(state=Letter.State.ISSUED).values_list("kind", flat=True))
    kind = case.final_recommendation.kind
    if kind == Recommendation.Kind.WARNING_LETTER and LetterKind.WARNING not in issued:
        return [(LetterKind.WARNING, None)]
    if kind == Recommendation.Kind.RESTRICTIONS and LetterKind.RESTRICTION not in issued:
        restriction = case.restrictions.filter(state__in=WAITING_FOR_LETTER).order_by("pk").first()
        if restriction is not None:
            return [(LetterKind.RESTRICTION, restriction)]
    return []


def prepare_letter(case, by, kind):
    """The draft of the letter of `kind` (a LetterKind) the case needs, filled from its
    template; the draft already being prepared, if there is one. Returns the Letter. Raises
    NotAllowed for anyone but a CXM working on the case, CaseworkError when the case needs no
    such letter, its resident is not on record, or there is no template for the kind."""
    if not permissions.can_prepare_letters(by, case):
        raise NotAllowed("Only a customer experience manager working on the case prepares its letters.")
    draft = case.letters.filter(kind=kind, state=Letter.State.DRAFT).first()
    if draft is not None:
        return draft
    needed = dict(letters_needed(case))
    if kind not in needed:
        raise CaseworkError(f"Case {case.reference} does not need a {LetterKind(kind).label.lower()} now.")
    return _new_draft(case, by, kind, needed[kind])


def reissue_letter(letter, by):
    """A new draft that will replace the issued `letter` (which stays as it was), with its
    wording. Returns the draft Letter. Raises NotAllowed, or CaseworkError when the letter is
    not issued or has already been replaced."""
    if not permissions.can_prepare_letters(by, letter.case):
        raise NotAllowed("Only a customer experience manager working on the case re-issues its letters.")
    draft = letter.case.letters.filter(kind=letter.kind, state=Letter.State.DRAFT).first()
    if draft is not None:
        return draft
    if not letter.is_issued or Letter.objects.filter(replaces=letter).exists():
        raise CaseworkError("Only the latest issued letter can be issued again.")
    return _new_draft(letter.case, by, letter.kind, letter.restriction, replaces=letter)


def _new_draft(case, by, kind, restriction, replaces=None):
    if not case.customer_id:
        raise CaseworkError("The resident is not on our records, so there is no name and address to write to.", "kind")
    template = LetterTemplate.objects.filter(kind=kind).first()
    if template is None and replaces is None:
        raise CaseworkError(
            f"There is no template for the {LetterKind(kind).label.lower()} yet: the head of customer "
            "services adds it in the admin (Snippets → Letter templates)."
        )
    source = replaces or template
    # A re-issue goes out as the letter it replaces did, unless the CXM changes it.
    sent_as = {name: getattr(replaces, name) for name in SENT_AS} if replaces else {}
    try:
        with transaction.atomic():
            draft = Letter.objects.create(
                **sent_as,
                case=case,
                restriction=restriction,
                kind=kind,
                subject=source.subject,
                body=source.body,
                signed_by=source.signed_by,
                prepared_by=by,
                replaces=replaces,
            )
            CaseEvent.objects.create(case=case, actor=by, summary=f"{draft.get_kind_display()} prepared (draft)")
    except IntegrityError:
        # Someone else started the same draft a moment ago: theirs is the one.
        return case.letters.get(kind=kind, state=Letter.State.DRAFT)
    return draft


def save_draft(letter, by, subject, body, named_contact=None, allowed_channel=None, call_times=None):
    """Keep the edited wording of a draft; for a restriction letter whose restriction is not
    yet in force, also how the resident contacts us instead (named contact, the one channel,
    the times), which the restriction keeps (LHP 30). Returns the Letter. Raises NotAllowed,
    or CaseworkError naming the field for an empty or unknown value."""
    if not permissions.can_prepare_letters(by, letter.case):
        raise NotAllowed("Only a customer experience manager working on the case edits its letters.")
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject:
        raise CaseworkError("Give the letter a heading.", "subject")
    if not body:
        raise CaseworkError("The letter has no words: write it, or prepare it again from its template.", "body")

    for field, text in (("subject", subject), ("body", body)):
        unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in FACTS})
        if unknown:
            raise CaseworkError(f"There is no placeholder called {{{{ {unknown[0]} }}}}.", field)
    if allowed_channel and allowed_channel not in Channel.values:
        raise CaseworkError("Choose one of the channels listed.", "allowed_channel")
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.is_issued:
            raise AlreadyIssued("This letter has been issued and can no longer be changed.")
        letter.subject, letter.body = subject, body
        letter.save(update_fields=["subject", "body", "updated_at"])
        restriction = letter.restriction
        if restriction is not None and restriction.state == Restriction.State.APPROVED and named_contact is not None:
            restriction.named_contact = named_contact.strip()
            restriction.allowed_channel = allowed_channel or ""
            restriction.call_times = (call_times or "").strip()
            restriction.save(update_fields=["named_contact", "allowed_channel", "call_times"])
        return letter


def render_letter(letter, letter_date=None):
    """The letter as it would be issued on `letter_date` (default today): returns
    (letter_content.Rendered with its missing parts, facts, Letterhead, Enclosure or None)."""
    letter_date = letter_date or timezone.localdate()
    letterhead = Letterhead.load()
    enclosure = enclosure_for(letterhead) if letter.kind == LetterKind.RESTRICTION else None
    facts = case_facts(
        letter.case, letter.kind, letter_date, letter.signed_by, letter.restriction, letterhead, enclosure
    )
    facts.update(outcome_facts(letter, letter_date))
    rendered = render(letter.subject, letter.body, facts, letter.kind, enclosure_ready=enclosure is not None)
    return rendered, facts, letterhead, enclosure


def _check_how_sent(
    method, format, recipient, third_party_name, third_party_relationship, third_party_address, adjustment_reason
):
    if method not in Letter.Method.values:
        raise CaseworkError("Choose how the letter is sent.", "method")
    if format not in Letter.Format.values:
        raise CaseworkError("Choose the letter's format.", "format")
    if recipient not in Letter.Recipient.values:
        raise CaseworkError("Choose who the letter goes to.", "recipient")
    third_party = recipient != Letter.Recipient.RESIDENT or method == Letter.Method.THIRD_PARTY
    if third_party and not third_party_name.strip():
        raise CaseworkError("Give the third party's name.", "third_party_name")
    if third_party and not third_party_relationship.strip():
        raise CaseworkError(
            "Say who the third party is to the resident (next of kin, support worker, advocate).",
            "third_party_relationship",
        )
    if recipient == Letter.Recipient.THIRD_PARTY and not third_party_address.strip():
        raise CaseworkError("Give the third party's address: the letter goes to them.", "third_party_address")
    if (third_party or format == Letter.Format.LARGE_PRINT) and not adjustment_reason.strip():
        raise CaseworkError("Say why: the reasonable adjustment this meets (LHP 20–22).", "adjustment_reason")


def _refuse_overtaken(letter, restriction):
    """A draft written before the restrictions ended on appeal (or ended otherwise, for a
    restriction letter) would tell the resident of terms no longer in force: it is not sent."""
    overturned = restriction.state == Restriction.State.OVERTURNED
    if (letter.kind == LetterKind.REVIEW_OUTCOME and overturned) or (
        letter.kind == LetterKind.RESTRICTION and not restriction.is_current
    ):
        raise CaseworkError(
            f"The restrictions this letter is about are {restriction.get_state_display().lower()} since it was "
            "drafted: it would tell the resident of terms no longer in force, so it is not sent. "
            + ("The appeal outcome letter tells them." if overturned else "")
        )


def issue_letter(
    letter,
    by,
    method,
    format=Letter.Format.STANDARD,
    recipient=Letter.Recipient.RESIDENT,
    third_party_name="",
    third_party_relationship="",
    third_party_address="",
    adjustment_reason="",
):
    """Issue a draft letter today: check its required parts on the rendered letter, make its
    PDF (WeasyPrint; a restriction letter encloses the published policy), keep it in private
    storage with its SHA-256, and freeze the letter with who issued it, when, how it was sent
    (`method`, a Letter.Method), its `format` and recipients (LHP 20–22: large print, a named
    third party as well as or instead of the resident, and why). A first restriction letter
    brings its restriction into force from the letter's date, reviews running from it (LHP 29);
    one already in force keeps its dates.
    The reporter is told the letter has gone. Returns the Letter. Raises NotAllowed,
    AlreadyIssued, LetterNotReady (naming the missing parts), or CaseworkError naming the field;
    on any of them, or a failure making the PDF, nothing is issued or brought into force."""
    values = [third_party_name, third_party_relationship, third_party_address, adjustment_reason]
    third_party_name, third_party_relationship, third_party_address, adjustment_reason = (
        (value or "").strip() for value in values
    )
    _check_how_sent(
        method, format, recipient, third_party_name, third_party_relationship, third_party_address, adjustment_reason
    )
    stored = None
    try:
        with transaction.atomic():
            letter = (
                Letter.objects.select_for_update(of=("self",))
                .select_related("case__customer", "replaces")
                .get(pk=letter.pk)
            )
            case = letter.case
            if not permissions.can_prepare_letters(by, case):
                raise NotAllowed("Only a customer experience manager working on the case issues its letters.")
            _refuse_second_issue(letter)
            restriction = None
            if letter.restriction_id:
                restriction = Restriction.objects.select_for_update().get(pk=letter.restriction_id)
                first = letter.replaces_id is None and letter.kind == LetterKind.RESTRICTION
                if first and restriction.state not in WAITING_FOR_LETTER:
                    raise CaseworkError("The restriction is no longer waiting for its letter: nothing was issued.")
                _refuse_overtaken(letter, restriction)
                letter.restriction = restriction
            today = timezone.localdate()
            letter.method, letter.format, letter.recipient = method, format, recipient
            letter.third_party_name, letter.third_party_relationship = third_party_name, third_party_relationship
            letter.third_party_address, letter.adjustment_reason = third_party_address, adjustment_reason
            rendered, facts, letterhead, enclosure = render_letter(letter, today)
            if not rendered.ready:
                raise LetterNotReady(rendered.missing, rendered.unknown, rendered.unfilled)
            pdf = _pdf(letter_document(rendered, facts, letterhead, letter, enclosure))
            letter.pdf.save(f"{letter.pk}.pdf", ContentFile(pdf), save=False)
            stored = letter.pdf.name
            letter.state, letter.issued_by, letter.issued_at, letter.letter_date = (
                Letter.State.ISSUED,
                by,
                timezone.now(),
                today,
            )
            letter.issued_text = f"{rendered.subject}\n\n{rendered.text}"
            letter.sha256, letter.pdf_size = hashlib.sha256(pdf).hexdigest(), len(pdf)
            letter.save()
            # Only the first restriction letter brings its restriction into force (outcome letters
            # name it); one already in force (the resident was told another way) keeps its dates.
            first = letter.replaces_id is None and letter.kind == LetterKind.RESTRICTION
            if restriction is not None and first and restriction.state == Restriction.State.APPROVED:
                letter.restriction = restrictions.bring_into_force(restriction, by, today)
            _record_and_tell(letter, by)
            return letter
    except IntegrityError as error:
        _forget(stored)
        raise AlreadyIssued(f"The {letter.get_kind_display().lower()} on this case has already been issued.") from error
    except BaseException:
        _forget(stored)
        raise


def _refuse_second_issue(letter):
    if letter.is_issued:
        raise AlreadyIssued(
            f"This letter was already issued by {display_name(letter.issued_by)} on {long_date(letter.letter_date)}."
        )
    if letter.replaces_id is None and letter.kind in ONCE_PER_CASE:
        if letter.case.letters.filter(kind=letter.kind, state=Letter.State.ISSUED).exists():
            raise AlreadyIssued(f"The {letter.get_kind_display().lower()} on this case has already been issued.")


def _pdf(html):
    try:
        return make_pdf(html)
    except Exception as error:
        raise CaseworkError(
            "The letter's PDF could not be made, so nothing was issued. Try again; if it fails again, tell the "
            "intranet's administrators."
        ) from error


def _forget(name):
    # The transaction was undone: the PDF it stored must not outlive it.
    if name:
        Letter._meta.get_field("pdf").storage.delete(name)


def _record_and_tell(letter, by):
    """The timeline keeps how the letter went and why; the reporter hears that it has gone."""
    case = letter.case
    how = [letter.sent_how, letter.get_format_display().lower()]
    if letter.recipient != Letter.Recipient.RESIDENT:
        how.append(
            f"{letter.get_recipient_display().lower()}: {letter.third_party_name} ({letter.third_party_relationship})"
        )
    detail = f"Sent: {'; '.join(how)}."
    if letter.adjustment_reason:
        detail += f" Reasonable adjustment: {letter.adjustment_reason}"
    replaced = f", replacing {letter.replaces.reference}" if letter.replaces_id else ""
    kind, dated = letter.get_kind_display(), long_date(letter.letter_date)
    CaseEvent.objects.create(
        case=case,
        actor=by,
        summary=f"{kind} {letter.reference} issued, dated {dated}{replaced}",
        detail=f"{detail} SHA-256 {letter.sha256}.",
        shown_to_reporter=True,
        reporter_summary=f"The resident was sent a {kind.lower()} on {dated}.",
    )
    notify_people(
        [case.reporter],
        f"Letter sent (case {case.reference})",
        f"The resident has been sent a {letter.get_kind_display().lower()} about your report {case.reference}.",
        case,
        kind="decision",
    )
