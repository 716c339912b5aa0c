"""The one scoring path: ``assess(values, weights)`` gives score and verdict for full or partial answers.

The recommendation, the live leaning, the what-if, the impact preview and the API all call it, so they
cannot disagree. The score is the importance-weighted mean of the leans of the answered factors (−1 all
organic, +1 all paid), exactly summed (``math.fsum``) and rounded to 4 decimals; two thresholds cut it.

Budget and hours move their lean smoothly: each band's lean holds at the middle of the band and the lean
runs in a straight line between neighbouring middles, so one more unit of money never jumps the advice.

Then the guards no weight can undo:
- a budget of 0 is organic-first;
- advice that includes ads must fund them with at least the workable minimum for the area they aim at
  (seed 004). If the paid share (at most ``PAID_CAP``) cannot reach it for the customer area, the advice
  becomes a blend aimed at the widest narrower area it can fund, or organic-first when none.
"""

import itertools
import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from typing import Any, NamedTuple

from advisor.domain import Weights
from advisor.vocabulary import CHOICE_ENUMS, Factor, Reach, Verdict, choices

SCORE_DECIMALS = 4

# The most of the budget that may go to ads under each verdict (the rest keeps organic work alive).
PAID_CAP: dict[Verdict, float] = {Verdict.BLENDED: 0.7, Verdict.SMM_FIRST: 0.9}
# Paid share of effort and money for each verdict, before the workable minimum raises it.
PAID_SHARE_BOUNDS: dict[Verdict, tuple[float, float]] = {
    Verdict.SMO_FIRST: (0.0, 0.0),
    Verdict.BLENDED: (0.3, 0.7),
    Verdict.SMM_FIRST: (0.6, 0.9),
}
# Areas from narrowest to widest; without an answer the ads are aimed at the narrowest.
AREAS: tuple[Reach, ...] = tuple(Reach)
VERDICT_RANK: dict[Verdict, int] = {Verdict.SMO_FIRST: 0, Verdict.BLENDED: 1, Verdict.SMM_FIRST: 2}

_OPTION_INDEX: dict[Factor, dict[str, int]] = {
    factor: {value: index for index, value in enumerate(choices(factor))} for factor in CHOICE_ENUMS
}


class Assessment(NamedTuple):
    score: float
    verdict: Verdict
    raw_verdict: Verdict  # what the score alone says, before the budget guards
    target: Reach | None  # the area ads are aimed at; None when no ads now
    answered: int


def anchors(bands: list[float]) -> list[float]:
    """Where each band's lean holds exactly: the middle of the band; the open top band as far above its
    lower bound as half the band below it (at least 1)."""
    points = [bands[0] / 2]
    points.extend((low + high) / 2 for low, high in itertools.pairwise(bands))
    below = bands[-2] if len(bands) > 1 else 0.0
    points.append(bands[-1] + max((bands[-1] - below) / 2, 1.0))
    return points


def smooth_lean(value: float, bands: list[float], leans: list[float]) -> float:
    """The lean of a number: straight lines between the band middles, flat beyond the outer ones."""
    points = anchors(bands)
    if value <= points[0]:
        return leans[0]
    if value >= points[-1]:
        return leans[-1]
    right = bisect_right(points, value)
    left = right - 1
    share = (value - points[left]) / (points[right] - points[left])
    return leans[left] + (leans[right] - leans[left]) * share


def band_index(value: float, bands: list[float]) -> int:
    """Bands are inclusive upper bounds: band i holds (bands[i-1], bands[i]]; the last band is open."""
    return bisect_left(bands, value)


def lean_of(factor: Factor, value: Any, weights: Weights) -> float:
    """The lean of one answer; KeyError/ValueError/TypeError for a value the vocabulary does not know."""
    if factor is Factor.MONTHLY_BUDGET:
        return smooth_lean(_number(value), weights.budget_bands, weights.leans[factor])
    if factor is Factor.WEEKLY_HOURS:
        return smooth_lean(_number(value), weights.hour_bands, weights.leans[factor])
    return weights.leans[factor][_OPTION_INDEX[factor][str(value)]]


def _number(value: Any) -> float:
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"not a usable amount: {value!r}")
    return number


def mean(products: list[float], importances: list[float]) -> float:
    """The score: the exactly-summed weighted mean, clamped to [−1, 1] and rounded to 4 decimals."""
    total = math.fsum(importances)
    if total <= 0:
        return 0.0
    return round(max(-1.0, min(1.0, math.fsum(products) / total)), SCORE_DECIMALS)


def threshold_verdict(score: float, weights: Weights) -> Verdict:
    if score < weights.smo_below:
        return Verdict.SMO_FIRST
    if score >= weights.smm_from:
        return Verdict.SMM_FIRST
    return Verdict.BLENDED


def workable_target(verdict: Verdict, budget: float, reach: Reach | None, weights: Weights) -> Reach | None:
    """The area ads can be aimed at with ``verdict``'s largest paid share of ``budget``, or None."""
    area = reach or AREAS[0]
    if budget * PAID_CAP[verdict] >= weights.min_ad_spend[area]:
        return area
    return None


def judge(
    score: float, budget: float | None, reach: Reach | None, weights: Weights
) -> tuple[Verdict, Reach | None]:
    """The verdict with the guards applied, and the area any ads aim at. ``budget`` None: not answered yet
    (the live leaning), so only the score speaks."""
    raw = threshold_verdict(score, weights)
    if budget is None:
        return raw, None if raw is Verdict.SMO_FIRST else reach
    if budget <= 0 or raw is Verdict.SMO_FIRST:
        return Verdict.SMO_FIRST, None
    area = workable_target(raw, budget, reach, weights)
    if area is not None:
        return raw, area
    # Not workable for the whole customer area: a blend aimed at the widest narrower area that is.
    wanted = AREAS.index(reach or AREAS[0])
    for narrower in reversed(AREAS[:wanted]):
        if budget * PAID_CAP[Verdict.BLENDED] >= weights.min_ad_spend[narrower]:
            return Verdict.BLENDED, narrower
    return Verdict.SMO_FIRST, None


def terms(values: Mapping[str, Any], weights: Weights) -> tuple[list[float], list[float]]:
    """(importance × lean, importance) of every answered factor, in ``Factor`` order."""
    products: list[float] = []
    importances: list[float] = []
    for factor in Factor:
        value = values.get(factor.value)
        if value is None or value == "":
            continue
        importance = weights.importance[factor]
        products.append(importance * lean_of(factor, value, weights))
        importances.append(importance)
    return products, importances


def assess(values: Mapping[str, Any], weights: Weights) -> Assessment:
    """Score and verdict of answers given as plain values (an ``Answers`` dump, a stored row or the
    answers so far). Raises KeyError/ValueError/TypeError for a value the vocabulary does not know."""
    products, importances = terms(values, weights)
    value = mean(products, importances)
    budget_value = values.get(Factor.MONTHLY_BUDGET.value)
    budget = None if budget_value is None or budget_value == "" else _number(budget_value)
    reach_value = values.get(Factor.REACH.value)
    reach = Reach(reach_value) if reach_value else None
    verdict, target = judge(value, budget, reach, weights)
    return Assessment(value, verdict, threshold_verdict(value, weights), target, len(products))
