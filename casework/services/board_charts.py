"""The board report's charts: SVG drawn on the server by pygal, so that they appear the same on
the page, in print and in the PDF. Each chart sits beside a table of the same figures, which is
what a screen reader reads.

A chart is a self-contained SVG file with no script: pygal always writes a configuration script
for its optional interactive layer, and it is taken out here. Each chart needs only its own
figures (`figures_for`), so the page's images cost a few queries each.
"""

import base64
import math
from dataclasses import dataclass

import pygal
from lxml import etree
from pygal.style import Style

from . import board_report, board_uses

# The intranet's colours (static/css/intranet.css), darkest first, each with at least 3:1
# contrast against white.
COLOURS = ("#00513f", "#1a56a8", "#8a5a00", "#5b2d8e", "#b00020")
FONTS = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1d1d1b",
    foreground_strong="#1d1d1b",
    foreground_subtle="#4a4a48",
    colors=COLOURS,
    font_family=FONTS,
    title_font_family=FONTS,
    label_font_family=FONTS,
    major_label_font_family=FONTS,
    value_font_family=FONTS,
    legend_font_family=FONTS,
    title_font_size=18,
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    legend_font_size=13,
    transition="0s",
)


@dataclass(frozen=True)
class Chart:
    name: str
    title: str

    @property
    def alt(self):
        return f"Chart: {self.title.lower()}. The figures are in the table beside it."


CHARTS = {
    chart.name: chart
    for chart in [
        Chart("uses", "Uses of the policy, this period and the one before"),
        Chart("categories", "Uses by behaviour category"),
        Chart("channels", "Uses by contact channel"),
        Chart("teams", "Uses by the reporter's team"),
        Chart("durations", "Restrictions by the duration decided"),
        Chart("endings", "Restrictions that ended, and how"),
    ]
}
BREAKDOWN_CHARTS = ["categories", "channels", "teams"]


def _config(title, labels):
    return {
        "title": title,
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "explicit_size": True,
        "width": 800,
        "height": max(260, 90 + 42 * max(len(labels), 1)),
        "print_values": True,
        "print_zeroes": False,
        "show_y_guides": False,
        "legend_at_bottom": True,
        "truncate_label": -1,
        "truncate_legend": -1,
        "no_data_text": "None in this period",
        "tooltip_border_radius": 0,
    }


def _render(chart):
    """The chart's SVG as text, without pygal's script, comments or random ids."""
    tree = chart.render_tree()
    unwanted = [
        node
        for node in tree.iter()
        if node.tag is etree.Comment or (isinstance(node.tag, str) and etree.QName(node).localname == "script")
    ]
    for node in unwanted:
        node.getparent().remove(node)
    text = etree.tostring(tree, encoding="unicode")
    # pygal scopes its styles with a random id: a fixed one makes the same figures the same file.
    return text.replace(chart.uuid, "board-chart")


def _whole_numbers(labels, series, stacked):
    """Axis marks at whole numbers (these are counts), about eight of them at most."""
    if stacked:
        top = max((sum(column) for column in zip(*(values for _, values in series), strict=True)), default=0)
    else:
        top = max((max(values, default=0) for _, values in series), default=0)
    step = max(1, math.ceil(top / 8))
    return list(range(0, top + step + 1, step))


def _bars(title, labels, series, stacked=False):
    kind = pygal.StackedBar if stacked else pygal.Bar
    if len(labels) > 4:
        kind = pygal.HorizontalStackedBar if stacked else pygal.HorizontalBar
    chart = kind(
        **_config(title, labels), show_legend=len(series) > 1, y_labels=_whole_numbers(labels, series, stacked)
    )
    chart.x_labels = labels
    for name, values in series:
        # A zero draws no bar but would print "0" over the axis: leave it out.
        chart.add(name, [value or None for value in values])
    return chart


def figures_for(name, period):
    """Only what chart `name` (a key of CHARTS) shows for `period`, as (labels, series): series
    is a list of (name, list of counts, one per label). Raises KeyError for an unknown chart."""
    if name == "uses":
        this, before = board_report.headline_counts(period), board_report.headline_counts(period.previous())
        keys = [key for key, _ in board_report.HEADLINE_LABELS]
        labels = [label for _, label in board_report.HEADLINE_LABELS]
        return labels, [
            ("This period", [this[key] for key in keys]),
            ("The period before", [before[key] for key in keys]),
        ]
    if name in BREAKDOWN_CHARTS:
        breakdown = board_uses.breakdowns(board_uses.tallies(period))[BREAKDOWN_CHARTS.index(name)]
        return breakdown_series(breakdown)
    if name == "durations":
        bands, _ = board_report.durations(period)
        return [label for label, _ in bands], [("Restrictions", [count for _, count in bands])]
    if name == "endings":
        ended, _ = board_report.endings(period)
        return [label for label, _ in ended], [("Restrictions", [count for _, count in ended])]
    raise KeyError(name)


def breakdown_series(breakdown):
    labels = [label for label, _, _ in breakdown.rows]
    return labels, [
        (board_uses.KIND_LABELS[kind], [per_kind[kind] for _, per_kind, _ in breakdown.rows])
        for kind in board_uses.KIND_LABELS
    ]


def svg(name, labels, series):
    """Chart `name` drawn from its figures (as figures_for gives them): the SVG as text."""
    chart = CHARTS[name]
    return _render(_bars(chart.title, labels, series, stacked=name in BREAKDOWN_CHARTS))


def report_figures(report):
    """Every chart's figures from a built BoardReport, without another query: {name: (labels, series)}."""
    result = {
        "uses": (
            [label for _, label in board_report.HEADLINE_LABELS],
            [
                ("This period", [row[1] for row in report.headline]),
                ("The period before", [row[2] for row in report.headline]),
            ],
        ),
        "durations": ([label for label, _ in report.durations], [("Restrictions", [n for _, n in report.durations])]),
        "endings": ([label for label, _ in report.endings], [("Restrictions", [n for _, n in report.endings])]),
    }
    for name, breakdown in zip(BREAKDOWN_CHARTS, report.breakdowns, strict=True):
        result[name] = breakdown_series(breakdown)
    return result


def data_uri(svg_text):
    """The SVG as a data: address, for the PDF (which has no web server to ask)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg_text.encode()).decode()
