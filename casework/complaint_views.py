"""What a restricted resident sends (LHP 30, 33): new complaints and items on no-reply topics,
logged from the check page by whoever received them; new complaints judged by the Executive
Director of Customers or their delegate; items read by the colleague named to read them. Each
view asks casework.permissions (404 if not), calls one service function and renders."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import permissions, services
from .complaint_forms import (
    DecideNewComplaintForm,
    DelegateNewComplaintForm,
    LogNewComplaintForm,
    LogNoReplyItemForm,
    MarkReadForm,
)
from .models import NewComplaint, NoReplyItem, Restriction
from .services import complaints, no_reply


def _restriction_or_404(request, restriction_pk):
    if not permissions.can_log_from_check_page(request.user):
        raise Http404("No such page")
    restriction = Restriction.objects.select_related("customer", "decision").filter(pk=restriction_pk).first()
    if restriction is None or restriction.customer_id is None or not restriction.is_current:
        raise Http404("No such restriction")
    return restriction


def _back_to_check(restriction):
    return redirect(f"{reverse('residents:check')}?{urlencode({'q': restriction.customer.reference})}")


def _log(request, restriction, form, log, template, said):
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                logged = log(restriction, request.user, **form.cleaned_data)
            except services.CaseworkError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, said(logged))
                return _back_to_check(restriction)
        status = 400
    return render(request, template, {"restriction": restriction, "form": form}, status=status)


def log_new_complaint(request, restriction_pk):
    """Any member of staff logs a new complaint from a resident under restriction (LHP 33)."""
    restriction = _restriction_or_404(request, restriction_pk)
    form = LogNewComplaintForm(request.POST if request.method == "POST" else None)
    return _log(
        request,
        restriction,
        form,
        complaints.log_new_complaint,
        "casework/complaints/log.html",
        lambda complaint: (
            # No case reference: the person logging it may not be on the case.
            "The new complaint is logged. The Executive Director of Customers judges it on its merits; you do not "
            "need to do anything else."
        ),
    )


def log_no_reply_item(request, restriction_pk):
    """Any member of staff logs something the resident sent on a topic that gets no reply."""
    restriction = _restriction_or_404(request, restriction_pk)
    if not no_reply.has_no_reply_topics(restriction):
        raise Http404("No such page")
    form = LogNoReplyItemForm(request.POST if request.method == "POST" else None)
    return _log(
        request,
        restriction,
        form,
        no_reply.log_no_reply_item,
        "casework/complaints/log_no_reply.html",
        lambda item: (
            "It is logged for "
            + (item.reader.get_full_name() if item.reader_id else "a customer experience manager")
            + " to read. Do not reply to it."
        ),
    )


# --- New complaints: the list and the decision ----------------------------------------


def queue_context(user):
    """For the "Awaiting my decision" page: how many new complaints wait for this person's
    decision (None if they judge none) and how many no-reply items for them to read."""
    waiting = complaints.open_for(user).count() if permissions.can_see_new_complaints(user) else None
    return {"new_complaints_waiting": waiting, "items_to_read": no_reply.unread_for(user).count()}


def new_complaints(request):
    """The open new complaints waiting for this person's decision."""
    if not permissions.can_see_new_complaints(request.user):
        raise Http404("No such page")
    context = {
        "complaints": list(complaints.open_for(request.user)),
        "is_edc": permissions.is_executive_director_of_customers(request.user),
    }
    return render(request, "casework/complaints/list.html", context)


def _complaint_or_404(request, pk, complaint_pk, rule=permissions.can_see_new_complaint):
    complaint = (
        NewComplaint.objects.select_related(
            "case", "resident", "restriction", "logged_by", "delegated_to", "decided_by", "letter"
        )
        .filter(pk=complaint_pk, case_id=pk)
        .first()
    )
    if complaint is None or not rule(request.user, complaint):
        raise Http404("No such complaint")
    return complaint


def new_complaint(request, pk, complaint_pk, forms=None, status=200):
    complaint = _complaint_or_404(request, pk, complaint_pk)
    services.log_access(complaint.case, request.user, "new complaint", complaint.reference)
    forms = forms or {}
    may_decide = permissions.can_decide_new_complaint(request.user, complaint)
    may_delegate = permissions.can_delegate_new_complaint(request.user, complaint)
    context = {
        "case": complaint.case,
        "complaint": complaint,
        "restriction": complaint.restriction,
        "may_open_case": permissions.has_chain_access(request.user, complaint.case),
        "decide_form": (forms.get("decide") or DecideNewComplaintForm()) if may_decide else None,
        "delegate_form": (
            forms.get("delegate") or DelegateNewComplaintForm(people=complaints.delegable_directors(complaint))
        )
        if may_delegate
        else None,
        "error_form": next(iter(forms.values()), None),
    }
    return render(request, "casework/complaints/complaint.html", context, status=status)


def _back(complaint):
    return redirect("casework:new_complaint", pk=complaint.case_id, complaint_pk=complaint.pk)


@require_POST
def decide_new_complaint(request, pk, complaint_pk):
    complaint = _complaint_or_404(request, pk, complaint_pk, permissions.can_decide_new_complaint)
    form = DecideNewComplaintForm(request.POST)
    if form.is_valid():
        try:
            complaint = complaints.decide_new_complaint(complaint, request.user, **form.service_values())
        except services.AlreadyDecided as error:
            messages.error(request, f"{error} Your decision was not recorded.")
            return _back(complaint)
        except services.CaseworkError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            if complaint.status == NewComplaint.Status.ACCEPTED:
                said = f"accepted into the complaints process as {complaint.complaint_reference}."
            else:
                said = "declined. The letter telling the resident why is drafted for the customer experience managers."
            messages.success(request, f"New complaint {complaint.reference} is {said}")
            return _back(complaint)
    return new_complaint(request, pk, complaint_pk, forms={"decide": form}, status=400)


@require_POST
def delegate_new_complaint(request, pk, complaint_pk):
    complaint = _complaint_or_404(request, pk, complaint_pk, permissions.can_delegate_new_complaint)
    form = DelegateNewComplaintForm(request.POST, people=complaints.delegable_directors(complaint))
    if form.is_valid():
        try:
            complaint = complaints.delegate_new_complaint(complaint, request.user, form.chosen())
        except services.AlreadyDecided as error:
            messages.error(request, str(error))
            return _back(complaint)
        except services.CaseworkError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request, f"New complaint {complaint.reference} is with {complaint.delegated_to.get_full_name()}."
            )
            return redirect("casework:new_complaints")
    return new_complaint(request, pk, complaint_pk, forms={"delegate": form}, status=400)


# --- No-reply items: what to read, and marking one read -------------------------------


def to_read(request):
    """What this person is to read: items sent on no-reply topics (LHP 30)."""
    if not permissions.can_log_from_check_page(request.user):
        raise Http404("No such page")
    return render(request, "casework/complaints/to_read.html", {"items": list(no_reply.unread_for(request.user))})


def _item_or_404(request, pk, item_pk, rule=permissions.can_see_no_reply_item):
    item = (
        NoReplyItem.objects.select_related("case", "restriction", "logged_by", "reader", "read_by")
        .filter(pk=item_pk, case_id=pk)
        .first()
    )
    if item is None or not rule(request.user, item):
        raise Http404("No such item")
    return item


def no_reply_item(request, pk, item_pk, form=None, status=200):
    item = _item_or_404(request, pk, item_pk)
    services.log_access(item.case, request.user, "no-reply item", item.reference)
    may_mark = permissions.can_mark_no_reply_item_read(request.user, item)
    context = {
        "case": item.case,
        "item": item,
        "may_open_case": permissions.has_chain_access(request.user, item.case),
        "form": (form or MarkReadForm()) if may_mark else None,
    }
    return render(request, "casework/complaints/no_reply_item.html", context, status=status)


@require_POST
def mark_read(request, pk, item_pk):
    item = _item_or_404(request, pk, item_pk)
    if not item.is_read and not permissions.can_mark_no_reply_item_read(request.user, item):
        raise Http404("No such item")
    form = MarkReadForm(request.POST)
    if form.is_valid():
        try:
            no_reply.mark_read(item, request.user, form.cleaned_data["read_note"])
        except services.AlreadyDecided as error:
            messages.error(request, str(error))
            return redirect("casework:no_reply_item", pk=item.case_id, item_pk=item.pk)
        except services.CaseworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{item.reference} is marked read.")
            return redirect("casework:to_read")
    return no_reply_item(request, pk, item_pk, form=form, status=400)
