"""Which addresses people may put into content: only web, email and phone links, or
addresses within the intranet. A `javascript:` or `data:` address would run in the
reader's browser with their sign-in, so it is refused when entered and never made a
live link when met in content saved before this rule."""

import html
import re
import unicodedata

from django.core.exceptions import ValidationError

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
SAFE_SCHEMES_TEXT = "https:, http:, mailto: or tel:, or an address within the intranet such as /policies-and-guidance/"

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)


def _as_browser_reads_it(value):
    """The address as a browser would resolve its scheme: entities decoded (however often
    they were encoded), control and invisible formatting characters dropped (browsers drop
    tabs and line breaks anywhere, and other control characters and spaces at the ends)."""
    text = str(value)
    for _ in range(5):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    text = "".join(char for char in text if unicodedata.category(char) not in {"Cc", "Cf"})
    return text.strip()


def link_scheme(value):
    """The scheme of an address in lower case ("https", "javascript"), or "" for an address
    without one (a relative address such as "/cases/" or "#para-27")."""
    match = _SCHEME.match(_as_browser_reads_it(value))
    return match.group(1).lower() if match else ""


def is_safe_link(value):
    """True for an empty address, a relative one, or one whose scheme is in SAFE_SCHEMES."""
    if value is None or not str(value).strip():
        return True
    if ":" in re.split(r"[/?#]", _as_browser_reads_it(value), maxsplit=1)[0] and not link_scheme(value):
        # "java script:x" or "1x:y": a colon before any path, query or fragment that does not
        # start a valid scheme; browsers may read it either way, so it is not taken as relative.
        return False
    scheme = link_scheme(value)
    return not scheme or scheme in SAFE_SCHEMES


def validate_safe_link(value):
    """Form and block validator. Raises ValidationError (code "unsafe_link") naming the
    schemes that are allowed when the address is not safe by is_safe_link."""
    if not is_safe_link(value):
        raise ValidationError(
            "This address cannot be used as a link. Use an address starting %(schemes)s.",
            code="unsafe_link",
            params={"schemes": SAFE_SCHEMES_TEXT},
        )


def safe_link(value):
    """The address itself when it is safe, otherwise "" (so templates show no link)."""
    if value is None:
        return ""
    return str(value).strip() if is_safe_link(value) else ""
