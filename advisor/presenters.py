"""What the admin pages show, in words: numbers with their unit, verdicts, scores, diffs and tables.

Every number is named and formatted through the one registry (``advisor.weight_fields``). The currency is
passed in by the caller (it is a site setting); nothing here reads the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from advisor.vocabulary import VERDICT_LABELS, Verdict
from advisor.weight_fields import Unit, WeightField, sections, value_at, weight_fields
from advisor.weights import format_number


def money(amount: float, currency: str) -> str:
    return f"{format_number(float(amount))} {currency}".strip()


def verdict_words(value: str | None) -> str:
    """ "smo_first" → "Start with organic work (SMO)"; anything unknown is shown as it is."""
    if not value:
        return "—"
    try:
        return VERDICT_LABELS[Verdict(value)]
    except ValueError:
        return value


def lean_words(value: float) -> str:
    """Where a lean or a score points, in words: −1 is all organic, +1 all paid."""
    side = "paid" if value > 0 else "organic"
    size = abs(value)
    if size < 0.05:
        return "neutral"
    if size < 0.3:
        return f"slightly toward {side}"
    if size < 0.6:
        return f"toward {side}"
    return f"strongly toward {side}"


def score_words(value: float | None) -> str:
    """A score for people: "strongly toward organic (−0.64)"."""
    if value is None:
        return "—"
    return f"{lean_words(value)} ({signed(value)})"


def signed(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


def show(value: Any, unit: Unit, currency: str) -> str:
    """One number of a weight set as an admin reads it."""
    if value is None:
        return "—"
    if not isinstance(value, int | float):
        return str(value)
    if unit == Unit.MONEY:
        return money(value, currency)
    if unit == Unit.HOURS:
        return f"{format_number(float(value))} h a week"
    if unit == Unit.LEAN:
        return f"{signed(value)} · {lean_words(value)}"
    if unit == Unit.SCORE:
        return signed(value)
    return format_number(float(value))


# --- differences between two sets -------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    path: str
    label: str
    before: str
    after: str


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any], *, currency: str = "") -> list[Change]:
    """One row per number that differs, named as in ``after`` (a band's leans follow its boundaries)."""
    if before is None:
        return []
    fields: dict[str, WeightField] = {}
    for field in (*weight_fields(before, currency=currency), *weight_fields(after, currency=currency)):
        fields.setdefault(field.path, field)
    named = {field.path: field for field in weight_fields(after, currency=currency)}
    changes = []
    for path, field in fields.items():
        old, new = value_at(before, path), value_at(after, path)
        if old != new:
            title = named.get(path, field).title
            changes.append(
                Change(path, title, show(old, field.unit, currency), show(new, field.unit, currency))
            )
    return changes


# --- the read-only table of a set ----------------------------------------------------------------------------


def weight_sections(data: Mapping[str, Any], *, currency: str) -> list[dict[str, Any]]:
    """The numbers of a set grouped like the edit form, for the read-only page."""
    return [
        {
            "title": section.title,
            "rows": [
                (field.label, show(value_at(data, field.path), field.unit, currency))
                for field in section.fields
            ],
        }
        for section in sections(weight_fields(data, currency=currency))
    ]
