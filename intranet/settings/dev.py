"""Local development: `make run`. SQLite, the database task broker, mail in the console."""

from .base import *  # noqa: F403
from .base import env, env_bool

# The intranet's own error pages, as its users see them; `DEBUG=true make run` shows Django's.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "dev-only-not-secret-8c1f5b2e4a7d")
# Links in emails point at the port `make run` serves on (`PORT=8080 make run`).
WAGTAILADMIN_BASE_URL = env("SITE_URL", f"http://localhost:{env('PORT', '8000')}")
# Static files straight from the source folders, without collectstatic, picking up edits;
# WhiteNoise serves them whether or not DEBUG is on.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploaded images and documents, which production serves from its web server.
SERVE_MEDIA_FILES = True
# Outgoing mail is printed by the task worker, in the terminal running `make run`.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEMO_ALLOWED = True
# Every demo sign-in shares this password (README: "Demo sign-ins").
DEMO_PASSWORD = env("DEMO_PASSWORD", "intranet-demo-2026")
