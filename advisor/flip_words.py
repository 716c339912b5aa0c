"""One sentence per flip: the change, named against today's answer, and the advice it would give."""

from typing import Any

from advisor.domain import Answers, Weights
from advisor.money import format_hours, format_money
from advisor.verdict import PAID_CAP
from advisor.vocabulary import VERDICT_LABELS, Factor, Reach, Verdict, option_label

# Enum members named once: reading one from its class costs a slow lookup in Python 3.11 (EnumType
# defines __getattr__), and these are read on every recommendation.
_BUDGET, _HOURS, _HORIZON = Factor.MONTHLY_BUDGET, Factor.WEEKLY_HOURS, Factor.HORIZON
_PROFILES, _AUDIENCE, _REACH = Factor.PROFILES, Factor.AUDIENCE, Factor.REACH
_SMO = Verdict.SMO_FIRST

REACH_WORDS: dict[str, str] = {
    "local": "your town or neighbourhood",
    "regional": "your region",
    "national": "the whole country",
    "global": "several countries",
}


# Where the customers are was not said: the ads are planned for the smallest area, and said so.
UNSAID_AREA = "customers near you (the closest area; a wider one needs more)"


def area_words(reach: str | None) -> str:
    """The customer area in words; ``None`` (not answered) is planned as the smallest area."""
    return REACH_WORDS[reach] if reach is not None else UNSAID_AREA


def flip_message(
    factor: Factor,
    value: Any,
    verdict: Verdict,
    answers: Answers,
    weights: Weights,
    currency: str,
    target: Reach | None = None,
) -> str:
    """The change and its outcome in one sentence, naming today's answer. ``target``: for a budget
    change, the area the ads would then aim at."""
    words = change_words(factor, value, verdict, answers, weights, currency, target)
    return f"{words}, the advice would be: {VERDICT_LABELS[verdict]}."


def change_words(
    factor: Factor,
    value: Any,
    verdict: Verdict,
    answers: Answers,
    weights: Weights,
    currency: str,
    target: Reach | None = None,
) -> str:
    if factor is _BUDGET:
        return _budget_words(float(value), answers, verdict, weights, currency, target)
    if factor is _HOURS:
        now = answers.weekly_hours or 0.0
        return f"With {format_hours(float(value))} a week for posts and replies (now {format_hours(now)})"
    current: Any = getattr(answers, factor.value)
    label = option_label(factor, str(value))
    if factor is _HORIZON:
        return (
            f"If results could come {label.lower()} rather than {option_label(factor, str(current)).lower()}"
        )
    if factor is _PROFILES:
        return f"Once your profiles are {label.lower()}"
    if factor is _AUDIENCE:
        return (
            f"Once you know your customers {label.lower()}"
            if value != "unknown"
            else "Without a defined audience"
        )
    if factor is _REACH:
        instead = f" instead of {REACH_WORDS[str(current)]}" if current is not None else ""
        return f"Aiming at {REACH_WORDS[str(value)]}{instead}"
    instead = f" instead of “{option_label(factor, str(current))}”" if current is not None else ""
    return f"With “{label}” as your main goal{instead}"


def _budget_words(
    amount: float, answers: Answers, verdict: Verdict, weights: Weights, currency: str, area: Reach | None
) -> str:
    now = format_money(answers.monthly_budget, currency)
    if amount < answers.monthly_budget:
        return f"With a monthly budget of {format_money(amount, currency)} or less (now {now})"
    if (
        area is not None
        and verdict is not _SMO
        and amount <= weights.min_ad_spend[area] / PAID_CAP[verdict] + 1
    ):
        return (
            f"From a monthly budget of {format_money(amount, currency)} (now {now}), enough to fund the "
            f"{format_money(weights.min_ad_spend[area], currency)} of ads a month that reaching "
            f"{area_words(answers.reach and str(area))} takes"
        )
    return f"With a monthly budget of {format_money(amount, currency)} (now {now})"
