"""Reads for the questionnaire: the live leaning, scoring with today's weights, a result's thresholds.

Nothing here writes; ``services`` holds the one write (storing a result).
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from advisor.domain import Answers, Recommendation, Weights
from advisor.models import WeightSet
from advisor.scoring import option_index, recommend
from advisor.selectors import active_weights
from advisor.vocabulary import Factor, Verdict


@dataclass(frozen=True)
class Leaning:
    score: float
    verdict: Verdict
    answered: int
    no_budget: bool


def leaning(answers: dict[str, Any], weights: Weights) -> Leaning | None:
    """The importance-weighted mean lean of the answers given so far, or None before the first answer."""
    weighted_sum = 0.0
    total = 0.0
    answered = 0
    for factor in Factor:
        value = answers.get(factor.value)
        if value is None or value == "":
            continue
        try:
            index = option_index(factor, value, weights)
        except (KeyError, ValueError, TypeError):
            continue
        importance = weights.importance[factor]
        weighted_sum += importance * weights.leans[factor][index]
        total += importance
        answered += 1
    if answered == 0:
        return None
    value = max(-1.0, min(1.0, weighted_sum / total)) if total > 0 else 0.0
    budget = answers.get(Factor.MONTHLY_BUDGET.value)
    no_budget = budget is not None and float(budget) <= 0
    if no_budget or value < weights.smo_below:
        verdict = Verdict.SMO_FIRST
    elif value >= weights.smm_from:
        verdict = Verdict.SMM_FIRST
    else:
        verdict = Verdict.BLENDED
    return Leaning(score=value, verdict=verdict, answered=answered, no_budget=no_budget)


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
