"""Reading the active weight set: one small query per call, parsed weights cached per process.

The active set's row is looked up every time (so an activation in the admin takes effect on the next
request, on every server, with no restart), but its JSON is only validated again when the row changed.
"""

import logging
from datetime import datetime

from advisor.domain import Weights
from advisor.models import WeightSet
from advisor.weights import DEFAULT_WEIGHTS

logger = logging.getLogger(__name__)

_parsed: dict[tuple[int, datetime], Weights] = {}


def active_weights() -> Weights:
    row = WeightSet.objects.filter(status=WeightSet.Status.ACTIVE).values_list("pk", "updated_at").first()
    if row is None:
        logger.error("No active weight set; using the built-in default weights.")
        return DEFAULT_WEIGHTS
    cached = _parsed.get(row)
    if cached is not None:
        return cached
    weights = WeightSet.objects.get(pk=row[0]).weights
    if len(_parsed) > 64:
        _parsed.clear()
    _parsed[row] = weights
    return weights
