"""Checking a weight set against the scenarios: named answers with the verdict they must (not) get."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError

from advisor.domain import Answers, Weights
from advisor.models import Scenario
from advisor.scoring import evaluate
from advisor.vocabulary import VERDICT_LABELS, Verdict


def words(verdict: str) -> str:
    return VERDICT_LABELS[Verdict(verdict)] if verdict in set(Verdict) else verdict


@dataclass(frozen=True)
class ScenarioResult:
    scenario_id: int
    name: str
    expected: str  # verdict value or ""
    forbidden: str
    verdict: str | None  # None when the stored answers are no longer valid
    score: float | None
    problem: str  # empty when passed

    @property
    def passed(self) -> bool:
        return not self.problem


def check_scenario(scenario: Scenario, weights: Weights) -> ScenarioResult:
    try:
        answers = Answers.model_validate(scenario.answers)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return ScenarioResult(
            scenario.pk,
            scenario.name,
            scenario.expected_verdict,
            scenario.forbidden_verdict,
            None,
            None,
            f"its answers are no longer valid ({where}: {first['msg']}).",
        )
    outcome = evaluate(answers, weights)
    value, verdict = outcome.score, outcome.verdict.value
    problem = ""
    if scenario.expected_verdict and verdict != scenario.expected_verdict:
        problem = f"gives “{words(verdict)}”, expected “{words(scenario.expected_verdict)}”."
    elif scenario.forbidden_verdict and verdict == scenario.forbidden_verdict:
        problem = f"gives “{words(verdict)}”, which it must not."
    return ScenarioResult(
        scenario.pk,
        scenario.name,
        scenario.expected_verdict,
        scenario.forbidden_verdict,
        verdict,
        round(value, 4),
        problem,
    )


def check_scenarios(weights: Weights, scenarios: Iterable[Scenario] | None = None) -> list[ScenarioResult]:
    if scenarios is None:
        scenarios = Scenario.objects.order_by("name")
    return [check_scenario(scenario, weights) for scenario in scenarios]
