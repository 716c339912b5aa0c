"""Forms for the questionnaire steps and the what-if panel, built from the answer vocabulary.

The templates draw the inputs themselves (each option has a label and a description); the forms only
validate and report errors per field. Values come out as plain JSON values, ready to keep as the visitor's progress.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from advisor.vocabulary import (
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    NUMERIC_FACTORS,
    QUESTIONS,
    REQUIRED_FACTORS,
    Factor,
)

CHOOSE_ONE = "Choose one of the options."


class AmountField(forms.Field):
    """A number typed by a person: tolerates thousands separators, spaces and a currency sign."""

    def __init__(self, *, maximum: float, unit: str, **kwargs: Any) -> None:
        self.maximum = maximum
        self.unit = unit
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> float | None:
        if value in self.empty_values:
            return None
        text = str(value).strip().replace(",", "").replace(" ", "").replace("$", "").replace("€", "")
        text = text.replace("£", "")
        if text == "":
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(f"Enter a number of {self.unit}, like 250.", code="invalid") from None
        if not number.is_finite():
            raise forms.ValidationError(f"Enter a number of {self.unit}, like 250.", code="invalid")
        if number < 0:
            raise forms.ValidationError("Enter 0 or more.", code="min_value")
        if number > Decimal(self.maximum):
            raise forms.ValidationError(f"Enter {self.maximum:,.0f} {self.unit} or less.", code="max_value")
        amount = float(round(number, 2))
        return int(amount) if amount.is_integer() else amount


def factor_field(factor: Factor, currency: str, *, required: bool) -> forms.Field:
    question = QUESTIONS[factor]
    if factor == Factor.MONTHLY_BUDGET:
        return AmountField(
            maximum=MAX_MONTHLY_BUDGET,
            unit=currency,
            required=required,
            error_messages={"required": f"Enter an amount in {currency}; 0 is fine."},
        )
    if factor == Factor.WEEKLY_HOURS:
        return AmountField(maximum=MAX_WEEKLY_HOURS, unit="hours", required=required)
    choices = [(option.value, option.label) for option in question.options]
    if not required:
        choices = [("", "Skip this question"), *choices]
    return forms.ChoiceField(
        choices=choices,
        required=required,
        error_messages={"required": CHOOSE_ONE, "invalid_choice": CHOOSE_ONE},
    )


class AnswersForm(forms.Form):
    """Validates the answers to a set of factors; the required factors must be answered."""

    def __init__(self, factors: tuple[Factor, ...], currency: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.factors = factors
        for factor in factors:
            self.fields[factor.value] = factor_field(factor, currency, required=factor in REQUIRED_FACTORS)

    def answers(self) -> dict[str, Any]:
        """The cleaned values, with skipped questions as None."""
        values: dict[str, Any] = {}
        for factor in self.factors:
            value = self.cleaned_data.get(factor.value)
            values[factor.value] = None if value in ("", None) else value
        return values

    def valid_values(self) -> dict[str, Any]:
        """Every field that is valid on its own, even when the form as a whole is not (for Back)."""
        values: dict[str, Any] = {}
        for factor in self.factors:
            field = self.fields[factor.value]
            raw = self.data.get(self.add_prefix(factor.value))
            if raw is None:
                continue
            try:
                value = field.clean(raw)
            except forms.ValidationError:
                continue
            values[factor.value] = None if value in ("", None) else value
        return values


def is_numeric(factor: Factor) -> bool:
    return factor in NUMERIC_FACTORS
