from django import template

from ..links import safe_link

register = template.Library()


@register.filter
def safe_href(value):
    """The address if it may be a link (home.links), otherwise "": `{% if url|safe_href %}`."""
    return safe_link(value)
