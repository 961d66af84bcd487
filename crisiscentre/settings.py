"""Crisiscentre settings: one file, configured only through environment variables.

Defaults are safe for a newcomer's laptop (SQLite, Celery eager, mail to the console);
production and CI set DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY and friends.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, str(default))
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "true")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off: set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

REGION_NAME = os.environ.get("REGION_NAME", "Veiligheidsregio Utrecht")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    # rest_framework itself is not an installed app: the API renders JSON only (no DRF
    # templates), and its Dutch catalogue would override Django's wording of the forms'
    # messages ("Dit veld is vereist." instead of "Dit veld is verplicht.").
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI from our own static files (strict CSP, no CDN)
    "crisiscentre",
    "incidents",
    "playbook",
    "escalation",
    "communication",
    "notifications",
    "sitreps",
    "exchange",
    "aftermath",
    "meetings",
]

MIDDLEWARE = [
    "crisiscentre.middleware.ContainerHealthzMiddleware",  # first: the container's healthcheck
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "crisiscentre.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "crisiscentre.middleware.Utf8BodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "crisiscentre.accounts.IdleSessionMiddleware",  # before LoginRequired: idle -> login page
    "crisiscentre.observability.RequestContextMiddleware",
    "crisiscentre.security.SecurityHeadersMiddleware",
    "crisiscentre.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "crisiscentre.middleware.FragmentPageMiddleware",
]

ROOT_URLCONF = "crisiscentre.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "crisiscentre.context_processors.site",
            ],
            "builtins": [
                "template_partials.templatetags.partials",
                "crisiscentre.templatetags.people",
                "crisiscentre.templatetags.moments",
            ],
        },
    },
]

WSGI_APPLICATION = "crisiscentre.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Account safety (crisiscentre/ratelimit.py, crisiscentre/accounts.py).
LOGIN_FAILURES_PER_ACCOUNT = envint("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_IP = envint("LOGIN_FAILURES_PER_IP", 30)
LOGIN_LOCKOUT_SECONDS = envint("LOGIN_LOCKOUT_SECONDS", 900)
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 480)  # 0: no idle expiry
PARTNER_INVITATION_HOURS = envint("PARTNER_INVITATION_HOURS", 72)
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 3600)  # a reset link lives an hour
# Dutch 403 page in the base layout when a form's CSRF token fails (crisiscentre/errors.py).
CSRF_FAILURE_VIEW = "crisiscentre.errors.csrf_failure"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date-time format in both languages: 02-12-2026 14:59 (crisiscentre/formats/nl/formats.py).
FORMAT_MODULE_PATH = ["crisiscentre.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Stored PDFs go through Django's storage API. With AWS_STORAGE_BUCKET_NAME set they live on
# S3-compatible object storage (MinIO, Ceph, AWS; `pip install -e ".[s3]"`), so any number of
# web and worker replicas share them; otherwise on the filesystem under MEDIA_ROOT (one machine,
# or a shared volume). docs/operations.md.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # Sitreps are TLP-labelled: never public, never overwritten, served through Django.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# Where the degraded-mode task writes paper copies (sitreps, contact list).
OFFLINE_EXPORT_DIR = Path(os.environ.get("OFFLINE_EXPORT_DIR", BASE_DIR / "offline"))
OFFLINE_EXPORT_INTERVAL_MINUTES = envint("OFFLINE_EXPORT_INTERVAL_MINUTES", 15)

# E-mail: EMAIL_URL wins, else EMAIL_HOST/EMAIL_PORT, else console. smtp://user:pass@host:port
# is plain SMTP, smtp://...?tls=1 or submission:// STARTTLS, smtps:// implicit TLS (465);
# see crisiscentre/mailurl.py.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "false")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
if EMAIL_URL:
    from crisiscentre.mailurl import email_settings

    _mail = email_settings(EMAIL_URL)
    EMAIL_HOST, EMAIL_PORT = _mail["EMAIL_HOST"], _mail["EMAIL_PORT"]
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _mail["EMAIL_HOST_USER"], _mail["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS, EMAIL_USE_SSL = _mail["EMAIL_USE_TLS"], _mail["EMAIL_USE_SSL"]
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "crisiscentre@localhost")

# Celery: without a broker every task runs in-process (eager), so `make run` needs nothing else.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 180)
# Redis gives an unacknowledged task message (acks_late: a task that is running, or one whose
# worker was killed) to another worker after this many seconds. Shorter than the longest task
# would run a live task twice; the outbox rows' own recovery (notifications.tasks, sitreps)
# resends a killed worker's work well before this, so it only needs to exceed the time limit.
_visibility_timeout = envint("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 60)
if _visibility_timeout < CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must be at least CELERY_TASK_TIME_LIMIT "
        f"({CELERY_TASK_TIME_LIMIT} s), or Redis hands running tasks to a second worker."
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": _visibility_timeout}
CELERY_TIMEZONE = TIME_ZONE
# Celery's Django fixup otherwise opens a new database connection for every task; reuse one
# for this many tasks (each task still gets a healthy connection: Django checks it on use).
CELERY_DB_REUSE_MAX = envint("CELERY_DB_REUSE_MAX", 100)
CELERY_BEAT_SCHEDULE: dict = {}  # filled by each app's ready() (crisiscentre.celery.schedule_periodic)
# Notifications: a failed delivery is retried this many times, waiting backoff * 2^attempt
# seconds (at most the cap) in between (notifications/tasks.py).
NOTIFICATIONS_MAX_RETRIES = envint("NOTIFICATIONS_MAX_RETRIES", 6)
NOTIFICATIONS_RETRY_BACKOFF = envint("NOTIFICATIONS_RETRY_BACKOFF", 10)
NOTIFICATIONS_RETRY_BACKOFF_MAX = envint("NOTIFICATIONS_RETRY_BACKOFF_MAX", 180)

# Sessions live in the database (Django's default backend), so web nodes keep no state. The
# cache (tile bodies shared by all viewers, incidents/tile_cache.py) is per process unless
# CACHE_URL or REDIS_CACHE_URL (redis://host:6379/<db>) names a shared one.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHE_URL = os.environ.get("CACHE_URL", "") or os.environ.get("REDIS_CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        "CACHE_URL must be a redis:// URL (or empty for a per-process cache)"
    )
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "cc",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "crisiscentre",
            "OPTIONS": {"MAX_ENTRIES": 1000},  # about 20 MB of tile bodies per process
        }
    }

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (crisiscentre.security): our own files only, no inline script or
# style anywhere. Same shape as Django 6's SECURE_CSP (directive -> sources).
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# /healthz shows its details (counts of notifications, workers, errors) only to staff and to a
# caller sending "Authorization: Bearer <HEALTHZ_TOKEN>"; others learn only up or down.
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")
# HTTPS redirect and HSTS are the reverse proxy's job by default (see README); both can be
# switched on here when Django itself faces the browser.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0

# Demo users with printed passwords must never be made on a production stack.
ALLOW_DEMO_DATA = envbool("ALLOW_DEMO_DATA", "true" if DEBUG else "false")

# An audit code missing from incidents/audit.py::ACTIONS raises (ValueError) instead of being
# logged and written anyway; on in DEBUG and in the tests (tests/conftest.py).
AUDIT_STRICT = envbool("AUDIT_STRICT", "true" if DEBUG else "false")

# /metrics (Prometheus text format) answers only "Authorization: Bearer <METRICS_TOKEN>";
# without the setting it does not exist (404).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# LOG_FORMAT=json: one JSON object per line with request, user and incident id (production).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be text or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "crisiscentre.observability.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# The REST API (crisiscentre/api, docs/architecture.md "REST API"): personal tokens or the
# browser session, JSON only (the browsable renderer needs inline script), throttled per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "crisiscentre.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",  # CSRF-checked
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["crisiscentre.api.throttling.ApiTokenThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per token (or per session user) and period, e.g. "600/minute".
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "600/minute")
if not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", API_THROTTLE_RATE):
    raise ImproperlyConfigured("API_THROTTLE_RATE must look like 600/minute")
# Longest lifetime of a personal API token, in days.
API_TOKEN_MAX_DAYS = envint("API_TOKEN_MAX_DAYS", 365)
SPECTACULAR_SETTINGS = {
    "TITLE": "Crisiscentre API",
    "DESCRIPTION": (
        "Read an incident's picture and write log entries, actions and classification "
        "changes. Authenticate with a personal token (Authorization: Bearer <token>, made on "
        "/profiel/) or the browser session."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # DRF views opt out of the login middleware; the schema and docs need a login or a token.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "TlpEnum": "incidents.tlp.TLP",
        "IncidentStatusEnum": "incidents.models.Incident.Status",
        "ActionStatusEnum": "incidents.models.Action.Status",
        "SitrepStateEnum": "sitreps.models.Sitrep.State",
    },
}
