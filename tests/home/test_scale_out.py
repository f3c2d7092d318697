"""The scale-out path of the README, run for real: several gunicorn workers with the
production settings, Redis as the task broker and cache, and a separate task worker.

Skipped, with the reason, where no Redis server is reachable.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_is_reachable():
    from urllib.parse import urlparse

    address = urlparse(REDIS_URL)
    try:
        with socket.create_connection((address.hostname, address.port or 6379), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_is_reachable(), reason=f"no Redis server at {REDIS_URL}")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_env(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="intranet.settings.production",
        SECRET_KEY="scale-out-test-key-" + "y" * 40,
        DATABASE_URL=f"sqlite:///{tmp_path / 'intranet.sqlite3'}",
        REDIS_URL=REDIS_URL,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        TASK_WORKERS="1",
    )
    return environment


def manage(environment, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.read().decode()
        except OSError:  # not listening yet, or still loading the application
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_gunicorn_workers_redis_broker_and_task_worker(production_env):
    manage(production_env, "migrate", "--noinput")
    manage(production_env, "collectstatic", "--noinput")
    port = free_port()
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "intranet.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--preload",
        ],
        cwd=ROOT,
        env=production_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=production_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        status, page = wait_for(f"{base}/sign-in/")
        assert status == 200
        assert "Sign in to the staff intranet" in page
        # Static files come from WhiteNoise with hashed names under the production settings.
        css_path = page.split('rel="stylesheet" href="')[1].split('"')[0]
        assert css_path.startswith("/static/css/intranet.") and css_path != "/static/css/intranet.css"
        assert urllib.request.urlopen(base + css_path).status == 200

        # Failed sign-ins are counted across both workers: the lock holds whichever one answers.
        # Requests come as from the HTTPS proxy in front (X-Forwarded-Proto), as in production.
        proxy = {"X-Forwarded-Proto": "https", "Referer": f"https://127.0.0.1:{port}/sign-in/"}
        with urllib.request.urlopen(urllib.request.Request(f"{base}/sign-in/", headers=proxy)) as response:
            cookie = response.headers["Set-Cookie"].split(";")[0]
        token = cookie.split("=", 1)[1]
        statuses = []
        for _ in range(7):
            data = urlencode({"csrfmiddlewaretoken": token, "username": "nobody", "password": "wrong"}).encode()
            request = urllib.request.Request(f"{base}/sign-in/", data=data, headers={**proxy, "Cookie": cookie})
            try:
                with urllib.request.urlopen(request) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
        assert statuses[:4] == [200] * 4
        assert statuses[-1] == 429

        # A task queued through the Redis broker is run by the separate worker.
        script = (
            "from django_q.tasks import async_task, result; import time\n"
            "task_id = async_task('math.floor', 41.7)\n"
            "deadline = time.monotonic() + 60\n"
            "while result(task_id) is None and time.monotonic() < deadline: time.sleep(0.5)\n"
            "print('RESULT', result(task_id))\n"
        )
        output = manage(production_env, "shell", "-c", script)
        assert "RESULT 41" in output
    finally:
        gunicorn.terminate()
        worker.terminate()
        gunicorn.wait(timeout=30)
        worker.wait(timeout=30)
