"""The report to the Board (LHP 35): the page, its charts and its PDF, for the head of customer
services and the directors. 404 for everyone else."""

import datetime

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from . import permissions
from .register_forms import PeriodForm
from .services import board_charts, board_pdf, board_report


def _period_form(request):
    """The period form, from the query or (none given) the last complete financial year."""
    if not permissions.can_see_board_report(request.user):
        raise Http404("No such page")
    if request.GET:
        return PeriodForm(request.GET)
    default = board_report.default_period()
    return PeriodForm({"start": default.start, "end": default.end})


def _period(form):
    return board_report.Period(form.cleaned_data["start"], form.cleaned_data["end"])


def _charts(report, period, as_data=False):
    """Each chart with its figures: for the page an address to load it from, for the PDF the
    picture itself."""
    figures = board_charts.report_figures(report)
    charts = {}
    for name, chart in board_charts.CHARTS.items():
        labels, series = figures[name]
        entry = {"chart": chart, "columns": [name for name, _ in series], "rows": _table_rows(labels, series)}
        if as_data:
            entry["src"] = board_charts.data_uri(board_charts.svg(name, labels, series))
        else:
            entry["src"] = f"chart/{name}.svg?start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"
        charts[name] = entry
    # The summary's table says how each figure changed, too.
    charts["uses"]["columns"].append("Change")
    charts["uses"]["rows"] = [(label, [this, before, change]) for label, this, before, change in report.headline]
    return charts


def _table_rows(labels, series):
    return [(label, [values[index] for _, values in series]) for index, label in enumerate(labels)]


def _context(form, as_data=False):
    period = _period(form)
    report = board_report.build(period)
    return {
        "form": form,
        "report": report,
        "charts": _charts(report, period, as_data),
        "period_query": f"start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}",
        "prepared_on": timezone.localdate(),
    }


def _this_year():
    """From the 1 April the current financial year began to today."""
    today = timezone.localdate()
    return board_report.default_period(today).end + datetime.timedelta(days=1), today


def board_report_page(request):
    form = _period_form(request)
    if not form.is_valid():
        return render(request, "casework/board/report.html", {"form": form, "this_year": _this_year()}, status=400)
    return render(request, "casework/board/report.html", {**_context(form), "this_year": _this_year()})


def board_report_pdf(request):
    form = _period_form(request)
    if not form.is_valid():
        return render(request, "casework/board/report.html", {"form": form}, status=400)
    context = _context(form, as_data=True)
    html = render_to_string("casework/board/pdf.html", context, request=request)
    period = context["report"].period
    response = HttpResponse(board_pdf.render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="board-report-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.pdf"'
    )
    return response


# The chart is a picture with its own styles and no script: the page that shows it keeps its
# strict policy, and the picture may style itself and nothing more.
@csp({"default-src": [NONE], "style-src": [UNSAFE_INLINE], "frame-ancestors": [NONE]})
def board_chart(request, name):
    form = _period_form(request)
    if name not in board_charts.CHARTS:
        raise Http404("No such chart")
    if not form.is_valid():
        return HttpResponse("Choose a period: both dates as YYYY-MM-DD.", status=400, content_type="text/plain")
    labels, series = board_charts.figures_for(name, _period(form))
    return HttpResponse(board_charts.svg(name, labels, series), content_type="image/svg+xml")
