"""Named cases for recommend(): the seed rules, the guard, the split, contributions, plan and warnings."""

from typing import Any

import pytest

from advisor.domain import AdviceWarning, Answers, Recommendation, Split
from advisor.scoring import band_index, option_index, recommend, score, verdict_for
from advisor.vocabulary import Factor, Verdict
from advisor.weights import DEFAULT_WEIGHTS, DEFAULT_WEIGHTS_DATA, parse_weights

BRAND_NEW = {"stage": "idea", "monthly_budget": 0, "horizon": "long_term", "experience": "none"}
ESTABLISHED = {
    "stage": "established",
    "monthly_budget": 5000,
    "horizon": "weeks",
    "experience": "advanced",
    "profiles": "optimized",
}
MIDDLE = {"stage": "growing", "monthly_budget": 500, "horizon": "months", "experience": "intermediate"}


def advise(**answers: Any) -> Recommendation:
    return recommend(Answers.model_validate(answers), DEFAULT_WEIGHTS)


def test_a_brand_new_business_with_no_budget_and_time_starts_organic() -> None:
    result = advise(**BRAND_NEW)

    assert (result.verdict, result.score, result.flip) == (Verdict.SMO_FIRST, -0.875, None)
    assert result.split == Split(
        paid_share=0.0,
        organic_share=1.0,
        monthly_ad_spend=0.0,
        monthly_organic_spend=0.0,
        weekly_hours=6.0,
        paid_hours=0.0,
        hours_assumed=True,
    )


def test_an_established_business_with_money_and_no_time_to_lose_leads_with_ads() -> None:
    result = advise(**ESTABLISHED)

    assert (result.verdict, result.score) == (Verdict.SMM_FIRST, 0.8125)
    assert result.split == Split(
        paid_share=0.9,
        organic_share=0.1,
        monthly_ad_spend=4500.0,
        monthly_organic_spend=500.0,
        weekly_hours=2.0,
        paid_hours=3.0,
        hours_assumed=True,
    )


@pytest.mark.parametrize(
    "answers",
    [
        MIDDLE,
        {**MIDDLE, "stage": "new", "monthly_budget": 1500, "experience": "basic", "profiles": "partial"},
        {
            **MIDDLE,
            "monthly_budget": 400,
            "horizon": "half_year",
            "experience": "basic",
            "profiles": "optimized",
        },
        {**ESTABLISHED, "monthly_budget": 200, "horizon": "half_year"},
    ],
    ids=["growing-some-budget", "new-bigger-budget", "growing-half-year", "established-small-budget"],
)
def test_middle_cases_blend(answers: dict[str, Any]) -> None:
    assert advise(**answers).verdict == Verdict.BLENDED


def test_all_three_verdicts_are_reachable_with_the_default_weights() -> None:
    verdicts = {advise(**answers).verdict for answers in (BRAND_NEW, MIDDLE, ESTABLISHED)}

    assert verdicts == {Verdict.SMO_FIRST, Verdict.BLENDED, Verdict.SMM_FIRST}


def test_a_budget_of_zero_overrides_a_paid_leaning_score() -> None:
    answers = {**ESTABLISHED, "monthly_budget": 0, "goal": "sales", "audience": "clear", "weekly_hours": 1}

    result = advise(**answers)

    assert result.score >= DEFAULT_WEIGHTS.smm_from  # everything else says paid...
    assert result.verdict == Verdict.SMO_FIRST  # ...but there is no money for ads
    assert (result.split.paid_share, result.split.monthly_ad_spend) == (0.0, 0.0)
    assert result.flip is not None
    assert (result.flip.field, result.flip.value, result.flip.verdict) == (
        Factor.MONTHLY_BUDGET,
        1.0,
        Verdict.SMM_FIRST,
    )


def test_the_guard_holds_even_when_every_lean_says_paid() -> None:
    data = {**DEFAULT_WEIGHTS_DATA, "leans": {**DEFAULT_WEIGHTS_DATA["leans"], "monthly_budget": [1.0] * 6}}
    weights = parse_weights(data)

    result = recommend(Answers.model_validate({**ESTABLISHED, "monthly_budget": 0}), weights)

    assert (result.verdict, result.split.monthly_ad_spend) == (Verdict.SMO_FIRST, 0.0)


def test_the_split_spends_the_paid_share_of_the_budget_and_of_the_hours() -> None:
    result = advise(**MIDDLE, weekly_hours=10)

    assert result.split == Split(
        paid_share=0.65,
        organic_share=0.35,
        monthly_ad_spend=325.0,  # 500 × 0.65
        monthly_organic_spend=175.0,
        weekly_hours=3.5,
        paid_hours=6.5,
        hours_assumed=False,
    )


@pytest.mark.parametrize("stage", ["idea", "new", "growing", "established"])
@pytest.mark.parametrize("horizon", ["weeks", "months", "half_year", "long_term"])
@pytest.mark.parametrize("monthly_budget", [0, 80, 300, 1000, 5000])
def test_the_split_of_the_budget_and_the_hours_adds_up_to_the_whole(
    stage: str, horizon: str, monthly_budget: int
) -> None:
    answers = {"stage": stage, "monthly_budget": monthly_budget, "horizon": horizon, "experience": "basic"}

    split = advise(**answers, weekly_hours=10).split

    assert (
        split.paid_share + split.organic_share,
        round(split.monthly_ad_spend + split.monthly_organic_spend, 2),
        round(split.paid_hours + split.weekly_hours, 1),
    ) == (1.0, float(monthly_budget), 10.0)


@pytest.mark.parametrize(
    ("answers", "low", "high"),
    [(BRAND_NEW | {"monthly_budget": 50}, 0.0, 0.25), (MIDDLE, 0.3, 0.7), (ESTABLISHED, 0.6, 0.9)],
    ids=["smo_first", "blended", "smm_first"],
)
def test_the_paid_share_matches_the_verdict(answers: dict[str, Any], low: float, high: float) -> None:
    assert low <= advise(**answers).split.paid_share <= high


def test_contributions_add_up_to_the_score_biggest_first_each_with_a_reason() -> None:
    result = advise(**MIDDLE)

    assert [(row.factor, row.answer, row.contribution) for row in result.factors] == [
        (Factor.HORIZON, "months", 0.1),
        (Factor.STAGE, "growing", 0.09),
        (Factor.MONTHLY_BUDGET, 500.0, 0.09),
        (Factor.EXPERIENCE, "intermediate", 0.03),
    ]
    assert round(sum(row.contribution for row in result.factors), 4) == result.score == 0.31
    assert [row.reason for row in result.factors] == [
        "A few months allows some organic growth, but ads still speed things up.",
        "With a running business and profiles in place, paid reach has something solid to build on.",
        "500 USD a month is enough to run paid campaigns that reach people quickly.",
        "Knowing your statistics means you can judge whether an ad campaign is paying back.",
    ]


def test_a_tiny_budget_is_not_told_to_lead_with_paid_ads() -> None:
    # Established, in a hurry and experienced, but with 80 USD a month: the seeds' "willing to invest" rule
    # is not met, so the advice stays a blend at most.
    result = advise(stage="established", monthly_budget=80, horizon="weeks", experience="advanced")

    assert (result.verdict, result.score) == (Verdict.BLENDED, 0.3)


def test_rounded_contributions_still_add_up_to_the_rounded_score() -> None:
    # With a budget lean of -0.2 the exact shares are -0.1333…, +0.0667, -0.0556, -0.0444…, -0.0444…,
    # -0.0222: rounding each alone adds to -0.2332, one off the score; the largest remainder takes the
    # missing unit.
    weights = parse_weights(
        DEFAULT_WEIGHTS_DATA
        | {"leans": DEFAULT_WEIGHTS_DATA["leans"] | {"monthly_budget": [-1.0, -0.6, -0.2, 0.3, 0.7, 1.0]}}
    )
    answers = Answers(
        stage="new",
        monthly_budget=200,
        horizon="half_year",
        experience="basic",
        profiles="partial",
        weekly_hours=0,
    )

    result = recommend(answers, weights)

    assert result.score == -0.2333
    assert round(sum(row.contribution for row in result.factors), 4) == -0.2333


def test_a_small_budget_is_written_with_cents_in_the_reason() -> None:
    result = advise(**BRAND_NEW | {"monthly_budget": 0.3})

    budget_row = next(row for row in result.factors if row.factor == Factor.MONTHLY_BUDGET)
    assert (
        budget_row.reason == "0.30 USD a month buys little paid reach; it goes further on content and tools."
    )


def test_the_currency_is_used_in_reasons_plan_and_warnings() -> None:
    result = recommend(
        Answers.model_validate({**MIDDLE, "reach": "national"}), DEFAULT_WEIGHTS, currency="EUR"
    )

    texts = [row.reason for row in result.factors] + [w.message for w in result.warnings]
    texts += [action for phase in result.plan for action in phase.actions]
    assert "500 EUR a month is enough to run paid campaigns that reach people quickly." in texts
    assert "Start with about 325 EUR a month on ads." in texts
    assert not [text for text in texts if "USD" in text]


def plan_outline(result: Recommendation) -> list[tuple[str, str]]:
    return [(phase.title, phase.weeks) for phase in result.plan]


def test_paid_advice_without_optimized_profiles_starts_with_the_profiles() -> None:
    result = advise(**MIDDLE, profiles="partial", audience="clear")

    assert plan_outline(result) == [
        ("Optimize your profiles first", "1"),
        ("Build an organic rhythm", "2+"),
        ("Test small paid campaigns", "2–5"),
        ("Review and scale what works", "6+"),
    ]


def test_paid_advice_with_unanswered_profiles_and_audience_prepares_both() -> None:
    assert plan_outline(advise(**MIDDLE)) == [
        ("Optimize your profiles first", "1–2"),
        ("Define who the ads are for", "3"),
        ("Build an organic rhythm", "4+"),
        ("Test small paid campaigns", "4–7"),
        ("Review and scale what works", "8+"),
    ]


def test_paid_first_advice_with_everything_ready_goes_straight_to_campaigns() -> None:
    result = advise(**ESTABLISHED, audience="clear")

    assert plan_outline(result) == [
        ("Keep the profiles alive", "1+"),
        ("Test small paid campaigns", "1–4"),
        ("Review and scale what works", "5+"),
    ]
    assert result.plan[1].actions[0] == "Start with about 4,500 USD a month on ads."


def test_organic_advice_for_a_beginner_learns_first_and_reviews_after_three_months() -> None:
    result = advise(**BRAND_NEW)

    assert plan_outline(result) == [
        ("Learn the basics, or get help", "1–2"),
        ("Build an organic rhythm", "3+"),
        ("Review, then consider ads", "15+"),
    ]
    assert result.plan[-1].actions == [
        "Review after three months: which posts brought visits, enquiries or sales?",
        "Add paid promotion once the profiles are complete and posting is a habit.",
    ]


def test_organic_advice_with_unfinished_profiles_optimizes_them_first() -> None:
    result = advise(
        stage="new", monthly_budget=200, horizon="half_year", experience="basic", profiles="partial"
    )

    assert plan_outline(result) == [
        ("Optimize your profiles first", "1"),
        ("Build an organic rhythm", "2+"),
        ("Review, then consider ads", "14+"),
    ]
    assert result.plan[-1].actions[-1] == (
        "Add paid promotion once the profiles are complete and posting is a habit, starting with about "
        "50 USD a month to boost posts that already do well."
    )


def test_a_little_experience_only_needs_lessons_when_ads_are_advised() -> None:
    organic = advise(**BRAND_NEW | {"experience": "basic"})
    paid = advise(**MIDDLE | {"experience": "basic"})

    assert organic.verdict == Verdict.SMO_FIRST
    assert "Learn the basics, or get help" not in [title for title, _ in plan_outline(organic)]
    assert paid.verdict == Verdict.BLENDED
    assert plan_outline(paid)[0] == ("Learn the basics, or get help", "1–2")


def warning_codes(**answers: Any) -> list[str]:
    return [warning.code for warning in advise(**answers).warnings]


@pytest.mark.parametrize(
    ("answers", "codes"),
    [
        # budget_too_small_for_reach: paid advice whose ad money is below the area's minimum.
        (MIDDLE | {"reach": "national"}, ["budget_too_small_for_reach"]),  # 325 < 1,000
        (MIDDLE | {"reach": "local"}, []),  # 325 ≥ 150
        (MIDDLE | {"monthly_budget": 200}, ["budget_too_small_for_reach"]),  # no area: 130 < local 150
        (BRAND_NEW | {"monthly_budget": 50, "reach": "global"}, []),  # organic advice: no ads to judge
        # paid_for_beginner: paid advice for a team that has never marketed online.
        (MIDDLE | {"experience": "none", "reach": "local"}, ["paid_for_beginner"]),
        (BRAND_NEW, []),
        # paid_without_audience: paid advice with no idea who the customers are.
        (MIDDLE | {"audience": "unknown", "reach": "local"}, ["paid_without_audience"]),
        (MIDDLE | {"audience": "rough", "reach": "local"}, []),
        (BRAND_NEW | {"audience": "unknown"}, []),
        # organic_without_hours: organic or blended advice with no hours for it.
        (BRAND_NEW | {"weekly_hours": 0}, ["organic_without_hours"]),
        (MIDDLE | {"weekly_hours": 0, "reach": "local"}, ["organic_without_hours"]),
        (BRAND_NEW | {"weekly_hours": 0.5}, []),
        (ESTABLISHED | {"weekly_hours": 0}, []),
    ],
    ids=[
        "small-for-national",
        "enough-for-local",
        "small-even-for-local",
        "organic-ignores-reach",
        "beginner",
        "beginner-organic",
        "no-audience",
        "rough-audience",
        "no-audience-organic",
        "no-hours-organic",
        "no-hours-blended",
        "half-an-hour",
        "no-hours-paid-first",
    ],
)
def test_each_warning_fires_exactly_when_it_should(answers: dict[str, Any], codes: list[str]) -> None:
    assert warning_codes(**answers) == codes


def test_all_four_warnings_together_in_plain_words() -> None:
    result = advise(
        **MIDDLE | {"experience": "none", "audience": "unknown", "reach": "national", "weekly_hours": 0}
    )

    assert result.verdict == Verdict.BLENDED
    assert result.warnings == [
        AdviceWarning(
            code="budget_too_small_for_reach",
            message="About 300 USD a month of ads is thin for customers across the whole country: we suggest "
            "at least 1,000 USD. Raise the ad budget or aim the ads at a smaller area first.",
        ),
        AdviceWarning(
            code="paid_for_beginner",
            message="Ads are advised, but nobody on the team has run them before: learn the basics or get "
            "help first, and start with small amounts.",
        ),
        AdviceWarning(
            code="paid_without_audience",
            message="Ads need a defined audience to aim at. Describe your typical customer before spending, "
            "or the money will reach the wrong people.",
        ),
        AdviceWarning(
            code="organic_without_hours",
            message="Organic work is advised, but no hours are free for it. Find a few hours a week, or get "
            "help with posting and replies.",
        ),
    ]


def test_the_weight_set_version_is_reported() -> None:
    weights = parse_weights({**DEFAULT_WEIGHTS_DATA, "version": 7})

    assert recommend(Answers.model_validate(MIDDLE), weights).weights_version == 7
    assert advise(**MIDDLE).weights_version == 1


def test_score_and_verdict_for_agree_with_recommend() -> None:
    answers = Answers.model_validate(MIDDLE | {"weekly_hours": 10})

    result = recommend(answers, DEFAULT_WEIGHTS)

    assert score(answers, DEFAULT_WEIGHTS) == result.score == 0.2565
    assert verdict_for(result.score, answers.monthly_budget, DEFAULT_WEIGHTS) == result.verdict


def test_bands_include_their_upper_bound() -> None:
    bands = [0, 100, 300]

    assert [band_index(amount, bands) for amount in (0, 0.01, 100, 100.01, 300, 300.5)] == [0, 1, 1, 2, 2, 3]
    assert option_index(Factor.WEEKLY_HOURS, 2, DEFAULT_WEIGHTS) == 0
    assert option_index(Factor.WEEKLY_HOURS, 2.5, DEFAULT_WEIGHTS) == 1
    assert option_index(Factor.HORIZON, "half_year", DEFAULT_WEIGHTS) == 2


def test_without_the_flip_search_there_is_no_flip_and_the_rest_is_the_same() -> None:
    answers = Answers.model_validate(MIDDLE)

    full = recommend(answers, DEFAULT_WEIGHTS)
    quick = recommend(answers, DEFAULT_WEIGHTS, with_flip=False)

    assert quick.flip is None
    assert quick == full.model_copy(update={"flip": None})


@pytest.mark.parametrize("answers", [BRAND_NEW, MIDDLE, ESTABLISHED | {"goal": "sales", "reach": "global"}])
def test_a_recommendation_survives_a_json_round_trip_unchanged(answers: dict[str, Any]) -> None:
    result = advise(**answers)

    assert Recommendation.model_validate_json(result.model_dump_json()) == result
