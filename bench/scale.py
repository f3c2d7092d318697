"""Benchmark at a large landlord's scale: every staff page at 1,000, 10,000 and 100,000 cases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/intranet_bench \\
        .venv/bin/python bench/scale.py [--sizes 1000,10000,100000] [--repeat 20]

PostgreSQL only, and only a database whose name contains "bench": the run creates (and
at the end drops) the test database beside it (test_intranet_bench), migrates it, and
seeds 100,000 residents (one in 50 with a red flag), 2,000 staff (profiles, teams, line
managers, roles) and, for each size in turn, the cases with their steps, assignees, decisions, timelines,
notifications, access log and case-access grants, written with PostgreSQL's COPY.

It prints, per page and size, the median and p95 server time of --repeat requests made
in-process by Django's test client (signed in as the person the page is for) and the
query count; then each page's growth from the smallest size to the largest; then the
LHP policy page against a minimal Wagtail page served side by side by gunicorn (two
workers, the production settings, Redis as the cache) in requests per second, and the
latency of home, the library index and search under gunicorn. The output is Markdown.
"""

import argparse
import os
import random
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, machine_speed_line, measure, percentile, setup_django  # noqa: E402

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/intranet_bench")
setup_django()

from django.conf import settings  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

RESIDENTS = 100_000
STAFF = 2_000
TEAMS = 40
# Of every hundred cases, these go through the customer experience managers: 30,000 of
# 100,000 are granted to each CXM, as the issue describes. Case 55 of each hundred is
# sensitive and not theirs (1%), so "All cases" has hidden sensitive cases to count.
CXM_SHARE = 30
SENSITIVE_EVERY = 100
FLAGGED_EVERY = 50
FIRST_NAMES = "Amal Ben Chloe Dev Erin Farah Gary Hana Ian Jade Kofi Lena Milo Nina Omar Pia Ravi Sam Tara Umar".split()
LAST_NAMES = "Adams Begum Clarke Davies Evans Fox Green Hughes Islam James Khan Lewis Morgan Noor Owen Patel".split()
STREETS = "High Street|Station Road|Church Lane|Park Avenue|Mill Road|Victoria Street|Green Lane|Kings Road".split("|")
POSTCODE_AREAS = ["SE1", "SE5", "SW9", "CR0", "BR1", "E14", "N17", "W12"]
SEARCHES = {
    "name": "Farah Noor",
    "reference": "R0054321",
    "address": "41 Mill Road",
    "postcode": "SW9 7",
}


# --- Seeding with COPY ------------------------------------------------------------------


class Copier:
    """Writes model instances with COPY, keys chosen here so related rows can point at them."""

    def __init__(self):
        self.next_ids = {}

    def ids(self, model, count):
        """`count` new primary keys for `model`, after any already in the table or handed out."""
        if model not in self.next_ids:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX("{model._meta.pk.column}"), 0) FROM "{model._meta.db_table}"')
                self.next_ids[model] = cursor.fetchone()[0] + 1
        start = self.next_ids[model]
        self.next_ids[model] += count
        return range(start, start + count)

    def copy(self, model, objects):
        """COPY `objects` (instances of `model`, keys set) into its table. Returns how many."""
        # Generated columns are the database's to fill.
        fields = [field for field in model._meta.concrete_fields if not field.generated]
        columns = ", ".join(f'"{field.column}"' for field in fields)
        count = 0
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
                for obj in objects:
                    copy.write_row([field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields])
                    count += 1
        return count

    def finish(self):
        """Move every sequence past the keys handed out here."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self.next_ids)):
                cursor.execute(statement)


def seed_people(copier):
    """Seed the residents and the staff. Returns the organisation (the people pages are
    measured for), the staff's user ids and each one's line manager."""
    with transaction.atomic():
        return _seed_people(copier)


def _seed_people(copier):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from casework import equality
    from casework.models import Customer, RedFlag
    from home import roles
    from home.models import StaffProfile, Team
    from tests.casework.factories import build_organisation

    org = build_organisation()
    User = get_user_model()
    rng = random.Random(1)
    # Every resident has answered the equality questions, in every combination, as a housing
    # system's records would: the equality figures then count as varied answers as a landlord's.
    answers = random.Random(2)
    customers = (
        Customer(
            pk=pk,
            reference=f"R{pk:07d}",
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            address=f"{rng.randint(1, 200)} {rng.choice(STREETS)}, London",
            postcode=f"{rng.choice(POSTCODE_AREAS)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRU')}",
            tenancy="Assured",
            **{name: answers.choice(choices)[0] for name, _, choices in equality.CHARACTERISTICS},
        )
        for pk in copier.ids(Customer, RESIDENTS)
    )
    copier.copy(Customer, customers)
    customer_ids = list(Customer.objects.order_by("pk").values_list("pk", flat=True))
    today = timezone.localdate()
    # One resident in FLAGGED_EVERY has a red flag, so the check page finds flagged and
    # unflagged residents alike (and logs each look-up of a flagged one).
    flags = [
        RedFlag(
            customer_id=customer_id,
            kind=RedFlag.Kind.VERBAL_ABUSE,
            handling_instruction="Two staff for any visit.",
            contact_arrangements="Email the income team only.",
            start_date=today - timedelta(days=30),
            next_review_date=today + timedelta(days=60),
            resident_told="yes",
            told_on=today - timedelta(days=30),
            raised_by_id=org.rkaur.pk,
        )
        for customer_id in customer_ids[::FLAGGED_EVERY]
    ]
    for flag, pk in zip(flags, copier.ids(RedFlag, len(flags)), strict=True):
        flag.pk = pk
    copier.copy(RedFlag, flags)

    teams = [Team(pk=pk, name=f"Bench team {pk}") for pk in copier.ids(Team, TEAMS)]
    copier.copy(Team, teams)
    password = make_password(None)
    user_ids = list(copier.ids(User, STAFF))
    copier.copy(
        User,
        (
            User(
                pk=pk,
                username=f"bench{pk}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                email=f"bench{pk}@intranet.example",
                password=password,
                is_active=True,
                date_joined=timezone.now(),
            )
            for pk in user_ids
        ),
    )
    # One in ten is a line manager; the others report to one, the managers to jclarke.
    managers = user_ids[::10]
    profiles = []
    for index, pk in enumerate(user_ids):
        manager = org.jclarke.pk if index % 10 == 0 else managers[index // 10]
        profiles.append(
            StaffProfile(
                pk=None, user_id=pk, job_title="Officer", team_id=teams[index % TEAMS].pk, line_manager_id=manager
            )
        )
    for profile, pk in zip(profiles, copier.ids(StaffProfile, len(profiles)), strict=True):
        profile.pk = pk
    copier.copy(StaffProfile, profiles)
    staff_group = Group.objects.get(name=roles.STAFF)
    through = User.groups.through
    copier.copy(
        through,
        (
            through(pk=pk, user_id=user_id, group_id=staff_group.pk)
            for pk, user_id in zip(copier.ids(through, len(user_ids)), user_ids, strict=True)
        ),
    )
    copier.finish()
    return {"org": org, "staff": user_ids, "line_manager_of": {p.user_id: p.line_manager_id for p in profiles}}


def seed_cases(copier, people, count, offset):
    """`count` more cases (numbered from `offset`) with everything that hangs off them."""
    from django.contrib.auth.models import Permission

    from casework.models import (
        AccessLogEntry,
        Case,
        CaseEvent,
        CaseUserObjectPermission,
        Customer,
        Decision,
        Step,
    )
    from casework.models import Assignment as Assignee
    from home.models import Notification

    org, staff, line_manager_of = people["org"], people["staff"], people["line_manager_of"]
    # Pages measured since the last batch wrote rows of their own (the access log): start
    # each batch's keys after whatever is in the tables now.
    copier.next_ids.clear()
    now = timezone.now()
    today = timezone.localdate()
    customer_ids = list(Customer.objects.order_by("pk").values_list("pk", flat=True)[:RESIDENTS])
    cxms, directors = (org.rkaur.pk, org.ebrown.pk), (org.pshah.pk, org.omensah.pk)
    permission = Permission.objects.get(content_type__app_label="casework", codename="view_case")

    cases, steps, assignees, decisions, events, log, grants, notifications = ([] for _ in range(8))
    case_ids = copier.ids(Case, count)
    for number, case_id in enumerate(case_ids, start=offset):
        kind = number % 100
        # sali, whose "My reports" is measured, reports one case in a hundred.
        reporter = org.sali.pk if kind == 50 else staff[number % len(staff)]
        manager = org.tnguyen.pk if reporter == org.sali.pk else line_manager_of[reporter]
        submitted = now - timedelta(minutes=(count + offset - number) * 7)
        through_cxm = kind < CXM_SHARE
        # Along the chain: line manager, then (for the CXMs' share) CXM and director.
        chain = [("line_manager", (manager,))]
        if through_cxm:
            chain.append(("cxm", cxms))
            if kind % 3:
                chain.append(("director", directors))
        open_last = (kind % 3 != 2) if through_cxm else kind >= 70
        status = {"line_manager": "line_manager", "cxm": "cxm", "director": "director"}[chain[-1][0]]
        if not open_last:
            status = "closed"
        case = Case(
            pk=case_id,
            reporter_id=reporter,
            status=status,
            customer_id=customer_ids[number % len(customer_ids)],
            first_incident_date=today - timedelta(days=number % 900 + 1),
            channels=["phone"],
            categories=["abusive_language"],
            what_happened="The resident shouted and swore on the phone.",
            impact="The officer took a break.",
            resident_told="yes",
            immediate_risk=number % 13 == 0,
            sensitive=kind == 55,
            outcome="" if open_last else ("approved" if through_cxm else "no_further_action"),
            submitted_at=submitted,
            closed_at=None if open_last else submitted + timedelta(days=20),
            created_at=submitted,
            updated_at=submitted,
        )
        step_ids = copier.ids(Step, len(chain))
        granted, notices = set(), []
        for position, ((step_kind, people_at_step), step_id) in enumerate(zip(chain, step_ids, strict=True)):
            last = position == len(chain) - 1
            is_open = last and open_last
            steps.append(
                Step(
                    pk=step_id,
                    case_id=case_id,
                    number=position + 1,
                    kind=step_kind,
                    status="open" if is_open else "decided",
                    urgent=case.immediate_risk,
                    started_at=submitted + timedelta(days=position * 5),
                    due_date=(submitted + timedelta(days=position * 5 + 10)).date(),
                )
            )
            for user_id in people_at_step:
                assignees.append(
                    Assignee(
                        step_id=step_id,
                        user_id=user_id,
                        is_open=is_open,
                        urgent=steps[-1].urgent,
                        due_date=steps[-1].due_date,
                    )
                )
                granted.add(user_id)
                notices.append((user_id, f"Case waiting for you: step {position + 1}", not is_open))
            if not is_open:
                choice = "close" if last else ("escalate" if step_kind == "line_manager" else "recommend")
                decisions.append(
                    Decision(
                        step_id=step_id,
                        case_id=case_id,
                        decided_by_id=people_at_step[0],
                        decided_at=submitted + timedelta(days=position * 5 + 3),
                        choice="approve" if step_kind == "director" else choice,
                        rationale="Considered the report and the policy.",
                    )
                )
            events.append(CaseEvent(case_id=case_id, actor_id=people_at_step[0], summary=f"Step {position + 1}"))
        if open_last:
            case.current_step_id = step_ids[-1]
        cases.append(case)
        events.append(CaseEvent(case_id=case_id, actor_id=reporter, summary="Report submitted", at=submitted))
        # Everyone in the chain opened the case once, and was granted it.
        for user_id in sorted(granted):
            log.append(AccessLogEntry(case_id=case_id, user_id=user_id, at=submitted, view="case"))
            grants.append(
                CaseUserObjectPermission(user_id=user_id, permission_id=permission.pk, content_object_id=case_id)
            )
        for user_id, subject, read in notices:
            notifications.append(
                Notification(
                    recipient_id=user_id,
                    kind="assigned",
                    subject=subject,
                    body="A case is waiting for you.",
                    url=f"/cases/{case_id}/",
                    read_at=submitted if read else None,
                    email_status="sent",
                    created_at=submitted,
                )
            )

    def keyed(model, objects):
        for obj, pk in zip(objects, copier.ids(model, len(objects)), strict=True):
            obj.pk = pk
        return objects

    # Cases point at their current step and steps at their case: one transaction, so the
    # (deferred) foreign keys are checked once everything is in.
    with transaction.atomic():
        copier.copy(Case, cases)
        copier.copy(Step, steps)
        copier.copy(Assignee, keyed(Assignee, assignees))
        copier.copy(Decision, keyed(Decision, decisions))
        copier.copy(CaseEvent, keyed(CaseEvent, events))
        copier.copy(Notification, keyed(Notification, notifications))
        copier.copy(AccessLogEntry, keyed(AccessLogEntry, log))
        copier.copy(CaseUserObjectPermission, keyed(CaseUserObjectPermission, grants))
        copier.finish()
    return {
        "cases": len(cases),
        "steps": len(steps),
        "decisions": len(decisions),
        "timeline events": len(events),
        "notifications": len(notifications),
        "access log entries": len(log),
        "grants": len(grants),
    }


# --- Measuring in-process ------------------------------------------------------------------


def pages(people):
    """(label, username, url, POST data or None) for every page measured."""
    from casework.models import Case, Step

    org = people["org"]
    case = (
        Case.objects.filter(current_step__kind=Step.Kind.CXM, current_step__assignees=org.rkaur, sensitive=False)
        .order_by("-pk")
        .first()
    )
    at_director = Case.objects.filter(current_step__kind=Step.Kind.DIRECTOR, sensitive=False).order_by("-pk").first()
    listed = [
        ("Queue: awaiting my decision (CXM)", "rkaur", "/cases/awaiting-my-decision/", None),
        ("All cases (CXM)", "rkaur", "/cases/all/", None),
        ("My reports", "sali", "/cases/mine/", None),
        ("Notifications (CXM)", "rkaur", "/notifications/", None),
        ("Home (CXM)", "rkaur", "/", None),
        ("Case page (CXM)", "rkaur", f"/cases/{case.pk}/", None),
        ("Access log (director)", "pshah", f"/cases/{at_director.pk}/access-log/", None),
        ("Admin case list (CXM)", "rkaur", "/admin/casework/case/", None),
    ]
    for how, query in SEARCHES.items():
        listed.append((f"Check a resident by {how}", "sali", f"/residents/check/?{urlencode({'q': query})}", None))
    for how, query in SEARCHES.items():
        listed.append(
            (
                f"Report form: find a resident by {how}",
                "sali",
                "/cases/report/",
                {"action": "find", "customer_query": query},
            )
        )
    listed += [
        ("Policy search", "sali", "/search/?q=limited+contact", None),
        ("Policy search (two words, many hits)", "sali", "/search/?q=restrictions+review", None),
        ("Library index", "sali", "/policies-and-guidance/", None),
        ("LHP policy page", "sali", "/policies-and-guidance/limited-contact-policy/", None),
    ]
    return listed


def run_pages(people, repeat, budget):
    client = Client()
    results = {}
    for label, username, url, data in pages(people):
        client.force_login(getattr(people["org"], username))
        results[label] = measure(client, url, repeat, data=data, budget_seconds=budget)
        median, p95, queries, runs = results[label]
        print(
            f"    {label}: median {median:.1f} ms, p95 {p95:.1f} ms, {queries} queries ({runs} runs)", file=sys.stderr
        )
    return results


# --- Under gunicorn ------------------------------------------------------------------------


def gunicorn_environment(database_name):
    """The production settings, pointed at the benchmark database and a Redis cache."""
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database_name}"
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment.update(
        DJANGO_SETTINGS_MODULE="intranet.settings.production",
        # The sessions signed in here are checked against this key by the workers.
        SECRET_KEY=settings.SECRET_KEY,
        DATABASE_URL=url,
        DATABASE_CONN_MAX_AGE="60",
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
    )
    return environment


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.status


def throughput(url, cookie, seconds, concurrency):
    """Requests per second `concurrency` clients get from `url` in `seconds`."""
    done, stop = [0] * concurrency, time.monotonic() + seconds

    def client(slot):
        while time.monotonic() < stop:
            assert fetch(url, cookie) == 200, url
            done[slot] += 1

    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(concurrency)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - start)


def latency(url, cookie, repeat):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        assert fetch(url, cookie) == 200, url
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return timings[len(timings) // 2], percentile(timings, 0.95)


def run_gunicorn(people, database_name, args):
    """Policy page against a minimal page, and latency of the pages staff open most, under gunicorn."""
    from wagtail.models import Page

    from home.models import HomePage

    home = HomePage.objects.first()
    minimal = Page.objects.filter(slug="bench-minimal").first()
    if minimal is None:
        minimal = Page(title="Minimal page", slug="bench-minimal")
        home.add_child(instance=minimal)
        minimal.save_revision().publish()
    client = Client()
    client.force_login(people["org"].sali)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    environment = gunicorn_environment(database_name)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=environment, check=True
    )
    _forget_cached_bodies(environment["REDIS_URL"])
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "intranet.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    if args.gunicorn_config:
        command += ["--config", args.gunicorn_config]
    server = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(base + "/sign-in/", "")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("gunicorn did not start: " + server.stderr.read().decode()[-2000:]) from None
                time.sleep(0.3)
        minimal_url, policy_url = base + minimal.url, base + "/policies-and-guidance/limited-contact-policy/"
        for url in (minimal_url, policy_url):
            for _ in range(20):  # every worker loads templates and fills the cache
                fetch(url, cookie)
        rates = {"minimal": [], "policy": []}
        # Alternate short rounds so both pages see the same machine, whoever else uses it.
        for _ in range(args.rounds):
            rates["minimal"].append(throughput(minimal_url, cookie, args.round_seconds, args.concurrency))
            rates["policy"].append(throughput(policy_url, cookie, args.round_seconds, args.concurrency))
        latencies = {}
        for label, path in [
            ("Home", "/"),
            ("Library index", "/policies-and-guidance/"),
            ("Policy search", "/search/?q=limited+contact"),
            ("LHP policy page", "/policies-and-guidance/limited-contact-policy/"),
            ("Minimal Wagtail page", minimal.url),
        ]:
            latencies[label] = latency(base + path, cookie, args.latency_repeat)
        return rates, latencies
    finally:
        server.terminate()
        server.wait(timeout=30)


def _forget_cached_bodies(redis_url):
    # Page and revision ids start again in every new benchmark database: an entry left
    # in Redis by an earlier run would otherwise match.
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match="*policy_pages:body:*"))
    if keys:
        client.delete(*keys)


# --- Report -------------------------------------------------------------------------------


def report(sizes, results, written, rates, latencies, args, speed):
    lines = [
        f"PostgreSQL {connection.pg_version // 10000}, {RESIDENTS:,} residents, {STAFF:,} staff; "
        f"timings are server time in-process (Django test client), {args.repeat} requests per page "
        "after one to warm up, fewer where noted.",
        "",
        speed,
        "",
    ]
    header = "| page | " + " | ".join(f"{size:,} cases: median / p95 ms (queries)" for size in sizes)
    if len(sizes) > 1:
        header += f" | growth {sizes[0]:,} → {sizes[-1]:,} (median, p95)"
    lines.append(header + " |")
    lines.append("| --- " * (len(sizes) + 1 + (len(sizes) > 1)) + "|")
    for label in results[sizes[0]]:
        cells = []
        for size in sizes:
            median, p95, queries, runs = results[size][label]
            note = "" if runs >= args.repeat else f", {runs} runs"
            cells.append(f"{median:.1f} / {p95:.1f} ({queries}{note})")
        row = f"| {label} | " + " | ".join(cells)
        if len(sizes) > 1:
            first, last = results[sizes[0]][label], results[sizes[-1]][label]
            row += f" | {last[0] / first[0]:.2f}×, {last[1] / first[1]:.2f}×"
        lines.append(row + " |")
    lines.append("")
    lines.append(
        "Rows written per size: "
        + "; ".join(f"{size:,}: " + ", ".join(f"{v:,} {k}" for k, v in written[size].items()) for size in sizes)
        + "."
    )
    if rates:
        minimal = sorted(rates["minimal"])[len(rates["minimal"]) // 2]
        policy = sorted(rates["policy"])[len(rates["policy"]) // 2]
        lines += [
            "",
            f"Under gunicorn (2 workers, production settings, Redis cache, {args.concurrency} clients, "
            f"{args.rounds} alternating rounds of {args.round_seconds} s; median round), at {sizes[-1]:,} cases:",
            "",
            "| page | requests per second |",
            "| --- | --- |",
            f"| Minimal Wagtail page (Wagtail's own template, title only; the intranet's middleware) | {minimal:.1f} |",
            f"| LHP policy page | {policy:.1f} |",
            f"| ratio | {policy / minimal:.2f}× |",
            "",
            f"| page under gunicorn, one client, {args.latency_repeat} requests | median ms | p95 ms |",
            "| --- | --- | --- |",
        ]
        lines += [f"| {label} | {median:.1f} | {p95:.1f} |" for label, (median, p95) in latencies.items()]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="numbers of cases, ascending")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page and size")
    parser.add_argument(
        "--budget", type=float, default=60, help="seconds a slow page may take per size before it is timed fewer times"
    )
    parser.add_argument("--no-gunicorn", action="store_true", help="skip the comparison under gunicorn")
    parser.add_argument("--gunicorn-config", default=None, help="e.g. intranet/gunicorn.conf.py")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--round-seconds", type=float, default=4)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--latency-repeat", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    if connection.vendor != "postgresql":
        sys.exit("bench/scale.py runs on PostgreSQL only: set DATABASE_URL=postgres://…/intranet_bench")
    if "bench" not in settings.DATABASES["default"]["NAME"]:
        sys.exit(f"Refusing database {settings.DATABASES['default']['NAME']!r}: its name must contain 'bench'.")

    # Not setup_test_environment(): its instrumented template rendering would be timed too.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    database_name = settings.DATABASES["default"]["NAME"]
    try:
        from home import roles
        from home.site import ensure_home_page
        from policy_pages import demo

        ensure_home_page()
        roles.sync_roles()
        demo.load()
        speed = machine_speed_line()
        copier = Copier()
        start = time.monotonic()
        people = seed_people(copier)
        print(
            f"seeded {RESIDENTS:,} residents and {STAFF:,} staff in {time.monotonic() - start:.0f} s", file=sys.stderr
        )
        results, written, total = {}, {}, 0
        for size in sizes:
            start = time.monotonic()
            written[size] = seed_cases(copier, people, size - total, total)
            with connection.cursor() as cursor:
                # What autovacuum keeps in a live database: statistics, and the visibility map that
                # lets a count read an index alone.
                cursor.execute("VACUUM ANALYZE")
            total = size
            print(f"{size:,} cases: seeded in {time.monotonic() - start:.0f} s; measuring", file=sys.stderr)
            results[size] = run_pages(people, args.repeat, args.budget)
        rates = latencies = None
        if not args.no_gunicorn:
            print("under gunicorn", file=sys.stderr)
            rates, latencies = run_gunicorn(people, database_name, args)
        print(report(sizes, results, written, rates, latencies, args, speed))
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
