"""Concord settings, read from the environment only and parsed strictly.

Every knob is a ``CONCORD_*`` environment variable (or ``DATABASE_URL``);
anything unexpected raises ``ImproperlyConfigured`` at start-up.
"""

from __future__ import annotations

import os
import re
import secrets
from datetime import time
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

from concord.dates import parse_day_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be >= {minimum}, got {value}")
    return value


def env_float(name: str, default: float, *, minimum: float, maximum: float) -> float:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from None
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, got {value}")
    return value


def env_phone(name: str, default: str) -> str:
    """A phone number to show: digits, with spaces, dashes, parentheses or a leading +."""
    value = os.environ.get(name, default).strip()
    if not re.fullmatch(r"\+?[0-9][0-9 ()-]{1,30}", value):
        raise ImproperlyConfigured(f"{name} must be a phone number, got {value!r}")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_days(name: str, default: str) -> list[int]:
    """Whole days >= 1, comma-separated, ascending: ``"7,30"`` -> ``[7, 30]``."""
    raw = os.environ.get(name, default)
    try:
        return parse_day_list(raw)
    except ValueError:
        message = f"{name} must be whole days >= 1 in ascending order, like 7,30, got {raw!r}"
        raise ImproperlyConfigured(message) from None


def env_time_window(name: str, default: str) -> tuple[time, time] | None:
    """A daily window ``"21:00-08:00"`` (it may span midnight) as two times; empty: None."""
    raw = os.environ.get(name, default).strip()
    if not raw:
        return None
    try:
        start, end = (time.fromisoformat(part.strip()) for part in raw.split("-"))
    except ValueError:
        raise ImproperlyConfigured(f"{name} must look like 21:00-08:00 (or be empty), got {raw!r}") from None
    return start, end


def parse_database_url(url: str) -> dict[str, object]:
    """Turn ``sqlite:///path`` or ``postgres://user:pw@host:port/name`` into a DATABASES entry."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        # sqlite:///var/x.sqlite3 is relative to the project; sqlite:////tmp/x.sqlite3 is absolute.
        path = unquote(parts.path).lstrip("/")
        name = Path("/" + path) if url.startswith("sqlite:////") else BASE_DIR / path
        if options:
            raise ImproperlyConfigured(f"DATABASE_URL: unknown SQLite options {sorted(options)}")
        VAR_DIR.mkdir(parents=True, exist_ok=True)  # the test database lives there
        name.parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": {
                # IMMEDIATE: a writer takes the lock at BEGIN, so two processes never
                # deadlock upgrading a read to a write; WAL lets readers run alongside.
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;"
                ),
            },
            # A file (not memory) so that the two-thread SLA test has real concurrency; named
            # after the database so that checkouts with different DATABASE_URLs do not collide.
            "TEST": {"NAME": str(VAR_DIR / f"test_{name.stem}.sqlite3")},
        }
    if parts.scheme in {"postgres", "postgresql"}:
        if not parts.path.strip("/"):
            raise ImproperlyConfigured("DATABASE_URL: PostgreSQL URL needs a database name")
        allowed = {"sslmode", "connect_timeout", "application_name"}
        unknown = set(options) - allowed
        if unknown:
            raise ImproperlyConfigured(f"DATABASE_URL: unknown PostgreSQL options {sorted(unknown)}")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.strip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": env_int("CONCORD_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported (sqlite, postgres)")


def parse_public_url(raw: str) -> str:
    """``https://host[:port]`` without a trailing slash, or "" when unset."""
    url = raw.strip().rstrip("/")
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path or parts.query:
        raise ImproperlyConfigured(f"CONCORD_PUBLIC_URL {raw!r} must look like https://host[:port]")
    return url


def parse_mail_domain(from_address: str) -> str:
    """The domain of a From address such as ``Concord <noreply@example.org>``."""
    address = parseaddr(from_address)[1]
    local, at, domain = address.rpartition("@")
    if not at or not local or not re.fullmatch(r"[A-Za-z0-9.-]+", domain) or domain.strip(".") != domain:
        raise ImproperlyConfigured(f"CONCORD_MAIL_FROM {from_address!r} must be an address like Name <user@domain>")
    return domain.lower()


def parse_service_url(name: str, raw: str) -> str:
    """An http(s) URL of a service we call, or "" when unset."""
    url = raw.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// URL")
    return url


def _secret_key() -> str:
    """The secret key from CONCORD_SECRET_KEY; on a single machine without one, a generated
    key kept in var/secret.key so that `make demo` works with no configuration."""
    key = os.environ.get("CONCORD_SECRET_KEY")
    if key is not None:
        if len(key) < 32:
            raise ImproperlyConfigured("CONCORD_SECRET_KEY must be at least 32 characters")
        return key
    path = VAR_DIR / "secret.key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


DEBUG = env_bool("CONCORD_DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("CONCORD_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CONCORD_CSRF_TRUSTED_ORIGINS", "")

# Encryption of party phone and ID numbers: a comma list of Fernet keys, newest first
# (rotate by prepending a key and running `manage.py rotate_field_keys`). Unset: derived
# from the secret key, which is fine for one machine but must be set in production.
FIELD_ENCRYPTION_KEYS = env_list("CONCORD_FIELD_KEYS", "")
# Key of the keyed hash used to match phone/ID numbers; never rotates with the above.
PARTY_HASH_KEY = env_str("CONCORD_HASH_KEY", "")

DATABASES = {"default": parse_database_url(env_str("DATABASE_URL", "sqlite:///var/concord.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "concord.geo",
    "concord.accounts",
    "concord.counts",
    "concord.cases",
    "concord.routing",
    "concord.sla",
    "concord.notify",
    "concord.intake",
    "concord.demo",
    "concord.open311",
    "concord.api",
    "concord.warning",
    "concord.risk",
    "concord.resolution",
    # After every app that declares case steps: it watches each step that resolves or reopens.
    "concord.followup",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "concord.urls"
WSGI_APPLICATION = "concord.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "concord" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "concord.context_processors.site",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:inbox"
LOGOUT_REDIRECT_URL = "staff:login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "concord" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("CONCORD_TIME_ZONE", "Asia/Shanghai")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"CONCORD_TIME_ZONE {TIME_ZONE!r} is not a known time zone") from None

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "concord" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# What the public pages tell residents.
CONCORD_HOTLINE = env_str("CONCORD_HOTLINE", "12348")
# The public address residents reach Concord at (e.g. https://concord.example.gov.cn), for
# what outlives a request: the URLs in printed QR posters. Empty: the address of the request.
CONCORD_PUBLIC_URL = parse_public_url(env_str("CONCORD_PUBLIC_URL", ""))
CONCORD_RETENTION_YEARS = env_int("CONCORD_RETENTION_YEARS", 3, minimum=1)
# Default deadlines (a category may set its own resolution deadline).
CONCORD_SIGN_FOR_HOURS = env_int("CONCORD_SIGN_FOR_HOURS", 2, minimum=1)
CONCORD_RESOLUTION_DAYS = env_int("CONCORD_RESOLUTION_DAYS", 3, minimum=1)
CONCORD_DUE_SOON_HOURS = env_int("CONCORD_DUE_SOON_HOURS", 24, minimum=1)
CONCORD_SLA_INTERVAL_SECONDS = env_int("CONCORD_SLA_INTERVAL_SECONDS", 60, minimum=1)
CONCORD_PAGE_SIZE = env_int("CONCORD_PAGE_SIZE", 50, minimum=5)
# How long a process may keep reference data (regions, categories, routing) it has read.
CONCORD_REFERENCE_CACHE_SECONDS = env_int("CONCORD_REFERENCE_CACHE_SECONDS", 60)

# Staff REST API (concord.api): token or session authentication, scoped like the pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "concord.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser", "rest_framework.parsers.FormParser"],
    "EXCEPTION_HANDLER": "concord.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Concord staff API",
    "DESCRIPTION": "Cases in your jurisdiction: list, read, act on. Authenticate with `Authorization: Token <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
# Notification channels (concord.notify.channels): e-mail over SMTP, SMS through an HTTP
# gateway (off while its URL is empty), signed webhooks.
EMAIL_HOST = env_str("CONCORD_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("CONCORD_SMTP_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("CONCORD_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_str("CONCORD_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("CONCORD_SMTP_STARTTLS", False)
EMAIL_USE_SSL = env_bool("CONCORD_SMTP_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("CONCORD_SMTP_STARTTLS and CONCORD_SMTP_SSL are exclusive: set one of them")
EMAIL_TIMEOUT = env_float("CONCORD_SMTP_TIMEOUT_SECONDS", 10, minimum=0.1, maximum=300)
DEFAULT_FROM_EMAIL = env_str("CONCORD_MAIL_FROM", "Concord <noreply@concord.localhost>")
# The domain of the From address names our Message-IDs (<key@domain>).
CONCORD_MAIL_DOMAIN = parse_mail_domain(DEFAULT_FROM_EMAIL)
CONCORD_SMS_GATEWAY_URL = parse_service_url("CONCORD_SMS_GATEWAY_URL", env_str("CONCORD_SMS_GATEWAY_URL", ""))
CONCORD_SMS_GATEWAY_KEY = env_str("CONCORD_SMS_GATEWAY_KEY", "")
CONCORD_SMS_SENDER = env_str("CONCORD_SMS_SENDER", "Concord")
CONCORD_SMS_TIMEOUT_SECONDS = env_float("CONCORD_SMS_TIMEOUT_SECONDS", 5, minimum=0.1, maximum=300)
CONCORD_WEBHOOK_TIMEOUT_SECONDS = env_float("CONCORD_WEBHOOK_TIMEOUT_SECONDS", 5, minimum=0.1, maximum=300)

# Open311 GeoReport v2 (concord.open311): POSTs allowed per client key per minute, unless
# the key sets its own limit.
CONCORD_OPEN311_RATE_PER_MINUTE = env_int("CONCORD_OPEN311_RATE_PER_MINUTE", 60, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("CONCORD_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
# Notifications (concord.notify): the channels set up on this server besides the in-app bell
# (e-mail, sms, webhook; a message for a channel not listed is written to the log instead),
# how often a failed message is tried, how long a worker's claim on a batch lasts.
CONCORD_NOTIFY_CHANNELS = env_list("CONCORD_NOTIFY_CHANNELS", "")
CONCORD_NOTIFY_MAX_ATTEMPTS = env_int("CONCORD_NOTIFY_MAX_ATTEMPTS", 8, minimum=1)
CONCORD_NOTIFY_LEASE_SECONDS = env_int("CONCORD_NOTIFY_LEASE_SECONDS", 60, minimum=1)
CONCORD_NOTIFY_BATCH = env_int("CONCORD_NOTIFY_BATCH", 100, minimum=1)
# Residents are not texted or e-mailed in these local hours (HH:MM-HH:MM; empty: at any hour),
# except for the receipt of the report they have just made.
CONCORD_RESIDENT_QUIET_HOURS = env_time_window("CONCORD_RESIDENT_QUIET_HOURS", "21:00-08:00")
# Follow-up visits (回访): days after a resolution when each falls due (a category may set its own).
CONCORD_FOLLOW_UP_DAYS = env_days("CONCORD_FOLLOW_UP_DAYS", "7,30")
# Office hours (09:00-17:00, Monday to Friday) a receiving unit has to accept or decline a referral.
CONCORD_REFERRAL_ANSWER_HOURS = env_int("CONCORD_REFERRAL_ANSWER_HOURS", 16, minimum=1)

# Early warning (concord.warning): the detector run on weekly counts, its false-alarm rate per
# series and week, and the signals beyond counts.
CONCORD_WARNING_METHOD = env_str("CONCORD_WARNING_METHOD", "concord")
CONCORD_WARNING_ALPHA = env_float("CONCORD_WARNING_ALPHA", 0.001, minimum=1e-6, maximum=0.2)
CONCORD_COLLECTIVE_MIN_CASES = env_int("CONCORD_COLLECTIVE_MIN_CASES", 5, minimum=2)
CONCORD_COLLECTIVE_WINDOW_DAYS = env_int("CONCORD_COLLECTIVE_WINDOW_DAYS", 30, minimum=1)
CONCORD_STALLED_DAYS = env_int("CONCORD_STALLED_DAYS", 14, minimum=1)

# Case risk (concord.risk): a high or critical case must be signed for within this many
# minutes, and its page shows these local numbers for danger now and for a crisis.
CONCORD_URGENT_SIGN_FOR_MINUTES = env_int("CONCORD_URGENT_SIGN_FOR_MINUTES", 30, minimum=1)
CONCORD_POLICE_NUMBER = env_phone("CONCORD_POLICE_NUMBER", "110")
CONCORD_AMBULANCE_NUMBER = env_phone("CONCORD_AMBULANCE_NUMBER", "120")
CONCORD_CRISIS_LINE = env_phone("CONCORD_CRISIS_LINE", "12356")
