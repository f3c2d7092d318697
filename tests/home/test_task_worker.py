"""The task worker stops promptly when a service manager signals its whole process group."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

MANAGE = Path(settings.BASE_DIR) / "manage.py"


@pytest.fixture
def worker_database_url(django_db_setup, django_db_blocker, tmp_path):
    """An address of a migrated database the worker's own process can open: the test database
    itself on PostgreSQL, a copy of it on SQLite (the test database lives in memory). Outside
    a test transaction, whose write lock would hold the copy up."""
    with django_db_blocker.unblock():
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            path = tmp_path / "worker.sqlite3"
            copy = sqlite3.connect(path)
            connection.connection.backup(copy)
            copy.close()
            return f"sqlite:///{path}"
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}"


def processes_marked(marker):
    """Ids of live processes whose environment holds the marker."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes()
            state = (proc / "stat").read_text().split(")")[-1].split()[0]
        except OSError:
            continue
        if marker.encode() in environ and state != "Z":
            found.append(int(proc.name))
    return found


def test_sigterm_to_the_process_group_stops_the_worker_within_ten_seconds(worker_database_url, tmp_path):
    marker = f"intranet-worker-test-{uuid.uuid4().hex}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "intranet.settings.dev",
        "DATABASE_URL": worker_database_url,
        "TASK_WORKERS": "1",
        "TASK_LOG_LEVEL": "INFO",
        "WORKER_TEST_MARKER": marker,
    }
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, str(MANAGE), "qcluster"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as under a service manager
        )
    try:
        deadline = time.monotonic() + 60
        while "running." not in log.read_text():
            assert worker.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the worker did not start:\n" + log.read_text()
            time.sleep(0.2)

        started = time.monotonic()
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail("the task worker was still running 10 seconds after SIGTERM:\n" + log.read_text())
        assert time.monotonic() - started < 10
        time.sleep(0.5)
        assert processes_marked(marker) == [], "processes of the worker were left behind"
    finally:
        for pid in processes_marked(marker):
            os.kill(pid, signal.SIGKILL)
