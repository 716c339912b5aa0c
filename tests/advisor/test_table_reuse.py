"""What the weight set's scoring table keeps between recommendations (contribution rows, choice flips,
plan phases) never carries one answer set's advice into another's, and stays bounded."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import plan
from advisor.domain import Answers, Weights
from advisor.scoring import recommend
from advisor.verdict import table
from advisor.weights import DEFAULT_WEIGHTS
from tests.advisor.strategies import answers, any_weights


@settings(max_examples=150, deadline=None)
@given(answers, answers, any_weights, st.sampled_from(("USD", "EUR")), st.sampled_from(("USD", "EUR")))
def test_advice_after_other_answers_is_the_advice_from_a_fresh_table(
    earlier: Answers, later: Answers, weights: Weights, earlier_currency: str, later_currency: str
) -> None:
    recommend(earlier, weights, currency=earlier_currency)

    reused = recommend(later, weights, currency=later_currency)
    fresh = recommend(later, weights.model_copy(), currency=later_currency)

    assert reused.model_dump() == fresh.model_dump()


def test_kept_plan_phases_stay_within_their_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan, "PHASE_CACHE_LIMIT", 3)
    weights = DEFAULT_WEIGHTS.model_copy()  # a table of its own, empty
    sizes = []

    for experience in ("none", "basic", "intermediate", "advanced"):
        for profiles in ("none", "partial", "optimized"):
            for horizon in ("weeks", "long_term"):
                answers = Answers(
                    stage="growing",
                    monthly_budget=2_000,
                    horizon=horizon,
                    experience=experience,
                    profiles=profiles,
                    audience="rough",
                )
                recommend(answers, weights)
                sizes.append(len(table(weights).phases))

    assert max(sizes) == 3
    assert 0 < sizes[-1] <= 3
