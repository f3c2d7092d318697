"""Breaches of a restriction (LHP 31): recorded by any member of staff from the check page,
or by the case's people from the restriction on the case page; their evidence downloaded by
the case's people; all contact refused by the Executive Director of Customers. Each view asks
casework.permissions (404 if not), calls one service function and renders."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from . import permissions, services
from .breach_forms import RecordBreachForm, RefuseAllContactForm
from .choices import ALWAYS_OPEN
from .models import Breach, Case, Restriction
from .services import breaches
from .services.notices import long_date


def _recorded_message(breach):
    text = (
        f"The breach on {long_date(breach.occurred_on)} is recorded. The customer experience managers on the case "
        "see it, and it counts towards the next review of the restrictions."
    )
    if breach.prompted_early_review:
        text += " It is one of several in a short time: the review has been brought forward."
    return text


def _record(request, restriction, case=None):
    posted = request.method == "POST"
    form = RecordBreachForm(
        request.POST if posted else None, request.FILES if posted else None, restriction=restriction
    )
    status = 200
    if posted:
        if form.is_valid():
            try:
                breach = breaches.record_breach(restriction, request.user, **form.service_values())
            except services.CaseworkError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _recorded_message(breach))
                if case is not None:
                    return redirect(f"{reverse('casework:case', args=[case.pk])}#breaches-{restriction.pk}")
                query = urlencode({"q": restriction.customer.reference})
                return redirect(f"{reverse('residents:check')}?{query}")
        status = 400
    context = {"restriction": restriction, "form": form, "case": case}
    return render(request, "casework/breaches/record.html", context, status=status)


def record(request, restriction_pk):
    """Any member of staff records a breach of a resident's restriction from the check page.
    The page shows only what the check page shows them; recording gives them nothing more."""
    if not permissions.can_record_breach(request.user):
        raise Http404("No such page")
    restriction = Restriction.objects.select_related("customer", "decision").filter(pk=restriction_pk).first()
    if restriction is None or restriction.customer_id is None:
        raise Http404("No such restriction")
    return _record(request, restriction)


def _case_or_404(request, pk, rule):
    case = Case.objects.filter(pk=pk).first()
    if case is None or not rule(request.user, case):
        raise Http404("No such case")
    return case


def record_on_case(request, pk, restriction_pk):
    """The case's people record a breach from the restriction on the case page."""
    case = _case_or_404(request, pk, permissions.can_see_breaches)
    if not permissions.can_record_breach(request.user):
        raise Http404("No such page")
    restriction = (
        Restriction.objects.select_related("customer", "decision").filter(pk=restriction_pk, case=case).first()
    )
    if restriction is None:
        raise Http404("No such restriction")
    return _record(request, restriction, case)


def document(request, pk, breach_pk, document_pk):
    """A breach's evidence, for the case's people only."""
    case = _case_or_404(request, pk, permissions.can_see_breaches)
    breach = Breach.objects.filter(pk=breach_pk, case=case).first()
    stored = breach.documents.filter(pk=document_pk).first() if breach else None
    if stored is None:
        raise Http404("No such document")
    services.log_access(case, request.user, "breach evidence", stored.original_name)
    response = FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def refuse_all_contact(request, pk, restriction_pk):
    """LHP 31: the Executive Director of Customers reads a restriction's breaches and may
    refuse all contact, with a justification. Anyone else: 404."""
    case = _case_or_404(request, pk, permissions.can_refuse_all_contact)
    restriction = (
        Restriction.objects.select_related("customer", "decision", "case").filter(pk=restriction_pk, case=case).first()
    )
    if restriction is None:
        raise Http404("No such restriction")
    services.log_access(case, request.user, "refuse all contact", f"restriction {restriction.pk}")
    form = RefuseAllContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                breaches.refuse_all_contact(restriction, request.user, form.cleaned_data["justification"])
            except services.CaseworkError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(
                    request,
                    "All contact is refused, except what always stays open. The red flag says so, and the "
                    "reporter and their team have been told.",
                )
                return redirect(f"{reverse('casework:case', args=[case.pk])}#breaches-{restriction.pk}")
        status = 400
    found = list(restriction.breaches.select_related("recorded_by").prefetch_related("documents"))
    context = {
        "case": case,
        "restriction": restriction,
        "breaches": found,
        "refusal": restriction.refusal(),
        "form": form,
        "always_open": ALWAYS_OPEN,
        "may_refuse": restriction.is_current and found and restriction.refusal() is None,
    }
    return render(request, "casework/breaches/refuse.html", context, status=status)
