"""`<id:pk>` in the intranet's URL confs: a database id.

Django's `<int:…>` takes any run of digits, so an address like /cases/99999999999999999999999/
reaches the database with a number no id column can hold, which some lookups turn into a server
error instead of "not found". An id here is at most 64 bits; anything longer is simply no page.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


def as_id(value):
    """`value` (a string from a request) as a database id, or None when it cannot be one."""
    text = str(value)
    if not (text.isascii() and text.isdecimal()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = as_id(value)
        if number is None:
            raise ValueError("not a database id")
        return number

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
