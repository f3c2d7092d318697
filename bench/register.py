"""Benchmark of the register and the report to the Board at a large landlord's scale: 100,000 cases, 20,000 restrictions
in force or ended, a red flag on each, and 5,000 warnings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/intranet_bench \\
        .venv/bin/python bench/register.py [--cases 100000] [--restrictions 20000] [--repeat 20]

PostgreSQL only, on a database whose name contains "bench" (as bench/scale.py, whose seeding of
residents, staff and cases it reuses; the test database beside it is dropped at the end). It
prints, for each register page and download, the median and p95 server time (in-process,
Django's test client, signed in as the head of customer services) and the query count, as
Markdown.
"""

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402  (after Django is set up)
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import machine_speed_line, measure  # noqa: E402
from bench.scale import Copier, seed_cases, seed_people  # noqa: E402  (sets Django up, as scale.py does)


def seed_outcomes(copier, people, restrictions, warnings):
    """`restrictions` restrictions on as many decided cases (a red flag on each) and `warnings`
    warnings on others, written with COPY. Returns how many of each."""
    from casework.models import Case, Decision, Recommendation, RedFlag, Restriction

    org = people["org"]
    today = timezone.localdate()
    decisions = Decision.objects.order_by("pk").values_list("pk", "case_id", "case__customer_id", "decided_at")
    by_case = {}
    for pk, case_id, customer_id, decided_at in decisions:
        by_case.setdefault(case_id, (pk, customer_id, decided_at))
    chosen = list(by_case.items())
    restricted, warned = chosen[:restrictions], chosen[restrictions : restrictions + warnings]
    states = [Restriction.State.IN_FORCE] * 6 + [Restriction.State.LAPSED, Restriction.State.LIFTED]
    states += [Restriction.State.APPROVED]
    rows, flags = [], []
    for number, (case_id, (decision_id, customer_id, decided_at)) in enumerate(restricted):
        state = states[number % len(states)]
        start = None if state == Restriction.State.APPROVED else today - timedelta(days=number % 500)
        rows.append(
            Restriction(
                case_id=case_id,
                customer_id=customer_id,
                decision_id=decision_id,
                decided_at=decided_at,
                types=["one_channel", "named_contact"] if number % 2 else ["limited_contact"],
                terms="Contact by email to one named officer only.",
                duration_months=18,
                review_interval_months=3,
                start_date=start,
                end_date=start + timedelta(days=540) if start else None,
                next_review_date=start + timedelta(days=90) if start else None,
                state=state,
                created_at=timezone.now(),
            )
        )
    for restriction, pk in zip(rows, copier.ids(Restriction, len(rows)), strict=True):
        restriction.pk = pk
        if restriction.start_date:
            flags.append(
                RedFlag(
                    customer_id=restriction.customer_id,
                    case_id=restriction.case_id,
                    restriction_id=pk,
                    kind=RedFlag.Kind.CONTACT_ARRANGEMENTS,
                    handling_instruction="Follow the contact arrangements.",
                    start_date=restriction.start_date,
                    next_review_date=restriction.next_review_date,
                    end_date=restriction.end_date,
                    resident_told="yes",
                    told_on=restriction.start_date,
                    raised_by_id=org.rkaur.pk,
                )
            )
    for flag, pk in zip(flags, copier.ids(RedFlag, len(flags)), strict=True):
        flag.pk = pk
    with transaction.atomic():
        copier.copy(Restriction, rows)
        copier.copy(RedFlag, flags)
        # Each flag raised the day its restriction came into force, as bring_into_force raises it
        # (COPY would write the time of seeding: raised_at is set when a flag is first saved).
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE casework_redflag f SET raised_at = r.start_date + time '10:00' "
                "FROM casework_restriction r WHERE f.restriction_id = r.id"
            )
        warning = Recommendation.objects.create(kind=Recommendation.Kind.WARNING_LETTER)
        warned_cases = [case_id for case_id, _ in warned]
        Case.objects.filter(pk__in=warned_cases).update(outcome="approved", final_recommendation=warning)
        # A warning is a director's approval: make the case's first decision one.
        _director_approvals([decision for _, (decision, _, _) in warned])
        copier.finish()
    return len(rows), len(flags), len(warned)


def _director_approvals(decision_ids):
    from casework.models import Decision, Step

    Step.objects.filter(decision__pk__in=decision_ids).update(kind=Step.Kind.DIRECTOR)
    Decision.objects.filter(pk__in=decision_ids).update(choice=Decision.Choice.APPROVE, approves_warning=True)


PAGES = [
    ("Register, first page", "/cases/register/"),
    ("Register, in force, by next review", "/cases/register/?state=in_force&sort=review"),
    ("Register, restrictions with review overdue", "/cases/register/?kind=restriction&review_overdue=on"),
    ("Register, one type, one team, decided in a year", None),
    ("Register, search by resident", "/cases/register/?q=Farah+Noor"),
    ("Register, last page by resident", None),
    (
        "Download CSV: restrictions with review overdue",
        "/cases/register/register.csv?kind=restriction&review_overdue=on",
    ),
    (
        "Download Excel: restrictions with review overdue",
        "/cases/register/register.xlsx?kind=restriction&review_overdue=on",
    ),
    ("Download CSV: everything", "/cases/register/register.csv"),
    ("Report to the Board, the last 365 days", None),
    ("Report to the Board, one chart (by category)", None),
    ("Report to the Board, the PDF", None),
]


def urls(people):
    from home.models import Team

    team = Team.objects.filter(name__startswith="Bench team").order_by("pk").first()
    today = timezone.localdate()
    year = f"decided_from={today - timedelta(days=365):%Y-%m-%d}&decided_to={today:%Y-%m-%d}"
    period = f"start={today - timedelta(days=365):%Y-%m-%d}&end={today:%Y-%m-%d}"
    filled = {
        "Register, one type, one team, decided in a year": (
            f"/cases/register/?restriction_type=one_channel&team={team.pk}&{year}"
        ),
        # A page number past the end shows the last page.
        "Register, last page by resident": "/cases/register/?sort=resident&page=9999",
        "Report to the Board, the last 365 days": f"/cases/register/board/?{period}",
        "Report to the Board, one chart (by category)": f"/cases/register/board/chart/categories.svg?{period}",
        "Report to the Board, the PDF": f"/cases/register/board/report.pdf?{period}",
    }
    return [(label, url or filled[label]) for label, url in PAGES]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--restrictions", type=int, default=20_000)
    parser.add_argument("--warnings", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--budget", type=float, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/register.py runs on PostgreSQL only: set DATABASE_URL=postgres://…/intranet_bench")
    if "bench" not in settings.DATABASES["default"]["NAME"]:
        sys.exit(f"Refusing database {settings.DATABASES['default']['NAME']!r}: its name must contain 'bench'.")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from home import roles
        from home.site import ensure_home_page

        ensure_home_page()
        roles.sync_roles()
        speed = machine_speed_line()
        copier = Copier()
        start = time.monotonic()
        people = seed_people(copier)
        seed_cases(copier, people, args.cases, 0)
        restrictions, flags, warnings = seed_outcomes(copier, people, args.restrictions, args.warnings)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum keeps a live database
        print(f"seeded in {time.monotonic() - start:.0f} s", file=sys.stderr)
        client = Client()
        client.force_login(people["org"].jclarke)
        lines = [
            f"PostgreSQL, {args.cases:,} cases, {restrictions:,} restrictions, {flags:,} red flags, "
            f"{warnings:,} warnings; server time in-process, signed in as the head of customer services.",
            "",
            speed,
            "",
            "| page | median ms | p95 ms | queries | requests |",
            "| --- | --- | --- | --- | --- |",
        ]
        for label, url in urls(people):
            median, p95, queries, runs = measure(client, url, args.repeat, budget_seconds=args.budget)
            print(f"    {label}: median {median:.1f} ms, p95 {p95:.1f} ms, {queries} queries", file=sys.stderr)
            lines.append(f"| {label} | {median:.1f} | {p95:.1f} | {queries} | {runs} |")
        print("\n".join(lines))
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
