"""Local development: `make run`. SQLite, the database task broker, mail in the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-not-secret-8c1f5b2e4a7d")
# Outgoing mail is printed by the task worker, in the terminal running `make run`.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEMO_ALLOWED = True
# Every demo sign-in shares this password (README: "Demo sign-ins").
DEMO_PASSWORD = env("DEMO_PASSWORD", "intranet-demo-2026")
