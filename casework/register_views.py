"""The register (Wandle 3.1, LHP 34): the page, and its exports as CSV and as an Excel workbook,
for the head of customer services, the CXMs and the directors; and the equality figures
(Wandle 7.0). 404 for everyone else."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import permissions
from .register_forms import PeriodForm, RegisterFilterForm
from .services import equality_monitoring, register, register_exports

PAGE_SIZE = 50


def _filter_or_none(request):
    if not permissions.can_see_register(request.user):
        raise Http404("No such page")
    form = RegisterFilterForm(request.GET)
    return form, (form.register_filter() if form.is_valid() else None)


def register_page(request):
    form, flt = _filter_or_none(request)
    context = {
        "form": form,
        "query_string": _query_string(request),
        "equality": permissions.can_see_equality_monitoring(request.user),
        "board_report": permissions.can_see_board_report(request.user),
        "retention": permissions.can_see_retention_schedule(request.user),
    }
    if flt is None:
        return render(request, "casework/register.html", context, status=400)
    today = timezone.localdate()
    found = register.entries(request.user, flt, today)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        page_obj=page,
        rows=register.rows(page.object_list, request.user, today),
        redacted=found.redacted_count(),
        filtered=any(request.GET.get(name) for name in form.fields if name != "sort"),
    )
    return render(request, "casework/register.html", context)


def _query_string(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _export(request, build, content_type, extension):
    form, flt = _filter_or_none(request)
    if flt is None:
        context = {"form": form, "query_string": _query_string(request)}
        return render(request, "casework/register.html", context, status=400)
    content = build(request.user, flt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="register-{timezone.localdate():%Y-%m-%d}.{extension}"'
    return response


def register_csv(request):
    return _export(request, register_exports.register_csv, "text/csv; charset=utf-8", "csv")


def register_xlsx(request):
    return _export(
        request,
        register_exports.register_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    )


def equality_page(request):
    """Residents restricted in a period by each protected characteristic, against all residents."""
    if not permissions.can_see_equality_monitoring(request.user):
        raise Http404("No such page")
    start, end = equality_monitoring.financial_year_before(timezone.localdate())
    form = PeriodForm(request.GET if request.GET else {"start": start, "end": end})
    if not form.is_valid():
        return render(request, "casework/equality.html", {"form": form}, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    restricted, population, figures = equality_monitoring.figures(start, end)
    context = {
        "form": form,
        "start": start,
        "end": end,
        "restricted": restricted,
        "population": population,
        "figures": figures,
    }
    return render(request, "casework/equality.html", context)
