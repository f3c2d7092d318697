"""The board report as a PDF, made by WeasyPrint from the same HTML as the page.

WeasyPrint is given the stylesheets itself and may load nothing but the pictures written into
the page (data: addresses): no request leaves the server, and no file outside the static
stylesheets is read.
"""

from django.contrib.staticfiles import finders

STYLESHEETS = ["css/board-pdf.css"]


def _only_data():
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def _stylesheets():
    from weasyprint import CSS

    sheets = []
    for name in STYLESHEETS:
        path = finders.find(name)
        with open(path, encoding="utf-8") as handle:
            sheets.append(CSS(string=handle.read(), url_fetcher=_only_data()))
    return sheets


def render_pdf(html):
    """The PDF of `html` (text, a whole document whose pictures are data: addresses), as bytes."""
    # Imported when a PDF is made: loading WeasyPrint (Pango, its fonts) is slow, and most
    # processes never make one.
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_only_data()).write_pdf(stylesheets=_stylesheets())
