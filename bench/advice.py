"""How long one recommendation takes, and the worst one-unit budget cliff and one-hour cliff:
``make bench`` (``python -m bench.advice``).

Prints microseconds per ``recommend()`` call, with and without the flip search, over a fixed, varied set
of answers (every option of every question, optional answers present or skipped, budgets from 0 to the
maximum, hours from 0 to the maximum) scored with the default weights. Bounded: a few seconds at most.
Target: at most 100 µs per full recommendation.
"""

import argparse
import math
import random
import time
from collections import Counter
from dataclasses import dataclass

from advisor.domain import Answers, Weights
from advisor.scoring import recommend
from advisor.verdict import PAID_CAP, anchors, judge, lean_of, mean, terms
from advisor.vocabulary import (
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    OPTIONAL_FACTORS,
    REQUIRED_FACTORS,
    Factor,
    Reach,
    choices,
)
from advisor.weights import DEFAULT_WEIGHTS

TARGET_MICROSECONDS = 100.0
MAX_CLIFF = 0.02
BUDGETS = (0, 1, 50, 100, 101, 250, 300, 750, 1000, 2500, 3000, 5000, 20_000, MAX_MONTHLY_BUDGET)
HOURS = (0, 1, 2, 3.5, 5, 8, 10, 15, 20, 40, MAX_WEEKLY_HOURS)


def sample_answers(count: int, seed: int = 2) -> list[Answers]:
    """A reproducible spread of answers over the whole answer space."""
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        data: dict[str, object] = {}
        for factor in (*REQUIRED_FACTORS, *OPTIONAL_FACTORS):
            if factor in OPTIONAL_FACTORS and rng.random() < 0.3:
                continue  # skipped questions are part of the space too
            if factor == Factor.MONTHLY_BUDGET:
                data[factor] = rng.choice(BUDGETS) if rng.random() < 0.7 else round(rng.uniform(0, 10_000), 2)
            elif factor == Factor.WEEKLY_HOURS:
                data[factor] = rng.choice(HOURS)
            else:
                data[factor] = rng.choice(choices(factor))
        found.append(Answers.model_validate(data))
    return found


def microseconds_per_call(cases: list[Answers], weights: Weights, *, with_flip: bool, rounds: int) -> float:
    """The best of ``rounds`` passes over all cases: the least disturbed by other work on the machine."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for answers in cases:
            recommend(answers, weights, with_flip=with_flip)
        best = min(best, time.process_time() - started)
    return best / len(cases) * 1e6


@dataclass(frozen=True)
class Cliff:
    amount: float  # the budget before the one more unit
    share: float  # of the answer sets, the share whose verdict changes
    workable_step: bool  # True when a workable ad minimum is crossed there (the one named step)


def workable_steps(weights: Weights) -> list[float]:
    """Budgets at which some area's workable ad minimum becomes fundable under some verdict."""
    return sorted({weights.min_ad_spend[reach] / cap for reach in Reach for cap in PAID_CAP.values()})


def probe_budgets(weights: Weights) -> list[float]:
    """Amounts worth testing: around every band edge and middle, every workable step, and a spread."""
    found: set[float] = set()
    for point in (*weights.budget_bands, *anchors(weights.budget_bands), *workable_steps(weights)):
        for delta in (-2, -1, 0, 1):
            if 0 <= math.floor(point) + delta < MAX_MONTHLY_BUDGET:
                found.add(float(math.floor(point) + delta))
    amount = 1.0
    while amount < 50_000:
        found.add(float(round(amount)))
        amount *= 1.15
    return sorted(found)


def cliffs(cases: list[Answers], weights: Weights, amounts: list[float]) -> list[Cliff]:
    """For each amount, the share of answer sets whose verdict changes with one more unit of money."""
    prepared = []
    budget_importance = weights.importance[Factor.MONTHLY_BUDGET]
    for answers in cases:
        values = answers.model_dump(exclude_none=True)
        others = {key: value for key, value in values.items() if key != Factor.MONTHLY_BUDGET.value}
        products, importances = terms(others, weights)
        prepared.append((products, [*importances, budget_importance], answers.reach))
    steps = workable_steps(weights)
    found = []
    for amount in amounts:
        lean_now = lean_of(Factor.MONTHLY_BUDGET, amount, weights) * budget_importance
        lean_next = lean_of(Factor.MONTHLY_BUDGET, amount + 1, weights) * budget_importance
        changed = 0
        for products, importances, reach in prepared:
            now = judge(mean([*products, lean_now], importances), amount, reach, weights)[0]
            after = judge(mean([*products, lean_next], importances), amount + 1, reach, weights)[0]
            changed += now is not after
        at_step = any(amount < step <= amount + 1 for step in steps)
        found.append(Cliff(amount, changed / len(prepared), at_step))
    return found


def probe_hours(weights: Weights) -> list[float]:
    """Whole hours from 0 to the maximum, and around every band edge and middle."""
    found = {float(hours) for hours in range(MAX_WEEKLY_HOURS)}
    for point in (*weights.hour_bands, *anchors(weights.hour_bands)):
        for delta in (-1.5, -1, -0.5, 0, 0.5):
            if 0 <= point + delta < MAX_WEEKLY_HOURS:
                found.add(float(point + delta))
    return sorted(found)


def hour_cliffs(cases: list[Answers], weights: Weights, amounts: list[float]) -> list[Cliff]:
    """For each number of weekly hours, the share of answer sets whose verdict changes with one more
    hour (every answer set given that many hours; the budget guards stay as answered)."""
    prepared = []
    hours_importance = weights.importance[Factor.WEEKLY_HOURS]
    for answers in cases:
        values = answers.model_dump(exclude_none=True)
        others = {key: value for key, value in values.items() if key != Factor.WEEKLY_HOURS.value}
        products, importances = terms(others, weights)
        prepared.append((products, [*importances, hours_importance], answers.monthly_budget, answers.reach))
    found = []
    for amount in amounts:
        lean_now = lean_of(Factor.WEEKLY_HOURS, amount, weights) * hours_importance
        lean_next = lean_of(Factor.WEEKLY_HOURS, amount + 1, weights) * hours_importance
        changed = 0
        for products, importances, budget, reach in prepared:
            now = judge(mean([*products, lean_now], importances), budget, reach, weights)[0]
            after = judge(mean([*products, lean_next], importances), budget, reach, weights)[0]
            changed += now is not after
        found.append(Cliff(amount, changed / len(prepared), False))
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000, help="answer sets to score (default 2000)")
    parser.add_argument("--rounds", type=int, default=5, help="passes; the fastest counts (default 5)")
    options = parser.parse_args(argv)
    cases = sample_answers(max(1, min(options.cases, 20_000)))
    rounds = max(1, min(options.rounds, 20))
    weights = DEFAULT_WEIGHTS

    for answers in cases:  # warm up: per-weight-set tables, caches, the interpreter's own
        recommend(answers, weights)
    results = [recommend(answers, weights) for answers in cases]
    verdicts = Counter(result.verdict.value for result in results)
    flips = sum(result.flip is not None for result in results)

    full = microseconds_per_call(cases, weights, with_flip=True, rounds=rounds)
    without_flip = microseconds_per_call(cases, weights, with_flip=False, rounds=rounds)

    print(f"recommend() over {len(cases)} varied answer sets, default weights, best of {rounds} passes")
    print(f"  verdicts: {', '.join(f'{name} {count}' for name, count in sorted(verdicts.items()))}")
    print(f"  with a flip: {flips} of {len(cases)}")
    print(f"  with flip search:    {full:7.1f} µs per call")
    print(f"  without flip search: {without_flip:7.1f} µs per call")
    print(
        f"  target: ≤ {TARGET_MICROSECONDS:.0f} µs per full recommendation — {'met' if full <= TARGET_MICROSECONDS else 'MISSED'}"
    )
    measured = cliffs(cases, weights, probe_budgets(weights))
    smooth = max((cliff for cliff in measured if not cliff.workable_step), key=lambda cliff: cliff.share)
    steps = [cliff for cliff in measured if cliff.workable_step]
    print(f"one more unit of money, at {len(measured)} budgets over the same answer sets:")
    print(
        f"  worst cliff: {smooth.share:.2%} of verdicts change at {smooth.amount:,.0f} → {smooth.amount + 1:,.0f} "
        f"— target ≤ {MAX_CLIFF:.0%}: {'met' if smooth.share <= MAX_CLIFF else 'MISSED'}"
    )
    for step in steps:
        print(f"  named workable-minimum step at {step.amount + 1:,.0f}: {step.share:.2%} of verdicts change")
    by_hours = hour_cliffs(cases, weights, probe_hours(weights))
    worst = max(by_hours, key=lambda cliff: cliff.share)
    print(f"one more hour a week, at {len(by_hours)} amounts of hours over the same answer sets:")
    print(
        f"  worst cliff: {worst.share:.2%} of verdicts change at {worst.amount:g} → {worst.amount + 1:g} hours "
        f"— target ≤ {MAX_CLIFF:.0%}: {'met' if worst.share <= MAX_CLIFF else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
