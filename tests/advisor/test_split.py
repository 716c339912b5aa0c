"""The split adds up: shares to one, money to the budget, hours to the hours given (for whole budgets)."""

import pytest

from advisor.domain import Answers
from advisor.scoring import recommend
from advisor.weights import DEFAULT_WEIGHTS


@pytest.mark.parametrize("stage", ["idea", "new", "growing", "established"])
@pytest.mark.parametrize("horizon", ["weeks", "months", "half_year", "long_term"])
@pytest.mark.parametrize("monthly_budget", [0, 80, 300, 1000, 5000])
def test_the_split_of_the_budget_and_the_hours_adds_up_to_the_whole(
    stage: str, horizon: str, monthly_budget: int
) -> None:
    answers = Answers(
        stage=stage, monthly_budget=monthly_budget, horizon=horizon, experience="basic", weekly_hours=10
    )

    split = recommend(answers, DEFAULT_WEIGHTS).split

    assert (
        split.paid_share + split.organic_share,
        round(split.monthly_ad_spend + split.monthly_organic_spend, 2),
        round(split.paid_hours + split.weekly_hours, 1),
    ) == (1.0, float(monthly_budget), 10.0)
