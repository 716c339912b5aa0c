"""Property tests over the whole answer space and over random valid weight sets (not only the defaults):
the guards, monotonicity, workable ad spend, flips, plan timing and amounts, reasons and warnings."""

import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.domain import Answers, Recommendation, Weights
from advisor.money import format_hours, format_money
from advisor.scoring import recommend
from advisor.split import FULL_TIME_HOURS, ORGANIC_HOURS_ENOUGH, hours_still_missing
from advisor.verdict import AREAS, assess, threshold_verdict
from advisor.vocabulary import DIRECTIONS, Direction, Factor, Reach, Verdict, choices
from advisor.weights import DEFAULT_WEIGHTS, validate_weights
from tests.advisor.strategies import (
    VERDICT_RANK,
    answer_data,
    answers,
    any_weights,
    budgets,
    changed,
    hours,
    valid_weights,
)

# Bounded so that the whole file runs in a few seconds; a nightly run could raise these.
FEW = settings(max_examples=40, deadline=None)
SOME = settings(max_examples=150, deadline=None)

ORDERED_CHOICES = [
    factor
    for factor, direction in DIRECTIONS.items()
    if direction != Direction.FREE and factor not in (Factor.MONTHLY_BUDGET, Factor.WEEKLY_HOURS)
]
ACTIONABLE = {
    Factor.MONTHLY_BUDGET,
    Factor.WEEKLY_HOURS,
    Factor.HORIZON,
    Factor.PROFILES,
    Factor.AUDIENCE,
    Factor.REACH,
    Factor.GOAL,
}
CURRENCY = "USD"


def all_text(result: Recommendation) -> str:
    return " ".join(
        [
            *(action for phase in result.plan for action in phase.actions),
            *(phase.title for phase in result.plan),
            *(warning.message for warning in result.warnings),
            *(row.reason for row in result.factors),
            *(flip.message for flip in (result.flip, *result.alternatives) if flip is not None),
        ]
    )


def plan_text(result: Recommendation) -> str:
    return " ".join(
        [*(phase.title for phase in result.plan), *(a for phase in result.plan for a in phase.actions)]
    )


def first_week(weeks: str) -> int:
    return int(re.match(r"\d+", weeks).group())


@FEW
@given(valid_weights)
def test_generated_weight_sets_pass_validation(weights: Weights) -> None:
    assert validate_weights(weights) == []


@SOME
@given(answers, any_weights)
def test_recommend_and_assess_are_one_scoring_path(answers: Answers, weights: Weights) -> None:
    result = recommend(answers, weights)

    outcome = assess(answers.model_dump(mode="json"), weights)

    assert (result.verdict, result.score) == (outcome.verdict, outcome.score)
    assert -1 <= result.score <= 1


@SOME
@given(answer_data(), any_weights)
def test_a_budget_of_zero_is_always_organic_first_with_no_ad_spend(data: dict, weights: Weights) -> None:
    result = recommend(Answers.model_validate({**data, "monthly_budget": 0}), weights)

    assert (result.verdict, result.split.monthly_ad_spend) == (Verdict.SMO_FIRST, 0.0)


@SOME
@given(answers, any_weights)
def test_paid_advice_funds_ads_at_the_workable_minimum_and_organic_first_funds_none(
    answers: Answers, weights: Weights
) -> None:
    result = recommend(answers, weights)

    split = result.split
    if result.verdict is Verdict.SMO_FIRST:
        assert (split.monthly_ad_spend, split.ad_target) == (0.0, None)
    else:
        area = answers.reach or Reach.LOCAL
        assert split.ad_target is not None
        assert split.monthly_ad_spend >= weights.min_ad_spend[split.ad_target]
        assert AREAS.index(split.ad_target) <= AREAS.index(area)
        assert split.narrowed == (split.ad_target != area)
        assert threshold_verdict(result.score, weights) is not Verdict.SMO_FIRST  # the score agrees


@SOME
@given(answers, any_weights)
def test_the_split_adds_up_with_no_negative_zero(answers: Answers, weights: Weights) -> None:
    split = recommend(answers, weights).split

    amounts = [split.monthly_ad_spend, split.monthly_organic_spend, split.help_spend, split.weekly_hours]
    assert all(amount >= 0 and math.copysign(1, amount) == 1 for amount in amounts)
    assert abs(split.monthly_ad_spend + split.monthly_organic_spend - answers.monthly_budget) <= 0.51
    assert split.help_spend <= split.monthly_organic_spend
    assert math.isclose(split.paid_share + split.organic_share, 1.0)
    if answers.weekly_hours is not None:
        assert split.weekly_hours + split.paid_hours <= answers.weekly_hours + 0.5


@SOME
@given(answers, any_weights)
def test_contributions_add_up_to_the_score_biggest_first(answers: Answers, weights: Weights) -> None:
    result = recommend(answers, weights)

    contributions = [row.contribution for row in result.factors]
    assert round(sum(contributions), 4) == result.score
    assert [abs(c) for c in contributions] == sorted((abs(c) for c in contributions), reverse=True)


@SOME
@given(answer_data(), any_weights, st.sampled_from(ORDERED_CHOICES), st.data())
def test_ordered_choices_never_move_the_advice_the_wrong_way(
    data: dict, weights: Weights, factor: Factor, draw: st.DataObject
) -> None:
    options = choices(factor)
    low, high = sorted(draw.draw(st.lists(st.sampled_from(range(len(options))), min_size=2, max_size=2)))

    lower = recommend(Answers.model_validate({**data, factor: options[low]}), weights, with_flip=False)
    higher = recommend(Answers.model_validate({**data, factor: options[high]}), weights, with_flip=False)

    if DIRECTIONS[factor] == Direction.TOWARD_PAID:
        assert VERDICT_RANK[higher.verdict] >= VERDICT_RANK[lower.verdict]
    else:
        assert VERDICT_RANK[higher.verdict] <= VERDICT_RANK[lower.verdict]


@SOME
@given(answer_data(), any_weights, budgets, budgets)
def test_a_bigger_budget_never_moves_the_advice_toward_organic(
    data: dict, weights: Weights, first: float, second: float
) -> None:
    small, big = sorted((first, second))

    lower = recommend(Answers.model_validate({**data, "monthly_budget": small}), weights, with_flip=False)
    higher = recommend(Answers.model_validate({**data, "monthly_budget": big}), weights, with_flip=False)

    assert VERDICT_RANK[higher.verdict] >= VERDICT_RANK[lower.verdict]


@SOME
@given(answer_data(), any_weights, hours, hours)
def test_more_weekly_hours_never_move_the_advice_toward_paid(
    data: dict, weights: Weights, first: float, second: float
) -> None:
    few, many = sorted((first, second))

    fewer = recommend(Answers.model_validate({**data, "weekly_hours": few}), weights, with_flip=False)
    more = recommend(Answers.model_validate({**data, "weekly_hours": many}), weights, with_flip=False)

    assert VERDICT_RANK[more.verdict] <= VERDICT_RANK[fewer.verdict]


@SOME
@given(answers, any_weights)
def test_every_flip_is_actionable_really_flips_and_is_minimal(answers: Answers, weights: Weights) -> None:
    result = recommend(answers, weights)

    flips = [flip for flip in (result.flip, *result.alternatives) if flip is not None]
    assert len(result.alternatives) <= 2
    assert len({flip.field for flip in flips}) == len(flips)
    for flip in flips:
        assert flip.field in ACTIONABLE
        assert (
            recommend(changed(answers, flip.field, flip.value), weights, with_flip=False).verdict
            is flip.verdict
        )
        assert flip.verdict is not result.verdict
        assert flip.message.endswith(".")
        current = getattr(answers, flip.field.value)
        if flip.field in (Factor.PROFILES, Factor.AUDIENCE) and current is not None:
            assert choices(flip.field).index(str(flip.value)) > choices(flip.field).index(str(current))
        if flip.field in (Factor.MONTHLY_BUDGET, Factor.WEEKLY_HOURS):
            step = 1.0 if float(flip.value) > current else -1.0
            nearer = float(flip.value) - step
            if (nearer - current) * step > 0:  # a whole amount strictly between today's and the flip's
                assert (
                    recommend(changed(answers, flip.field, nearer), weights, with_flip=False).verdict
                    is result.verdict
                )
        if flip.field in (Factor.HORIZON, Factor.PROFILES, Factor.AUDIENCE) and current is not None:
            options = choices(flip.field)
            here, there = options.index(str(current)), options.index(str(flip.value))
            for between in range(min(here, there) + 1, max(here, there)):
                nearer_answers = changed(answers, flip.field, options[between])
                assert recommend(nearer_answers, weights, with_flip=False).verdict is result.verdict


@SOME
@given(answers)
def test_the_plan_meets_the_deadline(answers: Answers) -> None:
    result = recommend(answers, DEFAULT_WEIGHTS)

    paid = [phase for phase in result.plan if "paid campaigns" in phase.title]
    if result.split.monthly_ad_spend > 0:
        (phase,) = paid
        if answers.horizon == "weeks":
            assert first_week(phase.weeks) <= 2
        if answers.horizon == "months":
            assert first_week(phase.weeks) <= 4
    else:
        assert paid == []
        if answers.horizon == "weeks":
            assert "will not bring many new customers that fast" in plan_text(result)


@SOME
@given(answers)
def test_the_plan_follows_the_profiles_stage_area_and_amounts(answers: Answers) -> None:
    result = recommend(answers, DEFAULT_WEIGHTS)

    titles = [phase.title for phase in result.plan]
    text = plan_text(result)
    assert ("Set up your profiles" in titles) == (answers.profiles == "none")
    assert ("Finish your profiles" in titles) == (answers.profiles == "partial")
    if answers.stage == "idea" or answers.profiles == "none":
        assert "already follow" not in text
        assert "your followers" not in text
    if answers.reach in (None, "local"):
        assert "widen the area" not in text
        assert "narrow" not in text
    if "small" in text.lower():
        assert 0 < result.split.monthly_ad_spend <= 500
    if result.split.monthly_ad_spend > 0:
        assert f"Spend about {format_money(result.split.monthly_ad_spend, CURRENCY)} a month on ads" in text
    if result.split.help_spend > 0:
        assert format_money(result.split.help_spend, CURRENCY) in text


@SOME
@given(answers)
def test_no_negative_zero_wrong_plural_or_stray_cents_anywhere(answers: Answers) -> None:
    text = all_text(recommend(answers, DEFAULT_WEIGHTS))

    assert not re.search(r"(?<![\w.])-0(?![\d.])", text)
    assert not re.search(r"(?<![\d.])1 hours", text)
    assert not re.search(
        r"(?<![\d.,])(?:[1-9]\d|\d{3,}|\d{1,3}(?:,\d{3})+)\.\d\d USD", text
    )  # cents only under 10


@SOME
@given(answers)
def test_hours_fit_the_plan_or_help_and_warnings_say_so(answers: Answers) -> None:
    result = recommend(answers, DEFAULT_WEIGHTS)

    codes = {warning.code for warning in result.warnings}
    if answers.weekly_hours == 0 and answers.monthly_budget == 0:
        assert "no_time_no_money" in codes
    if answers.weekly_hours == 0 and result.verdict is not Verdict.SMM_FIRST:
        if result.split.help_spend > 0:
            assert "freelancer" in plan_text(result)
        else:
            assert "Find at least two hours a week" in plan_text(result)
    if answers.weekly_hours is not None and "not_enough_hours" in codes:
        (warning,) = [w for w in result.warnings if w.code == "not_enough_hours"]
        assert f"you have {format_hours(answers.weekly_hours)}" in warning.message


HELP_SHORT = re.compile(
    r"about ([\d.]+) hours? of help a month .* of the ([\d.]+) hours a month you are short"
)


@SOME
@given(answers)
def test_paid_help_is_said_to_cover_the_hours_short_only_when_it_does(answers: Answers) -> None:
    result = recommend(answers, DEFAULT_WEIGHTS)

    missing = hours_still_missing(answers, result.split, DEFAULT_WEIGHTS)
    text = plan_text(result)
    if "does the rest" in text:
        assert missing <= 0
    if "less than the plan needs" in text:
        assert missing > 0
        assert result.split.help_spend > 0
    for warning in result.warnings:
        found = HELP_SHORT.search(warning.message)
        if found:
            assert float(found[1]) < float(found[2])


@SOME
@given(answers)
def test_the_plan_asks_to_get_profiles_ready_only_when_they_are_not(answers: Answers) -> None:
    text = plan_text(recommend(answers, DEFAULT_WEIGHTS))

    if "get your profiles ready" in text:
        assert answers.profiles != "optimized"


def test_help_the_budget_cannot_fully_pay_is_said_to_fall_short() -> None:
    answers = Answers(
        stage="growing",
        monthly_budget=800,
        horizon="months",
        experience="basic",
        profiles="partial",
        goal="leads",
        audience="rough",
        reach="regional",
        weekly_hours=0,
    )

    result = recommend(answers, DEFAULT_WEIGHTS)

    assert (result.split.help_spend, result.split.monthly_ad_spend) == (320.0, 480.0)
    assert [action for phase in result.plan for action in phase.actions if action.startswith("Running")] == [
        "Running 480 USD of ads takes about 2 hours a week; you have 0 hours for it. The 320 USD a month for a "
        "freelancer or agency buys about 8 hours a month, less than the plan needs: start with fewer ads, or find "
        "more time before raising the spend."
    ]
    assert [w.message for w in result.warnings if w.code == "not_enough_hours"] == [
        "This plan needs about 4 hours a week (2 hours of it to run the ads); you have 0 hours: the plan pays "
        "for about 8 hours of help a month from the budget (320 USD), of the 17 hours a month you are short: "
        "find more time or money, or start smaller."
    ]


@SOME
@given(answers)
def test_warnings_that_matter_are_given_and_name_a_number(answers: Answers) -> None:
    result = recommend(answers, DEFAULT_WEIGHTS)

    codes = [warning.code for warning in result.warnings]
    paid = result.split.monthly_ad_spend > 0
    assert ("paid_for_beginner" in codes) == (paid and answers.experience in ("none", "basic"))
    assert ("paid_without_audience" in codes) == (paid and answers.audience == "unknown")
    assert all(re.search(r"\d", warning.message) for warning in result.warnings)


@SOME
@given(answers)
def test_reasons_name_the_real_answer_and_agree_with_the_split(answers: Answers) -> None:
    result = recommend(answers, DEFAULT_WEIGHTS)

    reasons = {row.factor: row.reason for row in result.factors}
    budget_reason = reasons[Factor.MONTHLY_BUDGET]
    if answers.monthly_budget > 0:
        assert budget_reason.startswith(format_money(answers.monthly_budget, CURRENCY))
    if result.split.monthly_ad_spend > 0:
        assert f"funds {format_money(result.split.monthly_ad_spend, CURRENCY)} of ads" in budget_reason
    else:
        assert "of ads:" not in budget_reason
        assert "funds" not in budget_reason
    if answers.weekly_hours is not None:
        assert format_hours(answers.weekly_hours) in reasons[Factor.WEEKLY_HOURS]
    experience_words = {
        "none": "no marketing experience",
        "basic": "A little",
        "intermediate": "Some",
        "advanced": "A lot",
    }
    assert experience_words[answers.experience] in reasons[Factor.EXPERIENCE]
    for row in result.factors:
        against = (result.verdict is Verdict.SMO_FIRST and row.lean > 0) or (
            result.verdict is Verdict.SMM_FIRST and row.lean < 0
        )
        if against and row.factor is not Factor.MONTHLY_BUDGET:
            assert "weigh more" in row.reason or "the budget decides" in row.reason


@SOME
@given(answers)
def test_no_plan_asks_for_more_than_a_working_week_to_run_the_ads(answers: Answers) -> None:
    result = recommend(answers, DEFAULT_WEIGHTS)

    named = [float(hours) for hours in re.findall(r"(\d+(?:\.\d+)?) hours? a week", all_text(result))]
    given = (answers.weekly_hours or 0) + 0.5  # the hours given, shown to the half hour
    assert all(hours <= max(FULL_TIME_HOURS + 2, given) for hours in named)
    if result.split.monthly_ad_spend >= 19_500:  # 1 hour + 2 per 1,000 reaches a working week
        assert "is a full-time job" in plan_text(result)


@SOME
@given(answers)
def test_the_advice_to_revisit_ads_names_only_what_is_still_missing(answers: Answers) -> None:
    result = recommend(answers, DEFAULT_WEIGHTS)

    text = plan_text(result)
    if result.verdict is not Verdict.SMO_FIRST:
        assert "revisit paid promotion" not in text
        return
    minimum = DEFAULT_WEIGHTS.min_ad_spend[answers.reach or Reach.LOCAL]
    covered = answers.monthly_budget * 0.7 >= minimum
    assert ("your profiles are complete" in text) == (answers.profiles != "optimized")
    assert ("that money is there" in text) == (not covered)
    assert ("which your budget already covers" in text) == covered


@SOME
@given(answers)
def test_the_plan_asks_for_no_more_posting_hours_than_help_and_names_the_spare_ones(answers: Answers) -> None:
    result = recommend(answers, DEFAULT_WEIGHTS)

    assert result.split.weekly_hours <= ORGANIC_HOURS_ENOUGH
    spare = (answers.weekly_hours or 0) - result.split.paid_hours - result.split.weekly_hours
    assert ("keep the other" in plan_text(result)) == (
        result.split.weekly_hours == ORGANIC_HOURS_ENOUGH and spare >= 1
    )


@SOME
@given(answers)
def test_content_money_is_named_only_when_it_can_buy_content(answers: Answers) -> None:
    result = recommend(answers, DEFAULT_WEIGHTS)

    rest = result.split.monthly_organic_spend - result.split.help_spend
    text = plan_text(result)
    assert ("into content (photos, video)" in text) == (round(rest) >= 20)
    if "for little costs" in text:
        assert 0 < rest < 20


@SOME
@given(answers)
def test_organic_first_plans_teach_no_ads(answers: Answers) -> None:
    result = recommend(answers, DEFAULT_WEIGHTS)

    if result.split.monthly_ad_spend <= 0:
        learning = [phase for phase in result.plan if phase.title == "Learn the basics, or get help"]
        assert all("ads" not in action for phase in learning for action in phase.actions)


@SOME
@given(answers)
def test_the_budget_a_warning_names_for_ads_is_the_budget_flip(answers: Answers) -> None:
    result = recommend(answers, DEFAULT_WEIGHTS)

    warned = [w.message for w in result.warnings if w.code == "ads_not_workable_yet"]
    raised = [
        flip
        for flip in (result.flip, *result.alternatives)
        if flip is not None and flip.field == "monthly_budget" and flip.value > answers.monthly_budget
    ]
    if warned and raised:
        (message,) = warned
        assert f"From a budget of about {format_money(raised[0].value, CURRENCY)} a month" in message
