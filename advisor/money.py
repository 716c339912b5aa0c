"""One rounding rule for money and hours, and the words around numbers (plurals). Used by the split, the
plan, the warnings and the reasons alike, so a figure reads the same wherever it appears."""

import math

# Amounts under this are kept to the cent ("2.50 USD"); anything larger is shown in whole units.
CENTS_BELOW = 10


def round_money(amount: float) -> float:
    """Whole units of the currency (half up), or cents when the amount is under 10; never −0."""
    if amount <= 0:
        return 0.0
    if amount < CENTS_BELOW:
        return math.floor(amount * 100 + 0.5) / 100 or 0.0
    return float(math.floor(amount + 0.5))


def money_up(amount: float) -> float:
    """The rounded amount, never below ``amount``: for minimums that must be met."""
    rounded = round_money(amount)
    if rounded >= amount:
        return rounded
    return rounded + (0.01 if amount < CENTS_BELOW else 1.0)


def format_money(amount: float, currency: str) -> str:
    """ "1,500 USD", "37 USD", "2.50 USD": the amount rounded by ``round_money``."""
    value = round_money(amount)
    if value < CENTS_BELOW and not value.is_integer():
        return f"{value:,.2f} {currency}"
    return f"{value:,.0f} {currency}"


def round_hours(hours: float) -> float:
    """Hours to the half hour; never −0."""
    if hours <= 0:
        return 0.0
    return math.floor(hours * 2 + 0.5) / 2


def format_hours(hours: float) -> str:
    """ "1 hour", "2.5 hours", "0 hours"."""
    value = round_hours(hours)
    number = f"{value:g}"
    return f"{number} hour" if value == 1 else f"{number} hours"


def plural(count: float, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:g} {word}"
