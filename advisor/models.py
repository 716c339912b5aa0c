"""Weight sets stored in the database (the Django side of advisor/; the scoring itself stays pure).

A weight set is stored as one JSON document validated by the pydantic ``Weights`` model rather than as
rows per factor and option: the rules that matter (monotonicity across options, room between the
thresholds) are about the set as a whole, a set is versioned, copied and compared as a whole, and loading
it is one query. The admin still edits it number by number through a form built from the vocabulary.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from advisor.active_cache import active_set_changed
from advisor.domain import Weights
from advisor.vocabulary import VERDICT_LABELS, Verdict
from advisor.weights import WeightsInvalid, parse_weights


class WeightSet(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        RETIRED = "retired", "Retired"

    version = models.PositiveIntegerField(unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    data = models.JSONField(help_text="The weights, validated by advisor.domain.Weights.")
    note = models.TextField(blank=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="derived_sets"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        permissions = [("activate_weightset", "Can activate a weight set (make it live)")]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="active"), name="advisor_single_active_weight_set"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version} ({self.get_status_display().lower()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        active_set_changed()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        deleted = super().delete(*args, **kwargs)
        active_set_changed()
        return deleted

    @property
    def weights(self) -> Weights:
        return parse_weights({**self.data, "version": self.version})

    def clean(self) -> None:
        try:
            parse_weights({**(self.data or {}), "version": self.version or 1})
        except WeightsInvalid as error:
            raise ValidationError({"data": [f"{p.field}: {p.message}" for p in error.problems]}) from None

    @property
    def is_editable(self) -> bool:
        """Only drafts change; an active or retired set is a record of what was (or is) live."""
        return self.status == self.Status.DRAFT

    @classmethod
    def next_version(cls) -> int:
        latest = cls.objects.aggregate(models.Max("version"))["version__max"]
        return (latest or 0) + 1


class Scenario(models.Model):
    """A named set of answers with the verdict it must (or must not) get; every draft is checked against all."""

    name = models.CharField(max_length=120, unique=True)
    answers = models.JSONField(help_text="The answers, as advisor.domain.Answers dumps them.")
    expected_verdict = models.CharField(
        max_length=10,
        choices=[(verdict.value, VERDICT_LABELS[verdict]) for verdict in Verdict],
        blank=True,
        help_text="The verdict these answers must get. Leave empty to use only 'must not be'.",
    )
    forbidden_verdict = models.CharField(
        "must not be",
        max_length=10,
        choices=[(verdict.value, VERDICT_LABELS[verdict]) for verdict in Verdict],
        blank=True,
        help_text="A verdict these answers must never get.",
    )
    note = models.TextField(blank=True, help_text="Why this case matters (e.g. which seed rule it checks).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(expected_verdict="", forbidden_verdict=""),
                name="advisor_scenario_has_expectation",
            )
        ]

    def __str__(self) -> str:
        return self.name


def weights_to_data(weights: Weights) -> dict[str, Any]:
    """The JSON stored in ``WeightSet.data`` (the version lives in its own column)."""
    return weights.model_dump(mode="json", exclude={"version"})
