"""A letter as a document: the letterhead, address block, date, references, the wording,
the signature block and, for a restriction letter, the policy enclosed as pages made from
its published page (LHP 28). Made into PDF by WeasyPrint with the letter's print styles."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from ..choices import LHP

LARGE_PRINT_MIN_PT = 16


@dataclass(frozen=True)
class Enclosure:
    """The policy enclosed with a letter: its title, the version published, and its text as HTML."""

    title: str
    version: str
    html: str


def policy_page(letterhead):
    """The published policy letters are made under: the one the letterhead names, by default
    the Limited Contact Policy. None when neither is published."""
    from policy_pages.models import PolicyPage

    page = None
    if letterhead.enclosed_policy_id:
        page = PolicyPage.objects.live().filter(pk=letterhead.enclosed_policy_id).first()
    return page or PolicyPage.objects.live().filter(slug=LHP).first()


def policy_label(page):
    """(title, current version label) of a policy page."""
    from policy_pages.services import current_version_label

    return page.title, current_version_label(page) or ""


def enclosure_for(letterhead):
    """The policy_page as an Enclosure, or None when there is no published version to enclose."""
    from policy_pages.rendering import render_body

    page = policy_page(letterhead)
    if page is None:
        return None
    # The page row holds the published version: drafts live in revisions until approved.
    return Enclosure(*policy_label(page), render_body(page)["body"])


def recipient_block(letter, facts):
    """The lines of the address block, and who gets a copy (LHP 22: a named third party as
    well as or instead of the resident). Takes the Letter (or None) and the facts."""
    resident = [facts.get("resident_name", ""), *facts.get("resident_address", "").splitlines()]
    if letter is None or letter.recipient == letter.Recipient.RESIDENT:
        return resident, ""
    third = f"{letter.third_party_name} ({letter.third_party_relationship})".replace(" ()", "")
    if letter.recipient == letter.Recipient.THIRD_PARTY:
        lines = [third, *[line.strip() for line in letter.third_party_address.splitlines() if line.strip()]]
        return lines + [f"On behalf of {facts.get('resident_name', '')}"], ""
    return resident, third


def letter_document(rendered, facts, letterhead, letter=None, enclosure=None, for_screen=False):
    """The letter as HTML: a whole document for WeasyPrint, or with `for_screen` the part a
    page shows as its preview. Takes a letter_content.Rendered, the facts, the Letterhead,
    the Letter (for its reference, format and recipients; None for a template preview) and
    the Enclosure or None. Returns a string."""
    lines, copy_to = recipient_block(letter, facts)
    context = {
        "rendered": rendered,
        "facts": facts,
        "letterhead": letterhead,
        "address_lines": [line for line in lines if line],
        "copy_to": copy_to,
        "letter_reference": letter.reference if letter is not None and letter.pk else "",
        "large_print": letter is not None and letter.format == letter.Format.LARGE_PRINT,
        "enclosure": enclosure,
    }
    template = "casework/letters/letter_body.html" if for_screen else "casework/letters/document.html"
    return render_to_string(template, context)


@lru_cache(maxsize=1)
def _stylesheet_path():
    found = finders.find("css/letter.css")
    return found or str(Path(settings.BASE_DIR) / "static" / "css" / "letter.css")


def _fetcher():
    from weasyprint.urls import URLFetcher

    class FetchNothing(URLFetcher):
        # A letter is made from its own HTML and print styles only: an address in a policy's
        # text (an image, a file) is never fetched into a resident's letter.
        def fetch(self, url, headers=None):
            raise ValueError(f"letters do not fetch {url}")

    return FetchNothing()


def make_pdf(html):
    """The PDF of a letter document (`html` from letter_document), as bytes. Nothing outside
    the document and its print styles is fetched. Raises whatever WeasyPrint raises when it
    cannot make it."""
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_fetcher())
    return document.write_pdf(stylesheets=[CSS(filename=_stylesheet_path())])
