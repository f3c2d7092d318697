"""Letters on a case: prepare, edit, preview, issue, list and download. Each view asks
casework.permissions (404 if not), calls one service function and renders."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import permissions, services
from .letter_forms import IssueLetterForm, LetterDraftForm
from .models import Case, Letter, LetterKind
from .services import letters
from .services.letter_content import FACTS, long_date
from .services.letter_pdf import letter_document


def _case_or_404(request, pk, rule):
    case = Case.objects.select_related("customer", "reporter").filter(pk=pk).first()
    if case is None or not rule(request.user, case):
        raise Http404("No such case")
    return case


def _letter_or_404(request, pk, letter_pk, rule=permissions.can_read_letters):
    case = _case_or_404(request, pk, rule)
    letter = (
        Letter.objects.select_related("restriction__decision__decided_by", "issued_by", "prepared_by", "replaces")
        .filter(pk=letter_pk, case=case)
        .first()
    )
    if letter is None:
        raise Http404("No such letter")
    letter.case = case
    return case, letter


def _letters_url(case):
    return reverse("casework:case", args=[case.pk]) + "#letters"


def case_letters_context(user, case):
    """What the case page's "Letters" section needs: the case's letters (for its people),
    the letters its outcome still needs, and whether this person may prepare them."""
    if not permissions.can_read_letters(user, case):
        return {}
    return {
        "letters": list(case.letters.select_related("issued_by", "prepared_by")),
        "letters_needed": [kind for kind, _ in letters.letters_needed(case)],
        "may_prepare_letters": permissions.can_prepare_letters(user, case),
    }


def letter_list(request, pk):
    case = _case_or_404(request, pk, permissions.can_read_letters)
    services.log_access(case, request.user, "letters")
    return render(request, "casework/letters/list.html", {"case": case, **case_letters_context(request.user, case)})


@require_POST
def prepare(request, pk):
    case = _case_or_404(request, pk, permissions.can_read_letters)
    kind = request.POST.get("kind", "")
    if kind not in LetterKind.values:
        messages.error(request, "Choose which letter to prepare.")
        return redirect(_letters_url(case))
    try:
        letter = letters.prepare_letter(case, request.user, kind)
    except services.CaseworkError as error:
        messages.error(request, str(error))
        return redirect(_letters_url(case))
    return redirect("casework:letter", pk=case.pk, letter_pk=letter.pk)


@require_POST
def reissue(request, pk, letter_pk):
    case, letter = _letter_or_404(request, pk, letter_pk)
    try:
        draft = letters.reissue_letter(letter, request.user)
    except services.CaseworkError as error:
        messages.error(request, str(error))
        return redirect(_letters_url(case))
    return redirect("casework:letter", pk=case.pk, letter_pk=draft.pk)


def letter(request, pk, letter_pk):
    """A draft's wording, for a CXM to edit; an issued letter's record, for the case's people."""
    case, letter = _letter_or_404(request, pk, letter_pk)
    services.log_access(case, request.user, "letter", letter.reference)
    may_edit = not letter.is_issued and permissions.can_prepare_letters(request.user, case)
    if request.method == "POST" and not may_edit:
        raise Http404("No such letter to edit")
    form = LetterDraftForm.for_letter(letter, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                letters.save_draft(letter, request.user, **form.service_values())
            except services.CaseworkError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, "The draft is saved. Read it through below before you issue it.")
                return redirect("casework:letter_preview", pk=case.pk, letter_pk=letter.pk)
        status = 400
    may_reissue = (
        letter.is_issued
        and permissions.can_prepare_letters(request.user, case)
        and not Letter.objects.filter(replaces=letter).exists()
    )
    context = {"case": case, "letter": letter, "form": form, "may_edit": may_edit, "may_reissue": may_reissue}
    context["facts"] = FACTS
    return render(request, "casework/letters/letter.html", context, status=status)


def preview(request, pk, letter_pk, issue_form=None, status=200):
    """The letter as it will be issued today, whether each required part is there, and the
    form that issues it."""
    case, letter = _letter_or_404(request, pk, letter_pk)
    services.log_access(case, request.user, "letter preview", letter.reference)
    # An issued letter is shown as dated; its PDF is the record.
    rendered, facts, letterhead, enclosure = letters.render_letter(letter, letter.letter_date)
    may_issue = not letter.is_issued and permissions.can_prepare_letters(request.user, case)
    if may_issue and issue_form is None:
        # A re-issue's draft carries how the replaced letter went: offered again by default.
        initial = {name: getattr(letter, name) for name in letters.SENT_AS if getattr(letter, name)}
        issue_form = IssueLetterForm(initial={**initial, "previewed": letter.updated_at.isoformat()})
    context = {
        "case": case,
        "letter": letter,
        "rendered": rendered,
        "letter_html": letter_document(rendered, facts, letterhead, letter, enclosure, for_screen=True),
        "issue_form": issue_form if may_issue else None,
    }
    return render(request, "casework/letters/preview.html", context, status=status)


@require_POST
def issue(request, pk, letter_pk):
    case, letter = _letter_or_404(request, pk, letter_pk, permissions.can_prepare_letters)
    form = IssueLetterForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["previewed"] != letter.updated_at.isoformat() and not letter.is_issued:
            form.add_error(None, "The draft changed after you opened this preview: read it again, then issue it.")
            form.data = form.data.copy()
            form.data["previewed"] = letter.updated_at.isoformat()
            return preview(request, pk, letter_pk, issue_form=form, status=400)
        try:
            letter = letters.issue_letter(letter, request.user, **form.service_values())
        except letters.AlreadyIssued as error:
            messages.error(request, f"{error} Nothing more was issued.")
            return redirect(_letters_url(case))
        except services.CaseworkError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _issued_message(letter))
            return redirect(_letters_url(case))
    return preview(request, pk, letter_pk, issue_form=form, status=400)


def _issued_message(letter):
    text = f"{letter.get_kind_display()} {letter.reference} is issued, dated {long_date(letter.letter_date)}."
    restriction = letter.restriction
    if restriction is not None and restriction.start_date == letter.letter_date:
        text += (
            f" The restriction is in force from {long_date(restriction.start_date)} to "
            f"{long_date(restriction.end_date)}; its first review is due on {long_date(restriction.next_review_date)}."
        )
    return text


def download(request, pk, letter_pk):
    case, letter = _letter_or_404(request, pk, letter_pk)
    if not letter.is_issued:
        raise Http404("This letter has not been issued")
    services.log_access(case, request.user, "letter PDF", letter.reference)
    response = FileResponse(
        letter.pdf.open("rb"), as_attachment=True, filename=letter.download_name(), content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
