"""Benchmark of making a restriction letter's PDF with the Limited Contact Policy enclosed.

    .venv/bin/python bench/letters.py [--repeat 5]

Runs against a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL is set) with
the real LHP policy imported from policy_pages/seed_documents, and prints the median time of
rendering the letter and making its PDF (the letter, then the policy's pages), of a whole
issue (check, PDF, private storage, the restriction brought into force), and the PDF's pages
and size.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402


def median_ms(function, repeat):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    folder = tempfile.TemporaryDirectory()
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": folder.name}}
    try:
        with override_settings(
            STORAGES={
                "default": storage,
                "private": storage,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        ):
            run(args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        folder.cleanup()


def run(repeat):
    from pypdf import PdfReader

    from casework.letter_defaults import ensure_letter_templates
    from casework.services import letters
    from casework.services.letter_pdf import letter_document, make_pdf
    from home.site import ensure_home_page
    from policy_pages import demo as policy_demo
    from policy_pages.models import PolicyPage
    from tests.casework.factories import build_organisation, closed_case
    from tests.casework.letters import restriction_draft

    ensure_home_page()
    policy_demo.load()
    ensure_letter_templates(PolicyPage.objects.get(slug="limited-contact-policy"))
    org = build_organisation()
    draft = restriction_draft(org)

    def render_and_make():
        rendered, facts, letterhead, enclosure = letters.render_letter(draft)
        return make_pdf(letter_document(rendered, facts, letterhead, draft, enclosure))

    make_pdf(letter_document(*_first_render(letters, draft)))  # fonts and styles loaded once
    pdf_ms, pdf = median_ms(render_and_make, repeat)
    drafts = [restriction_draft(org, closed_case(org)) for _ in range(repeat)]
    issue_timings = []
    for each in drafts:
        start = time.perf_counter()
        letters.issue_letter(each, org.rkaur, "post")
        issue_timings.append((time.perf_counter() - start) * 1000)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"database: {connection.vendor}; {repeat} runs each")
    print(f"restriction letter with the LHP policy enclosed: {pages} pages, {len(pdf) / 1024:.0f} kB")
    print(f"render the letter and make its PDF: median {pdf_ms:.0f} ms")
    issue_ms = statistics.median(issue_timings)
    print(f"issue it (check, PDF, private storage, restriction in force): median {issue_ms:.0f} ms")


def _first_render(letters, draft):
    rendered, facts, letterhead, enclosure = letters.render_letter(draft)
    return rendered, facts, letterhead, draft, enclosure


if __name__ == "__main__":
    main()
