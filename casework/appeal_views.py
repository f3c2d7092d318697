"""Appeals (Wandle 3.10): recorded by whoever receives one, from the check page; read,
decided, passed over for a conflict or given to someone by the head of customer services on
the appeal's page. Each view asks casework.permissions (404 if not), calls one service
function and renders."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import permissions, services
from .appeal_forms import AppealConflictForm, DecideAppealForm, NameDeciderForm, RecordAppealForm
from .models import Appeal, Restriction
from .services import appeals
from .services.notices import long_date
from .services.register import warning_approvals


def _appeal_or_404(request, pk, appeal_pk, rule=permissions.can_see_appeal):
    appeal = (
        Appeal.objects.select_related("case__customer", "restriction__decision", "director", "recorded_by", "letter")
        .filter(pk=appeal_pk, case_id=pk)
        .first()
    )
    if appeal is None or not rule(request.user, appeal):
        raise Http404("No such appeal")
    return appeal


def record(request, restriction_pk):
    """Any member of staff records an appeal they received on a resident's restriction."""
    if not permissions.can_record_appeal(request.user):
        raise Http404("No such page")
    restriction = Restriction.objects.select_related("customer", "decision").filter(pk=restriction_pk).first()
    if restriction is None or restriction.customer_id is None:
        raise Http404("No such restriction")
    return _record(
        request, restriction, restriction.customer, reverse("residents:record_appeal", args=[restriction.pk])
    )


def record_on_warning(request, warning_pk):
    """Any member of staff records an appeal they received against a warning letter sent to a
    resident (for a factual inaccuracy); a sensitive case's warning only its named people."""
    if not permissions.can_record_appeal(request.user):
        raise Http404("No such page")
    warning = warning_approvals().filter(pk=warning_pk).select_related("case__customer").first()
    if warning is None or warning.case.customer_id is None or not permissions.may_reach(warning.case, [request.user]):
        raise Http404("No such warning")
    action = reverse("residents:record_warning_appeal", args=[warning.pk])
    return _record(request, warning, warning.case.customer, action)


def _record(request, subject, customer, action):
    posted = request.method == "POST"
    form = RecordAppealForm(request.POST if posted else None, request.FILES if posted else None)
    status = 200
    if posted:
        if form.is_valid():
            try:
                appeal = appeals.record_appeal(subject, request.user, **form.service_values())
            except services.CaseworkError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(
                    request,
                    # No case reference: whoever received it may not be on the case.
                    f"The appeal is recorded. It must be decided by "
                    f"{long_date(appeal.due_date)}, 28 days after it was received; "
                    + (
                        "the director deciding it has been told."
                        if appeal.director_id
                        else "the head of customer services is naming who decides it."
                    ),
                )
                query = urlencode({"q": customer.reference})
                return redirect(f"{reverse('residents:check')}?{query}")
        status = 400
    on_warning = not isinstance(subject, Restriction)
    context = {
        "customer": customer,
        "restriction": None if on_warning else subject,
        "warning_letter": appeals.issued_warning_letter(subject) if on_warning else None,
        "form": form,
        "action": action,
    }
    return render(request, "casework/appeals/record.html", context, status=status)


def appeal(request, pk, appeal_pk, forms=None, status=200):
    appeal = _appeal_or_404(request, pk, appeal_pk)
    services.log_access(appeal.case, request.user, "appeal", appeal.reference)
    forms = forms or {}
    may_decide = permissions.can_decide_appeal(request.user, appeal)
    may_name = permissions.can_name_appeal_decider(request.user, appeal)
    context = {
        "case": appeal.case,
        "appeal": appeal,
        "restriction": appeal.restriction,
        "documents": list(appeal.documents.all()),
        "conflicts": list(appeal.conflicts.select_related("director")),
        "decide_form": (
            forms.get("decide") or DecideAppealForm(on_warning=appeal.on_warning, restriction=appeal.restriction)
        )
        if may_decide
        else None,
        "warning_letter": appeals.issued_warning_letter(appeal.warning) if appeal.on_warning else None,
        "conflict_form": forms.get("conflict") or AppealConflictForm() if may_decide else None,
        "name_form": (forms.get("name") or NameDeciderForm(people=appeals.deciders_the_head_may_name(appeal)))
        if may_name
        else None,
        "error_form": next(iter(forms.values()), None),
    }
    return render(request, "casework/appeals/appeal.html", context, status=status)


def _back(appeal):
    return redirect("casework:appeal", pk=appeal.case_id, appeal_pk=appeal.pk)


@require_POST
def decide(request, pk, appeal_pk):
    appeal_ = _appeal_or_404(request, pk, appeal_pk, permissions.can_decide_appeal)
    form = DecideAppealForm(request.POST, on_warning=appeal_.on_warning, restriction=appeal_.restriction)
    if form.is_valid():
        try:
            appeal_ = appeals.decide_appeal(appeal_, request.user, **form.service_values())
        except services.CaseworkError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                f"Appeal {appeal_.reference} is decided: {appeal_.outcome_label().lower()}. The appeal outcome "
                "letter is drafted for the customer experience managers to issue.",
            )
            return _back(appeal_)
    return appeal(request, pk, appeal_pk, forms={"decide": form}, status=400)


@require_POST
def conflict(request, pk, appeal_pk):
    appeal_ = _appeal_or_404(request, pk, appeal_pk, permissions.can_decide_appeal)
    form = AppealConflictForm(request.POST)
    if form.is_valid():
        try:
            appeal_ = appeals.declare_conflict(appeal_, request.user, form.cleaned_data["reason"])
        except services.CaseworkError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                "Your conflict is recorded and the appeal has gone to another director."
                if appeal_.director_id
                else "Your conflict is recorded. No other director is free of the case: the head of customer "
                "services is asked to name who decides the appeal.",
            )
            return redirect("casework:queue")
    return appeal(request, pk, appeal_pk, forms={"conflict": form}, status=400)


@require_POST
def name_decider(request, pk, appeal_pk):
    appeal_ = _appeal_or_404(request, pk, appeal_pk, permissions.can_name_appeal_decider)
    form = NameDeciderForm(request.POST, people=appeals.deciders_the_head_may_name(appeal_))
    if form.is_valid():
        try:
            appeal_ = appeals.name_decider(appeal_, request.user, form.chosen())
        except services.CaseworkError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"Appeal {appeal_.reference} is with {appeal_.director.get_full_name()}.")
            return _back(appeal_)
    return appeal(request, pk, appeal_pk, forms={"name": form}, status=400)


def document(request, pk, appeal_pk, document_pk):
    appeal_ = _appeal_or_404(request, pk, appeal_pk)
    stored = appeal_.documents.filter(pk=document_pk).first()
    if stored is None:
        raise Http404("No such document")
    services.log_access(appeal_.case, request.user, "appeal document", stored.original_name)
    response = FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
