"""The production settings refuse to start unsafely and pass Django's deployment check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    unset = {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_SETTINGS_MODULE="intranet.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_passes_the_deployment_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="intranet.settings.production",
        SECRET_KEY="a-long-random-production-key-" + "x" * 40,
        ALLOWED_HOSTS="intranet.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_demo_content():
    result = manage(
        "load_demo",
        DJANGO_SETTINGS_MODULE="intranet.settings.production",
        SECRET_KEY="a-long-random-production-key-" + "x" * 40,
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode != 0
    assert "not allowed" in result.stderr


def database_options(url="postgres://intranet@127.0.0.1:5432/intranet", **env):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}).get('options'))",
        DATABASE_URL=url,
        **{"PGOPTIONS": "", **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_postgresql_runs_a_page_query_without_parallel_workers_unless_told():
    timeout = "postgres://intranet@127.0.0.1:5432/intranet?options=-c%20statement_timeout%3D30000"
    assert database_options() == "-c max_parallel_workers_per_gather=0"
    # Options given in the address, or in PGOPTIONS (which libpq ignores once there are any), are kept.
    assert database_options(timeout) == "-c statement_timeout=30000 -c max_parallel_workers_per_gather=0"
    assert database_options(PGOPTIONS="-c work_mem=8MB") == "-c work_mem=8MB -c max_parallel_workers_per_gather=0"
    assert database_options(DATABASE_PARALLEL_WORKERS="2") == "-c max_parallel_workers_per_gather=2"
    # A number of workers given in the address wins, unless DATABASE_PARALLEL_WORKERS says otherwise.
    four = "postgres://intranet@127.0.0.1:5432/intranet?options=-c%20max_parallel_workers_per_gather%3D4"
    assert database_options(four) == "-c max_parallel_workers_per_gather=4"
    # "server" sends nothing, for a connection pooler that refuses startup options.
    assert database_options(DATABASE_PARALLEL_WORKERS="server") == "None"


def test_the_connection_has_no_parallel_workers(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
