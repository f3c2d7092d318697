"""What the benchmarks share: Django set up for a throwaway database, and timing a page."""

import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    """Set Django up with the test settings (unless DJANGO_SETTINGS_MODULE says otherwise)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()


def percentile(values, fraction):
    """The value below which `fraction` (0–1) of `values` fall, by the nearest-rank method."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-fraction * len(ordered) // 1))))
    return ordered[rank - 1]


def machine_speed(repeat=7):
    """How fast this machine runs now, so that runs made on different days can be compared (its
    speed changes from day to day by up to 3×): the median milliseconds, over `repeat` tries, of a
    fixed loop of Python arithmetic and, on PostgreSQL, of a fixed query that reads no table
    (counting a million generated rows). Returns (Python ms, database ms or None elsewhere)."""
    from django.db import connection

    def timed(work):
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            work()
            timings.append((time.perf_counter() - start) * 1000)
        return statistics.median(timings)

    def arithmetic():
        total = 0
        for number in range(1_000_000):
            total += number % 7

    def query():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM generate_series(1, 1000000)")
            cursor.fetchone()

    return timed(arithmetic), timed(query) if connection.vendor == "postgresql" else None


def machine_speed_line():
    """machine_speed() in words, for a benchmark's output."""
    python, database = machine_speed()
    line = f"Machine speed at the start: a fixed Python loop {python:.0f} ms"
    if database is not None:
        line += f", a fixed PostgreSQL count {database:.0f} ms"
    return line + " (lower is faster; compare runs only with these alike)."


def measure(client, url, repeat, data=None, budget_seconds=None):
    """Time `repeat` requests to `url` (a POST of `data` when given) after one to warm up.

    Returns (median ms, p95 ms, queries of the last request, number of timed requests).
    A page slower than `budget_seconds` in all is timed fewer times (at least once), so
    one very slow page cannot stop the run. Raises AssertionError on a status other than 200.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def one():
        # The query log holds the last 9,000 queries only: empty it or a long run counts none.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.post(url, data) if data is not None else client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code)
        return elapsed, len(queries)

    warm, _ = one()  # templates, caches, connections
    # What this process holds by now (the seeding's objects among them) is left out of garbage
    # collection, as each production worker leaves out what it loaded (intranet/gunicorn.conf.py):
    # otherwise a full collection every so often walks it all and lands on whichever page is timed.
    gc.collect()
    gc.freeze()
    if budget_seconds and warm * repeat > budget_seconds * 1000:
        repeat = max(1, int(budget_seconds * 1000 // max(warm, 1)))
    timings, queries = [], 0
    for _ in range(repeat):
        elapsed, queries = one()
        timings.append(elapsed)
    return statistics.median(timings), percentile(timings, 0.95), queries, len(timings)
