"""Settings for pytest: what `make run` and `make serve` run (DEBUG off), with a few test-only changes.

Static files come straight from the finders (a test run has no `collectstatic` manifest), and the default
cache is local memory, or Redis when REDIS_URL is set (tests clear it between tests; the database cache would
need its table even in tests that use no database).
"""

from config.settings import *  # noqa: F403
from config.settings import CACHES, STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# With REDIS_URL (CI's PostgreSQL run) the default cache stays Redis, so its paths (rate limits, sessions) are
# tested against a real one (tests/test_redis.py).
if CACHES["default"]["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
    CACHES = {
        **CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared-pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "shared-pages",
        },
    }
# Query-count tests warm the active weight set and count again later; on a busy machine more than the
# production 1 s may pass in between. Tests of the refresh itself set their own value.
WEIGHTS_REFRESH_SECONDS = 60.0
# Funnel counts go straight to the database, so tests read them at once; tests/test_funnel.py tests the
# folding with its own value.
FUNNEL_FOLD_SECONDS = 0.0
