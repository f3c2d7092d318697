from django import template
from django.utils import timezone

register = template.Library()


def _count(number, unit):
    return f"{number} {unit}{'' if number == 1 else 's'}"


@register.filter
def in_words(seconds):
    """A number of seconds as people say it: 1800 is "30 minutes", 5400 "90 minutes", 7200 "2 hours"."""
    seconds = int(seconds)
    if seconds >= 3600 and seconds % 3600 == 0:
        return _count(seconds // 3600, "hour")
    if seconds >= 60 and seconds % 60 == 0:
        return _count(seconds // 60, "minute")
    return _count(seconds, "second")


def _days_from_today(day):
    return (day - timezone.localdate()).days


@register.filter
def days_left(day):
    """Calendar days from today to an end date, as staff read it: "182 days left", "ends today",
    "ended". Empty for no date."""
    if not day:
        return ""
    days = _days_from_today(day)
    if days < 0:
        return "ended"
    return "ends today" if days == 0 else f"{_count(days, 'day')} left"


@register.filter
def due_in(day):
    """Calendar days from today to a due date: "due in 5 days", "due today", "3 days overdue"."""
    if not day:
        return ""
    days = _days_from_today(day)
    if days < 0:
        return f"{_count(-days, 'day')} overdue"
    return "due today" if days == 0 else f"due in {_count(days, 'day')}"
