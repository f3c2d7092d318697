"""Settings shared by every environment. Values that differ per deployment come
from environment variables; see README.md ("Configuring production")."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "policy_pages",
    "casework",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "guardian",
    "axes",
    "django_q",
    "csp",
    # Not routed anywhere: wagtail-modeladmin's list filters use its filter classes.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Trigram indexes for finding a resident (used only on PostgreSQL; harmless on SQLite).
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so that every response gets them, including those of the middleware below.
    # Content-Security-Policy: the intranet's pages, and the Wagtail admin's own looser one.
    "home.middleware.ContentSecurityPolicyMiddleware",
    # Cache-Control: no-store on everything under the casework URLs.
    "casework.middleware.CaseworkNoStoreMiddleware",
    # Static files are served before sign-in is checked: the sign-in page needs its CSS.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's session middleware, except that an open page editor alone is not activity.
    "home.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Contractors open only the resident check (and sign in and out).
    "casework.middleware.ContractorScopeMiddleware",
    # Staff whose role does not include the Wagtail admin get a page saying so, not a sign-in loop.
    "home.middleware.AdminAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it sees the outcome of the sign-in view (throttling of failed sign-ins).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "intranet.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_navigation",
                "home.context_processors.session_timeout",
            ],
        },
    },
]

# Form fields render with Jinja2 where they can: several times faster on long forms (home/form_renderer.py).
FORM_RENDERER = "home.form_renderer.FormRenderer"

WSGI_APPLICATION = "intranet.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Waiting briefly on a locked database beats failing a request when the task
    # worker writes at the same moment as the web server. IMMEDIATE takes the write
    # lock when a transaction starts, where that wait applies; a deferred one that
    # reads and then writes fails at once with "database is locked" instead.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A page's queries are short, and each request runs beside others: PostgreSQL starting
    # parallel workers for one of them costs more than they save (the register's last page by
    # resident took twice as long with two, bench/register.py). DATABASE_PARALLEL_WORKERS
    # allows some, for a database server with cores to spare, or "server" to send nothing (a
    # connection pooler may refuse the setting). Options already given in the address or in
    # PGOPTIONS, which libpq ignores once the address gives any, are kept and win.
    parallel_workers = os.environ.get("DATABASE_PARALLEL_WORKERS", "").strip()
    if parallel_workers != "server":
        options = DATABASES["default"].setdefault("OPTIONS", {})
        given = " ".join(filter(None, [os.environ.get("PGOPTIONS", "").strip(), options.get("options", "")]))
        if "max_parallel_workers_per_gather" not in given or parallel_workers:
            given += f" -c max_parallel_workers_per_gather={env_int('DATABASE_PARALLEL_WORKERS', 0)}"
        options["options"] = given.strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in while a username or address is locked out after failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Per-object permissions: each case is shared with the people involved in it.
    "guardian.backends.ObjectPermissionBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
WAGTAIL_FRONTEND_LOGIN_URL = "/sign-in/"

# Signed-in sessions end after this many seconds without a request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
# Database sessions that remember their stored expiry (see home.middleware.IdleSessionMiddleware).
SESSION_ENGINE = "home.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Failed sign-ins: after AXES_FAILURE_LIMIT failures for one username from one
# address, that combination is refused for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("SIGN_IN_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The address a sign-in comes from, read by django-axes through django-ipware.
PROXY_COUNT = env_int("PROXY_COUNT", 0)


def client_address_settings(proxy_count):
    """django-axes' django-ipware settings for PROXY_COUNT reverse proxies in front of the intranet.

    Takes the number of proxies (0: people reach the web server directly) and returns the
    headers to read, in order, and ipware's proxy count. Each proxy appends the address it was
    reached from to X-Forwarded-For and the nearest one is REMOTE_ADDR, so the person's address
    is the PROXY_COUNT-th entry from the right; entries to its left were written by the person
    and are never trusted. ipware counts only the proxies listed in the header, one fewer."""
    if proxy_count <= 0:
        # Nobody in front to vouch for X-Forwarded-For: anyone could write it.
        return {"AXES_IPWARE_META_PRECEDENCE_ORDER": ("REMOTE_ADDR",), "AXES_IPWARE_PROXY_COUNT": None}
    return {
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
        "AXES_IPWARE_PROXY_COUNT": proxy_count - 1,
    }


AXES_IPWARE_META_PRECEDENCE_ORDER = client_address_settings(PROXY_COUNT)["AXES_IPWARE_META_PRECEDENCE_ORDER"]
AXES_IPWARE_PROXY_COUNT = client_address_settings(PROXY_COUNT)["AXES_IPWARE_PROXY_COUNT"]
# Counted from the right (above), so addresses a person adds on the left are ignored, not refused.
IPWARE_STRICT = False
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise before sign-in
# and without touching the database; otherwise each page load also fetched a "Page not found".
WHITENOISE_ROOT = BASE_DIR / "site_root"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

# Public media (policy images and documents) and private files (case evidence,
# letters) are kept apart: private files are only ever served through a view that
# checks who is asking.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "var" / "media"))
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640

# Email: nothing user-facing waits on it; mail is sent by the task worker.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "intranet@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REDIS_URL = env("REDIS_URL")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks (django-q2): the database is the broker unless Redis is configured.
Q_CLUSTER = {
    "name": "intranet",
    "workers": env_int("TASK_WORKERS", 2),
    "timeout": 120,
    "retry": 180,
    "max_attempts": 5,
    "save_limit": 1000,
    "catch_up": False,
    "label": "Background tasks",
}
# `manage.py qcluster` (home/management/commands/qcluster.py) kills what is still running this
# many seconds after SIGTERM: a service manager waits 10 seconds before it kills everything.
TASK_WORKER_STOP_SECONDS = env_int("TASK_WORKER_STOP_SECONDS", 7)
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# Content-Security-Policy. The intranet's own pages run only the scripts and styles it serves:
# nothing inline, nothing from elsewhere. Documents are only ever links, never embedded.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (home.middleware.ContentSecurityPolicyMiddleware): still only what the
# intranet serves, but its page editor writes inline scripts (date pickers) and style
# attributes, draws with data: and blob: images, and shows the page preview in a frame of its own.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    }
}

WAGTAIL_SITE_NAME = "Staff intranet"
# People's pictures in the admin are its own initials, not images fetched from gravatar.com.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = env("SITE_URL", "http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "home.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_MODERATION_ENABLED = True
# No autosave in the editor: a background save that was still on its way when an editor pressed
# "Submit for review" could land after it, as a newer revision without the last edits, and that
# older text is what the reviewers then approved and published. Editors save with "Save draft".
WAGTAIL_AUTOSAVE_INTERVAL = 0
# Staff sign in through the intranet's own page, which is throttled.
WAGTAILADMIN_LOGIN_URL = "/sign-in/"

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = "AnonymousUser"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Wagtail's in-process tasks log every run at INFO: a line per saved page.
        "django_tasks": {"level": "WARNING"},
        # Wagtail logs every page save and publish at INFO; the admin keeps that history itself.
        "wagtail": {"level": "WARNING"},
        # At INFO the task worker writes lines for every email queued and sent; failures still show.
        "django-q": {"level": env("TASK_LOG_LEVEL", "WARNING")},
        # WeasyPrint logs each step of every letter's PDF at INFO; its warnings still show.
        "weasyprint": {"level": "WARNING"},
        # Without HarfBuzz's subsetter WeasyPrint subsets fonts with fontTools, which logs every
        # glyph of every font of every PDF at INFO: dozens of long lines per letter.
        "fontTools": {"level": "WARNING"},
    },
}


def require_secret_key(settings_module):
    """Production must never fall back to a made-up key."""
    if not SECRET_KEY:
        raise ImproperlyConfigured(f"SECRET_KEY must be set in the environment to use {settings_module}.")


# Demo content may only be loaded where a settings module allows it.
DEMO_ALLOWED = False
DEMO_PASSWORD = env("DEMO_PASSWORD", "")

# Casework evidence uploads: each file at most this size, at most this many per report.
CASEWORK_EVIDENCE_MAX_BYTES = env_int("CASEWORK_EVIDENCE_MAX_MB", 10) * 1024 * 1024
CASEWORK_EVIDENCE_MAX_FILES = env_int("CASEWORK_EVIDENCE_MAX_FILES", 20)
