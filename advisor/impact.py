"""The impact preview: stored answers re-scored with the live set and a draft, verdict moves counted.

Reading stored responses is the caller's job (``rescore`` takes plain ``(id, answers)`` rows), so advisor/
never imports questionnaire/.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from advisor.domain import Weights
from advisor.scoring import SCORE_DECIMALS, band_index
from advisor.vocabulary import NUMERIC_FACTORS, VERDICT_LABELS, Factor, Verdict, choices


class FastScorer:
    """The verdict of ``scoring.score`` + ``scoring.verdict_for`` for raw answer dicts, without pydantic.

    Built once per weight set (the weights were validated when loaded), then a few dict look-ups per row:
    the impact preview re-scores every stored response with two sets. It sums and rounds exactly as
    ``scoring.score`` does (``math.fsum``, then ``SCORE_DECIMALS``); a property test compares the two.
    """

    def __init__(self, weights: Weights) -> None:
        self.smo_below = weights.smo_below
        self.smm_from = weights.smm_from
        self.terms: list[tuple[str, float, dict[str, float] | None, list[float], list[float]]] = []
        for factor in Factor:
            importance = weights.importance[factor]
            leans = list(weights.leans[factor])
            if factor in NUMERIC_FACTORS:
                bands = weights.budget_bands if factor == Factor.MONTHLY_BUDGET else weights.hour_bands
                self.terms.append((factor.value, importance, None, list(bands), leans))
            else:
                table = dict(zip(choices(factor), leans, strict=True))
                self.terms.append((factor.value, importance, table, [], leans))

    def verdict(self, answers: Mapping[str, Any]) -> str:
        products: list[float] = []
        importances: list[float] = []
        for name, importance, table, bands, leans in self.terms:
            value = answers.get(name)
            if value is None:
                continue
            lean = table[value] if table is not None else leans[band_index(float(value), bands)]
            products.append(importance * lean)
            importances.append(importance)
        if float(answers["monthly_budget"]) <= 0:
            return Verdict.SMO_FIRST.value  # the guard no weight can undo
        weighted_sum, total = math.fsum(products), math.fsum(importances)
        value = 0.0 if total <= 0 else round(max(-1.0, min(1.0, weighted_sum / total)), SCORE_DECIMALS)
        if value < self.smo_below:
            return Verdict.SMO_FIRST.value
        if value >= self.smm_from:
            return Verdict.SMM_FIRST.value
        return Verdict.BLENDED.value


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
    before_of, after_of = FastScorer(current).verdict, FastScorer(candidate).verdict
    total = skipped = 0
    for pk, answers in rows:
        try:
            key = (before_of(answers), after_of(answers))
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
