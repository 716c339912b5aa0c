"""Settings come from environment variables (django-environ, see config/env.py); the defaults are safe.

DEBUG is off unless DJANGO_DEBUG=true (`make dev`). Without DJANGO_SECRET_KEY a random key is kept in
var/secret_key for this machine; a short or weak DJANGO_SECRET_KEY is refused when DEBUG is off.
"""

from pathlib import Path

import babel
from django.core.exceptions import ImproperlyConfigured

from config.env import Env, is_weak_secret_key, local_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

env = Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="").strip() or local_secret_key(
    BASE_DIR / "var" / "secret_key"
)
if not DEBUG and is_weak_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for production: give at least 50 random characters "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_ratelimit",
    "axes",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "advisor",
    "questionnaire",
    "allauth",
    "allauth.account",
    "allauth.mfa",
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
    # Last, as django-axes asks: turns a locked-out login into our 429 answer.
    "axes.middleware.AxesMiddleware",
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
DATABASE_URL = env.str("DATABASE_URL", default="")
if DATABASE_URL:
    DATABASES = {"default": env.db_url("DATABASE_URL")}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.int(
        "DB_POOL_SIZE", default=4
    ):
        # Under the ASGI workers Django opens a connection per thread that ran a view, and kept each one
        # open: two servers used 63-86 PostgreSQL connections (bench/cluster.py). Django's advice for ASGI
        # is psycopg's pool: each worker process holds at most DB_POOL_SIZE, handed back after every use.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": env.int("DB_POOL_SIZE", default=4),
            "timeout": 10,
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    SQLITE_PATH = env.str("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3"))
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            # Reusing connections roughly doubled write throughput in our measurements.
            "CONN_MAX_AGE": env.int("DB_CONN_MAX_AGE", default=600),
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

# Every login is throttled by django-axes: its backend comes first and refuses a locked-out client before any
# password is hashed, whatever backend checks the password after it (the admin's ModelBackend now; others
# later). A client is its address (config.ratelimit.client_ip: the proxy count applies here too); after
# AXES_FAILURE_LIMIT failed logins it gets 429 for AXES_COOLOFF_TIME hours. Per address, not per user name,
# so that nobody can lock an administrator out from elsewhere by guessing their name.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "config.ratelimit.login_locked_out"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="UTC")
# The product speaks English only; without the translation machinery every request does a little less.
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
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
REDIS_URL = env.str("REDIS_URL", default="")
CACHE_KIND = env.str("DJANGO_CACHE", default="").strip().lower() or (
    "redis" if REDIS_URL else ("locmem" if DEBUG else "database")
)
if CACHE_KIND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("DJANGO_CACHE=redis needs REDIS_URL (e.g. redis://127.0.0.1:6379/0).")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that hangs must not hold requests: give up after a second (rate limits then fail
            # open and sessions fall back to the database).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # cached_db that falls back to the database while Redis is away (config/sessions.py).
    SESSION_ENGINE = "config.sessions"
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
# Rendered result pages, kept in each process; questionnaire/result_pages.py says how they are forgotten
# everywhere (a generation in the default cache).
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "rendered-pages",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
# The same pages shared by every process and server, so that a page is rendered once, not once per worker:
# Redis under its own key prefix, or its own database table (`createcachetable` makes it), never the
# default cache's, where pages could push the rate-limit counters out. Local memory (one development
# process) needs no second copy.
if CACHE_KIND == "redis":
    CACHES["shared-pages"] = {**CACHES["default"], "KEY_PREFIX": "result-pages"}
elif CACHE_KIND == "database":
    CACHES["shared-pages"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "result_page_cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
else:
    CACHES["shared-pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

# Which weight set is active, remembered per process for WEIGHTS_REFRESH_SECONDS (advisor/selectors.py).
CACHES["weights"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "active-weights"}
# An activation in the admin reaches every server within this many seconds. 0 asks the database every time.
WEIGHTS_REFRESH_SECONDS = env.float("WEIGHTS_REFRESH_SECONDS", default=1.0)
# The funnel's counts, kept in each process until they are folded into the database (questionnaire/funnel.py):
# this many seconds after a count; 0 writes every count at once. MAX_ENTRIES: a day's points are ~10 keys.
CACHES["funnel"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "funnel-counts",
    "OPTIONS": {"MAX_ENTRIES": 10000},
}
FUNNEL_FOLD_SECONDS = env.float("FUNNEL_FOLD_SECONDS", default=1.0)

# Rate limits per client IP (see config/ratelimit.py): "<count>/<s|m|h|d>". RATE_LIMITS=off disables them.
# Other apps add their own RATE_LIMIT_* here with env.rate(...).
RATE_LIMITS_ENABLED = env.bool("RATE_LIMITS", default=True)
RATE_LIMIT_API = env.rate("RATE_LIMIT_API", default="60/m")
RATE_LIMIT_SUBMIT = env.rate("RATE_LIMIT_SUBMIT", default="20/m")
RATE_LIMIT_EMAIL = env.rate("RATE_LIMIT_EMAIL", default="5/h")
# How many reverse proxies in front of the app append to X-Forwarded-For (0: use the socket's address).
RATE_LIMIT_PROXY_COUNT = env.int("RATE_LIMIT_PROXY_COUNT", default=0)
# django-ratelimit: counters in the default cache, the client from config.ratelimit.client_ip (the proxy
# count above), an IPv6 client per /64.
RATELIMIT_ENABLE = RATE_LIMITS_ENABLED
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "config.ratelimit.client_ip"
RATELIMIT_IPV6_MASK = 64
# Its checks refuse local memory (not shared between processes: fine for one development process) and the
# database cache (increments are not atomic: a burst may get a few requests over the limit; README says so),
# and warn on Django's own Redis backend, which increments atomically.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# HTTPS for a real deploy, switched on by environment variables (plain HTTP stays usable on loopback).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
# Load balancers probe over plain HTTP: the probes answer there instead of redirecting (config/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=SECURE_SSL_REDIRECT)
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
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
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DJANGO_MAX_BODY_BYTES", default=64 * 1024)

# The currency the budget is asked and shown in, and the locale amounts are typed in ("1.000" is a
# thousand in de_DE and ambiguous in en_US, where the form asks).
SITE_CURRENCY = env.str("SITE_CURRENCY", default="USD")
SITE_LOCALE = env.str("SITE_LOCALE", default="en_US")
try:
    babel.Locale.parse(SITE_LOCALE)
except (ValueError, babel.UnknownLocaleError) as error:
    raise ImproperlyConfigured(
        f"SITE_LOCALE must be a locale like en_US or de_DE, not {SITE_LOCALE!r}."
    ) from error

# Background work (the email of a result): django-tasks with its database queue; `manage.py db_worker`
# runs the queue (`make run` and `make serve` start it beside the web server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mail: one variable, EMAIL_URL (e.g. smtp://user:password@host:587/?tls=True); without it, messages are
# printed to the console with DEBUG (and by `make run`) and go to the local mail server otherwise.
globals().update(env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SMO or SMM? <advice@localhost>")
# A worker that dies mid-send leaves its claim on a result email; after this many seconds another worker
# may take it (questionnaire/tasks.py). Sending gives up on a silent mail server well before that.
RESULT_EMAIL_CLAIM_TIMEOUT = env.int("RESULT_EMAIL_CLAIM_TIMEOUT", default=120)
EMAIL_TIMEOUT = max(1, RESULT_EMAIL_CLAIM_TIMEOUT // 4)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Consultant accounts (django-allauth): email is the login; the address is verified before first use.
# axes' backend stays first (above): a locked-out address is refused before allauth checks a password.
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "allauth.account.auth_backends.AuthenticationBackend"]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "SMO or SMM? · "
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "consultants.adapters.AccountAdapter"
# Failed logins: at most 5 per email address in 5 minutes and 10 a minute per IP (then the form refuses
# to try); counted in the cache (Redis or the database cache in production, so every server counts
# together). axes (above) also locks an address out after AXES_FAILURE_LIMIT failures, with 429.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"} if RATE_LIMITS_ENABLED else False
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "consultants:dashboard"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SMO or SMM?"

# Uploaded files (consultants' logos) go through Django's storage API: STORAGES["default"] above can be
# swapped for an S3-compatible backend by settings alone. Logos are served by a view, not from MEDIA_URL.
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Logo uploads may be up to 512 KB: the whole multipart body is allowed a little more than that.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
