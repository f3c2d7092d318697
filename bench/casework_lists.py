"""Benchmark of the casework list pages: time and queries at several numbers of cases.

    .venv/bin/python bench/casework_lists.py [--sizes 10,200,2000] [--repeat 5]

Runs against a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL is
set) and prints one line per page and size: median milliseconds and query count.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PAGES = [
    ("rkaur", "/cases/awaiting-my-decision/"),
    ("rkaur", "/cases/all/"),
    ("sali", "/cases/mine/"),
    ("rkaur", "/admin/casework/case/"),
    ("rkaur", "/"),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,200,2000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from home.site import ensure_home_page
        from tests.casework.factories import build_organisation
        from tests.casework.test_query_counts import bulk_cases

        ensure_home_page()
        org = build_organisation()
        client = Client()
        total = 0
        print(f"database: {connection.vendor}")
        print(f"{'cases':>6}  {'page':<32} {'median ms':>10} {'queries':>8}")
        for size in sizes:
            bulk_cases(org, size - total)
            total = size
            for username, url in PAGES:
                client.force_login(getattr(org, username))
                client.get(url)
                timings = []
                for _ in range(args.repeat):
                    with CaptureQueriesContext(connection) as queries:
                        start = time.perf_counter()
                        response = client.get(url)
                        timings.append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
                print(f"{size:>6}  {url:<32} {statistics.median(timings):>10.1f} {len(queries):>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
