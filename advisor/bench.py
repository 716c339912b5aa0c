"""How long one recommendation takes: ``python -m advisor.bench`` (or ``make bench``).

Prints microseconds per ``recommend()`` call, with and without the flip search, over a fixed, varied set
of answers (every option of every question, optional answers present or skipped, budgets from 0 to the
maximum, hours from 0 to the maximum) scored with the default weights. Bounded: a few seconds at most.
Target: at most 100 µs per full recommendation.
"""

import argparse
import random
import time
from collections import Counter

from advisor.domain import Answers, Weights
from advisor.scoring import recommend
from advisor.vocabulary import (
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    OPTIONAL_FACTORS,
    REQUIRED_FACTORS,
    Factor,
    choices,
)
from advisor.weights import DEFAULT_WEIGHTS

TARGET_MICROSECONDS = 100.0
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
        started = time.perf_counter()
        for answers in cases:
            recommend(answers, weights, with_flip=with_flip)
        best = min(best, time.perf_counter() - started)
    return best / len(cases) * 1e6


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


if __name__ == "__main__":
    main()
