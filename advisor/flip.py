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
from advisor.verdict import (
    AREAS,
    PAID_CAP,
    Assessment,
    band_index,
    guard,
    interpolate,
    judge,
    lean_of,
    score_of,
    table,
)
from advisor.vocabulary import MAX_MONTHLY_BUDGET, MAX_WEEKLY_HOURS, Factor, Reach, Verdict

# Within this distance of a threshold a quick sum could round to the other side: sum exactly there.
_NEAR = 1e-3
_FACTORS: dict[str, Factor] = {factor.value: factor for factor in Factor}
# The flip and up to two alternatives.
MAX_FLIPS = 3
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
# A budget change is reasonable up to this many times today's budget (see _candidates).
BUDGET_STRETCH = 3
# Hours a week an owner can reasonably add: up to three times today's, or this many.
HOURS_STRETCH = 3
HOURS_FLOOR = 10.0


class _Scorer:
    """The current answers' terms, re-judged with one answer changed (by ``advisor.verdict``'s own
    ``mean`` and ``judge``, so a flip's verdict is the one ``recommend`` gives for the changed answers)."""

    def __init__(self, answers: Answers, weights: Weights) -> None:
        self.weights = weights
        self.table = table(weights)
        self.budget = answers.monthly_budget
        self.reach = answers.reach
        self.terms: dict[str, tuple[float, float]] = {}
        for name, options in self.table.choices:
            value = getattr(answers, name)
            if value is not None:
                self.terms[name] = options[value]
        for name, points, leans, importance in self.table.numeric:
            value = getattr(answers, name)
            if value is not None:
                self.terms[name] = (importance * interpolate(value, points, leans), importance)
        self._others: dict[str, tuple[list[float], list[float], float, float]] = {}
        # With the budget and the area unchanged, the verdict follows from the score's raw verdict alone.
        self._guarded = {raw: guard(raw, self.budget, self.reach, weights)[0] for raw in Verdict}
        self._options = self.table.choice_map

    def others(self, name: str, importance: float) -> tuple[list[float], list[float]]:
        """The products and importances of every other answer, plus this factor's importance."""
        found = self._others.get(name)
        if found is None:
            products = [term[0] for other, term in self.terms.items() if other != name]
            importances = [term[1] for other, term in self.terms.items() if other != name]
            importances.append(importance)
            found = self._others[name] = (products, importances, math.fsum(importances), math.fsum(products))
        return found[0], found[1]

    def verdict_with(self, factor: Factor, value: Any) -> Verdict:
        name = factor._value_  # a plain attribute: .value is a slow descriptor, and this runs often
        options = self._options.get(name)
        if options is not None:
            product, importance = options[value]
        else:
            importance = self.weights.importance[factor]
            product = importance * lean_of(factor, value, self.weights)
        found = self._others.get(name)
        if found is None:
            self.others(name, importance)
            found = self._others[name]
        products, _, total, others_sum = found
        # A quick sum decides the side of each threshold when it is well clear of them (the rounding to 4
        # decimals cannot move it across); near one, the exact sum and rounding advisor.verdict.mean uses
        # decides, so the verdict is always the one recommend() gives.
        derived = self.table
        score = (others_sum + product) / total if total > 0 else 0.0
        if abs(score - derived.smo_below) < _NEAR or abs(score - derived.smm_from) < _NEAR:
            score = score_of(math.fsum([*products, product]), total)
        if factor is not Factor.MONTHLY_BUDGET and factor is not Factor.REACH:
            raw = (
                Verdict.SMO_FIRST
                if score < derived.smo_below
                else (Verdict.SMM_FIRST if score >= derived.smm_from else Verdict.BLENDED)
            )
            return self._guarded[raw]
        budget = float(value) if factor is Factor.MONTHLY_BUDGET else self.budget
        reach = Reach(value) if factor is Factor.REACH else self.reach
        return judge(score, budget, reach, self.weights)[0]

    def budget_target(self, amount: float) -> Reach | None:
        """The area ads would aim at with this budget (the other answers unchanged)."""
        importance = self.weights.importance[Factor.MONTHLY_BUDGET]
        products, importances = self.others(Factor.MONTHLY_BUDGET.value, importance)
        product = importance * lean_of(Factor.MONTHLY_BUDGET, amount, self.weights)
        score = score_of(math.fsum([*products, product]), math.fsum(importances))
        return judge(score, amount, self.reach, self.weights)[1]

    def events(self, factor: Factor) -> list[float]:
        """Amounts where the verdict can change: where the score meets a threshold and, for the budget,
        where a workable ad minimum (for the customer area or a narrower one) becomes fundable."""
        budget = factor is Factor.MONTHLY_BUDGET
        _, points, leans, importance = self.table.numeric[0 if budget else 1]
        events = []
        if budget:
            reach = AREAS.index(self.reach) if self.reach is not None else 0
            events = [
                minimum / cap for minimum in self.table.minimums[: reach + 1] for cap in PAID_CAP.values()
            ]
        if importance > 0:
            products, importances = self.others(factor.value, importance)
            others_sum, total = math.fsum(products), math.fsum(importances)
            sign = 1.0 if budget else -1.0  # hours lean toward organic as they grow
            for threshold in (self.table.smo_below, self.table.smm_from):
                needed = sign * (threshold * total - others_sum) / importance
                amount = amount_for_lean(needed, points, [sign * lean for lean in leans])
                if amount is not None:
                    events.append(amount)
        return sorted(events)


def amount_for_lean(lean: float, points: list[float], leans: list[float]) -> float | None:
    """The smallest amount whose (non-decreasing, interpolated) lean reaches ``lean``, or None."""
    if lean <= leans[0]:
        return 0.0
    for left in range(len(points) - 1):
        low, high = leans[left], leans[left + 1]
        if low < lean <= high:
            return points[left] + (lean - low) / (high - low) * (points[left + 1] - points[left])
    return None


def _first_change(lo: int, hi: int, differs: Callable[[int], bool], hints: list[float]) -> int | None:
    """The smallest whole number in [lo, hi] where ``differs`` holds, for a predicate that, once true,
    stays true as the number grows (the verdict is monotone in budget and hours). ``hints``: ascending
    amounts where the verdict may change; it cannot change between two of them."""
    if lo > hi:
        return None
    points = sorted({min(hi, max(lo, math.ceil(hint))) for hint in hints}) or [hi]
    # The first hint where the predicate holds, by bisection over the hints (the predicate is monotone).
    left, right = 0, len(points)
    while left < right:
        middle = (left + right) // 2
        if differs(points[middle]):
            right = middle
        else:
            left = middle + 1
    if left == len(points):
        # Rounding to 4 decimals can move a change just past the last hint: check the far end.
        return _bisect_first(points[-1], hi, differs) if differs(hi) else None
    amount = points[left]
    if amount > lo and differs(amount - 1):
        # Rounding moved the change below the hint: find it exactly.
        return _bisect_first(lo, amount - 1, differs)
    return amount


def _bisect_first(lo: int, hi: int, differs: Callable[[int], bool]) -> int:
    """Smallest number in [lo, hi] where ``differs`` holds; it holds at ``hi``."""
    while lo < hi:
        middle = (lo + hi) // 2
        if differs(middle):
            hi = middle
        else:
            lo = middle + 1
    return lo


def _last_change(lo: int, hi: int, differs: Callable[[int], bool], hints: list[float]) -> int | None:
    """The largest whole number in [lo, hi] where ``differs`` holds, for a predicate true at the low end
    if anywhere; ``hints`` as for ``_first_change`` (a change at hint h is last held at h − 1)."""
    if lo > hi:
        return None
    points = sorted({min(hi, max(lo, math.ceil(hint) - 1)) for hint in hints}) or [lo]
    # The last hint where the predicate holds, by bisection.
    left, right = -1, len(points) - 1
    while left < right:
        middle = (left + right + 1) // 2
        if differs(points[middle]):
            left = middle
        else:
            right = middle - 1
    if left < 0:
        # Rounding can move a change just before the first hint: check the near end.
        return _bisect_last(lo, points[0], differs) if differs(lo) else None
    amount = points[left]
    if amount < hi and differs(amount + 1):
        return _bisect_last(amount + 1, hi, differs)
    return amount


def _bisect_last(lo: int, hi: int, differs: Callable[[int], bool]) -> int:
    """Largest number in [lo, hi] where ``differs`` holds; it holds at ``lo``."""
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

    hints = scorer.events(factor)
    # More money leans toward paid, more hours toward organic: only one way can leave an end verdict.
    toward_paid = factor is Factor.MONTHLY_BUDGET
    can_rise = verdict is not (Verdict.SMM_FIRST if toward_paid else Verdict.SMO_FIRST)
    can_fall = verdict is not (Verdict.SMO_FIRST if toward_paid else Verdict.SMM_FIRST)
    found = []
    up = _first_change(math.floor(current) + 1, int(ceiling), differs, hints) if can_rise else None
    if up is not None:
        found.append((float(up), up - current))
    down = _last_change(0, math.ceil(current) - 1, differs, hints) if can_fall else None
    if down is not None:
        found.append((float(down), current - down))
    return found


def _choice_candidates(
    scorer: _Scorer, factor: Factor, current: str | None, verdict: Verdict
) -> list[tuple[str, float]]:
    if factor is not Factor.REACH and _cannot_flip(scorer, factor, verdict):
        return []
    options = list(scorer._options[factor._value_])  # the options, in vocabulary order
    here = None if current is None else options.index(current)
    forward_only = factor is Factor.PROFILES or factor is Factor.AUDIENCE  # see FORWARD_ONLY
    found = []
    for index, option in enumerate(options):
        if index == here:
            continue
        if forward_only and (index < len(options) - 1 if here is None else index < here):
            continue  # unanswered: only the best state is an action; answered: only forward
        if scorer.verdict_with(factor, option) is not verdict:
            found.append((option, 1.0 if here is None else float(abs(index - here))))
    return found


def _cannot_flip(scorer: _Scorer, factor: Factor, verdict: Verdict) -> bool:
    """True when neither the factor's most organic nor its most paid lean changes the verdict: the
    verdict is monotone in the score (the budget and area staying put), so no option in between can."""
    name = factor._value_
    options = scorer._options[name]
    importance = next(iter(options.values()))[1]
    scorer.others(name, importance)
    _, _, total, others_sum = scorer._others[name]
    if total <= 0:
        return False
    derived = scorer.table
    for product in derived.extremes[name]:
        # A quick score is enough away from the thresholds; near one, leave it to the exact check.
        score = (others_sum + product) / total
        if abs(score - derived.smo_below) < _NEAR or abs(score - derived.smm_from) < _NEAR:
            return False
        raw = (
            Verdict.SMO_FIRST
            if score < derived.smo_below
            else (Verdict.SMM_FIRST if score >= derived.smm_from else Verdict.BLENDED)
        )
        if scorer._guarded[raw] is not verdict:
            return False
    return True


def find_flips(answers: Answers, assessment: Assessment, weights: Weights, currency: str) -> list[Flip]:
    """The best flip first, then up to two alternatives on other answers; empty when nothing an owner can
    reasonably change would give other advice."""
    scorer = _Scorer(answers, weights)
    verdict = assessment.verdict
    best_per_factor: list[tuple[int, int, tuple[Factor, Any, Verdict]]] = []
    for rank, factor in enumerate(PREFERENCE):
        if sum(1 for found in best_per_factor if found[0] == 1) >= MAX_FLIPS:
            break  # later factors rank lower and take at least one step: they cannot make the top three
        candidates = _candidates(scorer, factor, answers, weights, verdict)
        if not candidates:
            continue
        value, distance = min(candidates, key=lambda candidate: candidate[1])
        steps = _steps(factor, value, distance, answers, weights)
        best_per_factor.append((steps, rank, (factor, value, scorer.verdict_with(factor, value))))
    best_per_factor.sort(key=lambda item: (item[0], item[1]))
    flips = []
    for steps, _, (factor, value, new_verdict) in best_per_factor[:MAX_FLIPS]:
        target = scorer.budget_target(float(value)) if factor is Factor.MONTHLY_BUDGET else None
        message = flip_message(factor, value, new_verdict, answers, weights, currency, target)
        flips.append(Flip(field=factor, value=value, verdict=new_verdict, steps=steps, message=message))
    return flips


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
        # Reasonable: a few times today's budget, or twice what it takes to fund ads for the area.
        workable = weights.min_ad_spend[answers.reach or Reach.LOCAL] / PAID_CAP[Verdict.BLENDED]
        ceiling = min(MAX_MONTHLY_BUDGET, max(BUDGET_STRETCH * budget, 2 * workable))
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
