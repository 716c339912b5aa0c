"""What admins do with weight sets: duplicate, check against scenarios, preview the impact, activate.

Kept out of the admin classes so tests and scripts call the same code. Reading stored responses is the
caller's job (``rescore`` takes plain ``(id, answers)`` rows), so advisor/ never imports questionnaire/.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from pydantic import ValidationError

from advisor.domain import Answers, Weights
from advisor.models import Scenario, WeightSet
from advisor.scoring import evaluate
from advisor.verdict import assess
from advisor.vocabulary import (
    FACTOR_LABELS,
    NUMERIC_FACTORS,
    QUESTIONS,
    REQUIRED_FACTORS,
    VERDICT_LABELS,
    Factor,
    Reach,
    Verdict,
    choices,
    option_label,
)
from advisor.weights import band_labels, format_number


class ActivationRefused(Exception):
    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


# --- duplicating ---------------------------------------------------------------------------------------


def create_draft(
    data: Mapping[str, Any], *, based_on: WeightSet | None, user: AbstractBaseUser | None, note: str = ""
) -> WeightSet:
    """A new draft with the next free version number (retrying if another admin took it meanwhile)."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                return WeightSet.objects.create(
                    version=WeightSet.next_version(),
                    status=WeightSet.Status.DRAFT,
                    data=dict(data),
                    based_on=based_on,
                    created_by=user if user is not None and user.is_authenticated else None,
                    note=note,
                )
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def duplicate(weight_set: WeightSet, user: AbstractBaseUser | None) -> WeightSet:
    return create_draft(
        weight_set.data, based_on=weight_set, user=user, note=f"Copy of v{weight_set.version}: "
    )


# --- activating ----------------------------------------------------------------------------------------


def activate(weight_set: WeightSet, user: AbstractBaseUser | None) -> WeightSet:
    """Make a draft the live set and retire the previous one, in one transaction.

    Every weight-set row is locked first, in primary-key order (PostgreSQL: SELECT … FOR UPDATE; SQLite:
    the IMMEDIATE transaction already holds the database's write lock). A second admin activating at the
    same moment therefore waits, then sees the first activation and retires that set instead: there is
    never a moment with zero or two active sets, and the unique constraint backs this up.
    """
    for attempt in range(1, 6):
        try:
            return _activate(weight_set, user)
        except OperationalError as error:
            # SQLite reports a lock held by another connection at once in shared-cache mode (the test
            # database) or after its busy timeout; the whole transaction is safe to run again.
            if "locked" not in str(error) or attempt == 5:
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


def _activate(weight_set: WeightSet, user: AbstractBaseUser | None) -> WeightSet:
    with transaction.atomic():
        list(WeightSet.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
        target = WeightSet.objects.get(pk=weight_set.pk)
        if target.status != WeightSet.Status.DRAFT:
            raise ActivationRefused(
                [f"v{target.version} is {target.get_status_display().lower()}, not a draft."]
            )
        weights = target.weights  # validated again: the data may have been changed outside the admin
        failures = [result for result in check_scenarios(weights) if not result.passed]
        if failures:
            raise ActivationRefused([f"Scenario “{r.name}”: {r.problem}" for r in failures])
        now = timezone.now()
        for previous in WeightSet.objects.filter(status=WeightSet.Status.ACTIVE):
            previous.status = WeightSet.Status.RETIRED
            previous.save(update_fields=["status", "updated_at"])
        target.status = WeightSet.Status.ACTIVE
        target.activated_at = now
        target.activated_by = user if user is not None and user.is_authenticated else None
        target.save(update_fields=["status", "activated_at", "activated_by", "updated_at"])
    return target


# --- scenario checks -----------------------------------------------------------------------------------


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
        problem = f"gives {verdict}, expected {scenario.expected_verdict}."
    elif scenario.forbidden_verdict and verdict == scenario.forbidden_verdict:
        problem = f"gives {verdict}, which it must not."
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


# --- per-field differences -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    path: str
    label: str
    before: str
    after: str


def flatten(data: Mapping[str, Any]) -> dict[str, Any]:
    """{"leans": {"stage": [..]}} → {"leans.stage.0": ..}: one entry per number an admin can edit."""
    flat: dict[str, Any] = {}
    for factor in Factor:
        flat[f"importance.{factor}"] = data.get("importance", {}).get(factor.value)
        for index, lean in enumerate(data.get("leans", {}).get(factor.value, [])):
            flat[f"leans.{factor}.{index}"] = lean
    for name in ("budget_bands", "hour_bands"):
        for index, bound in enumerate(data.get(name, [])):
            flat[f"{name}.{index}"] = bound
    flat["smo_below"] = data.get("smo_below")
    flat["smm_from"] = data.get("smm_from")
    for reach in Reach:
        flat[f"min_ad_spend.{reach}"] = data.get("min_ad_spend", {}).get(reach.value)
    for name in ("ad_hours_per_1000", "help_hourly_rate"):
        flat[name] = data.get(name)
    return flat


def path_label(path: str, data: Mapping[str, Any]) -> str:
    """An admin's name for one number, e.g. "Business stage · lean of ‘Growing’"."""
    parts = path.split(".")
    if parts[0] == "importance":
        return f"{FACTOR_LABELS[Factor(parts[1])]} · importance"
    if parts[0] == "leans":
        factor, index = Factor(parts[1]), int(parts[2])
        if factor in NUMERIC_FACTORS:
            bands = data.get("budget_bands" if factor == Factor.MONTHLY_BUDGET else "hour_bands", [])
            labels = band_labels(list(bands))
            option = labels[index] if index < len(labels) else f"band {index + 1}"
        else:
            values = choices(factor)
            option = option_label(factor, values[index]) if index < len(values) else f"option {index + 1}"
        return f"{FACTOR_LABELS[factor]} · lean of ‘{option}’"
    if parts[0] == "budget_bands":
        return f"Budget band boundary {int(parts[1]) + 1}"
    if parts[0] == "hour_bands":
        return f"Hours band boundary {int(parts[1]) + 1}"
    if parts[0] == "smo_below":
        return "Organic-first threshold (score below)"
    if parts[0] == "smm_from":
        return "Paid-first threshold (score from)"
    if parts[0] == "ad_hours_per_1000":
        return "Hours a week per 1,000 of monthly ad spend"
    if parts[0] == "help_hourly_rate":
        return "Cost of an hour of paid help"
    if parts[0] == "min_ad_spend":
        return f"Minimum ad spend · {option_label(Factor.REACH, parts[1])}"
    return path


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, int | float):
        return format_number(float(value)) if abs(value) >= 1 or value == 0 else f"{value:+.2f}"
    return str(value)


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Change]:
    if before is None:
        return []
    old, new = flatten(before), flatten(after)
    changes = []
    for path in dict.fromkeys([*old, *new]):
        if old.get(path) != new.get(path):
            changes.append(Change(path, path_label(path, after), _show(old.get(path)), _show(new.get(path))))
    return changes


# --- impact preview ------------------------------------------------------------------------------------


def verdict_of(answers: Mapping[str, Any], weights: Weights) -> str:
    """The verdict of a stored row's raw answers, by the one scoring path (``advisor.verdict.assess``).
    Raises KeyError/TypeError/ValueError for answers the current vocabulary no longer accepts."""
    for name in _REQUIRED_NAMES:
        if answers.get(name) is None:
            raise KeyError(name)
    return assess(answers, weights).verdict.value


_REQUIRED_NAMES: tuple[str, ...] = tuple(factor.value for factor in REQUIRED_FACTORS)


VERDICTS: tuple[str, ...] = tuple(verdict.value for verdict in Verdict)


@dataclass
class Impact:
    moves: dict[tuple[str, str], int] = field(
        default_factory=lambda: {(a, b): 0 for a in VERDICTS for b in VERDICTS}
    )
    examples: dict[tuple[str, str], list[int]] = field(
        default_factory=lambda: {(a, b): [] for a in VERDICTS for b in VERDICTS}
    )
    total: int = 0
    skipped: int = 0  # stored answers the current vocabulary no longer accepts
    seconds: float = 0.0

    @property
    def changed(self) -> int:
        return sum(count for (before, after), count in self.moves.items() if before != after)

    @property
    def rate(self) -> float:
        return self.total / self.seconds if self.seconds > 0 else 0.0

    def rows(self) -> list[dict[str, Any]]:
        """The 3×3 table: one row per verdict under the active set, one cell per verdict under the draft."""
        return [
            {
                "verdict": before,
                "label": VERDICT_LABELS[Verdict(before)],
                "cells": [
                    {
                        "to": after,
                        "count": self.moves[(before, after)],
                        "examples": self.examples[(before, after)],
                        "moved": before != after,
                    }
                    for after in VERDICTS
                ],
                "total": sum(self.moves[(before, after)] for after in VERDICTS),
            }
            for before in VERDICTS
        ]


def rescore(
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    current: Weights,
    candidate: Weights,
    *,
    examples_per_move: int = 5,
) -> Impact:
    """Re-score ``(id, answers)`` rows with the current and the candidate set and count verdict moves."""
    started = time.perf_counter()
    impact = Impact()
    moves, examples = impact.moves, impact.examples
    total = skipped = 0
    for pk, answers in rows:
        try:
            key = (verdict_of(answers, current), verdict_of(answers, candidate))
        except (KeyError, TypeError, ValueError, AttributeError):
            skipped += 1
            continue
        total += 1
        moves[key] += 1
        if len(examples[key]) < examples_per_move:
            examples[key].append(pk)
    impact.total, impact.skipped = total, skipped
    impact.seconds = time.perf_counter() - started
    return impact


def question_text(factor: Factor) -> str:
    return QUESTIONS[factor].text
