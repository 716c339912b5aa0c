"""Shape the consultant pages' data: result rows, and what changed between a client's assessments."""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from django.conf import settings
from pydantic import ValidationError

from advisor.domain import Recommendation
from advisor.vocabulary import FACTOR_LABELS, VERDICT_LABELS, Factor, Stage, Verdict, option_label
from consultants.models import InvitedResult

FACTOR_ORDER: tuple[Factor, ...] = tuple(FACTOR_LABELS)


def display_answer(factor: Factor, value: Any) -> str:
    if value is None or value == "":
        return "Not answered"
    if factor == Factor.MONTHLY_BUDGET:
        return f"{float(value):,.0f} {settings.SITE_CURRENCY} a month"
    if factor == Factor.WEEKLY_HOURS:
        return f"{float(value):g} hours a week"
    return option_label(factor, str(value))


@dataclass(frozen=True)
class ResultRow:
    result: InvitedResult
    created_at: datetime
    deleted: bool
    token: str = ""
    verdict: str = ""
    verdict_label: str = ""
    budget: str = ""
    stage: str = ""
    weights_version: int | None = None


def result_row(result: InvitedResult) -> ResultRow:
    response = result.response
    if response is None:
        return ResultRow(result=result, created_at=result.created_at, deleted=True)
    return ResultRow(
        result=result,
        created_at=response.created_at,
        deleted=False,
        token=response.token,
        verdict=response.verdict,
        verdict_label=VERDICT_LABELS[Verdict(response.verdict)],
        budget=display_answer(Factor.MONTHLY_BUDGET, response.monthly_budget),
        stage=option_label(Factor.STAGE, Stage(response.stage).value),
        weights_version=response.weights_version,
    )


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Comparison:
    """What changed from one assessment (``earlier``) to the next (``later``)."""

    earlier: ResultRow
    later: ResultRow
    answers: list[Change] = field(default_factory=list)
    advice: list[Change] = field(default_factory=list)


def _advice_facts(response: Any) -> dict[str, str]:
    try:
        recommendation = Recommendation.model_validate(response.recommendation)
    except ValidationError:
        return {"Verdict": VERDICT_LABELS[Verdict(response.verdict)]}
    split = recommendation.split
    facts = {
        "Verdict": VERDICT_LABELS[recommendation.verdict],
        "Paid share of the effort": f"{split.paid_share:.0%}",
        "Ad spend a month": f"{split.monthly_ad_spend:,.0f} {settings.SITE_CURRENCY}",
        "Organic work a week": f"{split.weekly_hours:g} hours",
        "Scoring version": str(recommendation.weights_version),
    }
    if recommendation.factors:
        facts["Strongest reason"] = FACTOR_LABELS[recommendation.factors[0].factor]
    return facts


def comparisons(rows: list[ResultRow]) -> list[Comparison]:
    """Each pair of consecutive assessments the client kept (oldest first); deleted ones are skipped."""
    kept = sorted((row for row in rows if not row.deleted), key=lambda row: row.created_at)
    pairs = []
    for earlier, later in pairwise(kept):
        before, after = earlier.result.response, later.result.response
        if before is None or after is None:
            continue  # not reached: deleted results were left out above
        answers = [
            Change(
                FACTOR_LABELS[factor],
                display_answer(factor, before.answers.get(factor.value)),
                display_answer(factor, after.answers.get(factor.value)),
            )
            for factor in FACTOR_ORDER
            if _same(before.answers.get(factor.value)) != _same(after.answers.get(factor.value))
        ]
        facts_before, facts_after = _advice_facts(before), _advice_facts(after)
        advice = [
            Change(name, facts_before.get(name, "—"), value)
            for name, value in facts_after.items()
            if facts_before.get(name) != value
        ]
        pairs.append(Comparison(earlier=earlier, later=later, answers=answers, advice=advice))
    return list(reversed(pairs))


def _same(value: Any) -> Any:
    # The JSON column may give 500 or 500.0 for the same answer.
    if isinstance(value, int | float):
        return float(value)
    return value
