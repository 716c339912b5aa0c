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
# Each area's place in AREAS; not answered (None) is planned as the narrowest.
AREA_INDEX: dict[Reach | None, int] = {None: 0, **{reach: index for index, reach in enumerate(AREAS)}}
_SMO, _BLENDED, _SMM = Verdict.SMO_FIRST, Verdict.BLENDED, Verdict.SMM_FIRST
_BLENDED_CAP, _SMM_CAP = PAID_CAP[_BLENDED], PAID_CAP[_SMM]
VERDICT_RANK: dict[Verdict, int] = {Verdict.SMO_FIRST: 0, Verdict.BLENDED: 1, Verdict.SMM_FIRST: 2}

_REACHES: dict[str, Reach] = {reach.value: reach for reach in Reach}
_OPTION_INDEX: dict[Factor, dict[str, int]] = {
    factor: {value: index for index, value in enumerate(choices(factor))} for factor in CHOICE_ENUMS
}


class Assessment(NamedTuple):
    score: float
    verdict: Verdict
    raw_verdict: Verdict  # what the score alone says, before the budget guards
    target: Reach | None  # the area ads are aimed at; None when no ads now
    answered: int
    # (importance × lean, importance) per answered factor, and their exact sums: what the score was made
    # of, kept so that the flip search starts from it instead of working it out again.
    terms: dict[str, tuple[float, float]] = {}
    weighted_sum: float = 0.0
    total_importance: float = 0.0


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
    return interpolate(value, anchors(bands), leans)


def band_index(value: float, bands: list[float]) -> int:
    """Bands are inclusive upper bounds: band i holds (bands[i-1], bands[i]]; the last band is open."""
    return bisect_left(bands, value)


class ScoringTable:
    """What scoring needs from one weight set, derived once and kept on the set itself."""

    __slots__ = (
        "choice_search",
        "choices",
        "flips",
        "minimums",
        "numeric",
        "rows",
        "smm_from",
        "smo_below",
        "weights",
        "workable_steps",
    )

    def __init__(self, weights: Weights) -> None:
        self.weights = weights  # the set it was derived from (see table())
        # (answer name, {option: (importance × lean, importance)}) per choice factor.
        self.choices: list[tuple[str, dict[str, tuple[float, float]]]] = [
            (
                factor.value,
                {
                    option: (weights.importance[factor] * lean, weights.importance[factor])
                    for option, lean in zip(choices(factor), weights.leans[factor], strict=True)
                },
            )
            for factor in CHOICE_ENUMS
        ]
        # Contribution rows of choice answers, reused between recommendations (frozen, plain values);
        # see advisor.reasons. Bounded: a few options × contributions × verdicts.
        self.rows: dict[tuple[str, str, int, Verdict, Verdict], Any] = {}
        # Flips to another option of a choice answer, reused likewise (see advisor.flip): their sentence
        # names only the option, today's answer and the verdict. Bounded: options² × verdicts × steps.
        self.flips: dict[tuple[str, str, str | None, Verdict, int], Any] = {}
        # Per choice factor, for the flip search: (importance, the lowest and the highest importance × lean,
        # i.e. what one change can do at most, the options in vocabulary order with their importance × lean,
        # and each option's place in that order).
        self.choice_search: dict[
            str, tuple[float, float, float, tuple[tuple[str, float], ...], dict[str, int]]
        ] = {
            name: (
                weights.importance[Factor(name)],
                min(product for product, _ in options.values()),
                max(product for product, _ in options.values()),
                tuple((option, product) for option, (product, _) in options.items()),
                {option: index for index, option in enumerate(options)},
            )
            for name, options in self.choices
        }
        self.smo_below = weights.smo_below
        self.smm_from = weights.smm_from
        self.minimums: tuple[float, ...] = tuple(weights.min_ad_spend[area] for area in AREAS)
        # Per customer area (None: not answered, the narrowest), the budgets at which the workable ad
        # minimum of that area or a narrower one becomes fundable under either paid verdict.
        self.workable_steps: dict[Reach | None, tuple[float, ...]] = {
            area: tuple(
                minimum / cap
                for minimum in self.minimums[: AREA_INDEX[area] + 1]
                for cap in PAID_CAP.values()
            )
            for area in (None, *AREAS)
        }
        # (answer name, band middles, leans, importance) per numeric factor.
        self.numeric: list[tuple[str, list[float], list[float], float]] = [
            (factor.value, anchors(bands), list(weights.leans[factor]), weights.importance[factor])
            for factor, bands in (
                (Factor.MONTHLY_BUDGET, weights.budget_bands),
                (Factor.WEEKLY_HOURS, weights.hour_bands),
            )
        ]


def table(weights: Weights) -> "ScoringTable":
    found: ScoringTable = weights.table
    if found.weights is not weights:
        # model_copy() copies the cached table of the original along with the fields: derive it again.
        found = ScoringTable(weights)
        weights.__dict__["table"] = found
    return found


def interpolate(value: float, points: list[float], leans: list[float]) -> float:
    if value <= points[0]:
        return leans[0]
    if value >= points[-1]:
        return leans[-1]
    right = bisect_right(points, value)
    left = right - 1
    return leans[left] + (leans[right] - leans[left]) * (
        (value - points[left]) / (points[right] - points[left])
    )


def lean_of(factor: Factor, value: Any, weights: Weights) -> float:
    """The lean of one answer; KeyError/ValueError/TypeError for a value the vocabulary does not know."""
    if factor is Factor.MONTHLY_BUDGET or factor is Factor.WEEKLY_HOURS:
        _, points, leans, _ = table(weights).numeric[0 if factor is Factor.MONTHLY_BUDGET else 1]
        return interpolate(_number(value), points, leans)
    return weights.leans[factor][_OPTION_INDEX[factor][str(value)]]


def _number(value: Any) -> float:
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"not a usable amount: {value!r}")
    return number


def mean(products: list[float], importances: list[float]) -> float:
    """The score: the exactly-summed weighted mean, clamped to [−1, 1] and rounded to 4 decimals."""
    return score_of(math.fsum(products), math.fsum(importances))


def score_of(weighted_sum: float, total: float) -> float:
    """The score from the exact sums (``math.fsum``) of importance × lean and of importance."""
    if total <= 0:
        return 0.0
    return round(max(-1.0, min(1.0, weighted_sum / total)), SCORE_DECIMALS)


def threshold_verdict(score: float, weights: Weights) -> Verdict:
    derived = table(weights)
    if score < derived.smo_below:
        return _SMO
    if score >= derived.smm_from:
        return _SMM
    return _BLENDED


def judge(
    score: float, budget: float | None, reach: Reach | None, weights: Weights
) -> tuple[Verdict, Reach | None]:
    """The verdict with the guards applied, and the area any ads aim at. ``budget`` None: not answered yet
    (the live leaning), so only the score speaks."""
    derived = table(weights)
    raw = _SMO if score < derived.smo_below else _SMM if score >= derived.smm_from else _BLENDED
    return guard(raw, budget, reach, weights)


def guard(
    raw: Verdict, budget: float | None, reach: Reach | None, weights: Weights
) -> tuple[Verdict, Reach | None]:
    """The guards on the verdict the score alone gives (see the module's docstring)."""
    if budget is None:
        return raw, None if raw is _SMO else reach
    if budget <= 0 or raw is _SMO:
        return _SMO, None
    wanted = AREA_INDEX[reach]
    minimums = table(weights).minimums
    if budget * (_SMM_CAP if raw is _SMM else _BLENDED_CAP) >= minimums[wanted]:
        return raw, AREAS[wanted]
    # Not workable for the whole customer area: a blend aimed at the widest narrower area that is.
    for narrower in range(wanted - 1, -1, -1):
        if budget * _BLENDED_CAP >= minimums[narrower]:
            return _BLENDED, AREAS[narrower]
    return _SMO, None


def terms(values: Mapping[str, Any], weights: Weights) -> tuple[list[float], list[float]]:
    """(importance × lean, importance) of every answered factor."""
    found = named_terms(values, weights).values()
    return [term[0] for term in found], [term[1] for term in found]


def named_terms(values: Mapping[str, Any], weights: Weights) -> dict[str, tuple[float, float]]:
    """(importance × lean, importance) of every answered factor, by answer name."""
    found: dict[str, tuple[float, float]] = {}
    derived = table(weights)
    for name, options in derived.choices:
        value = values.get(name)
        if value is None or value == "":
            continue
        found[name] = options[value]
    for name, points, leans, importance in derived.numeric:
        value = values.get(name)
        if value is None or value == "":
            continue
        found[name] = (importance * interpolate(_number(value), points, leans), importance)
    return found


def assess(values: Mapping[str, Any], weights: Weights) -> Assessment:
    """Score and verdict of answers given as plain values (an ``Answers`` dump, a stored row or the
    answers so far). Raises KeyError/ValueError/TypeError for a value the vocabulary does not know."""
    found = named_terms(values, weights)
    weighted_sum = math.fsum([term[0] for term in found.values()])
    total = math.fsum([term[1] for term in found.values()])
    value = score_of(weighted_sum, total)
    budget_value = values.get("monthly_budget")
    budget = None if budget_value is None or budget_value == "" else _number(budget_value)
    reach_value = values.get("reach")
    reach = _REACHES[reach_value] if reach_value else None
    verdict, target = judge(value, budget, reach, weights)
    raw = verdict if verdict is not _SMO or budget is None else threshold_verdict(value, weights)
    return Assessment(value, verdict, raw, target, len(found), found, weighted_sum, total)
