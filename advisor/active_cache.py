"""Where each process remembers which weight set is active: the "weights" cache (local memory).

Kept apart from advisor.selectors so that the model can forget the remembered set when it is saved without
importing the selectors that import it.
"""

from django.core.cache import BaseCache, caches
from django.db import transaction

CACHE_ALIAS = "weights"
KEY = "active-weight-set"
# Stored while a transaction that changed a weight set is open: its readers may see data that is rolled
# back, so nothing is remembered until it commits (or, if it rolls back, until this many seconds pass).
UNSETTLED = "unsettled"
UNSETTLED_SECONDS = 30


def weights_cache() -> BaseCache:
    return caches[CACHE_ALIAS]


def forget_active_set() -> None:
    """The next call reads the database again."""
    weights_cache().delete(KEY)


def active_set_changed() -> None:
    """A weight set was saved or deleted: remember nothing until that is committed, then read afresh."""
    weights_cache().set(KEY, UNSETTLED, timeout=UNSETTLED_SECONDS)
    transaction.on_commit(forget_active_set)  # at once in autocommit mode
