"""Property tests over the whole answer space and over random valid weight sets (not only the defaults)."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.domain import Answers, Weights
from advisor.scoring import recommend
from advisor.vocabulary import (
    DIRECTIONS,
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    Direction,
    Factor,
    Verdict,
    choices,
)
from advisor.weights import validate_weights
from tests.advisor.strategies import (
    VERDICT_RANK,
    answer_data,
    answers,
    any_weights,
    band_of,
    budgets,
    changed,
    hours,
    reference_steps,
    single_changes,
    valid_weights,
)

# Bounded so that the whole file runs in a few seconds; a nightly run could raise these.
FEW = settings(max_examples=40, deadline=None)
SOME = settings(max_examples=100, deadline=None)

ORDERED_CHOICES = [
    factor
    for factor, direction in DIRECTIONS.items()
    if direction != Direction.FREE and factor not in (Factor.MONTHLY_BUDGET, Factor.WEEKLY_HOURS)
]


@FEW
@given(valid_weights)
def test_generated_weight_sets_pass_validation(weights: Weights) -> None:
    assert validate_weights(weights) == []


@SOME
@given(answer_data(), any_weights)
def test_a_budget_of_zero_is_always_organic_first_with_no_ad_spend(data: dict, weights: Weights) -> None:
    result = recommend(Answers.model_validate({**data, "monthly_budget": 0}), weights)

    assert result.verdict == Verdict.SMO_FIRST
    assert (result.split.paid_share, result.split.monthly_ad_spend, result.split.monthly_organic_spend) == (
        0,
        0,
        0,
    )


@SOME
@given(answers, any_weights)
def test_the_score_stays_within_minus_one_and_one(answers: Answers, weights: Weights) -> None:
    result = recommend(answers, weights, with_flip=False)

    assert -1 <= result.score <= 1


@SOME
@given(answers, any_weights)
def test_the_verdict_is_the_score_cut_by_the_thresholds(answers: Answers, weights: Weights) -> None:
    result = recommend(answers, weights, with_flip=False)

    if answers.monthly_budget == 0 or result.score < weights.smo_below:
        assert result.verdict == Verdict.SMO_FIRST
    elif result.score >= weights.smm_from:
        assert result.verdict == Verdict.SMM_FIRST
    else:
        assert result.verdict == Verdict.BLENDED


@SOME
@given(answers, any_weights)
def test_contributions_add_up_to_the_score_biggest_first(answers: Answers, weights: Weights) -> None:
    result = recommend(answers, weights, with_flip=False)

    assert round(sum(row.contribution for row in result.factors), 4) == result.score
    sizes = [abs(row.contribution) for row in result.factors]
    assert sizes == sorted(sizes, reverse=True)
    assert all(row.reason for row in result.factors)
    answered = {factor for factor in Factor if getattr(answers, factor.value) is not None}
    assert {row.factor for row in result.factors} == answered


@SOME
@given(answers, any_weights)
def test_the_split_adds_up(answers: Answers, weights: Weights) -> None:
    split = recommend(answers, weights, with_flip=False).split

    assert split.paid_share + split.organic_share == 1
    assert 0 <= split.paid_share <= 1
    assert split.monthly_ad_spend == round(answers.monthly_budget * split.paid_share, 2)
    assert round(split.monthly_ad_spend + split.monthly_organic_spend, 2) == round(answers.monthly_budget, 2)
    if answers.weekly_hours is not None:
        assert round(split.weekly_hours + split.paid_hours, 1) == round(answers.weekly_hours, 1)
    assert split.hours_assumed == (answers.weekly_hours is None)


def _assert_never_toward(direction: Direction, low: Answers, high: Answers, weights: Weights) -> None:
    """``high`` holds the later option (or bigger number) of one factor; everything else is equal."""
    before = recommend(low, weights, with_flip=False)
    after = recommend(high, weights, with_flip=False)
    if direction == Direction.TOWARD_PAID:
        assert after.score >= before.score
        assert VERDICT_RANK[after.verdict] >= VERDICT_RANK[before.verdict]
    else:
        assert after.score <= before.score
        assert VERDICT_RANK[after.verdict] <= VERDICT_RANK[before.verdict]


@SOME
@given(answer_data(), any_weights, st.sampled_from(ORDERED_CHOICES), st.data())
def test_ordered_choices_never_move_the_advice_the_wrong_way(
    data: dict, weights: Weights, factor: Factor, draw: st.DataObject
) -> None:
    options = choices(factor)
    first = draw.draw(st.integers(0, len(options) - 1))
    second = draw.draw(st.integers(first, len(options) - 1))

    low = Answers.model_validate({**data, factor.value: options[first]})
    high = Answers.model_validate({**data, factor.value: options[second]})

    _assert_never_toward(DIRECTIONS[factor], low, high, weights)


@SOME
@given(answer_data(), any_weights, budgets, budgets)
def test_a_bigger_budget_never_moves_the_advice_toward_organic(
    data: dict, weights: Weights, one: float, other: float
) -> None:
    low = Answers.model_validate({**data, "monthly_budget": min(one, other)})
    high = Answers.model_validate({**data, "monthly_budget": max(one, other)})

    _assert_never_toward(Direction.TOWARD_PAID, low, high, weights)


@SOME
@given(answer_data(), any_weights, hours, hours)
def test_more_weekly_hours_never_move_the_advice_toward_paid(
    data: dict, weights: Weights, one: float, other: float
) -> None:
    low = Answers.model_validate({**data, "weekly_hours": min(one, other)})
    high = Answers.model_validate({**data, "weekly_hours": max(one, other)})

    _assert_never_toward(Direction.TOWARD_ORGANIC, low, high, weights)


@SOME
@given(answers, any_weights)
def test_the_flip_really_flips(answers: Answers, weights: Weights) -> None:
    flip = recommend(answers, weights).flip

    if flip is not None:
        before = recommend(answers, weights, with_flip=False).verdict
        after = recommend(changed(answers, flip.field, flip.value), weights, with_flip=False).verdict
        assert after == flip.verdict
        assert after != before
        assert flip.steps == reference_steps(answers, flip.field, flip.value, weights)


@SOME
@given(answers, any_weights)
def test_the_flip_is_minimal_among_single_changes_and_none_only_when_nothing_flips(
    answers: Answers, weights: Weights
) -> None:
    result = recommend(answers, weights)

    flipping_steps = [
        reference_steps(answers, field, value, weights)
        for field, value in single_changes(answers, weights)
        if recommend(changed(answers, field, value), weights, with_flip=False).verdict != result.verdict
    ]
    if result.flip is None:
        assert flipping_steps == []
    else:
        assert flipping_steps
        assert result.flip.steps == min(flipping_steps)


@SOME
@given(answers, any_weights)
def test_a_number_flip_is_the_nearest_amount_of_its_band(answers: Answers, weights: Weights) -> None:
    flip = recommend(answers, weights).flip

    if flip is not None and flip.field in (Factor.MONTHLY_BUDGET, Factor.WEEKLY_HOURS):
        if flip.field == Factor.MONTHLY_BUDGET:
            bands, ceiling, current = weights.budget_bands, MAX_MONTHLY_BUDGET, answers.monthly_budget
        else:
            bands, ceiling, current = weights.hour_bands, MAX_WEEKLY_HOURS, answers.weekly_hours or 0.0
        amount = float(flip.value)
        band = band_of(amount, bands)
        top = bands[band] if band < len(bands) else ceiling
        assert 0 <= amount <= ceiling
        if 0 < amount < current:
            assert amount == top  # down: the top of a lower band
        elif amount > current:
            # Up: the lowest whole amount above the band's lower bound, or the band's top if that is lower.
            lower = bands[band - 1] if band > 0 else 0.0
            assert amount == min(math.floor(lower) + 1, top)
