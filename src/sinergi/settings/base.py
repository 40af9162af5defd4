"""Every setting, read from the environment in one place.

local.py, test.py and production.py are thin overlays. Secrets only come from the environment.
"""

from __future__ import annotations

import ipaddress
import os
import re
import zoneinfo
from datetime import timedelta
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sinergi.core import errorreports, logs
from sinergi.core.cacheurl import cache_from_url
from sinergi.core.storageconfig import media_storage
from sinergi.wilayah import reference

SRC_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = SRC_DIR.parent
VAR_DIR = Path(os.environ.get("SINERGI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """A whole number from the environment; a value that is not one stops the start with the variable's
    name (int() alone would say only "invalid literal")."""
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: a whole number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SINERGI_SECRET_KEY", "")
# Rotating the key without signing everyone out: the previous key(s), comma-separated. Sessions,
# password-reset links and other signed values made with them stay valid until they expire; everything
# new is signed with SECRET_KEY. Remove a fallback once its sessions have expired (14 days).
SECRET_KEY_FALLBACKS = env_list("SINERGI_SECRET_KEY_FALLBACKS")
DEBUG = env_bool("SINERGI_DEBUG", False)
ALLOWED_HOSTS = env_list("SINERGI_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("SINERGI_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    # sinergi.core first among the apps with commands: its `db_worker` (supervised) replaces django-tasks-db's.
    "sinergi.core",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "sinergi.accounts",
    "sinergi.notifications",
    "sinergi.wilayah",
    "sinergi.classification",
    "sinergi.registry",
    "sinergi.imports",
    "sinergi.collaboration",
    "sinergi.programs",
    "sinergi.events",
    "sinergi.statistics",
    "sinergi.federation",
    "sinergi.portal",
    "sinergi.api",
]

MIDDLEWARE = [
    "sinergi.core.logs.RequestContextMiddleware",  # first: every answer carries X-Request-ID
    "sinergi.core.metrics.MetricsMiddleware",  # counts every answer, redirects and errors included
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sinergi.core.middleware.HeadAsGetMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx, before any middleware that answers HTMX
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sinergi.core.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sinergi.accounts.sessions.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "sinergi.core.middleware.StorageFailureMiddleware",
]

ROOT_URLCONF = "sinergi.urls"
WSGI_APPLICATION = "sinergi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "sinergi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "sinergi.core.context_processors.site",
                "sinergi.wilayah.context_processors.region",
                "sinergi.notifications.context_processors.bell",
            ],
            # core's `url` replaces Django's: the same tag, each URL reversed once (core/templatetags/urls.py).
            "builtins": ["django.templatetags.i18n", "django.templatetags.static", "sinergi.core.templatetags.urls"],
        },
    }
]

# Django's form renderer, with every label and <input> written in Python (core/widgets.py): the same markup.
FORM_RENDERER = "sinergi.core.widgets.FastRenderer"

# Database: SQLite in the project folder unless DATABASE_URL names another (PostgreSQL in production).
_CONNECTION_OPTIONS: dict[str, Any] = {
    "conn_max_age": env_int("SINERGI_DB_CONN_MAX_AGE", 60),
    "conn_health_checks": True,
}
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'sinergi.sqlite3'}", **_CONNECTION_OPTIONS
    )
}
# A streaming replica of the primary (PostgreSQL only): anonymous visitors' public pages read from it
# (core/replica.py); writes, transactions and signed-in people stay on the primary.
SINERGI_DATABASE_REPLICA_URL = os.environ.get("SINERGI_DATABASE_REPLICA_URL", "").strip()
if SINERGI_DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(SINERGI_DATABASE_REPLICA_URL, **_CONNECTION_OPTIONS)
    if (
        DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]
        or "postgresql" not in DATABASES["default"]["ENGINE"]
    ):
        raise ImproperlyConfigured(
            "SINERGI_DATABASE_REPLICA_URL: a read replica needs PostgreSQL for both DATABASE_URL and the replica."
        )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests: the replica is the test database itself
DATABASE_ROUTERS = ["sinergi.core.replica.ReplicaRouter"]
# PgBouncer in transaction-pooling mode hands each transaction another server connection, so a cursor
# that outlives its transaction breaks: SINERGI_DB_PGBOUNCER_TRANSACTION_MODE=1 turns server-side
# cursors off (QuerySet.iterator() then fetches client-side) for every database; set
# SINERGI_DB_CONN_MAX_AGE=0 with it.
SINERGI_DB_PGBOUNCER_TRANSACTION_MODE = env_bool("SINERGI_DB_PGBOUNCER_TRANSACTION_MODE", False)
for _database in DATABASES.values():
    _database["DISABLE_SERVER_SIDE_CURSORS"] = SINERGI_DB_PGBOUNCER_TRANSACTION_MODE
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Session settings for the app's own connections (primary and replica), sent as one connection
    # option; server settings for reports and maintenance are left alone. Empty sends no option
    # (PgBouncer refuses startup options: set them on the database there, ALTER DATABASE … SET).
    # - No parallel query: the app's queries are small (a page of a search), and starting gather workers
    #   cost more than they saved (the directory's subsector + kecamatan search took 35-79 ms with 2
    #   workers, 3-14 ms without, under 16 clients; issue 17). SINERGI_DB_PARALLEL_WORKERS.
    # - No JIT: broad directory searches cross jit_above_cost, and compiling their plans took 44-69 ms
    #   of queries that run in a few milliseconds without it (issue 17, docs/performance.md). SINERGI_DB_JIT.
    # - plan_cache_mode as PostgreSQL's default unless SINERGI_DB_PLAN_CACHE_MODE says otherwise
    #   (`force_custom_plan` plans a prepared statement again on every run, for its parameters).
    _session = {
        "max_parallel_workers_per_gather": os.environ.get("SINERGI_DB_PARALLEL_WORKERS", "0").strip(),
        "jit": os.environ.get("SINERGI_DB_JIT", "off").strip(),
        "plan_cache_mode": os.environ.get("SINERGI_DB_PLAN_CACHE_MODE", "").strip(),
    }
    if _session["max_parallel_workers_per_gather"]:
        _session["max_parallel_workers_per_gather"] = str(env_int("SINERGI_DB_PARALLEL_WORKERS", 0))
    if _session["jit"] and _session["jit"] not in ("on", "off"):
        raise ImproperlyConfigured(f"SINERGI_DB_JIT: 'on', 'off' or empty, not {_session['jit']!r}.")
    _plan_modes = ("auto", "force_custom_plan", "force_generic_plan")
    if _session["plan_cache_mode"] and _session["plan_cache_mode"] not in _plan_modes:
        raise ImproperlyConfigured(
            f"SINERGI_DB_PLAN_CACHE_MODE: one of {', '.join(_plan_modes)} or empty, "
            f"not {_session['plan_cache_mode']!r}."
        )
    _options = " ".join(f"-c {name}={value}" for name, value in _session.items() if value)
    if _options:
        for _database in DATABASES.values():
            _database.setdefault("OPTIONS", {})["options"] = _options
    # Prepared statements: psycopg binds parameters on the server and prepares a statement once the
    # connection has run it SINERGI_DB_PREPARE_THRESHOLD times (default 5, psycopg's own), so PostgreSQL
    # parses and plans the app's repeated queries once per connection instead of on every request: half
    # of PostgreSQL's CPU for a door scan (issue 17, docs/performance.md). Empty (the default behind a
    # transaction-mode PgBouncer, which before 1.21 cannot keep a session's prepared statements) binds
    # parameters on the client, as Django does by default. Plans of prepared statements follow
    # PostgreSQL's plan_cache_mode (SINERGI_DB_PLAN_CACHE_MODE above; empty: PostgreSQL's `auto`).
    _threshold = os.environ.get(
        "SINERGI_DB_PREPARE_THRESHOLD", "" if SINERGI_DB_PGBOUNCER_TRANSACTION_MODE else "5"
    ).strip()
    if _threshold:
        if not _threshold.isdecimal():
            raise ImproperlyConfigured(
                "SINERGI_DB_PREPARE_THRESHOLD: a whole number ≥ 0, or empty for no prepared statements, "
                f"not {_threshold!r}."
            )
        for _database in DATABASES.values():
            _database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=int(_threshold))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# Sessions (accounts/sessions.py): everyone 14 days; office people and superusers are signed out after
# SINERGI_STAFF_IDLE_MINUTES without a request, and those who can see NIK in full at the latest
# SINERGI_PERSONAL_DATA_SESSION_HOURS after signing in.
SESSION_COOKIE_AGE = 14 * 24 * 3600
SINERGI_STAFF_IDLE_MINUTES = env_int("SINERGI_STAFF_IDLE_MINUTES", 30)
# Sign-ups whose activation link was never opened are deleted after this many days (purge_unactivated_accounts).
SINERGI_UNACTIVATED_ACCOUNT_DAYS = env_int("SINERGI_UNACTIVATED_ACCOUNT_DAYS", 30)
SINERGI_PERSONAL_DATA_SESSION_HOURS = env_int("SINERGI_PERSONAL_DATA_SESSION_HOURS", 10)
# The header's notification bell asks for its unread count this often (seconds) while the tab is shown.
SINERGI_BELL_REFRESH_SECONDS = env_int("SINERGI_BELL_REFRESH_SECONDS", 60)
if not 5 <= SINERGI_BELL_REFRESH_SECONDS <= 3600:
    raise ImproperlyConfigured("SINERGI_BELL_REFRESH_SECONDS must be between 5 and 3600 (seconds).")
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT failures for one account from one client, that
# account is locked for that client for SINERGI_LOGIN_LOCKOUT_MINUTES (15), the right password included
# (the answer is the same either way). The account is the normalised e-mail address the form posts
# (accounts/lockout.py), the client the address core/clientaddr.py decides (a trusted proxy header only
# when one is configured).
AXES_FAILURE_LIMIT = env_int("SINERGI_LOGIN_FAILURE_LIMIT", 5)
SINERGI_LOGIN_LOCKOUT_MINUTES = env_int("SINERGI_LOGIN_LOCKOUT_MINUTES", 15)
if not 1 <= SINERGI_LOGIN_LOCKOUT_MINUTES <= 24 * 60:
    raise ImproperlyConfigured("SINERGI_LOGIN_LOCKOUT_MINUTES must be between 1 and 1440 (minutes).")
AXES_COOLOFF_TIME = timedelta(minutes=SINERGI_LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "sinergi.accounts.lockout.attempted_email"
AXES_CLIENT_IP_CALLABLE = "sinergi.core.clientaddr.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The request header a trusted reverse proxy sets to the client's address (e.g. X-Real-IP); empty when
# the application is reached directly. Never set it without a proxy that overwrites the header.
SINERGI_TRUSTED_PROXY_HEADER = os.environ.get("SINERGI_TRUSTED_PROXY_HEADER", "").strip()

# Internationalisation: Indonesian first, English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "sinergi" / "locale"]
LANGUAGE_COOKIE_NAME = "sinergi_language"
# TIME_ZONE is set below from the region (SINERGI_REGION_CODE), unless SINERGI_TIME_ZONE overrides it.
USE_I18N = True
USE_TZ = True
# Grouping is applied by explicit filters (years and codes must never become 2.024).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
# A container image or release carries its collected static files outside the data folder.
STATIC_ROOT = Path(os.environ.get("SINERGI_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    # Uploads live outside the static root and are served only through views that check access: on
    # this machine's disk (SINERGI_MEDIA_STORAGE=local, the default) or in a private bucket of an
    # S3-compatible store shared by every server and worker (=s3 with SINERGI_S3_*; core/storageconfig.py).
    "default": media_storage(os.environ.get("SINERGI_MEDIA_STORAGE", ""), os.environ, location=str(VAR_DIR / "media")),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Uploads hold personal data (import files: NIK, phone numbers): readable by the service user and its
# group only (a backup user in the group), never by other accounts on the machine, whatever the umask.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
# The public directory counts at most this many matches of a search and shows "lebih dari 10.000"
# beyond (its cost then follows the page, not the matches: issue 17); pages stop at this many results.
SINERGI_DIRECTORY_COUNT_LIMIT = env_int("SINERGI_DIRECTORY_COUNT_LIMIT", 10000)
# PostgreSQL's `work_mem` for the directory's statements only (set local to their transaction, so it
# works behind PgBouncer too; empty: the server's own): large enough that the bitmaps combining a
# search's filters over a million actors stay exact (issue 17, docs/performance.md "The COLD mix at a
# million actors"). Each bitmap of a search may use up to this much while the statement runs.
SINERGI_DIRECTORY_WORK_MEM = os.environ.get("SINERGI_DIRECTORY_WORK_MEM", "16MB").strip()
if SINERGI_DIRECTORY_WORK_MEM and not re.fullmatch(r"[1-9]\d*(kB|MB|GB)", SINERGI_DIRECTORY_WORK_MEM):
    raise ImproperlyConfigured(
        f"SINERGI_DIRECTORY_WORK_MEM: a size such as 16MB (kB, MB or GB), not {SINERGI_DIRECTORY_WORK_MEM!r}."
    )
SINERGI_MAX_IMPORT_BYTES = env_int("SINERGI_MAX_IMPORT_BYTES", 25 * 1024 * 1024)
SINERGI_IMPORT_RETENTION_DAYS = env_int("SINERGI_IMPORT_RETENTION_DAYS", 30)  # files of old import jobs
# Federation (sinergi.federation): fetching a kab/kota's DCAT catalogue gives up after so many seconds in
# all, and refuses a catalogue larger than so many bytes.
SINERGI_FEDERATION_TIMEOUT = float(os.environ.get("SINERGI_FEDERATION_TIMEOUT", "15"))
SINERGI_FEDERATION_MAX_BYTES = env_int("SINERGI_FEDERATION_MAX_BYTES", 5 * 1024 * 1024)
SINERGI_MAX_IMAGE_BYTES = env_int("SINERGI_MAX_IMAGE_BYTES", 5 * 1024 * 1024)

# Every mail is queued for the task worker (core/mail.py): none is sent inside a web request. The
# worker delivers through SINERGI_EMAIL_BACKEND (SMTP in production), with EMAIL_TIMEOUT seconds.
EMAIL_BACKEND = "sinergi.core.mail.TaskEmailBackend"
SINERGI_EMAIL_DELIVERY_BACKEND = os.environ.get(
    "SINERGI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# The notification layer's external channels (notifications/channels.py); in-app is always on.
# WhatsApp (Business Cloud API) is on when its token is set (docs/operations/notifications.md).
SINERGI_WHATSAPP_API_URL = os.environ.get("SINERGI_WHATSAPP_API_URL", "https://graph.facebook.com/v21.0")
SINERGI_WHATSAPP_PHONE_NUMBER_ID = os.environ.get("SINERGI_WHATSAPP_PHONE_NUMBER_ID", "")
SINERGI_WHATSAPP_TOKEN = os.environ.get("SINERGI_WHATSAPP_TOKEN", "")
SINERGI_WHATSAPP_TIMEOUT = float(os.environ.get("SINERGI_WHATSAPP_TIMEOUT", "10"))
SINERGI_NOTIFICATION_CHANNELS = ["sinergi.notifications.channels.EmailChannel"]
if SINERGI_WHATSAPP_TOKEN:
    if not SINERGI_WHATSAPP_PHONE_NUMBER_ID:
        raise ImproperlyConfigured("SINERGI_WHATSAPP_TOKEN is set: set SINERGI_WHATSAPP_PHONE_NUMBER_ID too.")
    SINERGI_NOTIFICATION_CHANNELS.append("sinergi.notifications.channels.WhatsAppChannel")
EMAIL_TIMEOUT = env_int("SINERGI_EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("SINERGI_FROM_EMAIL", "Sinergi <noreply@localhost>")
EMAIL_HOST = os.environ.get("SINERGI_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SINERGI_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("SINERGI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SINERGI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SINERGI_EMAIL_TLS", False)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("SINERGI_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Running work (imports, statistics runs) holds a lease its worker renews; work whose lease is older
# than this many seconds had its worker die and is failed, retryable (core/leases.py).
SINERGI_WORK_LEASE_SECONDS = float(os.environ.get("SINERGI_WORK_LEASE_SECONDS", "120"))
# The supervised worker's longest wait between reconnection attempts after a database restart.
SINERGI_WORKER_RECONNECT_MAX = float(os.environ.get("SINERGI_WORKER_RECONNECT_MAX", "30"))

# Rendered public pages (core/pagecache.py), per process in every environment: see docs/operations/deploy.md.
PAGE_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "sinergi-pages",
    "TIMEOUT": 60,
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
# The default cache holds what every server must share: rate-limit counters, the data versions that
# invalidate cached pages, the health check's probe. SINERGI_CACHE_URL chooses it (core/cacheurl.py:
# redis://…, db://, file://…, locmem://; anything else stops the start); unset, each process's memory
# here, the database table in production.
SINERGI_CACHE_URL = os.environ.get("SINERGI_CACHE_URL", "").strip()
CACHES = {
    "default": cache_from_url(SINERGI_CACHE_URL or "locmem://sinergi"),
    "pages": PAGE_CACHE,
}

# Security: safe by default; production.py switches on HTTPS-only cookies and HSTS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The installation's region: a province ("64") or a kab/kota ("32.76"), Kemendagri code. Its name and
# time zone come from the shipped map of Indonesia (wilayah/data), never from a second setting.
SINERGI_REGION_CODE = os.environ.get("SINERGI_REGION_CODE", "32.76").strip()
try:
    _REGION = reference.region(SINERGI_REGION_CODE)
    TIME_ZONE = reference.time_zone_for(SINERGI_REGION_CODE, os.environ.get("SINERGI_TIME_ZONE", ""))
    zoneinfo.ZoneInfo(TIME_ZONE)
except reference.UnknownRegion as exc:
    raise ImproperlyConfigured(f"SINERGI_REGION_CODE: {exc}") from exc
except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
    raise ImproperlyConfigured(
        f"SINERGI_TIME_ZONE: '{TIME_ZONE}' bukan nama zona waktu IANA (mis. Asia/Makassar)."
    ) from exc
SINERGI_REGION_NAME = _REGION.name
SINERGI_TIME_ZONE_LABEL = reference.zone_label(TIME_ZONE)  # WIB, WITA or WIT, shown beside times
SINERGI_REGION_PLACE = _REGION.place_name
SINERGI_SITE_NAME = "Sinergi"
# Absolute base URL for links in e-mails and feeds, e.g. https://sinergi.example.go.id (no trailing slash).
# `make run` sets it to the address it serves (`sinergi serve` does the same); pages build links from the
# request, background work (e-mails sent by the worker) from this.
SINERGI_SITE_URL = os.environ.get("SINERGI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Background work: a worker is alive while its heartbeat is younger than SINERGI_WORKER_TIMEOUT seconds;
# a page whose work has been queued longer than SINERGI_WORKER_WAIT seconds with no worker alive says so.
SINERGI_WORKER_TIMEOUT = env_int("SINERGI_WORKER_TIMEOUT", 30)
SINERGI_WORKER_WAIT = env_int("SINERGI_WORKER_WAIT", 20)
# Write requests per token per minute on the API, answered 429 beyond it.
SINERGI_API_WRITE_RATE = os.environ.get("SINERGI_API_WRITE_RATE", "120/min")
# Page rate limits (core/ratelimit.py): per signed-in person, else per client address; "count/period".
SINERGI_RATE_LIMITS = {
    "signup": os.environ.get("SINERGI_RATE_SIGNUP", "10/hour"),
    "password_reset": os.environ.get("SINERGI_RATE_PASSWORD_RESET", "5/hour"),
    "password_reset_address": os.environ.get("SINERGI_RATE_PASSWORD_RESET_ADDRESS", "3/hour"),
    "event_registration": os.environ.get("SINERGI_RATE_EVENT_REGISTRATION", "10/hour"),
    "upload": os.environ.get("SINERGI_RATE_UPLOAD", "30/hour"),
    "ticket_resend": os.environ.get("SINERGI_RATE_TICKET_RESEND", "10/hour"),
    "ticket_resend_address": os.environ.get("SINERGI_RATE_TICKET_RESEND_ADDRESS", "3/hour"),
}
SINERGI_DEMO = env_bool("SINERGI_DEMO", False)


def with_demo(apps: list[str]) -> list[str]:
    """INSTALLED_APPS with the demo app (`sinergi.demo`: `seed_demo` and its data), for the settings where
    demo data belongs: local, a demo site (SINERGI_DEMO on) and the tests. First, so that its
    `seed_demo` replaces core's stand-in, which only refuses; a real installation never imports it."""
    return ["sinergi.demo", *apps]


# The bare view /_bare (the ceiling benchmarks compare pages with); production.py turns it off unless
# SINERGI_BARE_VIEW says otherwise (only benchmarks do).
SINERGI_BARE_VIEW = env_bool("SINERGI_BARE_VIEW", True)
SINERGI_PRODUCTION = False  # production.py: a real installation

# Prometheus metrics at /metrics (core/metrics.py): off (404) unless a bearer token or the addresses
# (or networks, e.g. 10.0.0.0/24) allowed to scrape are set; any other request is answered 403.
SINERGI_METRICS_TOKEN = os.environ.get("SINERGI_METRICS_TOKEN", "").strip()
SINERGI_METRICS_ALLOWED = env_list("SINERGI_METRICS_ALLOWED")
for _network in SINERGI_METRICS_ALLOWED:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"SINERGI_METRICS_ALLOWED: '{_network}' is not an IP address or network (e.g. 10.0.0.5, 10.0.0.0/24)."
        ) from exc

# Error reports to a Sentry-compatible server (core/errorreports.py): only when a DSN is set, and
# without personal data.
SINERGI_SENTRY_DSN = os.environ.get("SINERGI_SENTRY_DSN", "").strip()
SINERGI_SENTRY_ENVIRONMENT = os.environ.get("SINERGI_SENTRY_ENVIRONMENT", "production").strip()
errorreports.init(
    dsn=SINERGI_SENTRY_DSN, environment=SINERGI_SENTRY_ENVIRONMENT, release=f"sinergi@{package_version('sinergi')}"
)

# Logs on standard error (the journal): ISO time in UTC, level, logger, request id, person, client and
# task (core/logs.py); SINERGI_LOG_FORMAT=json writes one JSON object per line.
try:
    LOGGING = logs.logging_config(
        log_format=os.environ.get("SINERGI_LOG_FORMAT", "text"),
        level=os.environ.get("SINERGI_LOG_LEVEL", "INFO").strip().upper(),
    )
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from exc
