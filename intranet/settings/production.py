"""Production. Every value that differs per deployment comes from the environment:
see README.md ("Configuring production")."""

from .base import *  # noqa: F403
from .base import REDIS_URL, STORAGES, env, env_bool, env_int, require_secret_key

require_secret_key(__name__)

DEBUG = False
DEMO_ALLOWED = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# An intranet's host name is not submitted to browsers' public HSTS preload list;
# HSTS itself is on (above).
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

if not REDIS_URL:
    # Several web workers must share sign-in throttling and cached pages: without
    # Redis the database is the shared cache (`manage.py createcachetable`).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "intranet_cache"}}

ADMINS = [("Intranet administrator", address) for address in env("ADMINS", "").split(",") if address]
