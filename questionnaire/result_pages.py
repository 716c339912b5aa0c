"""Rendered result pages, kept whole in each process and forgotten everywhere within a second when asked.

A stored result never changes, and its page holds nothing per visitor, so each process keeps the pages it
rendered (the local-memory cache "pages") for ``RESULT_PAGE_CACHE_SECONDS``. Two things can make a kept
page wrong: its result is deleted, or the consultant it is branded for changes the branding (or leaves).
Whoever does that calls ``forget_result_pages()``, which draws a new *generation*: a random value in the
shared default cache (the database or Redis, like the rate-limit counters). Every page's key holds the
generation it was rendered under, and each process reads the current one at most once a second
(``GENERATION_CHECK_SECONDS``), so every process stops showing the old pages within about a second, however
long they would otherwise live. Same idea as the active weight set (advisor/selectors.py).

Why a long life with a generation rather than a short life (bench/README.md, "Result page"): a miss renders
the page in ~7 ms against ~0.3 ms for a hit, and every process misses every token once per life. Why the
shared copy ("shared-pages": Redis or its own database table, keys holding the same generation): without it
every worker renders every page once; with it a page is rendered once, and a worker that has not kept it
reads it back (bench/README.md, "Shared result pages").
"""

import logging
import secrets

from django.core.cache import caches
from django.db import transaction

PAGES = "pages"
SHARED = "default"
# The same pages for every process and server (a page is rendered once, not once per worker).
SHARED_PAGES = "shared-pages"
GENERATION_KEY = "result-pages:generation"
logger = logging.getLogger(__name__)
# How long a process keeps a page it rendered (the generation makes it forget sooner when asked).
RESULT_PAGE_CACHE_SECONDS = 600
# How often a process asks the shared cache whether the pages were forgotten.
GENERATION_CHECK_SECONDS = 1


def generation() -> str:
    """The current generation: from this process's memory if read within the last second."""
    local = caches[PAGES]
    current = local.get(GENERATION_KEY)
    if current is None:
        current = _shared_generation()
        local.set(GENERATION_KEY, current, GENERATION_CHECK_SECONDS)
    return str(current)


def _shared_generation() -> str:
    shared = caches[SHARED]
    try:
        current = shared.get(GENERATION_KEY)
        if current is None:
            # Never seen, or the shared cache lost it (evicted, a Redis restart): a fresh random value, so
            # that pages kept under an earlier one can never match again. add() keeps a value another
            # process set first, and every process then uses the stored one.
            shared.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
            current = shared.get(GENERATION_KEY)
    except Exception as error:  # the shared cache is away: nothing kept may be trusted
        logger.warning("Result page generation unavailable: %s", error)
        current = None
    # Without a shared value, a fresh one of our own: this process renders afresh and keeps pages for
    # GENERATION_CHECK_SECONDS at most.
    return str(current or secrets.token_hex(8))


def page_key(*, token: str, weights_version: int | None, site: str) -> str:
    """Everything a result page depends on: the result, whether today's weights differ, the address in its
    share link, and the generation."""
    return f"result-page:{generation()}:{token}:{weights_version}:{site}"


def kept_page(key: str) -> str | None:
    """The page from this process's memory, or else as another process kept it (then kept here too)."""
    page = caches[PAGES].get(key)
    if isinstance(page, str):
        return page
    try:
        page = caches[SHARED_PAGES].get(key)
    except Exception as error:  # the shared copy is only a saving: render instead
        logger.warning("Shared result pages unavailable: %s", error)
        return None
    if not isinstance(page, str):
        return None
    caches[PAGES].set(key, page, RESULT_PAGE_CACHE_SECONDS)
    return page


def keep_page(key: str, page: str) -> None:
    caches[PAGES].set(key, page, RESULT_PAGE_CACHE_SECONDS)
    try:
        caches[SHARED_PAGES].set(key, page, RESULT_PAGE_CACHE_SECONDS)
    except Exception as error:
        logger.warning("Shared result pages unavailable: %s", error)


def forget_result_pages() -> None:
    """Every process stops showing the pages rendered so far, once the change commits (at once in
    autocommit): this one at once, the others within GENERATION_CHECK_SECONDS.

    The new generation is drawn after the commit, so that no process can render the old row again under it.
    """
    caches[PAGES].clear()
    # A generation of this process's own until it next reads the shared one: the shared copies of the old
    # pages are out of its reach at once, not only its own copies.
    caches[PAGES].set(GENERATION_KEY, secrets.token_hex(8), GENERATION_CHECK_SECONDS)
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    caches[PAGES].clear()
    try:
        caches[SHARED].set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception as error:
        # Other processes then keep their pages until RESULT_PAGE_CACHE_SECONDS ends, unless they find the
        # shared cache away too (then they keep nothing longer than GENERATION_CHECK_SECONDS).
        logger.error("Result page generation not renewed: %s", error)
