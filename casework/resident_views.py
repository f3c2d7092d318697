"""Check a resident before a call or a visit: every member of staff and every contractor,
each at their own layer of sight (casework.permissions)."""

from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from . import permissions
from .choices import ALWAYS_OPEN
from .models import Restriction
from .services import exports, residents

# Results shown at once; a search that finds more asks for more of the name or address.
LIMIT = residents.FOUND_SHOWN


class CheckForm(forms.Form):
    q = forms.CharField(
        label="Resident or address",
        max_length=200,
        required=False,
        help_text="A name, customer reference, address or postcode.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].needed_to_submit = True


def check(request):
    if not permissions.can_check_residents(request.user):
        raise Http404("No such page")
    form = CheckForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    status = 200 if form.is_valid() else 400
    # A query over the length allowed is refused by the form, with its own message, and not searched for.
    too_short = form.is_valid() and "q" in request.GET and residents.too_short(query)
    searching = query and not too_short
    results = residents.check(residents.find_customers(query, limit=LIMIT + 1), request.user) if searching else []
    may_record_appeal = permissions.can_record_appeal(request.user)
    # Warning letters are shown only to whoever may record an appeal against one.
    if may_record_appeal:
        warnings = residents.warnings_sent([found.customer for found, _ in results[:LIMIT]], request.user)
        for found, _ in results:
            found.warnings_sent = warnings.get(found.customer.pk, [])
    context = {
        "form": form,
        "query": query,
        "results": results[:LIMIT],
        "more": len(results) > LIMIT,
        "too_short": too_short,
        "always_open": ALWAYS_OPEN,
        "contractor": permissions.is_contractor(request.user),
        "may_record_appeal": may_record_appeal,
        "may_log_from_check": permissions.can_log_from_check_page(request.user),
        "may_record_breach": permissions.can_record_breach(request.user),
    }
    return render(request, "casework/check.html", context, status=status)


def check_restriction(request, restriction_pk):
    """A notice's link to the check page for a restriction's resident: the customer reference
    stays out of the link (and so out of email), and the check itself is logged as any other."""
    if not permissions.can_check_residents(request.user):
        raise Http404("No such page")
    restriction = (
        Restriction.objects.filter(pk=restriction_pk, customer__isnull=False).select_related("customer").first()
    )
    if restriction is None:
        raise Http404("No such restriction")
    return redirect(f"{reverse('residents:check')}?{urlencode({'q': restriction.customer.reference})}")


class SurveyExclusionForm(forms.Form):
    on = forms.DateField(
        label="Residents with a restriction in force on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Usually the date the survey goes out.",
    )


def survey_exclusion(request):
    """Wandle 5.0: the list of residents to leave out of a feedback survey, as a CSV file."""
    if not permissions.can_download_survey_exclusion(request.user):
        raise Http404("No such page")
    form = SurveyExclusionForm(request.GET if "on" in request.GET else None, initial={"on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        on = form.cleaned_data["on"]
        response = HttpResponse(exports.survey_exclusion(on, request.user), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="survey-exclusion-{on:%Y-%m-%d}.csv"'
        return response
    status = 400 if form.is_bound else 200
    return render(request, "casework/survey_exclusion.html", {"form": form}, status=status)
