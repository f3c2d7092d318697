"""Site search: pages that match, each with the passage that matched and its words marked.

For a policy or guidance page the passage is the paragraph, list or table row that
matches best, and the result links straight to it (…/limited-contact-policy/#para-27).
"""

import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page

from . import permissions
from .blocks import paragraph_anchor, section_anchor
from .models import GuidancePage, PolicyPage

EXCERPT_CHARS = 240
RESULTS_PER_PAGE = 20


@dataclass
class Hit:
    page: object
    url: str
    kind: str
    location: str
    excerpt: str


def query_terms(query):
    return [term for term in dict.fromkeys(re.findall(r"\w+", query.lower())) if len(term) > 1]


def highlight(text, terms, limit=EXCERPT_CHARS):
    """An escaped excerpt of `text` around the first match, each matching word in <mark>."""
    if not text:
        return ""
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > limit // 3:
        start = text.rfind(" ", 0, match.start() - limit // 3) + 1
    excerpt = text[start : start + limit]
    if start + limit < len(text):
        excerpt = excerpt[: excerpt.rfind(" ")] if " " in excerpt else excerpt
    marked = escape(excerpt)
    if pattern:
        marked = _pattern(terms, escaped=True).sub(lambda m: f"<mark>{m.group(0)}</mark>", marked)
    prefix = "… " if start else ""
    suffix = " …" if start + len(excerpt) < len(text) else ""
    # Safe: the text was escaped above and only <mark> tags were added around escaped words.
    return mark_safe(prefix + marked + suffix)  # noqa: S308


def _pattern(terms, escaped=False):
    if not terms:
        return None
    words = [re.escape(escape(term) if escaped else term) for term in terms]
    return re.compile(r"\b(?:" + "|".join(words) + r")\w*", re.IGNORECASE)


def passages(page):
    """(anchor, where, text) for each piece of a policy or guidance page that can be linked to."""
    summary = getattr(page, "summary", "")
    if summary:
        yield "", "Summary", summary
    streams = [("", page.body)]
    if isinstance(page, PolicyPage):
        streams.append(("eia-", page.equality_impact_assessment))
    for prefix, stream in streams:
        for block in stream:
            section = block.value
            anchor = section_anchor(section, prefix)
            where = ("Equality impact assessment: " if prefix else "") + (
                f"Section {section['number']} {section['title']}" if section["number"] else section["title"]
            )
            yield anchor, where, section["title"]
            for child in section["content"]:
                kind, value = child.block_type, child.value
                if kind == "numbered_paragraph":
                    text = " ".join([value["text"], *value["items"]])
                    yield paragraph_anchor(value["number"], prefix), f"Paragraph {value['number']}", text
                elif kind in ("paragraph", "subheading"):
                    yield anchor, where, value
                elif kind == "list":
                    for item in value["items"]:
                        yield anchor, where, item
                elif kind == "table":
                    for row in value["rows"]:
                        yield anchor, where, " – ".join(cell for cell in row["cells"] if cell)
                elif kind == "callout":
                    yield anchor, where, f"{value['title']} {value['text']}".strip()
                elif kind == "policy_reference":
                    yield anchor, where, value["label"]


def best_passage(page, terms):
    best, best_score = None, 0
    pattern = _pattern(terms)
    if pattern is None:
        return None
    for anchor, where, text in passages(page):
        found = {m.group(0).lower() for m in pattern.finditer(text)}
        score = len({term for term in terms if any(word.startswith(term) for word in found)})
        if score > best_score:
            best, best_score = (anchor, where, text), score
            if score == len(terms):
                break
    return best


def hit_for(page, terms):
    url = page.url or ""
    if isinstance(page, PolicyPage | GuidancePage):
        kind = "Policy" if isinstance(page, PolicyPage) else "Guidance"
        found = best_passage(page, terms)
        if found:
            anchor, where, text = found
            return Hit(page, f"{url}#{anchor}" if anchor else url, kind, where, highlight(text, terms))
        return Hit(page, url, kind, "", highlight(page.summary, terms))
    description = page.search_description or getattr(page, "introduction", "") or ""
    return Hit(page, url, "Page", "", highlight(description, terms))


def search_pages(query, page_number=None, request=None):
    """The page of results for `query`, and a Hit for each result on that page.

    With `request`, only the pages its person may open are listed: a private page (Wagtail's
    privacy setting) is left out for everyone outside its groups, passage and all."""
    pages = Page.objects.live()
    if request is not None:
        pages = permissions.may_open(request, pages)
    # A double quote, which SQLite's full-text index reads as syntax, is escaped by the search
    # backend (home/search_backend.py).
    searched = query.strip() if query else ""
    results = pages.specific().search(searched) if searched else Page.objects.none()
    page = Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
    terms = query_terms(query)
    return page, [hit_for(result, terms) for result in page]
