"""Admin forms: a weight set as one labelled number per factor and option, and a scenario as answers.

Both validate with the engine's own rules (``advisor.weights`` and ``advisor.domain.Answers``) and put each
problem next to the field it is about. The weight-set fields come from the one registry of weight fields
(``advisor.weight_fields``), so a number added to ``Weights`` appears here without more code.
"""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.conf import settings
from pydantic import ValidationError

from advisor.domain import Answers, Weights
from advisor.models import Scenario, WeightSet
from advisor.vocabulary import (
    FACTOR_LABELS,
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    NUMERIC_FACTORS,
    OPTIONAL_FACTORS,
    QUESTIONS,
    REQUIRED_FACTORS,
    Factor,
)
from advisor.weight_fields import (
    Unit,
    WeightField,
    assemble,
    field_for,
    sections,
    value_at,
    weight_fields,
)
from advisor.weights import (
    DEFAULT_WEIGHTS_DATA,
    WeightProblem,
    WeightsInvalid,
    parse_weights,
    validate_weights,
)


def whole(bound: float | None) -> float | None:
    # "less than or equal to 1", not "1.0", in the field's message
    return int(bound) if bound is not None and bound.is_integer() else bound


def number(field: WeightField, currency: str) -> forms.FloatField:
    return forms.FloatField(
        label=f"{field.label} ({currency})" if field.unit == Unit.MONEY else field.label,
        help_text=field.help,
        min_value=whole(field.minimum),
        max_value=whole(field.maximum),
        widget=forms.NumberInput(attrs={"step": "any", "class": "weight-number"}),
    )


class WeightSetForm(forms.ModelForm):
    """The fields are added per weight set: the number of bands decides how many budget and hour leans."""

    class Meta:
        model = WeightSet
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "cols": 80})}
        help_texts = {"note": "What you changed and why, for the history."}

    shape_source: dict[str, Any] = DEFAULT_WEIGHTS_DATA

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        data = self.instance.data if self.instance.pk and self.instance.data else self.shape_source
        self.weights_data: dict[str, Any] | None = None
        self.weight_fields = weight_fields(data, currency=settings.SITE_CURRENCY)
        for field in self.weight_fields:
            self.fields[field.name] = number(field, settings.SITE_CURRENCY)
            self.initial.setdefault(field.name, value_at(data, field.path))

    def fieldsets(self) -> list[tuple[str, dict[str, Any]]]:
        """The form's sections: one per question (with its text), then bands, thresholds, the rest."""
        return [
            (
                section.title,
                {
                    "fields": [field.name for field in section.fields],
                    "description": section.description,
                    "classes": ("weight-factor",) if section.key in FACTOR_LABELS else (),
                },
            )
            for section in sections(self.weight_fields)
        ]

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, full name, message) of each field error, in form order, for the top of the page."""
        titles = {field.name: field.title for field in self.weight_fields}
        summary = []
        for name in self.fields:
            for message in self.errors.get(name, []):
                summary.append(
                    (self[name].id_for_label, titles.get(name, str(self.fields[name].label)), str(message))
                )
        return summary

    # --- validation: every message in one round ---

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        values = {field.path: cleaned.get(field.name) for field in self.weight_fields}
        data = assemble(values, self.weight_fields)
        if any(value is None for value in values.values()):
            # A number is missing or out of range: its own message is shown, and the rules between the
            # other numbers are still checked now, not on the next save. NaN makes every comparison with
            # the missing number false, so no rule reports a problem because of it.
            rough = assemble(
                {path: math.nan if v is None else v for path, v in values.items()}, self.weight_fields
            )
            self.report(validate_weights(Weights.model_construct(**rough)), rough)
            return cleaned
        try:
            weights = parse_weights({**data, "version": 1})
        except WeightsInvalid as error:
            self.report(error.problems, data)
            return cleaned
        self.weights_data = weights.model_dump(mode="json", exclude={"version"})
        self.instance.data = self.weights_data  # before the model's own validation runs
        return cleaned

    def report(self, problems: list[WeightProblem], data: dict[str, Any]) -> None:
        # A lean's problem names it by its band as posted ("100–300"), so map paths with the posted bands.
        posted = weight_fields(data)
        own = set(self.errors)  # a field's own message (required, a range) says it best
        for problem in problems:
            field = field_for(problem.field, posted)
            if field is None:
                self.add_error(None, f"{problem.field}: {problem.message}")
            elif field.name not in own:
                self.add_error(field.name, problem.message)

    def _post_clean(self) -> None:
        # With a wrong number the set is not saved, and the model's own check of the (not yet assembled)
        # JSON would only repeat the problems under a field the form does not have.
        if self.errors:
            return
        super()._post_clean()  # type: ignore[misc]  # BaseModelForm's hook, absent from django-stubs

    def save(self, commit: bool = True) -> WeightSet:
        if self.weights_data is not None:
            self.instance.data = self.weights_data
        return super().save(commit=commit)


# --- scenarios -----------------------------------------------------------------------------------------


def answer_field(factor: Factor) -> forms.Field:
    question = QUESTIONS[factor]
    required = factor in REQUIRED_FACTORS
    label = FACTOR_LABELS[factor]
    if factor in NUMERIC_FACTORS:
        ceiling = MAX_MONTHLY_BUDGET if factor == Factor.MONTHLY_BUDGET else MAX_WEEKLY_HOURS
        if factor == Factor.MONTHLY_BUDGET:
            label = f"{label} ({settings.SITE_CURRENCY} a month)"
        return forms.FloatField(
            label=label,
            help_text=question.text,
            required=required,
            min_value=0,
            max_value=ceiling,
            widget=forms.NumberInput(attrs={"step": "any"}),
        )
    options = [(option.value, option.label) for option in question.options]
    if not required:
        options = [("", "— skipped —"), *options]
    return forms.ChoiceField(label=label, help_text=question.text, required=required, choices=options)


class ScenarioForm(forms.ModelForm):
    class Meta:
        model = Scenario
        fields = ["name", "expected_verdict", "forbidden_verdict", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "cols": 80})}

    answer_fields: tuple[str, ...] = tuple(f"answer_{factor}" for factor in Factor)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = self.instance.answers or {}
        for factor in Factor:
            name = f"answer_{factor}"
            self.fields[name] = answer_field(factor)
            value = stored.get(factor.value)
            if value is not None:
                self.initial.setdefault(name, value)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("expected_verdict") and not cleaned.get("forbidden_verdict"):
            self.add_error("expected_verdict", "Say which verdict is expected, or which one it must not be.")
        if cleaned.get("expected_verdict") and cleaned.get("expected_verdict") == cleaned.get(
            "forbidden_verdict"
        ):
            self.add_error("forbidden_verdict", "A verdict cannot be both expected and forbidden.")
        raw = {
            factor.value: cleaned.get(f"answer_{factor}")
            for factor in Factor
            if cleaned.get(f"answer_{factor}") not in (None, "")
        }
        missing = [f for f in REQUIRED_FACTORS if f"answer_{f}" in self.errors]
        if missing:
            return cleaned
        try:
            answers = Answers.model_validate(raw)
        except ValidationError as error:
            for item in error.errors():
                field = str(item["loc"][0]) if item["loc"] else ""
                target = f"answer_{field}" if field in {f.value for f in Factor} else None
                self.add_error(target, item["msg"])
            return cleaned
        self.answers_data = answers.model_dump(mode="json", exclude_none=True)
        return cleaned

    def save(self, commit: bool = True) -> Scenario:
        self.instance.answers = self.answers_data
        return super().save(commit=commit)


SCENARIO_ANSWER_FIELDS = [f"answer_{factor}" for factor in (*REQUIRED_FACTORS, *OPTIONAL_FACTORS)]


class TryAnswersForm(forms.Form):
    """Answers typed in to see the advice a weight set would give them (nothing is stored)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "try-%s")  # ids apart from the weight form's on the same page
        super().__init__(*args, **kwargs)
        for factor in (*REQUIRED_FACTORS, *OPTIONAL_FACTORS):
            self.fields[factor.value] = answer_field(factor)
        self.answers: Answers | None = None

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.errors:
            return cleaned
        raw = {name: value for name, value in cleaned.items() if value not in (None, "")}
        try:
            self.answers = Answers.model_validate(raw)
        except ValidationError as error:
            for item in error.errors():
                name = str(item["loc"][0]) if item["loc"] else ""
                self.add_error(name if name in self.fields else None, item["msg"])
        return cleaned
