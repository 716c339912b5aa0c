"""Template helpers for the advice pages: the organic ↔ paid meter and the factor bars, as plain SVG."""

from typing import Any

from django import template
from django.conf import settings

from advisor.money import format_hours, format_money
from advisor.vocabulary import VERDICT_LABELS, Verdict

register = template.Library()

METER_LEFT = 16.0
METER_WIDTH = 288.0
BAR_CENTRE = 100.0
BAR_HALF = 96.0


def meter_x(score: float) -> float:
    clamped = max(-1.0, min(1.0, float(score)))
    return round(METER_LEFT + (clamped + 1) / 2 * METER_WIDTH, 1)


def describe_score(score: float) -> str:
    value = float(score)
    if abs(value) < 0.05:
        return "balanced between organic work and paid ads"
    side = "organic work" if value < 0 else "paid ads"
    strength = "strongly" if abs(value) >= 0.6 else ("clearly" if abs(value) >= 0.3 else "slightly")
    return f"{strength} toward {side}"


@register.inclusion_tag("questionnaire/_meter.html")
def meter(
    score: float, smo_below: float, smm_from: float, label: str = "", small: bool = False
) -> dict[str, Any]:
    x = meter_x(score)
    organic_end = meter_x(smo_below)
    paid_start = meter_x(smm_from)
    return {
        "x": x,
        "left": METER_LEFT,
        "right": METER_LEFT + METER_WIDTH,
        "organic_end": organic_end,
        "organic_width": round(organic_end - METER_LEFT, 1),
        "blend_width": round(paid_start - organic_end, 1),
        "paid_start": paid_start,
        "paid_width": round(METER_LEFT + METER_WIDTH - paid_start, 1),
        "organic_mid": round((METER_LEFT + organic_end) / 2, 1),
        "blend_mid": round((organic_end + paid_start) / 2, 1),
        "paid_mid": round((paid_start + METER_LEFT + METER_WIDTH) / 2, 1),
        "marker": f"{x - 7:.1f},4 {x + 7:.1f},4 {x:.1f},16",
        "score_text": f"{float(score):+.2f}".replace("-", "−"),
        "description": describe_score(score),
        "label": label,
        "small": small,
    }


@register.inclusion_tag("questionnaire/_bar.html")
def factor_bar(contribution: float, share: float) -> dict[str, Any]:
    width = round(max(0.0, min(1.0, float(share))) * BAR_HALF, 1)
    toward_paid = float(contribution) > 0
    neutral = abs(float(contribution)) < 0.0005
    return {
        "x": BAR_CENTRE if toward_paid else round(BAR_CENTRE - width, 1),
        "width": max(width, 1.5) if not neutral else 0,
        "toward_paid": toward_paid,
        "neutral": neutral,
    }


@register.filter
def money(amount: Any) -> str:
    try:
        value = float(amount)
    except (TypeError, ValueError):
        return str(amount)
    # The advisor's one rounding rule, so the split card shows the plan's figures.
    return format_money(value, settings.SITE_CURRENCY)


@register.filter
def percent(share: Any) -> str:
    try:
        return f"{float(share) * 100:.0f}%"
    except (TypeError, ValueError):
        return str(share)


@register.filter
def hours(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return format_hours(number)


@register.filter
def verdict_label(verdict: Any) -> str:
    try:
        return VERDICT_LABELS[Verdict(str(verdict))]
    except ValueError:
        return str(verdict)


@register.filter
def verdict_class(verdict: Any) -> str:
    return {"smo_first": "organic", "blended": "blend", "smm_first": "paid"}.get(str(verdict), "blend")
