"""Reading the active weight set, remembered per process for a moment through Django's cache framework.

Every recommendation, result page and step of the questionnaire needs the active set. A query and a
validation of its JSON cost about 15 times a read from the local-memory cache "weights" (0.6 ms against
40 µs on the development machine); in bench/load the result page and the API answer 1.6-2x as many
requests with it as with WEIGHTS_REFRESH_SECONDS=0 (bench/README.md). So each process remembers the set for
``WEIGHTS_REFRESH_SECONDS``
(1 s by default): an activation in the admin reaches every server within that time, with no restart, and
the process that saved it forgets at once when the change commits (``WeightSet.save``). Set it to 0 to ask
the database on every call.
"""

import logging
from dataclasses import dataclass

from django.conf import settings

from advisor.active_cache import KEY, UNSETTLED, weights_cache
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


def active_weights() -> Weights:
    return active_set().weights


def active_weights_version() -> int | None:
    return active_set().version


def active_set() -> ActiveSet:
    cache = weights_cache()
    remembered = cache.get(KEY)
    if isinstance(remembered, ActiveSet):
        return remembered
    current = _read_active()
    if remembered != UNSETTLED:
        cache.set(KEY, current, timeout=settings.WEIGHTS_REFRESH_SECONDS)
    return current


def _read_active() -> ActiveSet:
    active = WeightSet.objects.filter(status=WeightSet.Status.ACTIVE).only("pk", "version", "data").first()
    if active is None:
        logger.error("No active weight set; using the built-in default weights.")
        return ActiveSet(DEFAULT_WEIGHTS, None, None)
    return ActiveSet(active.weights, active.pk, active.version)
