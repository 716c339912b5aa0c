"""``recommend(answers, weights)``: the advice, put together from one module per concern.

- score and verdict (the one scoring path): ``advisor.verdict``
- the split of money and hours: ``advisor.split``
- what would change it: ``advisor.flip`` (sentences in ``advisor.flip_words``)
- the plan: ``advisor.plan``; warnings: ``advisor.cautions``; reasons per factor: ``advisor.reasons``

Pure Python over pydantic models, no Django.
"""

from advisor.cautions import build_warnings
from advisor.domain import Answers, Recommendation, Weights
from advisor.flip import find_flips
from advisor.plan import build_plan
from advisor.reasons import contributions
from advisor.split import build_split
from advisor.verdict import SCORE_DECIMALS, Assessment, assess, band_index

__all__ = ["SCORE_DECIMALS", "assess", "band_index", "evaluate", "recommend"]


def evaluate(answers: Answers, weights: Weights) -> Assessment:
    """Score and verdict of complete answers, by the same path as partial ones."""
    # The model's own field values (``vars``): the same mapping a dump gives, without building one; ``assess``
    # skips the unanswered (None) ones.
    return assess(vars(answers), weights)


def recommend(
    answers: Answers, weights: Weights, *, currency: str = "USD", with_flip: bool = True
) -> Recommendation:
    assessment = evaluate(answers, weights)
    split = build_split(answers, assessment, weights)
    flips = find_flips(answers, assessment, weights, currency) if with_flip else []
    # The parts are typed dataclasses built above (see advisor.domain.advice_part); validating the model
    # itself is quicker than model_construct with pydantic-core.
    return Recommendation(
        verdict=assessment.verdict,
        score=assessment.score,
        split=split,
        factors=contributions(answers, assessment, split, weights, currency),
        flip=flips[0] if flips else None,
        alternatives=flips[1:],
        plan=build_plan(assessment.verdict, answers, split, weights, currency),
        warnings=build_warnings(answers, assessment, split, weights, currency),
        weights_version=weights.version,
    )
