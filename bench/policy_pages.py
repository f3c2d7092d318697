"""Benchmark of the policy library: the pages staff read most, with the demo policies.

    .venv/bin/python bench/policy_pages.py [--repeat 10] [--staff 50]

Runs against a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL is
set), imports the two seed policies as the demo does, and prints one line per page:
median milliseconds and query count. --staff sets how many members of staff the
read report covers.
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
    ("reader", "/"),
    ("reader", "/policies-and-guidance/"),
    ("reader", "/policies-and-guidance/limited-contact-policy/"),
    ("reader", "/policies-and-guidance/restricted-contact-policy/"),
    ("reader", "/policies-and-guidance/red-flag-procedure/"),
    ("reader", "/search/?q=limited+contact"),
    ("reader", "/search/?q=restrictions+review"),
    ("head", "/policies-and-guidance/library/read-report/"),
]


def measure(client, url, repeat):
    client.get(url)  # warm caches and templates
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--staff", type=int, default=50)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from home import roles
        from home.site import ensure_home_page
        from policy_pages import demo
        from tests.factories import TeamFactory, UserFactory

        ensure_home_page()
        roles.sync_roles()
        demo.load()
        teams = [TeamFactory(name=f"Team {n}") for n in range(5)]
        for n in range(args.staff):
            UserFactory(username=f"bench{n}", team=teams[n % len(teams)])
        people = {
            "reader": UserFactory(username="reader", team=teams[0]),
            "head": UserFactory(username="head", roles=[roles.HEAD_OF_CUSTOMER_SERVICES], team=teams[1]),
        }
        client = Client()
        print(f"database: {connection.vendor}; staff: {args.staff + 2}")
        print(f"{'page':<52} {'median ms':>10} {'queries':>8}")
        for who, url in PAGES:
            client.force_login(people[who])
            median, queries = measure(client, url, args.repeat)
            print(f"{url:<52} {median:>10.1f} {queries:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
