"""Reviews of restrictions (Wandle 3.9, LHP 29): read on the review's page, recorded there by a
customer experience manager, approved or sent back by the director it is with. Each view asks
casework.permissions (404 if not), calls one service function and renders."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import permissions, services
from .models import Review
from .review_forms import DecideReviewForm, RecordReviewForm
from .services import reviews
from .services.notices import long_date


def _review_or_404(request, pk, review_pk, rule=permissions.can_see_review):
    review = (
        Review.objects.select_related(
            "case__customer", "restriction", "director", "proposed_by", "decided_by", "letter", "new_restriction"
        )
        .filter(pk=review_pk, case_id=pk)
        .first()
    )
    if review is None or not rule(request.user, review):
        raise Http404("No such review")
    return review


def review(request, pk, review_pk, forms=None, status=200):
    review = _review_or_404(request, pk, review_pk)
    services.log_access(review.case, request.user, "review", review.reference)
    forms = forms or {}
    may_record = permissions.can_record_review(request.user, review) and review.restriction.state == "in_force"
    may_decide = permissions.can_decide_review(request.user, review) and review.restriction.state == "in_force"
    record_form = forms.get("record")
    if may_record and record_form is None:
        initial = {
            name: getattr(review, name)
            for name in ("contacts", "incidents", "circumstances", "vulnerability", "proposal", "reasons", "new_terms")
        }
        details = review.new_details or {}
        record_form = RecordReviewForm(
            initial={**initial, **details, "extra_months": review.extra_months}, restriction=review.restriction
        )
    context = {
        "case": review.case,
        "review": review,
        "restriction": review.restriction,
        "record_form": record_form if may_record else None,
        "decide_form": (forms.get("decide") or DecideReviewForm()) if may_decide else None,
        "error_form": next(iter(forms.values()), None),
    }
    return render(request, "casework/reviews/review.html", context, status=status)


def _back(review):
    return redirect("casework:review", pk=review.case_id, review_pk=review.pk)


def _service_error(form, error):
    field = "new_terms" if error.field == "terms" else error.field
    form.add_error(field if field in form.fields else None, str(error))


@require_POST
def record(request, pk, review_pk):
    review_ = _review_or_404(request, pk, review_pk, permissions.can_record_review)
    form = RecordReviewForm(request.POST, restriction=review_.restriction)
    if form.is_valid():
        try:
            review_ = reviews.record_review(review_, request.user, **form.service_values())
        except services.CaseworkError as error:
            _service_error(form, error)
        else:
            if review_.status == Review.Status.DECIDED:
                messages.success(
                    request,
                    f"Review {review_.reference} is decided: the restrictions continue unchanged, next reviewed on "
                    f"{long_date(review_.next_review_date)}. Issue the review outcome letter so the resident is told.",
                )
            else:
                messages.success(request, f"Review {review_.reference} has gone to a director to approve.")
            return _back(review_)
    return review(request, pk, review_pk, forms={"record": form}, status=400)


@require_POST
def decide(request, pk, review_pk):
    review_ = _review_or_404(request, pk, review_pk, permissions.can_decide_review)
    form = DecideReviewForm(request.POST)
    if form.is_valid():
        try:
            review_ = reviews.decide_review(review_, request.user, **form.service_values())
        except services.CaseworkError as error:
            _service_error(form, error)
        else:
            if review_.status == Review.Status.DECIDED:
                messages.success(
                    request,
                    f"Review {review_.reference} is approved. The review outcome letter is drafted for the customer "
                    "experience managers to issue.",
                )
            else:
                messages.success(request, f"Review {review_.reference} went back to the customer experience managers.")
            return _back(review_)
    return review(request, pk, review_pk, forms={"decide": form}, status=400)
