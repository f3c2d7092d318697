"""Inputs for the property-based tests of every form and address: what people and scripts send."""

from urllib.parse import quote, urlencode

from django.utils.html import escape
from hypothesis import HealthCheck, example, settings
from hypothesis import strategies as st

ID_EDGES = [str(2**63 - 1), str(2**63), str(10**30), "-1", "0", "٣", "１２", "²", "9" * 5000, "abc"]
any_id = st.one_of(
    st.integers(-(10**3), 10**40).map(str),
    st.text("0123456789٣１２²-", min_size=1, max_size=25),
    st.text(min_size=1, max_size=20),
)
TEXT_EDGES = ["x" * 100_000, "x" * 10_001, "\x00", "a\x00b", "\ud800", "   ", "<script>alert(1)</script>", "Zoë ✓ 😀"]
any_text = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda piece, size: (piece * size)[:size], st.text(min_size=1, max_size=3), st.sampled_from([10_001, 100_000])
    ),
)
SMALL = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def with_examples(values, name):
    """An explicit hypothesis example for each boundary value, always run."""

    def apply(test):
        for value in values:
            test = example(**{name: value})(test)
        return test

    return apply


def post_form(client, url, data):
    """Posts `data` as a browser would, lone surrogates included (as the bytes a hostile client sends)."""
    body = urlencode(data, doseq=True, encoding="utf-8", errors="surrogatepass")
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def get_query(client, url, data):
    query = urlencode(data, doseq=True, encoding="utf-8", errors="surrogatepass")
    return client.get(f"{url}?{query}")


def path_piece(value):
    return quote(value, safe="", errors="surrogatepass")


def keepable(text, limit):
    """Whether a refused form should show `text` back as typed."""
    return bool(text.strip()) and len(text) <= limit and "\x00" not in text and "\ud800" not in text


def shown_back(text, page):
    """Whether `page` shows `text` escaped: as the page's own templates write it, or as a form
    field does (Jinja2 writes quotes as &#34; and &#39;, Django as &quot; and &#x27;)."""
    escaped = escape(text)
    return escaped in page or escaped.replace("&quot;", "&#34;").replace("&#x27;", "&#39;") in page
