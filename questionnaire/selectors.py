"""Reads for the questionnaire: the live leaning, scoring with today's weights, a result's thresholds.

Nothing here writes; ``services`` holds the one write (storing a result).
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from advisor.domain import Answers, Recommendation, Weights
from advisor.models import WeightSet
from advisor.scoring import recommend
from advisor.selectors import active_weights
from advisor.verdict import assess, lean_of
from advisor.vocabulary import Factor, Verdict


@dataclass(frozen=True)
class Leaning:
    score: float
    verdict: Verdict
    answered: int
    no_budget: bool


def leaning(answers: dict[str, Any], weights: Weights) -> Leaning | None:
    """Score and verdict of the answers given so far (the same function as the result's), or None
    before the first usable answer. Values the vocabulary does not (yet) accept are left out."""
    usable: dict[str, Any] = {}
    for factor in Factor:
        value = answers.get(factor.value)
        if value is None or value == "":
            continue
        try:
            lean_of(factor, value, weights)
        except (KeyError, ValueError, TypeError):
            continue
        usable[factor.value] = value
    if not usable:
        return None
    outcome = assess(usable, weights)
    budget = usable.get(Factor.MONTHLY_BUDGET.value)
    no_budget = budget is not None and float(budget) <= 0
    return Leaning(
        score=outcome.score, verdict=outcome.verdict, answered=outcome.answered, no_budget=no_budget
    )


def score_answers(answers: Answers) -> Recommendation:
    return recommend(answers, active_weights(), currency=settings.SITE_CURRENCY)


def thresholds(weight_set: WeightSet | None) -> tuple[float, float]:
    """The two verdict thresholds of the set a result was computed with, for drawing the meter."""
    data = weight_set.data if weight_set is not None else None
    if isinstance(data, dict):
        try:
            return float(data["smo_below"]), float(data["smm_from"])
        except (KeyError, TypeError, ValueError):
            pass
    weights = active_weights()
    return weights.smo_below, weights.smm_from
