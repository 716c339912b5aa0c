"""What would change the advice: the smallest single change an owner can act on, plus alternatives.

Only answers an owner can choose may move: the budget, the weekly hours, the time to results, the
profiles and the audience (only forward: they can be improved, not unlearned), the area the ads aim at and
the goal. Never the business stage and never less experience. Every candidate is judged by the same
``advisor.verdict`` functions as the advice itself, so posting a flip's answer gives the flip's verdict.
"""

import math
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from advisor.domain import Answers, Flip, Weights
from advisor.flip_words import flip_message
from advisor.verdict import (
    PAID_CAP,
    SCORE_DECIMALS,
    Assessment,
    band_index,
    guard,
    interpolate,
    lean_of,
    score_of,
    table,
)
from advisor.vocabulary import MAX_MONTHLY_BUDGET, MAX_WEEKLY_HOURS, Factor, Reach, Verdict

# Within this distance of a threshold a quick sum could round to the other side: sum exactly there.
# Rounding to 4 decimals moves a score by at most 0.5e-4, a quick sum differs from the exact one by a few
# ulps, so twice the rounding step is a safe margin.
_NEAR = 1e-4
_HALF_STEP = 0.5 * 10**-SCORE_DECIMALS
_AREAS_BY_NAME: dict[str, Reach] = {reach.value: reach for reach in Reach}
# Enum members named once: reading one from its class costs a slow lookup in Python 3.11 (EnumType
# defines __getattr__), and these are read many times a recommendation.
_SMO, _BLENDED, _SMM = Verdict.SMO_FIRST, Verdict.BLENDED, Verdict.SMM_FIRST
_BUDGET, _HOURS, _REACH = Factor.MONTHLY_BUDGET, Factor.WEEKLY_HOURS, Factor.REACH
_PROFILES, _AUDIENCE, _LOCAL = Factor.PROFILES, Factor.AUDIENCE, Reach.LOCAL
_DISTANCE = itemgetter(1)  # of a candidate
_STEPS_THEN_RANK = itemgetter(0, 1)
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
    """The current answers' terms, re-judged with one answer changed: the score by ``advisor.verdict``'s
    rule (the importance-weighted mean, exactly summed and rounded) and the verdict by its ``guard``, so a
    flip's verdict is the one ``recommend`` gives for the changed answers.

    A quick sum decides the side of each threshold when the score is well clear of it (within a few ulps
    of the exact mean, so the rounding to 4 decimals cannot move it across); within ``_NEAR`` of one, the
    exact sum and rounding of ``advisor.verdict.mean`` decide. What does not depend on the candidate (the
    other answers' sums, the guarded verdicts while budget and area stay put) is worked out once."""

    __slots__ = (
        "_exact",
        "_guarded",
        "budget",
        "near",
        "reach",
        "smm_from",
        "smo_below",
        "sum_all",
        "table",
        "terms",
        "total_all",
        "weights",
    )

    def __init__(self, answers: Answers, assessment: Assessment, weights: Weights) -> None:
        self.weights = weights
        derived = self.table = table(weights)
        self.budget = answers.monthly_budget
        self.reach = answers.reach
        self.smo_below = derived.smo_below
        self.smm_from = derived.smm_from
        # A score strictly inside (low, high) of either pair is near that threshold.
        self.near = (
            derived.smo_below - _NEAR,
            derived.smo_below + _NEAR,
            derived.smm_from - _NEAR,
            derived.smm_from + _NEAR,
        )
        self.terms = assessment.terms
        self.sum_all = assessment.weighted_sum
        self.total_all = assessment.total_importance
        self._exact: dict[str, tuple[list[float], float]] = {}
        # With the budget and the area unchanged, the verdict follows from the score's raw verdict alone.
        self._guarded = {
            _SMO: _SMO,  # organic-first needs no guard
            _BLENDED: guard(_BLENDED, self.budget, self.reach, weights)[0],
            _SMM: guard(_SMM, self.budget, self.reach, weights)[0],
        }

    def quick(self, name: str, importance: float) -> tuple[float, float]:
        """The other answers' sum of importance × lean and the total importance with this factor's, to a
        few ulps: enough to tell the side of a threshold the score is not near."""
        term = self.terms.get(name)
        if term is None:
            return self.sum_all, self.total_all + importance
        return self.sum_all - term[0], self.total_all

    def exact_score(self, name: str, importance: float, product: float) -> float:
        """The score ``advisor.verdict.mean`` gives with this factor's importance × lean set to ``product``."""
        found = self._exact.get(name)
        if found is None:
            others = [term for other, term in self.terms.items() if other != name]
            importances = [term[1] for term in others]
            importances.append(importance)
            found = self._exact[name] = ([term[0] for term in others], math.fsum(importances))
        products, total = found
        return score_of(math.fsum([*products, product]), total)

    def raw_verdict(self, name: str, importance: float, product: float) -> Verdict:
        """What the score alone says with this factor's importance × lean set to ``product``."""
        others_sum, total = self.quick(name, importance)
        score = (others_sum + product) / total if total > 0 else 0.0
        smo_below, smm_from = self.smo_below, self.smm_from
        near_smo_low, near_smo_high, near_smm_low, near_smm_high = self.near
        if near_smo_low < score < near_smo_high or near_smm_low < score < near_smm_high:
            score = self.exact_score(name, importance, product)
        if score < smo_below:
            return _SMO
        return _SMM if score >= smm_from else _BLENDED

    def numeric_verdicts(self, factor: Factor) -> Callable[[float], Verdict]:
        """The verdict as a function of one numeric answer (the others as they are), with its look-ups
        done once: the searches call it for many amounts. The budget also moves the guards."""
        budget = factor is _BUDGET
        name, points, leans, importance = self.table.numeric[0 if budget else 1]
        others_sum, total = self.quick(name, importance)
        smo_below, smm_from = self.smo_below, self.smm_from
        near_smo_low, near_smo_high, near_smm_low, near_smm_high = self.near
        reach, weights, guarded, exact_score = self.reach, self.weights, self._guarded, self.exact_score

        def verdict_at(amount: float) -> Verdict:
            product = importance * interpolate(amount, points, leans)
            score = (others_sum + product) / total if total > 0 else 0.0
            if near_smo_low < score < near_smo_high or near_smm_low < score < near_smm_high:
                score = exact_score(name, importance, product)
            raw = _SMO if score < smo_below else (_SMM if score >= smm_from else _BLENDED)
            if not budget:
                return guarded[raw]
            return _SMO if raw is _SMO else guard(raw, amount, reach, weights)[0]  # organic needs no guard

        return verdict_at

    def budget_target(self, amount: float) -> Reach | None:
        """The area ads would aim at with this budget (the other answers unchanged)."""
        importance = self.weights.importance[_BUDGET]
        product = importance * lean_of(_BUDGET, amount, self.weights)
        raw = self.raw_verdict(_BUDGET._value_, importance, product)
        return guard(raw, amount, self.reach, self.weights)[1]

    def events(self, factor: Factor) -> list[float]:
        """Amounts where the verdict can change: where the score, rounded to 4 decimals, reaches a
        threshold and, for the budget, where a workable ad minimum (for the customer area or a narrower
        one) becomes fundable."""
        budget = factor is _BUDGET
        name, points, leans, importance = self.table.numeric[0 if budget else 1]
        events = []
        if budget:
            events = list(self.table.workable_steps[self.reach])
        if importance > 0:
            others_sum, total = self.quick(name, importance)
            sign = 1.0 if budget else -1.0  # hours lean toward organic as they grow
            signed = leans if budget else [-lean for lean in leans]
            # The rounded score reaches a threshold half a rounding step before the exact one does: where
            # the score moves slowly (a flat band), that is several units of money or hours earlier.
            for threshold in (self.smo_below - _HALF_STEP, self.smm_from - _HALF_STEP):
                needed = sign * (threshold * total - others_sum) / importance
                amount = amount_for_lean(needed, points, signed)
                if amount is not None:
                    events.append(amount)
        events.sort()
        return events


def amount_for_lean(lean: float, points: list[float], leans: list[float]) -> float | None:
    """The smallest amount whose (non-decreasing, interpolated) lean reaches ``lean``, or None."""
    if lean <= leans[0]:
        return 0.0
    for left in range(len(points) - 1):
        low, high = leans[left], leans[left + 1]
        if low < lean <= high:
            return points[left] + (lean - low) / (high - low) * (points[left + 1] - points[left])
    return None


def _clamped(values: list[int], lo: int, hi: int) -> list[int]:
    """Ascending whole numbers, each moved into [lo, hi], without repeats."""
    points: list[int] = []
    for value in values:
        value = lo if value < lo else (hi if value > hi else value)
        if not points or points[-1] != value:
            points.append(value)
    return points


def _first_change(lo: int, hi: int, differs: Callable[[int], bool], hints: list[int]) -> int | None:
    """The smallest whole number in [lo, hi] where ``differs`` holds, for a predicate that, once true,
    stays true as the number grows (the verdict is monotone in budget and hours). ``hints``: ascending
    whole amounts (rounded up) where the verdict may change; it cannot change between two of them."""
    if lo > hi:
        return None
    points = _clamped(hints, lo, hi) or [hi]
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
        return _first_above(points[-1], hi, differs) if differs(hi) else None
    amount = points[left]
    if amount > lo and differs(amount - 1):
        # Rounding moved the change below the hint: find it exactly, above the hint before (it does not
        # hold there), most likely just below this one.
        return _first_below(points[left - 1] + 1 if left > 0 else lo, amount - 1, differs)
    return amount


def _first_above(low: int, hi: int, differs: Callable[[int], bool]) -> int:
    """Smallest number in (low, hi] where ``differs`` holds; it does not at ``low``, it does at ``hi``.
    Rounding moves a change only a little past a hint, so steps that double from ``low``, then bisection."""
    step = 1
    while low + step < hi:
        if differs(low + step):
            return _bisect_first(low + 1, low + step, differs)
        low += step
        step *= 2
    return _bisect_first(low + 1, hi, differs)


def _first_below(lo: int, high: int, differs: Callable[[int], bool]) -> int:
    """Smallest number in [lo, high] where ``differs`` holds; it holds at ``high``. Steps that double
    down from ``high`` (the change is most likely just below it), then bisection."""
    step = 1
    while high - step >= lo:
        if not differs(high - step):
            return _bisect_first(high - step + 1, high, differs)
        high -= step
        step *= 2
    return _bisect_first(lo, high, differs)


def _bisect_first(lo: int, hi: int, differs: Callable[[int], bool]) -> int:
    """Smallest number in [lo, hi] where ``differs`` holds; it holds at ``hi``."""
    while lo < hi:
        middle = (lo + hi) // 2
        if differs(middle):
            hi = middle
        else:
            lo = middle + 1
    return lo


def _last_change(lo: int, hi: int, differs: Callable[[int], bool], hints: list[int]) -> int | None:
    """The largest whole number in [lo, hi] where ``differs`` holds, for a predicate true at the low end
    if anywhere; ``hints`` as for ``_first_change`` (a change at hint h is last held at h − 1)."""
    if lo > hi:
        return None
    points = _clamped([hint - 1 for hint in hints], lo, hi) or [lo]
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
        return _last_below(lo, points[0], differs) if differs(lo) else None
    amount = points[left]
    if amount < hi and differs(amount + 1):
        # Rounding moved the change past this hint: it lies before the next hint (where the predicate
        # does not hold), most likely just before it.
        if left + 1 < len(points):
            return _last_below(amount + 1, points[left + 1], differs)
        return _last_above(amount + 1, hi, differs)
    return amount


def _last_below(lo: int, high: int, differs: Callable[[int], bool]) -> int:
    """Largest number in [lo, high) where ``differs`` holds; it holds at ``lo``, not at ``high``. Steps
    that double down from ``high``, then bisection."""
    step = 1
    while high - step > lo:
        if differs(high - step):
            return _bisect_last(high - step, high - 1, differs)
        high -= step
        step *= 2
    return _bisect_last(lo, high - 1, differs)


def _last_above(low: int, hi: int, differs: Callable[[int], bool]) -> int:
    """Largest number in [low, hi] where ``differs`` holds; it holds at ``low``. Steps that double up
    from ``low`` (the change is most likely just above it), then bisection."""
    step = 1
    while low + step <= hi:
        if not differs(low + step):
            return _bisect_last(low, low + step - 1, differs)
        low += step
        step *= 2
    return _bisect_last(low, hi, differs)


def _bisect_last(lo: int, hi: int, differs: Callable[[int], bool]) -> int:
    """Largest number in [lo, hi] where ``differs`` holds; it holds at ``lo``."""
    while lo < hi:
        middle = (lo + hi + 1) // 2
        if differs(middle):
            lo = middle
        else:
            hi = middle - 1
    return lo


# (the new value, how far it is from today's answer, the verdict it gives)
_Candidate = tuple[Any, float, Verdict]


def _numeric_candidates(
    scorer: _Scorer, factor: Factor, current: float, verdict: Verdict, ceiling: float
) -> list[_Candidate]:
    """The nearest whole amount above and below today's that changes the verdict."""
    # More money leans toward paid, more hours toward organic: only one way can leave an end verdict.
    toward_paid = factor is _BUDGET
    can_rise = verdict is not (_SMM if toward_paid else _SMO)
    can_fall = verdict is not (_SMO if toward_paid else _SMM)
    if not can_rise and not can_fall:
        return []
    verdict_at = scorer.numeric_verdicts(factor)

    def differs(amount: int) -> bool:
        return verdict_at(amount) is not verdict

    # The verdict is monotone in the amount: when the far end of a range keeps it, nothing in the range
    # changes it, and the search (with its hints) is not needed.
    hints: list[int] | None = None
    found: list[_Candidate] = []
    low, high = math.floor(current) + 1, int(ceiling)
    up = None
    if can_rise and low <= high and differs(high):
        hints = [math.ceil(event) for event in scorer.events(factor)]
        up = _first_change(low, high, differs, hints)
    if up is not None:
        found.append((float(up), up - current, verdict_at(float(up))))
    # Only a change nearer than the one above can be the candidate (a tie goes to the one above); one
    # more unit of room keeps the float comparison of the two distances the judge.
    low, high = (0 if up is None else max(0, math.floor(current - (up - current)))), math.ceil(current) - 1
    down = None
    if can_fall and low <= high and differs(low):
        if hints is None:
            hints = [math.ceil(event) for event in scorer.events(factor)]
        down = _last_change(low, high, differs, hints)
    if down is not None:
        found.append((float(down), current - down, verdict_at(float(down))))
    return found


def _choice_candidates(
    scorer: _Scorer, factor: Factor, current: str | None, verdict: Verdict
) -> list[_Candidate]:
    name = factor._value_
    importance, lowest, highest, options, places = scorer.table.choice_search[name]
    others_sum, total = scorer.quick(name, importance)
    area = factor is _REACH
    if (
        not area
        and total > 0
        and _keeps_verdict(scorer, verdict, (others_sum + lowest) / total, (others_sum + highest) / total)
    ):
        return []
    here = None if current is None else places[current]
    forward_only = factor is _PROFILES or factor is _AUDIENCE  # see FORWARD_ONLY
    last = len(options) - 1
    near_smo_low, near_smo_high, near_smm_low, near_smm_high = scorer.near
    found: list[_Candidate] = []
    for index, (option, product) in enumerate(options):
        if index == here or (forward_only and (index < last if here is None else index < here)):
            continue  # forward only: unanswered, only the best state is an action; answered, only forward
        score = (others_sum + product) / total if total > 0 else 0.0
        if near_smo_low < score < near_smo_high or near_smm_low < score < near_smm_high:
            score = scorer.exact_score(name, importance, product)
        raw = _SMO if score < scorer.smo_below else (_SMM if score >= scorer.smm_from else _BLENDED)
        # Another area changes the guards too; any other answer leaves them as they are.
        if not area or raw is _SMO:  # organic-first needs no guard
            new = scorer._guarded[raw]
        else:
            new = guard(raw, scorer.budget, _AREAS_BY_NAME[option], scorer.weights)[0]
        if new is not verdict:
            found.append((option, 1.0 if here is None else float(abs(index - here)), new))
    return found


def _keeps_verdict(scorer: _Scorer, verdict: Verdict, low: float, high: float) -> bool:
    """True when the scores of the most organic and the most paid option (``low``, ``high``: quick sums)
    both keep the verdict, clear of the thresholds. The verdict is monotone in the score (the budget and
    area staying put), so no option in between can change it either."""
    smo_below, smm_from = scorer.smo_below, scorer.smm_from
    near_smo_low, near_smo_high, near_smm_low, near_smm_high = scorer.near
    for score in (low, high):
        if near_smo_low < score < near_smo_high or near_smm_low < score < near_smm_high:
            return False  # near a threshold: leave it to the exact check of each option
        raw = _SMO if score < smo_below else (_SMM if score >= smm_from else _BLENDED)
        if scorer._guarded[raw] is not verdict:
            return False
    return True


def find_flips(answers: Answers, assessment: Assessment, weights: Weights, currency: str) -> list[Flip]:
    """The best flip first, then up to two alternatives on other answers; empty when nothing an owner can
    reasonably change would give other advice."""
    scorer = _Scorer(answers, assessment, weights)
    verdict = assessment.verdict
    best_per_factor: list[tuple[int, int, Factor, Any, Verdict]] = []
    one_step = 0
    for rank, factor in enumerate(PREFERENCE):
        if one_step >= MAX_FLIPS:
            break  # later factors rank lower and take at least one step: they cannot make the top three
        candidates = _candidates(scorer, factor, answers, weights, verdict)
        if not candidates:
            continue
        value, distance, new_verdict = min(candidates, key=_DISTANCE)
        steps = _steps(factor, value, distance, answers, weights)
        one_step += steps == 1
        best_per_factor.append((steps, rank, factor, value, new_verdict))
    best_per_factor.sort(key=_STEPS_THEN_RANK)
    flips = []
    reused = scorer.table.flips
    for steps, _, factor, value, new_verdict in best_per_factor[:MAX_FLIPS]:
        if factor is _BUDGET or factor is _HOURS:
            # Only a raised budget's sentence names the area its ads would aim at (see flip_words).
            raised = factor is _BUDGET and value > scorer.budget and new_verdict is not _SMO
            target = scorer.budget_target(float(value)) if raised else None
            message = flip_message(factor, value, new_verdict, answers, weights, currency, target)
            flips.append(Flip(field=factor, value=value, verdict=new_verdict, steps=steps, message=message))
            continue
        # Another option of a choice answer: the sentence names only that option, today's answer and
        # the verdict (no amounts, no currency), so the frozen Flip is kept with the weight set's table.
        current = getattr(answers, factor._value_)
        key = (factor._value_, value, None if current is None else current._value_, new_verdict, steps)
        flip = reused.get(key)
        if flip is None:
            message = flip_message(factor, value, new_verdict, answers, weights, currency)
            flip = reused[key] = Flip(
                field=factor, value=value, verdict=new_verdict, steps=steps, message=message
            )
        flips.append(flip)
    return flips


def _steps(factor: Factor, value: Any, distance: float, answers: Answers, weights: Weights) -> int:
    """Options moved along a question; for money and hours the band boundaries crossed (at least 1)."""
    if factor is _BUDGET:
        moved = band_index(float(value), weights.budget_bands) - band_index(
            answers.monthly_budget, weights.budget_bands
        )
        return max(1, abs(moved))
    if factor is _HOURS:
        hours = answers.weekly_hours or 0.0
        return max(
            1, abs(band_index(float(value), weights.hour_bands) - band_index(hours, weights.hour_bands))
        )
    return max(1, round(distance))


def _candidates(
    scorer: _Scorer, factor: Factor, answers: Answers, weights: Weights, verdict: Verdict
) -> list[_Candidate]:
    if factor is _BUDGET:
        budget = answers.monthly_budget
        # Reasonable: a few times today's budget, or twice what it takes to fund ads for the area.
        workable = weights.min_ad_spend[answers.reach or _LOCAL] / PAID_CAP[_BLENDED]
        ceiling = min(MAX_MONTHLY_BUDGET, max(BUDGET_STRETCH * budget, 2 * workable))
        return _numeric_candidates(scorer, factor, budget, verdict, ceiling)
    if answers.monthly_budget <= 0:
        return []  # with no budget nothing but the budget changes the advice
    if factor is _HOURS:
        if answers.weekly_hours is None:
            return []
        ceiling = min(MAX_WEEKLY_HOURS, max(HOURS_FLOOR, HOURS_STRETCH * answers.weekly_hours))
        return _numeric_candidates(scorer, factor, answers.weekly_hours, verdict, ceiling)
    current = getattr(answers, factor._value_)
    return _choice_candidates(scorer, factor, None if current is None else current._value_, verdict)


def first_budget_with_ads(
    answers: Answers, assessment: Assessment, weights: Weights
) -> tuple[float, Reach | None] | None:
    """The smallest whole monthly budget above today's at which the advice includes ads (the other answers
    unchanged), with the area those ads would aim at; None when no budget up to the maximum does. The same
    search as the budget flip, so a warning that names this amount agrees with it."""
    scorer = _Scorer(answers, assessment, weights)
    budget = answers.monthly_budget
    found = _numeric_candidates(scorer, _BUDGET, budget, assessment.verdict, MAX_MONTHLY_BUDGET)
    raised = [value for value, _, verdict in found if value > budget and verdict is not _SMO]
    if not raised:
        return None
    amount = min(raised)
    return amount, scorer.budget_target(amount)
