"""The impact preview: stored answers re-scored with the live set and a draft, verdict moves counted.

Reading stored responses is the caller's job (``rescore`` takes plain ``(id, answers)`` rows), so advisor/
never imports questionnaire/.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from advisor.domain import Weights
from advisor.verdict import assess
from advisor.vocabulary import REQUIRED_FACTORS, VERDICT_LABELS, Verdict


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
