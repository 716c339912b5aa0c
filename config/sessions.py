"""Sessions in the cache in front of the database (with Redis), that keep working while the cache is away.

Django's ``cached_db`` engine reads from the database when the cache fails to answer, but two other cache
calls are not guarded: ``exists`` (asked for every new session key, so at every login) and storing a session
read from the database back into the cache (every request after a cache miss). During a Redis restart those
gave admins a 500. The database holds every session, so here both fall back to it and say so in the log.

``delete`` (logout) still fails while the cache is away, on purpose: carrying on would leave a logged-in copy
in the cache, valid again once the cache answers.
"""

import logging
from typing import TYPE_CHECKING, Any

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

if TYPE_CHECKING:
    from django.contrib.sessions.base_session import AbstractBaseSession
    from django.core.cache.backends.base import BaseCache

logger = logging.getLogger("django.contrib.sessions")


class SessionStore(CachedDBStore):
    if TYPE_CHECKING:  # set and defined by Django's engines; django-stubs does not declare them
        _cache: BaseCache

        def _get_session_from_db(self) -> AbstractBaseSession | None: ...

    def load(self) -> dict[str, Any]:
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            logger.warning("Session cache unavailable; reading the session from the database.", exc_info=True)
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        except Exception:
            logger.warning(
                "Session cache unavailable; the session stays in the database only.", exc_info=True
            )
        return data

    def exists(self, session_key: str) -> bool:
        try:
            return super().exists(session_key)
        except Exception:
            logger.warning("Session cache unavailable; checking the database only.", exc_info=True)
            return (
                bool(session_key) and self.get_model_class().objects.filter(session_key=session_key).exists()
            )
