from django import template

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
