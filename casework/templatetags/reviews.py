"""Template filters for reviews of restrictions."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def is_past(day):
    """Whether `day` (a date, or None) is before today: a review date not decided by it is overdue."""
    return day is not None and day < timezone.localdate()
