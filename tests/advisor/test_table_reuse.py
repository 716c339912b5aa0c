"""What the weight set's scoring table keeps between recommendations (contribution rows, choice flips)
never carries one answer set's advice into another's."""

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.domain import Answers, Weights
from advisor.scoring import recommend
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
