"""Hypothesis strategies over the whole answer space and over valid weight sets, plus a reference
definition of a flip's "steps" written independently of advisor.scoring."""

import math
from typing import Any

from hypothesis import strategies as st

from advisor.domain import Answers, Weights
from advisor.vocabulary import (
    DIRECTIONS,
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    NUMERIC_FACTORS,
    OPTIONAL_FACTORS,
    Direction,
    Factor,
    Reach,
    Verdict,
    choices,
)
from advisor.weights import DEFAULT_WEIGHTS, MIN_BLENDED_WIDTH, parse_weights

VERDICT_RANK = {Verdict.SMO_FIRST: 0, Verdict.BLENDED: 1, Verdict.SMM_FIRST: 2}

# Amounts on and next to the default band bounds, where off-by-one mistakes live.
EDGE_BUDGETS = (0, 0.01, 0.5, 1, 99.99, 100, 100.01, 101, 299.5, 300, 301, 999, 1000, 1001, 3000, 3001)
EDGE_HOURS = (0, 0.5, 1, 2, 2.01, 3, 5, 5.5, 10, 10.01, 19.99, 20, 21, 79.99, 80)

budgets = st.one_of(
    st.sampled_from(EDGE_BUDGETS),
    st.integers(0, MAX_MONTHLY_BUDGET).map(float),
    st.floats(0, MAX_MONTHLY_BUDGET, allow_nan=False, allow_infinity=False),
)
hours = st.one_of(
    st.sampled_from(EDGE_HOURS),
    st.integers(0, MAX_WEEKLY_HOURS).map(float),
    st.floats(0, MAX_WEEKLY_HOURS, allow_nan=False, allow_infinity=False),
)


def option_values(factor: Factor) -> st.SearchStrategy[str]:
    return st.sampled_from(choices(factor))


@st.composite
def answer_data(draw: st.DrawFn) -> dict[str, Any]:
    """Raw answers: every option, optional answers present or left out, budgets 0…10,000,000, hours 0…80."""
    data: dict[str, Any] = {}
    for factor in Factor:
        if factor in OPTIONAL_FACTORS and draw(st.booleans()):
            continue
        if factor == Factor.MONTHLY_BUDGET:
            data[factor] = draw(budgets)
        elif factor == Factor.WEEKLY_HOURS:
            data[factor] = draw(hours)
        else:
            data[factor] = draw(option_values(factor))
    return data


answers = answer_data().map(Answers.model_validate)

# Leans and thresholds often come from a coarse grid, so scores land exactly on thresholds and ties happen.
GRID = (-1.0, -0.6, -0.5, -0.3, -0.2, 0.0, 0.2, 0.3, 0.35, 0.5, 0.6, 1.0)
leans_values = st.one_of(st.sampled_from(GRID), st.floats(-1, 1, allow_nan=False))
importance_values = st.one_of(
    st.sampled_from((0.0, 0.5, 1.0, 1.5, 2.0, 3.0)), st.floats(0, 10, allow_nan=False)
)


def _bands(draw: st.DrawFn, ceiling: float, whole: bool) -> list[float]:
    if whole:
        values = st.integers(0, int(ceiling) - 1).map(float)
    else:
        values = st.floats(0, ceiling, exclude_max=True, allow_nan=False)
    return sorted(set(draw(st.lists(values, min_size=1, max_size=6))))


@st.composite
def weight_data(draw: st.DrawFn) -> dict[str, Any]:
    """The raw data of a valid weight set: monotone leans, ascending bands, room for blended."""
    budget_bands = _bands(draw, MAX_MONTHLY_BUDGET, whole=draw(st.booleans()))
    hour_bands = _bands(draw, MAX_WEEKLY_HOURS, whole=draw(st.booleans()))
    sizes = {
        factor: len(budget_bands) + 1
        if factor == Factor.MONTHLY_BUDGET
        else len(hour_bands) + 1
        if factor == Factor.WEEKLY_HOURS
        else len(choices(factor))
        for factor in Factor
    }
    leans: dict[str, list[float]] = {}
    for factor, size in sizes.items():
        values = draw(st.lists(leans_values, min_size=size, max_size=size))
        if DIRECTIONS[factor] == Direction.TOWARD_PAID:
            values.sort()
        elif DIRECTIONS[factor] == Direction.TOWARD_ORGANIC:
            values.sort(reverse=True)
        leans[factor.value] = values
    importance = {factor.value: draw(importance_values) for factor in Factor}
    if (
        importance["stage"] + importance["monthly_budget"] + importance["horizon"] + importance["experience"]
        <= 0
    ):
        importance[draw(st.sampled_from(("stage", "monthly_budget", "horizon", "experience")))] = 1.0
    smo_below = draw(st.one_of(st.sampled_from(GRID[1:-2]), st.floats(-0.99, 0.9)))
    smm_from = draw(
        st.one_of(
            st.sampled_from([value for value in GRID if value - smo_below >= MIN_BLENDED_WIDTH] or [1.0]),
            st.floats(smo_below + MIN_BLENDED_WIDTH + 1e-9, 1.0),
        )
    )
    return {
        "version": draw(st.integers(1, 1000)),
        "importance": importance,
        "leans": leans,
        "budget_bands": budget_bands,
        "hour_bands": hour_bands,
        "smo_below": smo_below,
        "smm_from": smm_from,
        "min_ad_spend": dict(
            zip(
                [reach.value for reach in Reach],
                sorted(draw(st.lists(st.floats(10, 100_000), min_size=len(Reach), max_size=len(Reach)))),
                strict=True,
            )
        ),
        "ad_hours_per_1000": draw(st.floats(0, 40)),
        "help_hourly_rate": draw(st.floats(1, 10_000)),
    }


valid_weights = weight_data().map(parse_weights)
any_weights = st.one_of(st.just(DEFAULT_WEIGHTS), valid_weights)


def band_of(amount: float, bands: list[float]) -> int:
    """Which band an amount falls in: the number of bounds strictly below it (bounds are inclusive)."""
    return sum(1 for bound in bands if bound < amount)


def reference_steps(answers: Answers, field: Factor, value: str | float, weights: Weights) -> int:
    """Steps of a single change, as the issue defines them: options or bands moved; 1 for a factor that
    is unordered or was not answered; at least 1 (a change inside one band, e.g. to a budget of 0)."""
    current = getattr(answers, field.value)
    if current is None:
        return 1
    if field in NUMERIC_FACTORS:
        bands = weights.budget_bands if field == Factor.MONTHLY_BUDGET else weights.hour_bands
        return max(1, abs(band_of(float(value), bands) - band_of(float(current), bands)))
    if DIRECTIONS[field] == Direction.FREE:
        return 1
    options = choices(field)
    return abs(options.index(str(value)) - options.index(str(current)))


def probe_amounts(bands: list[float], ceiling: float, current: float | None) -> list[float]:
    """Amounts that between them reach every band, with and without the zero edge, near every bound."""
    found = {0.0, float(ceiling)}
    for bound in bands:
        for amount in (bound, math.nextafter(bound, math.inf), math.floor(bound) + 1, bound / 2, bound + 0.5):
            if 0 <= amount <= ceiling:
                found.add(float(amount))
    found.add(min(1.0, ceiling))
    if current is not None:
        found.update(amount for amount in (current / 2, current * 2, current + 1) if 0 <= amount <= ceiling)
    return sorted(found)


def single_changes(answers: Answers, weights: Weights) -> list[tuple[Factor, str | float]]:
    """Every single change of answer worth trying: every other option, and amounts in every band."""
    found: list[tuple[Factor, str | float]] = []
    for factor in Factor:
        current = getattr(answers, factor.value)
        if factor == Factor.MONTHLY_BUDGET:
            amounts = probe_amounts(weights.budget_bands, MAX_MONTHLY_BUDGET, current)
            found.extend((factor, amount) for amount in amounts if amount != current)
        elif factor == Factor.WEEKLY_HOURS:
            amounts = probe_amounts(weights.hour_bands, MAX_WEEKLY_HOURS, current)
            found.extend((factor, amount) for amount in amounts if amount != current)
        else:
            found.extend((factor, option) for option in choices(factor) if option != current)
    return found


def changed(answers: Answers, field: Factor, value: str | float) -> Answers:
    """The answers as the API would receive them with one field changed (validated again)."""
    return Answers.model_validate({**answers.model_dump(), field.value: value})
