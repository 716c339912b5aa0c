"""Django admin for the scoring: weight sets (drafts, history, activation, trying answers) and scenarios.

Pages about a set that need other apps' data (the impact preview over stored responses) live in those
apps' admin modules and add a link to ``WeightSetAdmin.object_links``: advisor/ imports none of them.
"""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from advisor import presenters, services
from advisor.domain import Recommendation
from advisor.forms import SCENARIO_ANSWER_FIELDS, ScenarioForm, TryAnswersForm, WeightSetForm
from advisor.models import Scenario, WeightSet
from advisor.scenarios import ScenarioResult, check_scenario, check_scenarios
from advisor.scoring import recommend
from advisor.selectors import active_weights
from advisor.vocabulary import FACTOR_LABELS, Factor, option_label
from advisor.weights import WeightsInvalid, format_number
from config.admin_lookups import ListFilterLookupsOnly

ADMIN_MEDIA = forms.Media(css={"all": ["advisor/admin.css"]})
META_FIELDS = ("version", "status", "based_on", "created_by", "created_at", "activated_by", "activated_at")


def active_set() -> WeightSet | None:
    return WeightSet.objects.filter(status=WeightSet.Status.ACTIVE).first()


def currency() -> str:
    return settings.SITE_CURRENCY


@admin.register(WeightSet)
class WeightSetAdmin(ListFilterLookupsOnly, admin.ModelAdmin):
    form = WeightSetForm
    change_form_template = "admin/advisor/weightset/change_form.html"
    list_display = ("__str__", "short_note", "based_on", "change_count", "created", "activated")
    list_filter = ("status",)
    list_select_related = ("based_on", "created_by", "activated_by")
    search_fields = ("note",)
    ordering = ("-version",)
    # (label, admin URL name taking the set's pk): pages other apps add about a set, shown as buttons.
    object_links: ClassVar[list[tuple[str, str]]] = []

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
            if current is not None and issubclass(form_class, WeightSetForm):
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
        return [about, *form.fieldsets(), *(checks if obj else ())]

    def get_readonly_fields(self, request: HttpRequest, obj: WeightSet | None = None):
        return [*META_FIELDS, "weights_table", "scenario_results", "changes"]

    def save_model(self, request: HttpRequest, obj: WeightSet, form: WeightSetForm, change: bool) -> None:
        if change:
            obj.save()
            return
        obj.status = WeightSet.Status.DRAFT
        obj.created_by = services.author(request.user)
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
        count = len(presenters.diff(obj.based_on.data, obj.data))
        return f"{count} vs v{obj.based_on.version}"

    @admin.display(description="Weights")
    def weights_table(self, obj: WeightSet) -> SafeString:
        sections = presenters.weight_sections(obj.data, currency=currency())
        return render_to_string("admin/advisor/weightset/weights_table.html", {"sections": sections})

    @admin.display(description="Changes")
    def changes(self, obj: WeightSet) -> SafeString:
        if obj.based_on is None:
            return format_html("<p>{}</p>", "This set was not copied from another one.")
        return render_to_string(
            "admin/advisor/weightset/changes.html",
            {
                "changes": presenters.diff(obj.based_on.data, obj.data, currency=currency()),
                "based_on": obj.based_on,
            },
        )

    @admin.display(description="Results")
    def scenario_results(self, obj: WeightSet) -> SafeString:
        try:
            weights = obj.weights
        except ValueError as error:
            return format_html("<p class='errornote'>{}</p>", f"These weights are not valid: {error}")
        results = check_scenarios(weights)
        return render_to_string(
            "admin/advisor/weightset/scenario_results.html",
            {
                "results": [scenario_row(result) for result in results],
                "failed": sum(not r.passed for r in results),
                "scenarios_url": reverse("admin:advisor_scenario_changelist"),
            },
        )

    # --- extra pages: duplicate, activate, try answers ---

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
                "<int:object_id>/try/",
                self.admin_site.admin_view(self.try_view),
                name="advisor_weightset_try",
            ),
        ]
        return extra + super().get_urls()

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save_and_add_another": False}
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        obj = self.get_object(request, object_id)
        activating = request.method == "POST" and "_activate" in request.POST
        if activating and not self.has_activate_permission(request):
            raise PermissionDenied  # before anything is saved
        if request.method == "POST" and "_duplicate" in request.POST and not self.has_add_permission(request):
            raise PermissionDenied
        extra_context = {
            **(extra_context or {}),
            "show_save_and_add_another": False,
            "can_duplicate": self.has_add_permission(request),
            "can_activate": obj is not None and obj.is_editable and self.has_activate_permission(request),
            "is_draft": obj is not None and obj.is_editable,
            "object_links": self.object_links,
            "try_form": TryAnswersForm(),
        }
        response = super().change_view(request, object_id, form_url, extra_context)
        if activating and obj is not None and response.status_code == HTTPStatus.OK:
            # The form came back with problems: nothing was saved, so nothing is activated.
            self.message_user(
                request,
                f"Weight set v{obj.version} was not activated: fix the numbers marked below, then try again.",
                level=messages.ERROR,
            )
        return response

    def response_change(self, request: HttpRequest, obj: WeightSet) -> HttpResponse:
        """“Save and activate”: the activate button submits the form, so edits are saved before going live."""
        if "_duplicate" in request.POST:
            return self.duplicate_saved(request, obj)
        if "_activate" not in request.POST:
            return super().response_change(request, obj)
        return self.activate_saved(request, obj, edits_saved=True)

    def activate_saved(self, request: HttpRequest, draft: WeightSet, *, edits_saved: bool) -> HttpResponse:
        change_url = reverse("admin:advisor_weightset_change", args=[draft.pk])
        try:
            services.activate(weight_set=draft, user=request.user)
        except services.ActivationRefused as refusal:
            # Plain text: the admin's message list styles any nested list item as a message of its own.
            self.message_user(
                request,
                ("Your edits were saved. " if edits_saved else "")
                + f"Weight set v{draft.version} was not activated. "
                + " ".join(refusal.reasons),
                level=messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        self.log_change(request, draft, "Activated")
        self.message_user(
            request, f"Weight set v{draft.version} is now active: the next recommendation uses it."
        )
        return HttpResponseRedirect(change_url)

    def duplicate_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        return self.duplicate_saved(request, get_object_or_404(WeightSet, pk=object_id))

    def duplicate_saved(self, request: HttpRequest, source: WeightSet) -> HttpResponse:
        draft = services.duplicate(source=source, user=request.user)
        self.log_addition(request, draft, f"Duplicated from v{source.version}")
        self.message_user(
            request,
            f"Weight set v{draft.version} is a new draft copied from v{source.version}. Edit it below.",
        )
        return HttpResponseRedirect(reverse("admin:advisor_weightset_change", args=[draft.pk]))

    def activate_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Activate a set as saved (for a form without edits, e.g. a script); the page's button goes
        through the change form instead, which saves the edits first."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_activate_permission(request):
            raise PermissionDenied
        draft = get_object_or_404(WeightSet, pk=object_id)
        return self.activate_saved(request, draft, edits_saved=False)

    def try_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The advice a set gives for answers typed in: the engine's own ``recommend``, nothing stored."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        weight_set = get_object_or_404(WeightSet, pk=object_id)
        form = TryAnswersForm(request.GET or None)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Try answers with {weight_set}",
            "original": weight_set,
            "try_form": form,
            "media": self.media,
            "change_url": reverse("admin:advisor_weightset_change", args=[weight_set.pk]),
        }
        if form.is_bound and form.is_valid() and form.answers is not None:
            try:
                result = recommend(form.answers, weight_set.weights, currency=currency())
            except WeightsInvalid as error:
                context["invalid"] = str(error)
            else:
                context["advice"] = advice_rows(result, currency())
        return TemplateResponse(request, "admin/advisor/weightset/try.html", context)


def who_and_when(user: Any, when: datetime) -> str:
    stamp = timezone.localtime(when).strftime("%d %b %Y %H:%M")
    return f"{user.get_username()}, {stamp}" if user is not None else stamp


def scenario_row(result: ScenarioResult) -> dict[str, Any]:
    expected = [presenters.verdict_words(result.expected)] if result.expected else []
    if result.forbidden:
        expected.append(f"not “{presenters.verdict_words(result.forbidden)}”")
    return {
        "passed": result.passed,
        "scenario_id": result.scenario_id,
        "name": result.name,
        "expected": "; ".join(expected),
        "verdict": presenters.verdict_words(result.verdict),
        "score": presenters.score_words(result.score),
        "problem": result.problem,
    }


def advice_rows(result: Recommendation, money_unit: str) -> dict[str, Any]:
    """What “try these answers” shows: the verdict, money and hours, the first steps and the reasons."""
    split = result.split
    return {
        "verdict": presenters.verdict_words(result.verdict.value),
        "score": presenters.score_words(result.score),
        "ad_money": presenters.money(split.monthly_ad_spend, money_unit) + " a month",
        "hours": f"{format_number(split.weekly_hours)} h a week on organic work"
        + (f", {format_number(split.paid_hours)} h on ads" if split.paid_hours else ""),
        "first_steps": result.plan[0] if result.plan else None,
        "reasons": [factor.reason for factor in result.factors[:3]],
        "warnings": [warning.message for warning in result.warnings],
    }


def answers_in_words(answers: dict[str, Any]) -> str:
    parts = []
    for factor in Factor:
        value = answers.get(factor.value)
        if value is None:
            continue
        if factor == Factor.MONTHLY_BUDGET:
            shown = presenters.money(float(value), currency()) + " a month"
        elif isinstance(value, int | float):
            shown = f"{format_number(float(value))} h a week"
        else:
            shown = option_label(factor, value)
        parts.append(f"{FACTOR_LABELS[factor]}: {shown}")
    return "; ".join(parts)


@admin.register(Scenario)
class ScenarioAdmin(ListFilterLookupsOnly, admin.ModelAdmin):
    form = ScenarioForm
    search_fields = ("name", "note")
    fieldsets = (
        (None, {"fields": ("name", "expected_verdict", "forbidden_verdict", "note")}),
        (
            "Answers",
            {"fields": tuple(SCENARIO_ANSWER_FIELDS), "description": "Leave optional questions skipped."},
        ),
    )

    @property
    def media(self) -> forms.Media:
        return super().media + ADMIN_MEDIA

    def get_list_display(self, request: HttpRequest):
        # The active set is read once for the whole list, not once per row.
        weights = active_weights()

        @admin.display(description="With the active set")
        def result_with_active(obj: Scenario) -> str:
            result = check_scenario(obj, weights)
            outcome = "Passes" if result.passed else "FAILS"
            if result.verdict is None:
                return f"{outcome}: {result.problem}"
            verdict = presenters.verdict_words(result.verdict)
            return f"{outcome}: {verdict}, {presenters.score_words(result.score)}"

        return ("name", "expected_verdict", "forbidden_verdict", "answers_summary", result_with_active)

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
        return answers_in_words(obj.answers)
