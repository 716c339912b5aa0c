"""Reading the active weight set, remembered per process for a moment.

Every recommendation, result page and step of the questionnaire needs the active set. Asking the database
each time cost a query per request, so each process remembers the answer for ``WEIGHTS_REFRESH_SECONDS``
(1 s by default). An activation in the admin therefore reaches every server within that time, with no
restart; the process that saved the change forgets at once (the signal handlers below). Set it to 0 to ask
the database on every call.

A set's JSON is only validated again when its row changed (its ``updated_at``).
"""

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from advisor.domain import Weights
from advisor.models import WeightSet
from advisor.weights import DEFAULT_WEIGHTS

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ActiveSet:
    weights: Weights
    # Both None when no set is active and the built-in defaults stand in.
    pk: int | None
    version: int | None
    checked_at: float


_parsed: dict[tuple[int, datetime], Weights] = {}
_remembered: ActiveSet | None = None
# A weight set was saved in a transaction that has not ended yet: read, but remember nothing, until it has
# (a rolled-back transaction sends no signal, so its end is noticed by leaving the atomic block).
_unsettled = False


def active_weights() -> Weights:
    return active_set().weights


def active_weights_version() -> int | None:
    return active_set().version


def active_set() -> ActiveSet:
    global _remembered, _unsettled
    if _unsettled and not transaction.get_connection().in_atomic_block:
        _unsettled = False
    remembered = _remembered
    now = time.monotonic()
    if remembered is not None and now - remembered.checked_at < settings.WEIGHTS_REFRESH_SECONDS:
        return remembered
    remembered = ActiveSet(*_read_active(), checked_at=now)
    if not _unsettled:
        _remembered = remembered
    return remembered


def forget_active_set() -> None:
    """The next call reads the database again."""
    global _remembered, _unsettled
    _remembered = None
    _unsettled = False


def _read_active() -> tuple[Weights, int | None, int | None]:
    row = (
        WeightSet.objects.filter(status=WeightSet.Status.ACTIVE)
        .values_list("pk", "updated_at", "version")
        .first()
    )
    if row is None:
        logger.error("No active weight set; using the built-in default weights.")
        return DEFAULT_WEIGHTS, None, None
    pk, updated_at, version = row
    cached = _parsed.get((pk, updated_at))
    if cached is not None:
        return cached, pk, version
    weights = WeightSet.objects.get(pk=pk).weights
    if len(_parsed) > 64:
        _parsed.clear()
    _parsed[(pk, updated_at)] = weights
    return weights, pk, version


@receiver(post_save, sender=WeightSet, dispatch_uid="advisor-forget-active-set-on-save")
@receiver(post_delete, sender=WeightSet, dispatch_uid="advisor-forget-active-set-on-delete")
def _weight_set_changed(**kwargs: Any) -> None:
    global _remembered, _unsettled
    _remembered = None
    _unsettled = True
    # In autocommit mode this runs at once.
    transaction.on_commit(forget_active_set)
