"""Settings for the fact-check workbench: one module, configured by environment variables.

DATABASE_URL   postgres://user@host:5432/name (psycopg 3 with its connection pool) or
               sqlite:///path; default: an embedded SQLite file in var/.
SECRET_KEY     required in production; without it a random key is generated once and kept
               in var/secret_key (never committed).
DEBUG          "1"/"true" to enable; off by default.
ALLOWED_HOSTS  comma-separated; default "127.0.0.1,localhost".
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
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


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
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
SECRET_KEY = _secret_key()
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
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

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
    db = dj_database_url.parse(url, conn_max_age=0)
    if db["ENGINE"] == "django.db.backends.postgresql":
        # psycopg 3's connection pool (Django >= 5.1); CONN_MAX_AGE must stay 0 with it.
        pool_max = int(os.environ.get("DB_POOL_MAX", "10"))
        db.setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": pool_max, "timeout": 10}
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
# ModelBackend reading a user's permissions in one query (every page checks the role)
AUTHENTICATION_BACKENDS = ["factcheck.auth.ModelBackend1Query"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "articles:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"

# Security by default.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie: the token goes through hx-headers
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", not DEBUG and bool(os.environ.get("SECRET_KEY")))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

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
FACTCHECK_MAX_ARTICLE_BYTES = int(os.environ.get("FACTCHECK_MAX_ARTICLE_BYTES", 2 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_MAX_ARTICLE_BYTES * 2 + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# How many independent verdicts a claim needs (2 = second review).
FACTCHECK_VERDICTS_REQUIRED = int(os.environ.get("FACTCHECK_VERDICTS_REQUIRED", "1"))

# ClaimReview (schema.org) exports: the fact-checking organisation that publishes the reviews,
# and where its published fact-checks live (the review's "url" is <base>/claims/<claim id>/;
# left out when no base URL is set).
FACTCHECK_ORGANIZATION_NAME = os.environ.get("FACTCHECK_ORGANIZATION_NAME", "Fact-check desk")
FACTCHECK_ORGANIZATION_URL = os.environ.get("FACTCHECK_ORGANIZATION_URL", "")
FACTCHECK_PUBLISH_BASE_URL = os.environ.get("FACTCHECK_PUBLISH_BASE_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # HTML extraction libraries are chatty about pages they cannot fully parse
    "loggers": {name: {"level": "ERROR"} for name in ("trafilatura", "htmldate", "courlan", "justext")},
}
