from django import template
from django.utils import timezone

from ..blocks import paragraph_anchor as _paragraph_anchor
from ..blocks import section_anchor as _section_anchor

register = template.Library()


@register.filter
def section_anchor(value, prefix=""):
    return _section_anchor(value, prefix)


@register.filter
def paragraph_anchor(number, prefix=""):
    return _paragraph_anchor(number, prefix)


@register.filter
def policy_date(value):
    """Policies give most dates as a month ("November 2026"): the first of a month shows as that."""
    if not value:
        return ""
    if value.day == 1:
        return f"{value:%B %Y}"
    return f"{value.day} {value:%B %Y}"


@register.filter
def goes_live(value):
    """A go-live moment in local time: "3 March 2026 at 09:00"."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


@register.filter
def heading_level(level, shift=0):
    return min(int(level or 2) + int(shift or 0), 6)


@register.simple_tag
def table_body_rows(value):
    """Body rows of a table block; a row whose first cell is empty continues the row above it
    (as in "Criteria / Behaviour"), so that first cell spans the group with rowspan."""
    rows = [list(row["cells"]) for row in value["rows"]]
    if value.get("header_row") and rows:
        rows = rows[1:]
    result = []
    group = None
    for cells in rows:
        first, rest = (cells[0] if cells else ""), cells[1:]
        if first.strip() or group is None:
            group = {"header": first, "rowspan": 1, "cells": rest, "starts_group": True}
            result.append(group)
        else:
            group["rowspan"] += 1
            result.append({"cells": rest, "starts_group": False})
    return result
