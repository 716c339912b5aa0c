"""Admin forms: a weight set as one labelled number per factor and option, and a scenario as answers.

Both validate with the engine's own rules (``advisor.weights.parse_weights`` and ``advisor.domain.Answers``)
and put each problem next to the field it is about.
"""

from __future__ import annotations

from typing import Any

from django import forms
from pydantic import ValidationError

from advisor.domain import Answers, Weights
from advisor.models import Scenario, WeightSet
from advisor.vocabulary import DIRECTIONS as FACTOR_DIRECTIONS
from advisor.vocabulary import (
    FACTOR_LABELS,
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    NUMERIC_FACTORS,
    OPTIONAL_FACTORS,
    QUESTIONS,
    REQUIRED_FACTORS,
    Direction,
    Factor,
    Reach,
    choices,
    option_label,
)
from advisor.weights import DEFAULT_WEIGHTS_DATA, WeightsInvalid, band_labels, parse_weights

DIRECTION_HELP: dict[Direction, str] = {
    Direction.TOWARD_PAID: "Each answer further down must lean at least as far toward paid as the one above it.",
    Direction.TOWARD_ORGANIC: "Each answer further down must lean at least as far toward organic as the one "
    "above it.",
    Direction.FREE: "These answers can lean any way.",
}
LEAN_HELP = "−1 pushes fully toward organic work (SMO), +1 fully toward paid ads (SMM), 0 is neutral."
IMPORTANCE_HELP = "How much this question counts against the others: 0 ignores it, 10 is the most."


# Weights fields the plan uses, with their admin labels (help text and bounds come from Weights).
PLAN_FIELDS: dict[str, str] = {
    "ad_hours_per_1000": "Hours a week per 1,000 of monthly ad spend",
    "help_hourly_rate": "Cost of an hour of paid help",
}


def importance_field(factor: Factor) -> str:
    return f"importance_{factor}"


def lean_field(factor: Factor, index: int) -> str:
    return f"lean_{factor}_{index}"


def band_field(name: str, index: int) -> str:
    return f"{name.removesuffix('s')}_{index}"  # budget_band_0, hour_band_3


def spend_field(reach: Reach) -> str:
    return f"min_ad_spend_{reach}"


def number(label: str, help_text: str = "", **bounds: float) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any", "class": "weight-number"}),
        **bounds,
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
        self.add_weight_fields(data)

    def add_weight_fields(self, data: dict[str, Any]) -> None:
        self.budget_band_count = len(data["budget_bands"])
        self.hour_band_count = len(data["hour_bands"])
        budget_labels = band_labels(list(data["budget_bands"]))
        hour_labels = band_labels(list(data["hour_bands"]))
        for factor in Factor:
            self.fields[importance_field(factor)] = number(
                "Importance", IMPORTANCE_HELP, min_value=0, max_value=10
            )
            self.initial.setdefault(importance_field(factor), data["importance"].get(factor.value))
            if factor == Factor.MONTHLY_BUDGET:
                labels = [(f"Budget {label}", "") for label in budget_labels]
            elif factor == Factor.WEEKLY_HOURS:
                labels = [(f"{label[:1].upper()}{label[1:]} hours a week", "") for label in hour_labels]
            else:
                labels = [(option.label, option.description) for option in QUESTIONS[factor].options]
            leans = data["leans"].get(factor.value, [])
            for index, (label, description) in enumerate(labels):
                name = lean_field(factor, index)
                self.fields[name] = number(label, description, min_value=-1, max_value=1)
                self.initial.setdefault(name, leans[index] if index < len(leans) else None)
        for name, count, ceiling in (
            ("budget_bands", self.budget_band_count, MAX_MONTHLY_BUDGET),
            ("hour_bands", self.hour_band_count, MAX_WEEKLY_HOURS),
        ):
            unit = "a month" if name == "budget_bands" else "hours a week"
            for index in range(count):
                field_name = band_field(name, index)
                self.fields[field_name] = number(
                    f"Band {index + 1} ends at",
                    f"Upper bound ({unit}), included in the band.",
                    min_value=0,
                    max_value=ceiling,
                )
                self.initial.setdefault(field_name, data[name][index])
        self.fields["smo_below"] = number(
            "Organic first below",
            "A score below this number gives “start with organic work”. Between −1 and 1.",
            min_value=-1,
            max_value=1,
        )
        self.fields["smm_from"] = number(
            "Paid first from",
            "A score at or above this number gives “lead with paid ads”; anything between the two is "
            "blended. Must be at least 0.05 above the organic threshold.",
            min_value=-1,
            max_value=1,
        )
        self.initial.setdefault("smo_below", data["smo_below"])
        self.initial.setdefault("smm_from", data["smm_from"])
        for reach in Reach:
            self.fields[spend_field(reach)] = number(
                option_label(Factor.REACH, reach.value),
                "Below this monthly ad spend, ads aimed at this area reach too few people: advice with ads funds "
                "at least this much, or narrows the area, or stays organic-first.",
                min_value=0,
                max_value=MAX_MONTHLY_BUDGET,
            )
            self.initial.setdefault(spend_field(reach), data["min_ad_spend"].get(reach.value))
        # The plan's numbers: their labels, help and bounds come from the Weights model's own fields.
        for name in PLAN_FIELDS:
            info = Weights.model_fields[name]
            bounds = {type(item).__name__: item for item in info.metadata}
            self.fields[name] = number(
                PLAN_FIELDS[name],
                info.description or "",
                min_value=getattr(bounds.get("Ge"), "ge", None),
                max_value=getattr(bounds.get("Le"), "le", None),
            )
            self.initial.setdefault(name, data.get(name, info.default))

    # --- layout (used by the admin's fieldsets) ---

    def factor_fields(self, factor: Factor) -> list[str]:
        count = (
            self.budget_band_count + 1
            if factor == Factor.MONTHLY_BUDGET
            else self.hour_band_count + 1
            if factor == Factor.WEEKLY_HOURS
            else len(choices(factor))
        )
        return [importance_field(factor), *(lean_field(factor, index) for index in range(count))]

    def field_title(self, name: str) -> str:
        """A field's full name for the error summary, e.g. "Business stage · Growing"."""
        for factor in Factor:
            if name == importance_field(factor):
                return f"{FACTOR_LABELS[factor]} · importance"
            if name.startswith(f"lean_{factor}_") and name.removeprefix(f"lean_{factor}_").isdigit():
                return f"{FACTOR_LABELS[factor]} · {self.fields[name].label}"
        if name.startswith("budget_band_"):
            return f"Budget bands · {self.fields[name].label}"
        if name.startswith("hour_band_"):
            return f"Hours bands · {self.fields[name].label}"
        if name.startswith("min_ad_spend_"):
            return f"Minimum ad spend · {self.fields[name].label}"
        return str(self.fields[name].label) if name in self.fields else name

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, full name, message) of each field error, in form order, for the top of the page."""
        summary = []
        for name in self.fields:
            for message in self.errors.get(name, []):
                summary.append((self[name].id_for_label, self.field_title(name), message))
        return summary

    # --- validation ---

    def assemble(self) -> dict[str, Any]:
        data = self.cleaned_data
        leans: dict[str, list[float]] = {}
        for factor in Factor:
            leans[factor.value] = [data[name] for name in self.factor_fields(factor)[1:]]
        return {
            "importance": {factor.value: data[importance_field(factor)] for factor in Factor},
            "leans": leans,
            "budget_bands": [data[band_field("budget_bands", i)] for i in range(self.budget_band_count)],
            "hour_bands": [data[band_field("hour_bands", i)] for i in range(self.hour_band_count)],
            "smo_below": data["smo_below"],
            "smm_from": data["smm_from"],
            "min_ad_spend": {reach.value: data[spend_field(reach)] for reach in Reach},
            **{name: data[name] for name in PLAN_FIELDS},
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned  # a number is missing or out of range: its own message is already shown
        data = self.assemble()
        try:
            weights = parse_weights({**data, "version": 1})
        except WeightsInvalid as error:
            for problem in error.problems:
                name = self.field_for(problem.field, data)
                message = problem.message
                if name is None:
                    self.add_error(None, f"{problem.field}: {message}")
                else:
                    self.add_error(name, message)
            return cleaned
        self.weights_data = weights.model_dump(mode="json", exclude={"version"})
        self.instance.data = self.weights_data  # before the model's own validation runs
        return cleaned

    def _post_clean(self) -> None:
        # With a wrong number the set is not saved, and the model's own check of the (not yet assembled)
        # JSON would only repeat the problems under a field the form does not have.
        if self._errors:
            return
        super()._post_clean()

    def field_for(self, path: str, data: dict[str, Any]) -> str | None:
        """The form field a problem from ``validate_weights`` / pydantic is about (None: the whole form)."""
        try:
            return self._field_for(path, data)
        except (ValueError, IndexError):
            return None

    def _field_for(self, path: str, data: dict[str, Any]) -> str | None:
        parts = path.split(".")
        head = parts[0]
        if head == "importance" and len(parts) > 1:
            return importance_field(Factor(parts[1]))
        if head == "leans" and len(parts) > 1:
            factor = Factor(parts[1])
            if len(parts) == 2:
                return lean_field(factor, 0)
            key = parts[2]
            if key.isdigit():
                return lean_field(factor, int(key))
            if factor in NUMERIC_FACTORS:
                bands = data["budget_bands"] if factor == Factor.MONTHLY_BUDGET else data["hour_bands"]
                keys = band_labels(bands)
            else:
                keys = choices(factor)
            return lean_field(factor, keys.index(key)) if key in keys else lean_field(factor, 0)
        if head in ("budget_bands", "hour_bands"):
            return band_field(head, int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0)
        if head in ("smo_below", "smm_from") or head in PLAN_FIELDS:
            return head
        if head == "min_ad_spend" and len(parts) > 1:
            return spend_field(Reach(parts[1]))
        return None

    def save(self, commit: bool = True) -> WeightSet:
        if self.weights_data is not None:
            self.instance.data = self.weights_data
        return super().save(commit=commit)


def weight_set_fieldsets(form_class_or_form: WeightSetForm) -> list[tuple[str, dict[str, Any]]]:
    """The form's sections: one per question (with its text), then bands, thresholds, ad-spend minimums."""
    form = form_class_or_form
    sections: list[tuple[str, dict[str, Any]]] = []
    for factor in Factor:
        question = QUESTIONS[factor]
        kind = "required question" if factor in REQUIRED_FACTORS else "optional question"
        sections.append(
            (
                f"{FACTOR_LABELS[factor]} — “{question.text}”",
                {
                    "fields": form.factor_fields(factor),
                    "description": f"{kind.capitalize()}. {LEAN_HELP} {DIRECTION_HELP[FACTOR_DIRECTIONS[factor]]}",
                    "classes": ("weight-factor",),
                },
            )
        )
    sections.append(
        (
            "Budget bands (monthly amounts)",
            {
                "fields": [band_field("budget_bands", i) for i in range(form.budget_band_count)],
                "description": "Each amount falls in the first band whose end is at or above it; amounts above "
                "the last end form the top band. Ends must go up. The budget leans above follow these bands.",
            },
        )
    )
    sections.append(
        (
            "Hours bands (hours a week)",
            {
                "fields": [band_field("hour_bands", i) for i in range(form.hour_band_count)],
                "description": f"The same for weekly hours; the last end must be below {MAX_WEEKLY_HOURS}.",
            },
        )
    )
    sections.append(
        (
            "Thresholds: where the score becomes a verdict",
            {
                "fields": ["smo_below", "smm_from"],
                "description": "The score is the importance-weighted average of the leans of the answered "
                "questions, from −1 (all organic) to +1 (all paid). A budget of 0 is always organic first.",
            },
        )
    )
    sections.append(
        (
            "Minimum monthly ad spend per customer area",
            {
                "fields": [spend_field(reach) for reach in Reach],
                "description": "Advice that includes ads funds them with at least this much for the area they aim "
                "at; when the budget cannot, the advice narrows the area or stays organic-first. A wider area "
                "may never need less.",
            },
        )
    )
    sections.append(("Plan: time and help", {"fields": list(PLAN_FIELDS)}))
    return sections


# --- scenarios -----------------------------------------------------------------------------------------


def answer_field(factor: Factor) -> forms.Field:
    question = QUESTIONS[factor]
    required = factor in REQUIRED_FACTORS
    label = FACTOR_LABELS[factor]
    if factor in NUMERIC_FACTORS:
        ceiling = MAX_MONTHLY_BUDGET if factor == Factor.MONTHLY_BUDGET else MAX_WEEKLY_HOURS
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
        cleaned = super().clean()
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
