"""What the admin shows the people who write letter templates: the parts each kind must keep."""

from django import template
from django.utils.html import format_html, format_html_join

from ..models import LetterKind
from ..services.letter_content import FACTS
from ..services.letter_parts import REQUIRED_PARTS

register = template.Library()


@register.simple_tag
def required_parts_table():
    rows = []
    for kind, parts in REQUIRED_PARTS.items():
        for part in parts:
            needs = [f"“{phrase}”" for phrase in part.phrases] + ["{{ " + name + " }}" for name in part.facts]
            rows.append((LetterKind(kind).label, part.name, ", ".join(needs)))
    body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
    return format_html(
        "<table class='listing'><thead><tr><th scope='col'>Letter</th><th scope='col'>Part</th>"
        "<th scope='col'>Must contain</th></tr></thead><tbody>{}</tbody></table>",
        body,
    )


@register.simple_tag
def placeholder_list():
    return format_html_join("; ", "<code>{{{{ {} }}}}</code> {}", FACTS.items())
