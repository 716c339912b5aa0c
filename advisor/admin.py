"""Django admin for the scoring: weight sets (drafts, history, activation, impact preview) and scenarios."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from advisor import services
from advisor.forms import SCENARIO_ANSWER_FIELDS, ScenarioForm, WeightSetForm, weight_set_fieldsets
from advisor.models import Scenario, WeightSet
from advisor.selectors import active_weights
from advisor.vocabulary import FACTOR_LABELS, QUESTIONS, VERDICT_LABELS, Factor, Verdict, option_label
from advisor.weights import WeightsInvalid, band_labels, format_number
from config.admin_lookups import ListFilterLookupsOnly

ADMIN_MEDIA = forms.Media(css={"all": ["advisor/admin.css"]})
META_FIELDS = ("version", "status", "based_on", "created_by", "created_at", "activated_by", "activated_at")


def active_set() -> WeightSet | None:
    return WeightSet.objects.filter(status=WeightSet.Status.ACTIVE).first()


@admin.register(WeightSet)
class WeightSetAdmin(ListFilterLookupsOnly, admin.ModelAdmin):
    form = WeightSetForm
    change_form_template = "admin/advisor/weightset/change_form.html"
    list_display = ("__str__", "short_note", "based_on", "change_count", "created", "activated")
    list_filter = ("status",)
    list_select_related = ("based_on", "created_by", "activated_by")
    search_fields = ("note",)
    ordering = ("-version",)

    @property
    def media(self) -> forms.Media:
        return super().media + ADMIN_MEDIA

    # --- permissions: only drafts change; activation has its own permission ---

    def has_change_permission(self, request: HttpRequest, obj: WeightSet | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.is_editable)

    def has_delete_permission(self, request: HttpRequest, obj: WeightSet | None = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and obj is not None and obj.is_editable

    def has_activate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("advisor.activate_weightset")

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would bypass the "drafts only" rule
        return actions

    # --- the form ---

    def get_form(
        self, request: HttpRequest, obj: WeightSet | None = None, change: bool = False, **kwargs: Any
    ):
        kwargs["fields"] = ["note"]  # the numbers are added by the form itself
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            current = active_set()
            if current is not None:
                form_class.shape_source = current.data
        return form_class

    def editable(self, request: HttpRequest, obj: WeightSet | None) -> bool:
        return (
            self.has_change_permission(request, obj) if obj is not None else self.has_add_permission(request)
        )

    def get_fieldsets(self, request: HttpRequest, obj: WeightSet | None = None):
        about = ("About this set", {"fields": [*(META_FIELDS if obj else ()), "note"]})
        checks = [
            ("Scenario checks", {"fields": ["scenario_results"]}),
            ("Changes from the set it came from", {"fields": ["changes"]}),
        ]
        if not self.editable(request, obj):
            return [about, ("Weights", {"fields": ["weights_table"]}), *checks]
        form = self.get_form(request, obj, change=obj is not None)(instance=obj)
        return [about, *weight_set_fieldsets(form), *(checks if obj else ())]

    def get_readonly_fields(self, request: HttpRequest, obj: WeightSet | None = None):
        return [*META_FIELDS, "weights_table", "scenario_results", "changes"]

    def save_model(self, request: HttpRequest, obj: WeightSet, form: WeightSetForm, change: bool) -> None:
        if change:
            obj.save()
            return
        obj.status = WeightSet.Status.DRAFT
        obj.created_by = request.user
        obj.based_on = active_set()
        for attempt in range(5):
            obj.version = WeightSet.next_version()
            try:
                with transaction.atomic():
                    obj.save()
                return
            except IntegrityError:
                obj.pk = None
                if attempt == 4:
                    raise

    # --- read-only displays ---

    @admin.display(description="Note")
    def short_note(self, obj: WeightSet) -> str:
        return obj.note if len(obj.note) <= 70 else obj.note[:69] + "…"

    @admin.display(description="Created", ordering="created_at")
    def created(self, obj: WeightSet) -> str:
        return who_and_when(obj.created_by, obj.created_at)

    @admin.display(description="Activated", ordering="activated_at")
    def activated(self, obj: WeightSet) -> str:
        return who_and_when(obj.activated_by, obj.activated_at) if obj.activated_at else "—"

    @admin.display(description="Changes")
    def change_count(self, obj: WeightSet) -> str:
        if obj.based_on is None:
            return "—"
        count = len(services.diff(obj.based_on.data, obj.data))
        return f"{count} vs v{obj.based_on.version}"

    @admin.display(description="Weights")
    def weights_table(self, obj: WeightSet) -> SafeString:
        return render_to_string(
            "admin/advisor/weightset/weights_table.html", {"sections": weight_sections(obj)}
        )

    @admin.display(description="Changes")
    def changes(self, obj: WeightSet) -> SafeString:
        if obj.based_on is None:
            return format_html("<p>{}</p>", "This set was not copied from another one.")
        return render_to_string(
            "admin/advisor/weightset/changes.html",
            {"changes": services.diff(obj.based_on.data, obj.data), "based_on": obj.based_on},
        )

    @admin.display(description="Results")
    def scenario_results(self, obj: WeightSet) -> SafeString:
        try:
            weights = obj.weights
        except ValueError as error:
            return format_html("<p class='errornote'>{}</p>", f"These weights are not valid: {error}")
        results = services.check_scenarios(weights)
        return render_to_string(
            "admin/advisor/weightset/scenario_results.html",
            {
                "results": results,
                "failed": sum(not r.passed for r in results),
                "scenarios_url": reverse("admin:advisor_scenario_changelist"),
            },
        )

    # --- extra pages: duplicate, activate, impact preview ---

    def get_urls(self):
        extra = [
            path(
                "<int:object_id>/duplicate/",
                self.admin_site.admin_view(self.duplicate_view),
                name="advisor_weightset_duplicate",
            ),
            path(
                "<int:object_id>/activate/",
                self.admin_site.admin_view(self.activate_view),
                name="advisor_weightset_activate",
            ),
            path(
                "<int:object_id>/impact/",
                self.admin_site.admin_view(self.impact_view),
                name="advisor_weightset_impact",
            ),
        ]
        return extra + super().get_urls()

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "can_duplicate": self.has_add_permission(request),
            "can_activate": obj is not None and obj.is_editable and self.has_activate_permission(request),
            "is_draft": obj is not None and obj.is_editable,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def duplicate_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        source = get_object_or_404(WeightSet, pk=object_id)
        draft = services.duplicate(source, request.user)
        self.log_addition(request, draft, f"Duplicated from v{source.version}")
        self.message_user(
            request,
            f"Weight set v{draft.version} is a new draft copied from v{source.version}. Edit it below.",
        )
        return HttpResponseRedirect(reverse("admin:advisor_weightset_change", args=[draft.pk]))

    def activate_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_activate_permission(request):
            raise PermissionDenied
        draft = get_object_or_404(WeightSet, pk=object_id)
        change_url = reverse("admin:advisor_weightset_change", args=[draft.pk])
        try:
            services.activate(draft, request.user)
        except services.ActivationRefused as refusal:
            # Plain text: the admin's message list styles any nested list item as a message of its own.
            self.message_user(
                request,
                f"Weight set v{draft.version} was not activated. " + " ".join(refusal.reasons),
                level=messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        self.log_change(request, draft, "Activated")
        self.message_user(
            request, f"Weight set v{draft.version} is now active: the next recommendation uses it."
        )
        return HttpResponseRedirect(change_url)

    def impact_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        candidate = get_object_or_404(WeightSet, pk=object_id)
        current = active_set()
        form = ImpactScopeForm(request.GET or None)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Impact preview of v{candidate.version}",
            "candidate": candidate,
            "current": current,
            "form": form,
            "impact": None,
            "media": self.media,
            "change_url": reverse("admin:advisor_weightset_change", args=[candidate.pk]),
            "can_activate": candidate.is_editable and self.has_activate_permission(request),
        }
        try:
            pair = (current.weights, candidate.weights) if current is not None else None
        except WeightsInvalid as error:
            # Only possible if a set's JSON was changed outside the admin; say so instead of failing.
            context["invalid"] = str(error)
            pair = None
        if pair is not None and ((form.is_bound and form.is_valid()) or not form.is_bound):
            scope = form.cleaned_data if form.is_bound else {"scope": "all"}
            rows = stored_answers(scope)
            impact = services.rescore(rows, *pair)
            context["impact"] = impact
            context["rows"] = impact_rows(impact)
            context["verdicts"] = [(v.value, VERDICT_LABELS[v]) for v in Verdict]
        return TemplateResponse(request, "admin/advisor/weightset/impact.html", context)


def who_and_when(user: Any, when: datetime) -> str:
    stamp = timezone.localtime(when).strftime("%d %b %Y %H:%M")
    return f"{user.get_username()}, {stamp}" if user is not None else stamp


def weight_sections(obj: WeightSet) -> list[dict[str, Any]]:
    """The numbers of a set grouped like the edit form, for the read-only page."""
    data = obj.data
    sections = []
    for factor in Factor:
        if factor == Factor.MONTHLY_BUDGET:
            labels = [f"Budget {label}" for label in band_labels(data["budget_bands"])]
        elif factor == Factor.WEEKLY_HOURS:
            labels = [
                f"{label[:1].upper()}{label[1:]} hours a week" for label in band_labels(data["hour_bands"])
            ]
        else:
            labels = [option.label for option in QUESTIONS[factor].options]
        sections.append(
            {
                "title": FACTOR_LABELS[factor],
                "question": QUESTIONS[factor].text,
                "importance": data["importance"].get(factor.value),
                "leans": list(zip(labels, data["leans"].get(factor.value, []), strict=False)),
            }
        )
    return [
        *sections,
        {
            "title": "Bands and thresholds",
            "question": "",
            "importance": None,
            "leans": [
                ("Budget band ends", ", ".join(format_number(b) for b in data["budget_bands"])),
                ("Hours band ends", ", ".join(format_number(b) for b in data["hour_bands"])),
                ("Organic first below", data["smo_below"]),
                ("Paid first from", data["smm_from"]),
                *(
                    (f"Minimum ad spend · {option_label(Factor.REACH, reach)}", amount)
                    for reach, amount in data["min_ad_spend"].items()
                ),
            ],
        },
    ]


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
        cleaned = super().clean()
        if cleaned.get("scope") == "last" and not cleaned.get("last"):
            self.add_error("last", "How many of the latest responses?")
        if cleaned.get("scope") == "range":
            if not cleaned.get("date_from") and not cleaned.get("date_to"):
                self.add_error("date_from", "Give a start date, an end date, or both.")
            start, end = cleaned.get("date_from"), cleaned.get("date_to")
            if start and end and end < start:
                self.add_error("date_to", "The end date is before the start date.")
        return cleaned


def response_model():
    # The admin is where the two apps meet; advisor/ code proper never imports questionnaire/.
    return apps.get_model("questionnaire", "Response")


def stored_answers(scope: dict[str, Any]) -> Any:
    """``(id, answers)`` of the stored responses in scope: one column read in chunks, no query per row."""
    queryset: QuerySet = response_model().objects.all()
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


def impact_rows(impact: services.Impact) -> list[dict[str, Any]]:
    changelist = reverse("admin:questionnaire_response_changelist")
    rows = impact.rows()
    for row in rows:
        for cell in row["cells"]:
            ids = cell["examples"]
            cell["url"] = f"{changelist}?id__in={','.join(str(pk) for pk in ids)}" if ids else ""
    return rows


@admin.register(Scenario)
class ScenarioAdmin(ListFilterLookupsOnly, admin.ModelAdmin):
    form = ScenarioForm
    list_display = ("name", "expected_verdict", "forbidden_verdict", "answers_summary", "result_with_active")
    search_fields = ("name", "note")
    fieldsets = (
        (None, {"fields": ("name", "expected_verdict", "forbidden_verdict", "note")}),
        ("Answers", {"fields": SCENARIO_ANSWER_FIELDS, "description": "Leave optional questions skipped."}),
    )

    def get_form(
        self, request: HttpRequest, obj: Scenario | None = None, change: bool = False, **kwargs: Any
    ):
        kwargs["fields"] = list(ScenarioForm.Meta.fields)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Scenario | None = None):
        if obj is not None and not self.has_change_permission(request, obj):
            return (
                (
                    None,
                    {"fields": ("name", "expected_verdict", "forbidden_verdict", "note", "answers_summary")},
                ),
            )
        return self.fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Scenario | None = None):
        return ("answers_summary",)

    @admin.display(description="Answers")
    def answers_summary(self, obj: Scenario) -> str:
        parts = []
        for factor in Factor:
            value = obj.answers.get(factor.value)
            if value is None:
                continue
            shown = (
                format_number(float(value)) if isinstance(value, int | float) else option_label(factor, value)
            )
            parts.append(f"{FACTOR_LABELS[factor]}: {shown}")
        return "; ".join(parts)

    @admin.display(description="With the active set")
    def result_with_active(self, obj: Scenario) -> str:
        # The active set comes from the process's cache (advisor.selectors): no query per row.
        result = services.check_scenario(obj, active_weights())
        return f"{'pass' if result.passed else 'FAIL'}: {result.verdict} ({result.score})"
