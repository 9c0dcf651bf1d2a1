"""Settings for the fact-check workbench: one module, configured by environment variables.

DATABASE_URL   postgres://user@host:5432/name (psycopg 3 with its connection pool) or
               sqlite:///path; default: an embedded SQLite file in var/.
SECRET_KEY     required when DEBUG is off (the server refuses to start without it); with
               DEBUG=1 a random key is generated once into var/secret_key (never committed).
DEBUG          "1"/"true" to enable; off by default.
ALLOWED_HOSTS  comma-separated; default "127.0.0.1,localhost".

With DEBUG off the HTTPS settings are on by default (HSTS, redirect to https, Secure cookies);
SECURE_SSL_REDIRECT=0 and SECURE_HSTS_SECONDS=0 switch the redirect and HSTS off for a
TLS-terminating proxy that does them itself. Every other variable is listed in the README.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FACTCHECK_VAR_DIR", BASE_DIR / "var"))


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def _secret_key(debug: bool) -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if not debug:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off (production) the key must come from the "
            "environment, the same on every server and across restarts: set SECRET_KEY to a long "
            "random string, e.g. the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
            "For development set DEBUG=1 instead (a key is then kept in var/secret_key)."
        )
    # development only: one random key per checkout, kept across restarts
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # written whole, then linked into place: processes starting together never read half a key
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".secret_key.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
        try:
            os.link(tmp, path)  # atomic, and never replaces a key another process wrote first
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    key = path.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} holds no usable secret key: delete it or set SECRET_KEY")
    return key


DEBUG = _env_bool("DEBUG")
SECRET_KEY = _secret_key(DEBUG)
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_tasks_db",  # the database-backed django.tasks backend (README: background jobs)
    "articles",
]

MIDDLEWARE = [
    # outermost: marks the thread as serving a request (factcheck/request_scope.py)
    "factcheck.request_scope.RequestScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # static files from the app server itself (after SecurityMiddleware: HSTS and nosniff apply)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # the interface language: the user's choice (the language cookie set on the account page),
    # then the browser's Accept-Language, then LANGUAGE_CODE
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # last, as django-axes asks: turns a locked-out login into the login page with the wait time
    "axes.middleware.AxesMiddleware",
]
# benchmarks only: FACTCHECK_QUERY_COUNT=1 at start-up adds an X-Query-Count header (factcheck/querycount.py)
if _env_bool("FACTCHECK_QUERY_COUNT"):
    MIDDLEWARE.insert(1, "factcheck.querycount.QueryCountMiddleware")

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _databases() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    # CONN_HEALTH_CHECKS: with the pool, Django passes psycopg_pool's
    # ConnectionPool.check_connection as the pool's `check`, so every connection is tried
    # (an empty query) when it is handed out and replaced when the server has gone away
    # (a PostgreSQL restart costs no failed request); without the pool, Django checks a
    # persistent connection before reusing it.
    db = dj_database_url.parse(url, conn_max_age=0, conn_health_checks=True)
    if db["ENGINE"] == "django.db.backends.postgresql":
        # psycopg 3's connection pool (Django >= 5.1); CONN_MAX_AGE must stay 0 with it.
        pool_max = _env_int("DB_POOL_MAX", 10)
        db.setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": pool_max, "timeout": 10}
        # No JIT: the workbench's queries are short index reads, and PostgreSQL JIT-compiles any
        # plan it costs high (a count over a big table, the export) for 0.1-0.4 s before the
        # first row, which these queries never win back (DB_OPTIONS may add server options).
        db["OPTIONS"]["options"] = " ".join(["-c jit=off", os.environ.get("DB_OPTIONS", "").strip()]).strip()
        if not _env_bool("DB_POOL", True):
            db["OPTIONS"].pop("pool")
    elif db["ENGINE"] == "django.db.backends.sqlite3":
        db.setdefault("OPTIONS", {}).update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
    db["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}
    return {"default": db}


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes: refuses a log-in while the account or the address is locked out
    "factcheck.login_throttle.LoginThrottleBackend",
    # ModelBackend reading a user's permissions in one query (every page checks the role)
    "factcheck.auth.ModelBackend1Query",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "articles:list"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes, failures kept in the database): LOGIN_FAILURE_LIMIT failed
# log-ins for one account (from anywhere), or from one address (to any account), lock that
# account or address out for LOGIN_COOLOFF_MINUTES; a further try during the lock-out starts
# the wait again; a successful log-in clears the count. The client address is REMOTE_ADDR, or
# with TRUSTED_PROXY_COUNT=N proxies in front the N-th address from the right of
# X-Forwarded-For (what the nearest trusted proxy saw).
AXES_FAILURE_LIMIT = _env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "factcheck.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "factcheck.login_throttle.client_ip"
AXES_HTTP_RESPONSE_CODE = 429
TRUSTED_PROXY_COUNT = _env_int("TRUSTED_PROXY_COUNT", 0)


# Password reset mails (and any other mail), Django 6.1's MAILERS: the console by default, so
# a reset link is printed to the server's log. EMAIL_BACKEND=smtp (or any backend's dotted path)
# with EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/EMAIL_USE_SSL
# sends real mail, from DEFAULT_FROM_EMAIL.
def _mailers() -> dict:
    backend = os.environ.get("EMAIL_BACKEND", "").strip() or "console"
    if "." not in backend:  # console, smtp, locmem, dummy
        backend = f"django.core.mail.backends.{backend}.EmailBackend"
    options = {}
    if backend == "django.core.mail.backends.smtp.EmailBackend":
        options = {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": _env_int("EMAIL_PORT", 25),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": _env_bool("EMAIL_USE_TLS"),
            "use_ssl": _env_bool("EMAIL_USE_SSL"),
            "timeout": _env_int("EMAIL_TIMEOUT", 30),
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = _mailers()
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
PASSWORD_RESET_TIMEOUT = _env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)

LANGUAGE_CODE = "en"
# The interface's languages (templates, forms, messages, emails; the admin is translated by Django).
# Translations live in locale/<code>/LC_MESSAGES/django.po, compiled to django.mo (committed, so a
# fresh checkout needs no gettext tools; `make messages` updates and recompiles them).
LANGUAGES = [("en", "English"), ("es", "Español"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# Static files are served by WhiteNoise from the app server. In production (STATIC_MANIFEST on,
# the default when DEBUG is off) `collectstatic` copies them into STATIC_ROOT under
# content-hashed names with gzip copies beside them; WhiteNoise serves those with a year's
# `Cache-Control: immutable` (templates name them through {% static %}). STATIC_MANIFEST=0
# (development, the tests) serves static/ and the apps' files as they are, no collectstatic.
STATIC_MANIFEST = _env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if not STATIC_MANIFEST:
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True

# Security by default.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie: the token goes through hx-headers
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS whenever DEBUG is off: cookies only over https (browsers also accept them from
# http://localhost and http://127.0.0.1), http redirected to https, HSTS for a year with
# subdomains. Behind a TLS-terminating proxy: SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO
# (the proxy must set that header, overwriting the client's) tells Django a request came in
# over https; SECURE_SSL_REDIRECT=0 / SECURE_HSTS_SECONDS=0 leave the redirect / HSTS to the proxy.
# SECURE_COOKIES=0 is only for load tests over plain http on loopback (check --deploy warns).
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else _env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preload (a request to be built into browsers, undone only in months) is the domain owner's
# decision, so it is off unless SECURE_HSTS_PRELOAD=1; its deploy-check reminder is silenced.
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Console mail is the deliberate default (reset links land in the server's log until a mail
# server is configured): Django's deploy check against it (mail.E001) applies once
# EMAIL_BACKEND is chosen.
if not os.environ.get("EMAIL_BACKEND", "").strip():
    SILENCED_SYSTEM_CHECKS.append("mail.E001")


def _proxy_ssl_header() -> tuple[str, str] | None:
    """SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO (value "https"), or NAME=VALUE."""
    value = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
    if not value:
        return None
    name, _, expected = value.partition("=")
    name = name.strip().upper().replace("-", "_")
    if not name.startswith("HTTP_"):
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER={value!r}: name the header as Django sees it, "
            "e.g. HTTP_X_FORWARDED_PROTO (for X-Forwarded-Proto)"
        )
    return name, expected.strip() or "https"


SECURE_PROXY_SSL_HEADER = _proxy_ssl_header()

# Strict CSP: no inline script or style; scripts only from us (and nonce'd htmx).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Uploads: one article may be at most this big (UTF-8 bytes of its text).
FACTCHECK_MAX_ARTICLE_BYTES = _env_int("FACTCHECK_MAX_ARTICLE_BYTES", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_MAX_ARTICLE_BYTES * 2 + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# How many independent verdicts a claim needs (2 = second review).
FACTCHECK_VERDICTS_REQUIRED = _env_int("FACTCHECK_VERDICTS_REQUIRED", 1)

# ClaimReview (schema.org) exports: the fact-checking organisation that publishes the reviews,
# and where its published fact-checks live (the review's "url" is <base>/claims/<claim id>/;
# left out when no base URL is set).
FACTCHECK_ORGANIZATION_NAME = os.environ.get("FACTCHECK_ORGANIZATION_NAME", "Fact-check desk")
FACTCHECK_ORGANIZATION_URL = os.environ.get("FACTCHECK_ORGANIZATION_URL", "")
FACTCHECK_PUBLISH_BASE_URL = os.environ.get("FACTCHECK_PUBLISH_BASE_URL", "")

# Background jobs (README: background jobs): Django's task framework with a database backend, so
# any number of `manage.py run_worker` processes share the one database. The tests use the same
# backend (they start real worker processes where a test needs one).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A running job whose worker has not reported for this long is taken up again by another worker.
FACTCHECK_JOB_STALE_SECONDS = _env_int("FACTCHECK_JOB_STALE_SECONDS", 120)
# How often an idle worker looks for work (seconds; the job pick-up latency budget is 1 s).
FACTCHECK_WORKER_INTERVAL = float(os.environ.get("FACTCHECK_WORKER_INTERVAL", "0.25"))
# Transient failures (a timeout, a 5xx, a dropped database connection) are retried this many times,
# after 2 s, 4 s, 8 s, ... (doubling, capped at FACTCHECK_JOB_RETRY_MAX_DELAY).
FACTCHECK_JOB_RETRIES = _env_int("FACTCHECK_JOB_RETRIES", 4)
FACTCHECK_JOB_RETRY_BASE_DELAY = float(os.environ.get("FACTCHECK_JOB_RETRY_BASE_DELAY", "2"))
FACTCHECK_JOB_RETRY_MAX_DELAY = float(os.environ.get("FACTCHECK_JOB_RETRY_MAX_DELAY", "300"))
# Uploads larger than this go to a background job rather than being imported in the request; the
# largest accepted upload (web and API) is FACTCHECK_MAX_UPLOAD_BYTES. Job files are kept in
# FACTCHECK_JOB_FILES_DIR until their job ends.
FACTCHECK_JOB_UPLOAD_BYTES = _env_int("FACTCHECK_JOB_UPLOAD_BYTES", 1024 * 1024)
FACTCHECK_MAX_UPLOAD_BYTES = _env_int("FACTCHECK_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
FACTCHECK_JOB_FILES_DIR = Path(os.environ.get("FACTCHECK_JOB_FILES_DIR", VAR_DIR / "job-files"))

# Fetching pages by URL (intake) and posting webhooks: every address is checked (before and after
# each redirect and DNS answer) and loopback, private, link-local, multicast, reserved and cloud
# metadata addresses are refused, except for the host names listed here (comma-separated; the
# tests list their local HTTP server). Timeouts in seconds, size cap in bytes.
FACTCHECK_FETCH_ALLOWED_HOSTS = [h.strip().lower() for h in os.environ.get("FACTCHECK_FETCH_ALLOWED_HOSTS", "").split(",") if h.strip()]
# Notifications (assignment, return, dispute, @mention) are always in the app; also by email when
# FACTCHECK_NOTIFY_EMAIL is on (members with an address; sent after commit). FACTCHECK_SITE_URL
# (e.g. https://factcheck.example.org) makes the emails' links absolute.
FACTCHECK_NOTIFY_EMAIL = _env_bool("FACTCHECK_NOTIFY_EMAIL")
FACTCHECK_SITE_URL = os.environ.get("FACTCHECK_SITE_URL", "").strip()
FACTCHECK_FETCH_CONNECT_TIMEOUT = float(os.environ.get("FACTCHECK_FETCH_CONNECT_TIMEOUT", "5"))
FACTCHECK_FETCH_TOTAL_TIMEOUT = float(os.environ.get("FACTCHECK_FETCH_TOTAL_TIMEOUT", "20"))
FACTCHECK_FETCH_MAX_BYTES = _env_int("FACTCHECK_FETCH_MAX_BYTES", 10 * 1024 * 1024)
FACTCHECK_FETCH_MAX_REDIRECTS = 5
FACTCHECK_FETCH_USER_AGENT = os.environ.get(
    "FACTCHECK_FETCH_USER_AGENT", "FactCheckWorkbench/0.1 (+newsroom fact-checking; article intake)"
)
# The most URLs one intake request may carry.
FACTCHECK_MAX_URLS = _env_int("FACTCHECK_MAX_URLS", 500)

# The JSON API: requests per token (or per signed-in user) per minute; over it, 429 + Retry-After.
FACTCHECK_API_RATE_LIMIT = _env_int("FACTCHECK_API_RATE_LIMIT", 600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # HTML extraction libraries are chatty about pages they cannot fully parse
    "loggers": {name: {"level": "ERROR"} for name in ("trafilatura", "htmldate", "courlan", "justext")},
}
