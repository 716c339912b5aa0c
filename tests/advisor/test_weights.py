"""The weight validator refuses every kind of bad weight set, naming the field each problem is about."""

import copy
import math
from collections.abc import Callable
from typing import Any

import pytest

from advisor.domain import Answers, Weights
from advisor.scoring import recommend
from advisor.vocabulary import Factor
from advisor.weights import (
    DEFAULT_WEIGHTS,
    DEFAULT_WEIGHTS_DATA,
    WeightProblem,
    WeightsInvalid,
    band_labels,
    option_keys,
    parse_weights,
    validate_weights,
)

Change = Callable[[dict[str, Any]], None]


def problem_fields(change: Change) -> list[str]:
    """The field paths parse_weights reports for the default data with one change applied."""
    data = copy.deepcopy(DEFAULT_WEIGHTS_DATA)
    change(data)

    with pytest.raises(WeightsInvalid) as refused:
        parse_weights(data)

    return [problem.field for problem in refused.value.problems]


def set_lean(factor: str, index: int, value: float) -> Change:
    return lambda data: data["leans"][factor].__setitem__(index, value)


def test_the_default_weights_pass_validation() -> None:
    assert validate_weights(DEFAULT_WEIGHTS) == []
    assert parse_weights(DEFAULT_WEIGHTS_DATA) == DEFAULT_WEIGHTS


def test_parse_weights_accepts_a_checked_weights_object_as_it_is() -> None:
    assert parse_weights(DEFAULT_WEIGHTS) is DEFAULT_WEIGHTS


def test_lean_slots_are_named_by_option_or_band() -> None:
    assert option_keys(Factor.STAGE, DEFAULT_WEIGHTS) == ("idea", "new", "growing", "established")
    assert option_keys(Factor.MONTHLY_BUDGET, DEFAULT_WEIGHTS) == (
        "up to 0",
        "0–100",
        "100–300",
        "300–1,000",
        "1,000–3,000",
        "over 3,000",
    )
    assert band_labels([2.5, 10]) == ("up to 2.50", "2.50–10", "over 10")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        # Each ordered factor, with one option leaning the wrong way compared with the one before it.
        (set_lean("stage", 2, -0.7), "leans.stage.growing"),
        (set_lean("monthly_budget", 3, -0.5), "leans.monthly_budget.300–1,000"),
        (set_lean("horizon", 2, 0.5), "leans.horizon.half_year"),
        (set_lean("profiles", 2, -0.5), "leans.profiles.optimized"),
        (set_lean("audience", 1, -0.7), "leans.audience.rough"),
        (set_lean("weekly_hours", 2, 0.3), "leans.weekly_hours.5–10"),
    ],
    ids=["stage", "budget", "horizon", "profiles", "audience", "weekly_hours"],
)
def test_broken_monotonicity_is_refused_in_every_ordered_factor(change: Change, field: str) -> None:
    assert problem_fields(change) == [field]


def test_a_monotonicity_message_says_which_way_the_lean_must_go() -> None:
    weights = DEFAULT_WEIGHTS.model_copy(
        update={"leans": {**DEFAULT_WEIGHTS.leans, Factor.STAGE: [-1.0, -0.6, -0.7, 0.8]}}
    )

    problems = validate_weights(weights)

    assert problems == [
        WeightProblem(
            "leans.stage.growing",
            "'growing' must lean at least as far toward paid as 'new' (-0.60) — business stage may never "
            "push advice toward organic as it goes up.",
        )
    ]


@pytest.mark.parametrize("factor", ["experience", "goal", "reach"])
def test_unordered_factors_may_lean_in_any_order(factor: str) -> None:
    data = copy.deepcopy(DEFAULT_WEIGHTS_DATA)
    data["leans"][factor] = list(reversed(data["leans"][factor]))

    assert validate_weights(parse_weights(data)) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (set_lean("stage", 2, 1.5), "leans.stage.growing"),
        (set_lean("goal", 0, -1.01), "leans.goal.awareness"),
        (set_lean("monthly_budget", 3, math.nan), "leans.monthly_budget.300–1,000"),
        (set_lean("weekly_hours", 4, -math.inf), "leans.weekly_hours.over 20"),
        (lambda data: data["importance"].__setitem__("stage", -1), "importance.stage"),
        (lambda data: data["importance"].__setitem__("reach", math.inf), "importance.reach"),
        (lambda data: data["importance"].__setitem__("goal", math.nan), "importance.goal"),
        (lambda data: data["importance"].__setitem__("horizon", 11), "importance.horizon"),
        (lambda data: data.__setitem__("smo_below", -1.5), "smo_below"),
        (lambda data: data.__setitem__("smm_from", 1.2), "smm_from"),
        (lambda data: data["min_ad_spend"].__setitem__("local", -5), "min_ad_spend.local"),
        (lambda data: data.__setitem__("hour_bands", [2, 5, -1, 20]), "hour_bands.2"),
    ],
    ids=[
        "lean-above-1",
        "lean-below-minus-1",
        "lean-nan",
        "lean-inf",
        "negative-importance",
        "infinite-importance",
        "nan-importance",
        "importance-above-10",
        "threshold-below-minus-1",
        "threshold-above-1",
        "negative-min-ad-spend",
        "negative-band",
    ],
)
def test_numbers_out_of_range_are_refused(change: Change, field: str) -> None:
    assert problem_fields(change) == [field]


@pytest.mark.parametrize(
    ("name", "bands", "field"),
    [
        ("budget_bands", [0, 300, 100, 1000, 3000], "budget_bands.2"),
        ("budget_bands", [0, 100, 100, 1000, 3000], "budget_bands.2"),
        ("hour_bands", [2, 5, 10, 8], "hour_bands.3"),
        ("hour_bands", [2, 5, 10, 80], "hour_bands.3"),
        ("budget_bands", [0, 100, 300, 1000, 10_000_000], "budget_bands.4"),
    ],
    ids=["budget-down", "budget-equal", "hours-down", "hours-top-at-maximum", "budget-top-at-maximum"],
)
def test_bands_must_ascend_below_the_maximum(name: str, bands: list[float], field: str) -> None:
    assert problem_fields(lambda data: data.__setitem__(name, bands)) == [field]


def test_bands_need_at_least_one_boundary() -> None:
    def no_hour_bands(data: dict[str, Any]) -> None:
        data["hour_bands"] = []
        data["leans"]["weekly_hours"] = [0.0]

    assert problem_fields(no_hour_bands) == ["hour_bands"]


@pytest.mark.parametrize(
    ("smo_below", "smm_from"),
    [(0.3, 0.32), (0.3, 0.3), (0.4, 0.1)],
    ids=["too-close", "equal", "crossed"],
)
def test_thresholds_must_leave_room_for_blended(smo_below: float, smm_from: float) -> None:
    def thresholds(data: dict[str, Any]) -> None:
        data["smo_below"], data["smm_from"] = smo_below, smm_from

    assert problem_fields(thresholds) == ["smm_from"]


def test_an_organic_threshold_of_minus_one_is_refused() -> None:
    assert problem_fields(lambda data: data.__setitem__("smo_below", -1)) == ["smo_below"]


def test_the_required_questions_cannot_all_have_zero_importance() -> None:
    def zero_required(data: dict[str, Any]) -> None:
        for factor in ("stage", "monthly_budget", "horizon", "experience"):
            data["importance"][factor] = 0

    assert problem_fields(zero_required) == ["importance"]


def test_optional_questions_alone_may_have_zero_importance() -> None:
    data = copy.deepcopy(DEFAULT_WEIGHTS_DATA)
    for factor in ("profiles", "goal", "audience", "reach", "weekly_hours"):
        data["importance"][factor] = 0

    assert validate_weights(parse_weights(data)) == []


@pytest.mark.parametrize(
    ("factor", "leans", "field"),
    [
        ("stage", [-1, 0, 1], "leans.stage"),
        ("profiles", [-1, 0, 0.5, 1], "leans.profiles"),
        ("monthly_budget", [-1, 0, 0.5, 1], "leans.monthly_budget"),
        ("weekly_hours", [1, 0.5, 0, -0.5, -0.8, -1], "leans.weekly_hours"),
    ],
)
def test_the_wrong_number_of_leans_is_refused(factor: str, leans: list[float], field: str) -> None:
    assert problem_fields(lambda data: data["leans"].__setitem__(factor, leans)) == [field]


def test_a_missing_factor_or_area_is_refused() -> None:
    def remove(data: dict[str, Any]) -> None:
        del data["importance"]["goal"]
        del data["leans"]["reach"]
        del data["min_ad_spend"]["global"]

    assert problem_fields(remove) == ["importance.goal", "leans.reach", "min_ad_spend.global"]


def test_unknown_names_are_refused() -> None:
    def unknown(data: dict[str, Any]) -> None:
        data["importance"]["luck"] = 1
        data["surprise"] = True

    assert problem_fields(unknown) == ["importance.luck", "surprise"]


def test_every_problem_is_reported_at_once_and_in_the_error_text() -> None:
    data = copy.deepcopy(DEFAULT_WEIGHTS_DATA)
    data["leans"]["stage"][2] = -0.7
    data["smo_below"], data["smm_from"] = 0.3, 0.31

    with pytest.raises(WeightsInvalid) as refused:
        parse_weights(data)

    assert [problem.field for problem in refused.value.problems] == ["leans.stage.growing", "smm_from"]
    assert str(refused.value).startswith("leans.stage.growing: 'growing' must lean")
    assert "smm_from: Must be at least 0.05 above the organic threshold (+0.30)" in str(refused.value)


def test_validate_weights_checks_an_unvalidated_object_too() -> None:
    weights = Weights.model_construct(**{**DEFAULT_WEIGHTS.model_dump(), "smo_below": 0.5, "smm_from": 0.4})

    assert [problem.field for problem in validate_weights(weights)] == ["smm_from"]


def test_a_workable_minimum_below_ten_is_refused() -> None:
    fields = problem_fields(lambda data: data["min_ad_spend"].__setitem__("local", 5))

    assert fields == ["min_ad_spend.local"]


def test_a_wider_area_may_not_need_less_than_a_narrower_one() -> None:
    fields = problem_fields(lambda data: data["min_ad_spend"].__setitem__("national", 200))

    assert fields == ["min_ad_spend.national"]


@pytest.mark.parametrize(
    ("name", "value"), [("ad_hours_per_1000", -1), ("ad_hours_per_1000", 41), ("help_hourly_rate", 0)]
)
def test_the_plan_numbers_are_range_checked(name: str, value: float) -> None:
    assert problem_fields(lambda data: data.__setitem__(name, value)) == [name]


def test_a_weight_set_stored_before_the_plan_numbers_existed_still_loads_with_their_defaults() -> None:
    data = {
        key: value
        for key, value in DEFAULT_WEIGHTS_DATA.items()
        if key not in ("ad_hours_per_1000", "help_hourly_rate")
    }

    weights = parse_weights(data)

    assert (weights.ad_hours_per_1000, weights.help_hourly_rate) == (2.0, 40.0)


def test_a_copied_weight_set_scores_with_its_own_numbers_not_the_originals() -> None:
    answers = Answers(stage="growing", monthly_budget=500, horizon="months", experience="intermediate")
    assert recommend(answers, DEFAULT_WEIGHTS).verdict == "blended"  # the original's table is now built

    stricter = DEFAULT_WEIGHTS.model_copy(update={"smm_from": 0.2})

    assert recommend(answers, stricter).verdict == "smm_first"
