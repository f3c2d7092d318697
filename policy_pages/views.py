from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from . import permissions, services
from .models import PolicyPage, PolicyVersion
from .rendering import render_body


def _live_policy(page_id):
    page = PolicyPage.objects.live().filter(pk=page_id).first()
    if page is None:
        raise Http404("No such policy")
    return page


@require_POST
def acknowledge(request, page_id):
    page = _live_policy(page_id)
    try:
        _, created = services.acknowledge(request.user, page)
    except services.NothingToAcknowledge as error:
        return render(
            request, "policy_pages/acknowledge_refused.html", {"page": page, "reason": str(error)}, status=409
        )
    label = services.current_version_label(page)
    if created:
        messages.success(request, f"Thank you: you have confirmed you have read {page.title}, {label}.")
    else:
        messages.info(request, f"You had already confirmed reading {page.title}, {label}.")
    return redirect(page.url + "#read-confirmation")


def _report_page(request, page_id):
    if not permissions.can_view_read_report(request.user):
        raise PermissionDenied("Only the head of customer services sees who has read each policy.")
    policies = services.live_policies()
    if page_id is None:
        if not policies:
            return policies, None
        return policies, policies[0]
    page = next((policy for policy in policies if policy.pk == page_id), None)
    if page is None:
        raise Http404("No such policy")
    return policies, page


def read_report(request, page_id=None):
    policies, page = _report_page(request, page_id)
    report = services.read_report(page) if page else None
    return render(request, "policy_pages/read_report.html", {"policies": policies, "selected": page, "report": report})


def read_report_csv(request, page_id):
    _, page = _report_page(request, page_id)
    response = HttpResponse(services.read_report_csv(page), content_type="text/csv; charset=utf-8")
    filename = f"{slugify(page.title)}-read-report.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def version(request, version_id):
    """One approved version of a policy as it read then: what a decision "made under version 3"
    points to. The current version reads as the live page; an older one approved before the
    library kept each version's text says so. 404 for a page the reader may not open."""
    entry = PolicyVersion.objects.select_related("page", "revision").filter(pk=version_id).first()
    if entry is None or not entry.page.live:
        raise Http404("No such version")
    page = entry.page
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404("No such version")
    revision = entry.revision
    is_current = services.current_version(page) == entry
    if revision is None and is_current:
        revision = page.live_revision
    rendered = render_body(revision.as_object()) if revision else None
    context = {
        "page": page,
        "entry": entry,
        "is_current": is_current,
        "rendered": rendered,
        "toc": rendered["toc"] if rendered else [],
    }
    return render(request, "policy_pages/policy_version.html", context)
