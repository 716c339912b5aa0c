"""What would change the advice: the smallest single change an owner can act on, plus alternatives.

Only answers an owner can choose may move: the budget, the weekly hours, the time to results, the
profiles and the audience (only forward: they can be improved, not unlearned), the area the ads aim at and
the goal. Never the business stage and never less experience. Every candidate is judged by the same
``advisor.verdict`` functions as the advice itself, so posting a flip's answer gives the flip's verdict.
"""

import math
from collections.abc import Callable
from typing import Any

from advisor.domain import Answers, Flip, Weights
from advisor.flip_words import flip_message
from advisor.verdict import Assessment, band_index, judge, lean_of, mean
from advisor.vocabulary import MAX_MONTHLY_BUDGET, MAX_WEEKLY_HOURS, Factor, Reach, Verdict, choices

# Ties on steps go to the answer that is easiest to change.
PREFERENCE: tuple[Factor, ...] = (
    Factor.MONTHLY_BUDGET,
    Factor.WEEKLY_HOURS,
    Factor.HORIZON,
    Factor.PROFILES,
    Factor.AUDIENCE,
    Factor.REACH,
    Factor.GOAL,
)
# Answers that can only get better: the flip never asks for worse profiles or a vaguer audience.
FORWARD_ONLY: frozenset[Factor] = frozenset({Factor.PROFILES, Factor.AUDIENCE})
# A budget change is reasonable up to this many times today's budget (or the area's workable minimum).
BUDGET_STRETCH = 5
# Hours a week an owner can reasonably add: up to three times today's, or this many.
HOURS_STRETCH = 3
HOURS_FLOOR = 10.0


class _Scorer:
    """The current answers' terms, re-judged with one answer changed."""

    def __init__(self, answers: Answers, weights: Weights) -> None:
        self.weights = weights
        self.values: dict[str, Any] = answers.model_dump(exclude_none=True)
        self.terms: dict[Factor, tuple[float, float]] = {}
        for factor in Factor:
            value = self.values.get(factor.value)
            if value is not None:
                importance = weights.importance[factor]
                self.terms[factor] = (importance * lean_of(factor, value, weights), importance)

    def verdict_with(self, factor: Factor, value: Any) -> Verdict:
        weights = self.weights
        importance = weights.importance[factor]
        products = [term[0] for other, term in self.terms.items() if other is not factor]
        importances = [term[1] for other, term in self.terms.items() if other is not factor]
        products.append(importance * lean_of(factor, value, weights))
        importances.append(importance)
        budget = value if factor is Factor.MONTHLY_BUDGET else self.values[Factor.MONTHLY_BUDGET.value]
        reach_value = value if factor is Factor.REACH else self.values.get(Factor.REACH.value)
        reach = Reach(reach_value) if reach_value else None
        return judge(mean(products, importances), float(budget), reach, weights)[0]


def _first_change(lo: int, hi: int, differs: Callable[[int], bool]) -> int | None:
    """The smallest whole number in [lo, hi] where ``differs`` holds, for a predicate that, once true,
    stays true as the number grows (the verdict is monotone in budget and hours)."""
    if lo > hi or not differs(hi):
        return None
    while lo < hi:
        middle = (lo + hi) // 2
        if differs(middle):
            hi = middle
        else:
            lo = middle + 1
    return lo


def _last_change(lo: int, hi: int, differs: Callable[[int], bool]) -> int | None:
    """The largest whole number in [lo, hi] where ``differs`` holds, for a predicate true at the low end."""
    if lo > hi or not differs(lo):
        return None
    while lo < hi:
        middle = (lo + hi + 1) // 2
        if differs(middle):
            lo = middle
        else:
            hi = middle - 1
    return lo


def _numeric_candidates(
    scorer: _Scorer, factor: Factor, current: float, verdict: Verdict, ceiling: float
) -> list[tuple[float, float]]:
    """(amount, distance) of the nearest whole amount above and below today's that changes the verdict."""

    def differs(amount: int) -> bool:
        return scorer.verdict_with(factor, float(amount)) is not verdict

    found = []
    up = _first_change(math.floor(current) + 1, int(ceiling), differs)
    if up is not None:
        found.append((float(up), up - current))
    down = _last_change(0, math.ceil(current) - 1, differs)
    if down is not None:
        found.append((float(down), current - down))
    return found


def _choice_candidates(
    scorer: _Scorer, factor: Factor, current: str | None, verdict: Verdict
) -> list[tuple[str, float]]:
    options = choices(factor)
    here = None if current is None else options.index(current)
    found = []
    for index, option in enumerate(options):
        if index == here:
            continue
        if factor in FORWARD_ONLY and (index < len(options) - 1 if here is None else index < here):
            continue  # unanswered: only the best state is an action; answered: only forward
        if scorer.verdict_with(factor, option) is not verdict:
            found.append((option, 1.0 if here is None else float(abs(index - here))))
    return found


def find_flips(answers: Answers, assessment: Assessment, weights: Weights, currency: str) -> list[Flip]:
    """The best flip first, then up to two alternatives on other answers; empty when nothing an owner can
    reasonably change would give other advice."""
    scorer = _Scorer(answers, weights)
    verdict = assessment.verdict
    best_per_factor: list[tuple[float, int, Flip]] = []
    for rank, factor in enumerate(PREFERENCE):
        candidates = _candidates(scorer, factor, answers, weights, verdict)
        if not candidates:
            continue
        value, distance = min(candidates, key=lambda candidate: candidate[1])
        flip = Flip(
            field=factor,
            value=value,
            verdict=scorer.verdict_with(factor, value),
            steps=_steps(factor, value, distance, answers, weights),
        )
        best_per_factor.append((flip.steps, rank, flip))
    best_per_factor.sort(key=lambda item: (item[0], item[1]))
    return [
        flip.model_copy(update={"message": flip_message(flip, answers, weights, currency)})
        for _, _, flip in best_per_factor[:3]
    ]


def _steps(factor: Factor, value: Any, distance: float, answers: Answers, weights: Weights) -> int:
    """Options moved along a question; for money and hours the band boundaries crossed (at least 1)."""
    if factor is Factor.MONTHLY_BUDGET:
        moved = band_index(float(value), weights.budget_bands) - band_index(
            answers.monthly_budget, weights.budget_bands
        )
        return max(1, abs(moved))
    if factor is Factor.WEEKLY_HOURS:
        hours = answers.weekly_hours or 0.0
        return max(
            1, abs(band_index(float(value), weights.hour_bands) - band_index(hours, weights.hour_bands))
        )
    return max(1, round(distance))


def _candidates(
    scorer: _Scorer, factor: Factor, answers: Answers, weights: Weights, verdict: Verdict
) -> list[tuple[Any, float]]:
    if factor is Factor.MONTHLY_BUDGET:
        budget = answers.monthly_budget
        minimum = weights.min_ad_spend[answers.reach or Reach.LOCAL]
        ceiling = min(MAX_MONTHLY_BUDGET, BUDGET_STRETCH * max(budget, minimum))
        return [
            (amount, distance)
            for amount, distance in _numeric_candidates(scorer, factor, budget, verdict, ceiling)
        ]
    if answers.monthly_budget <= 0:
        return []  # with no budget nothing but the budget changes the advice
    if factor is Factor.WEEKLY_HOURS:
        if answers.weekly_hours is None:
            return []
        ceiling = min(MAX_WEEKLY_HOURS, max(HOURS_FLOOR, HOURS_STRETCH * answers.weekly_hours))
        return _numeric_candidates(scorer, factor, answers.weekly_hours, verdict, ceiling)
    current = getattr(answers, factor.value)
    return list(_choice_candidates(scorer, factor, None if current is None else str(current), verdict))
