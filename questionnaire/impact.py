"""The impact preview's side in questionnaire/: which stored responses to re-score, and links to them.

The re-scoring itself is ``advisor.impact.rescore`` over plain ``(id, answers)`` rows, so the arrow runs
questionnaire → advisor only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils import timezone

from advisor.impact import Impact
from advisor.presenters import verdict_words
from questionnaire.models import Response

IMPACT_DATE_BOUNDS = [
    MinValueValidator(date(2000, 1, 1), "Give a date from 2000-01-01 on."),
    MaxValueValidator(date(2100, 12, 31), "Give a date up to 2100-12-31."),
]


class ImpactScopeForm(forms.Form):
    scope = forms.ChoiceField(
        choices=[
            ("all", "All stored responses"),
            ("last", "The last N responses"),
            ("range", "A date range"),
        ],
        initial="all",
        widget=forms.RadioSelect,
    )
    last = forms.IntegerField(label="N", min_value=1, max_value=10_000_000, required=False, initial=1000)
    # Bounded: a date the database cannot hold a day after (9999-12-31) would end the page in a 500.
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "min": "2000-01-01", "max": "2100-12-31"}),
        validators=IMPACT_DATE_BOUNDS,
    )
    date_to = forms.DateField(
        label="To (included)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "min": "2000-01-01", "max": "2100-12-31"}),
        validators=IMPACT_DATE_BOUNDS,
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("scope") == "last" and not cleaned.get("last"):
            self.add_error("last", "How many of the latest responses?")
        if cleaned.get("scope") == "range":
            if not cleaned.get("date_from") and not cleaned.get("date_to"):
                self.add_error("date_from", "Give a start date, an end date, or both.")
            start, end = cleaned.get("date_from"), cleaned.get("date_to")
            if start and end and end < start:
                self.add_error("date_to", "The end date is before the start date.")
        return cleaned


def stored_answers(scope: Mapping[str, Any]) -> Iterator[tuple[int, Any]]:
    """``(id, answers)`` of the stored responses in scope: one column read in chunks, no query per row."""
    queryset = Response.objects.all()
    if scope.get("scope") == "last":
        latest = queryset.order_by("-created_at", "-pk").values_list("pk", "answers")[: scope["last"]]
        return latest.iterator(chunk_size=5000)
    if scope.get("scope") == "range":
        zone = timezone.get_current_timezone()
        if scope.get("date_from"):
            queryset = queryset.filter(created_at__gte=datetime.combine(scope["date_from"], time.min, zone))
        if scope.get("date_to"):
            end = datetime.combine(scope["date_to"], time.min, zone) + timedelta(days=1)
            queryset = queryset.filter(created_at__lt=end)
    return queryset.order_by().values_list("pk", "answers").iterator(chunk_size=5000)


def impact_rows(impact: Impact) -> list[dict[str, Any]]:
    """The 3×3 table in words, each count linked to up to five example responses."""
    changelist = reverse("admin:questionnaire_response_changelist")
    rows = impact.rows()
    for row in rows:
        row["label"] = verdict_words(row["verdict"])
        for cell in row["cells"]:
            cell["label"] = verdict_words(cell["to"])
            ids = cell["examples"]
            cell["url"] = f"{changelist}?id__in={','.join(str(pk) for pk in ids)}" if ids else ""
    return rows
