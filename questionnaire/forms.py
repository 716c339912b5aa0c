"""The questionnaire's one form, built from the answer vocabulary, rendering itself.

The same ``AnswersForm`` draws a step of the questionnaire (radio buttons with a description under each
option, an amount box with its unit) and the what-if panel on the result page (compact drop-downs), through
Django's field templates (``Field.template_name``) and two small widgets. Values come out as plain JSON
values, ready to keep as the visitor's progress.
"""

import re
from decimal import Decimal
from typing import Any

from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)
from django import forms
from django.conf import settings

from advisor.vocabulary import (
    FACTOR_LABELS,
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    QUESTIONS,
    REQUIRED_FACTORS,
    Factor,
)

CHOOSE_ONE = "Choose one of the options."
# Typed beside an amount and ignored: currency signs and codes.
CURRENCY_MARKS = re.compile(r"[$€£¥₹]|\b[A-Z]{3}\b")
# "1.000" or "1,000": one separator followed by exactly three digits reads as a thousand in some countries
# and as one in others.
AMBIGUOUS = re.compile(r"\d{1,3}([.,])\d{3}")


class OptionsWidget(forms.RadioSelect):
    """Radio buttons whose options carry a description under the label, and ids named after the value."""

    # One template draws every option (no include per option): bench/README.md, "Widgets in one template each".
    template_name = "questionnaire/widgets/options.html"

    def __init__(self, descriptions: dict[str, str], attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.descriptions = descriptions

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["description"] = self.descriptions.get(str(value), "")
        if attrs and attrs.get("id"):
            # id_stage_growing rather than id_stage_2: links and tests name the answer, not its position.
            option["attrs"]["id"] = f"{attrs['id']}_{value or 'skip'}"
        return option


class CompactSelect(forms.Select):
    """Django's drop-down drawn by one template (each option inline, not an include): same markup, ~cheaper."""

    template_name = "questionnaire/widgets/select.html"


class AmountWidget(forms.TextInput):
    """A text box for an amount with its unit beside it (and, for money, quick picks shown by site.js)."""

    template_name = "questionnaire/widgets/amount.html"
    input_type = "text"

    def __init__(self, unit: str, picks: tuple[int, ...] = (), attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.unit = unit
        self.picks = picks

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["unit"] = self.unit
        context["widget"]["picks"] = self.picks
        return context

    def format_value(self, value: Any) -> str | None:
        # 250.0 from the progress cookie shows as 250.
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return super().format_value(value)


def read_amount(text: str, locale: str) -> Decimal:
    """A number as people in ``locale`` write it; ValueError with a message a person can act on."""
    text = CURRENCY_MARKS.sub("", text).strip()
    text = re.sub(r"[\s\u00a0\u202f]", "", text)
    if not re.search(r"\d", text):
        raise ValueError("")
    decimal_symbol = get_decimal_symbol(locale)
    group_symbol = get_group_symbol(locale)
    ambiguous = AMBIGUOUS.fullmatch(text)
    if ambiguous and ambiguous.group(1) == decimal_symbol and group_symbol not in text:
        whole = text.replace(decimal_symbol, "")
        raise ValueError(
            f"“{text}” could mean {whole} or {text.split(decimal_symbol)[0]}: write it without the "
            f"“{decimal_symbol}”, like {whole}."
        )
    try:
        return parse_decimal(text, locale=locale, strict=True)
    except NumberFormatError:
        example = format_decimal(1234.5, locale=locale)
        raise ValueError(
            f"“{text}” is not written the way amounts are read here: "
            f"“{decimal_symbol}” before decimals and “{group_symbol}” (or nothing) between thousands, like {example}."
        ) from None


class AmountField(forms.Field):
    """A number typed by a person, read by the site's locale (``SITE_LOCALE``); currency signs ignored."""

    def __init__(self, *, maximum: float, unit: str, **kwargs: Any) -> None:
        self.maximum = maximum
        self.unit = unit
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> float | int | None:
        if value in self.empty_values or str(value).strip() == "":
            return None
        try:
            number = read_amount(str(value), settings.SITE_LOCALE)
        except ValueError as error:
            message = str(error) or f"Enter a number of {self.unit}, like 250."
            raise forms.ValidationError(message, code="invalid") from None
        if not number.is_finite():
            raise forms.ValidationError(f"Enter a number of {self.unit}, like 250.", code="invalid")
        if number < 0:
            raise forms.ValidationError("Enter 0 or more.", code="min_value")
        if number > Decimal(self.maximum):
            raise forms.ValidationError(f"Enter {self.maximum:,.0f} {self.unit} or less.", code="max_value")
        amount = float(round(number, 2))
        # A typed "-0" is 0, never "-0".
        amount = abs(amount) if amount == 0 else amount
        return int(amount) if amount.is_integer() else amount


BUDGET_PICKS = (0, 100, 300, 1000, 3000)


def amount_field(factor: Factor, currency: str, *, required: bool, compact: bool) -> forms.Field:
    if factor == Factor.MONTHLY_BUDGET:
        unit, maximum = f"{currency} a month", MAX_MONTHLY_BUDGET
        messages = {"required": f"Enter an amount in {currency}; 0 is fine."}
        field = AmountField(maximum=maximum, unit=currency, required=required, error_messages=messages)
    else:
        unit = "hours a week"
        field = AmountField(maximum=MAX_WEEKLY_HOURS, unit="hours", required=required)
    field.widget = AmountWidget(unit, () if compact or factor != Factor.MONTHLY_BUDGET else BUDGET_PICKS)
    return field


def choice_field(factor: Factor, *, required: bool, compact: bool) -> forms.Field:
    question = QUESTIONS[factor]
    choices: list[tuple[str, str]] = [(option.value, option.label) for option in question.options]
    if compact:
        widget: forms.Widget = CompactSelect()
        if not required:
            choices = [("", "Not answered"), *choices]
    else:
        descriptions = {option.value: option.description for option in question.options}
        descriptions[""] = "Not sure, or rather not say."
        widget = OptionsWidget(descriptions)
        if not required:
            choices = [*choices, ("", "Skip")]
    return forms.ChoiceField(
        choices=choices,
        required=required,
        widget=widget,
        error_messages={"required": CHOOSE_ONE, "invalid_choice": CHOOSE_ONE},
    )


def factor_field(factor: Factor, currency: str, *, compact: bool = False) -> forms.Field:
    question = QUESTIONS[factor]
    required = factor in REQUIRED_FACTORS
    if question.options:
        field = choice_field(factor, required=required, compact=compact)
    else:
        field = amount_field(factor, currency, required=required, compact=compact)
    if compact:
        field.label = FACTOR_LABELS[factor]
        field.template_name = "questionnaire/fields/compact.html"  # type: ignore[attr-defined]  # Django ≥ 5.0; not in the stubs
    else:
        field.label = question.text
        field.help_text = question.help
        field.template_name = "questionnaire/fields/question.html"  # type: ignore[attr-defined]
    return field


class AnswersForm(forms.Form):
    """The answers to a set of factors; the required ones must be answered.

    ``compact`` draws drop-downs with short labels (the what-if panel) instead of the questionnaire's
    described radio buttons. ``focus`` names a field that gets the keyboard focus (from "Change" on the
    review page).
    """

    # Browsers' own validation bubbles would pre-empt our messages next to the fields.
    use_required_attribute = False

    def __init__(
        self,
        factors: tuple[Factor, ...],
        currency: str,
        *args: Any,
        compact: bool = False,
        focus: str = "",
        **kwargs: Any,
    ) -> None:
        if compact:
            kwargs.setdefault("auto_id", "wi-%s")
        super().__init__(*args, **kwargs)
        self.factors = factors
        for factor in factors:
            self.fields[factor.value] = factor_field(factor, currency, compact=compact)
        if focus in self.fields:
            self.fields[focus].widget.attrs["autofocus"] = True

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

    def chosen_values(self) -> dict[str, Any]:
        """The answers posted on this form that are not empty (to ask before a Skip throws them away)."""
        return {key: value for key, value in self.valid_values().items() if value is not None}


class EmailForm(forms.Form):
    address = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="Used once to send this result, then deleted.",
        error_messages={
            "required": "Enter the email address to send the result to.",
            "invalid": "Enter an email address like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    use_required_attribute = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
