"""No cliffs: one more unit of money changes the verdict for at most 2 % of answer sets at any amount,
except where a workable ad minimum becomes fundable (that step is named in the advice); one more hour a
week, for at most 2 % at any number of hours."""

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.domain import Answers
from advisor.scoring import recommend
from advisor.verdict import anchors, smooth_lean
from advisor.weights import DEFAULT_WEIGHTS
from bench.advice import MAX_CLIFF, cliffs, hour_cliffs, probe_budgets, probe_hours, sample_answers
from tests.advisor.strategies import valid_weights


def test_one_more_unit_of_money_changes_at_most_two_percent_of_verdicts_away_from_workable_steps() -> None:
    cases = sample_answers(1500, seed=7)

    measured = cliffs(cases, DEFAULT_WEIGHTS, probe_budgets(DEFAULT_WEIGHTS))

    worst = max((cliff for cliff in measured if not cliff.workable_step), key=lambda cliff: cliff.share)
    assert worst.share <= MAX_CLIFF, worst
    assert any(cliff.workable_step and cliff.share > 0 for cliff in measured)


def test_one_more_hour_a_week_changes_at_most_two_percent_of_verdicts() -> None:
    cases = sample_answers(1500, seed=7)

    measured = hour_cliffs(cases, DEFAULT_WEIGHTS, probe_hours(DEFAULT_WEIGHTS))

    worst = max(measured, key=lambda cliff: cliff.share)
    assert worst.share <= MAX_CLIFF, worst


def test_the_workable_step_is_named_in_the_advice_just_below_it() -> None:
    answers = Answers(
        stage="growing", monthly_budget=200, horizon="months", experience="intermediate", reach="local"
    )

    result = recommend(answers, DEFAULT_WEIGHTS)

    assert result.verdict == "smo_first"
    assert [warning.code for warning in result.warnings] == ["ads_not_workable_yet"]
    assert "From a budget of about 215 USD a month, ads become worth it." in result.warnings[0].message
    assert result.flip is not None
    assert (result.flip.field, result.flip.value, result.flip.verdict) == ("monthly_budget", 215.0, "blended")


def test_band_middles_hold_the_band_lean_and_edges_sit_halfway() -> None:
    bands, leans = DEFAULT_WEIGHTS.budget_bands, DEFAULT_WEIGHTS.leans["monthly_budget"]

    middles = anchors(bands)

    assert middles == [0.0, 50.0, 200.0, 650.0, 2000.0, 4000.0]
    assert [smooth_lean(point, bands, leans) for point in middles] == leans
    assert smooth_lean(300, bands, leans) == (leans[2] * 350 + leans[3] * 100) / 450


@settings(max_examples=60, deadline=None)
@given(valid_weights, st.floats(0, 9_999_999))
def test_the_budget_lean_moves_by_at_most_its_steepest_slope_per_unit(weights, amount) -> None:
    bands, leans = weights.budget_bands, weights.leans["monthly_budget"]
    points = anchors(bands)
    # Two bands can share an anchor (generated weights); such a pair has no slope of its own.
    steepest = max(
        abs(leans[i + 1] - leans[i]) / (points[i + 1] - points[i])
        for i in range(len(points) - 1)
        if points[i + 1] > points[i]
    )

    change = abs(smooth_lean(amount + 1, bands, leans) - smooth_lean(amount, bands, leans))

    assert change <= steepest + 1e-12
