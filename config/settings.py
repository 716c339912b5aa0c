"""Settings come from environment variables; the defaults are safe for local use.

Production (DJANGO_DEBUG=false) refuses to start with the development secret key.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a long random value when DJANGO_DEBUG is off."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

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
    "advisor",
    "questionnaire",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "consultants",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "config.context_processors.site",
                "consultants.context_processors.branding",
            ],
        },
    },
]

# SQLite by default (zero configuration); DATABASE_URL switches to PostgreSQL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")), conn_health_checks=True
        )
    }
else:
    SQLITE_PATH = os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            # Reusing connections roughly doubled write throughput in our measurements.
            "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "600")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the busy
                # timeout instead of failing with "database is locked" half-way through a transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
# The product speaks English only; without the translation machinery every request does a little less.
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "config.storage.StaticFilesStorage"
        )
    },
}

# whitenoise: in development and tests serve straight from the finders (no collectstatic, no
# "No directory at staticfiles/" warning); in production the hashed, compressed files from collectstatic,
# hashed names cached for ten years.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Cache (rate-limit counters; sessions too with Redis). Shared across servers when it is the database or
# Redis; local memory is per process and only fits development.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KIND = os.environ.get("DJANGO_CACHE", "").strip().lower() or (
    "redis" if REDIS_URL else ("locmem" if DEBUG else "database")
)
if CACHE_KIND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("DJANGO_CACHE=redis needs REDIS_URL (e.g. redis://127.0.0.1:6379/0).")
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif CACHE_KIND == "database":
    # `make serve` runs createcachetable.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
elif CACHE_KIND == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
else:
    raise ImproperlyConfigured("DJANGO_CACHE must be one of: locmem, database, redis.")
# Rendered result pages. A key holds everything its page depends on and the content never changes, so
# each process keeps its own copy in memory: nothing to share or invalidate across servers.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "rendered-pages",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# How long each process trusts its idea of which weight set is active (advisor/selectors.py): an
# activation in the admin reaches every server within this many seconds. 0 asks the database every time.
WEIGHTS_REFRESH_SECONDS = float(os.environ.get("WEIGHTS_REFRESH_SECONDS", "1"))

# Rate limits per client IP (see config/ratelimit.py): "<count>/<s|m|h|d>". RATE_LIMITS=off disables them.
RATE_LIMITS_ENABLED = os.environ.get("RATE_LIMITS", "on").strip().lower() not in {"off", "0", "false", "no"}
RATE_LIMIT_API = os.environ.get("RATE_LIMIT_API", "60/m")
RATE_LIMIT_SUBMIT = os.environ.get("RATE_LIMIT_SUBMIT", "20/m")
for _rate in (RATE_LIMIT_API, RATE_LIMIT_SUBMIT):
    if not re.fullmatch(r"\s*\d+\s*/\s*[smhd][a-z]*\s*", _rate, flags=re.IGNORECASE):
        raise ImproperlyConfigured(f"A rate limit looks like '60/m' (per s, m, h or d), not {_rate!r}.")
# How many reverse proxies in front of the app append to X-Forwarded-For (0: use the socket's address).
RATE_LIMIT_PROXY_COUNT = int(os.environ.get("RATE_LIMIT_PROXY_COUNT", "0"))

# HTTPS for a real deploy, switched on by environment variables (plain HTTP stays usable on loopback).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", SECURE_SSL_REDIRECT)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that always sets (and never passes through) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Bodies larger than this are refused before any parsing (the API answers 413).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DJANGO_MAX_BODY_BYTES", str(64 * 1024)))

# The currency the budget is asked and shown in.
SITE_CURRENCY = os.environ.get("SITE_CURRENCY", "USD")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Mail: one variable, EMAIL_URL (e.g. smtp://user:password@host:587, smtp+tls://…, consolemail://).
# Without it: printed to the console in development, the local mail server (localhost:25) in production.
import environ  # noqa: E402

EMAIL_URL = os.environ.get("EMAIL_URL", "") or ("consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(environ.Env.email_url_config(EMAIL_URL))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SMO or SMM? <advisor@localhost>")

# Background work (mail to consultants): stored in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Consultant accounts (django-allauth): email is the login; the address is verified before first use.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "SMO or SMM? · "
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Failed logins: at most 5 per address in 5 minutes and 10 a minute per IP (answered 429); counted in the
# cache (Redis or the database cache in production, so every server counts together).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"} if RATE_LIMITS_ENABLED else False
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "consultants:dashboard"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SMO or SMM?"

# Uploaded files (consultants' logos) go through Django's storage API: STORAGES["default"] above can be
# swapped for an S3-compatible backend by settings alone. Logos are served by a view, not from MEDIA_URL.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Logo uploads may be up to 512 KB: the whole multipart body is allowed a little more than that.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
