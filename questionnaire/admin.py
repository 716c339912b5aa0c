"""Stored responses in the admin: read-only list and detail, a streamed CSV export, the analytics page, and
the impact preview of a weight set (it re-scores stored responses, so it lives here: advisor/ never reads
them). The preview is linked from the weight-set page through ``WeightSetAdmin.object_links``."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncWeek
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from advisor.admin import WeightSetAdmin, answers_in_words
from advisor.impact import rescore
from advisor.models import WeightSet
from advisor.presenters import money, score_words, verdict_words
from advisor.vocabulary import QUESTIONS, VERDICT_LABELS, Factor, Verdict, option_label
from advisor.weights import WeightsInvalid
from config.admin_lookups import ListFilterLookupsOnly
from questionnaire import analytics, funnel
from questionnaire.funnel import POINT_LABELS, POINTS
from questionnaire.impact import ImpactScopeForm, impact_rows, stored_answers
from questionnaire.models import FunnelDay, Response

ANSWER_COLUMNS: tuple[str, ...] = tuple(factor.value for factor in Factor)
CSV_HEADER: tuple[str, ...] = ("token", "created_at", "weights_version", *ANSWER_COLUMNS, "verdict", "score")


class Echo:
    """A file-like object whose write() hands the line back, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def csv_safe(value: Any) -> Any:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs; tokens may start with '-'.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def csv_rows(queryset: QuerySet) -> Iterator[str]:
    writer = csv.writer(Echo())
    yield writer.writerow(CSV_HEADER)
    rows = queryset.values_list("token", "created_at", "weights_version", "answers", "verdict", "score")
    for token, created_at, version, answers, verdict, score in rows.iterator(chunk_size=2000):
        answers = answers or {}
        yield writer.writerow(
            (
                csv_safe(token),
                created_at.isoformat(),
                version,
                *(answers.get(name, "") if answers.get(name) is not None else "" for name in ANSWER_COLUMNS),
                verdict,
                score,
            )
        )


class WordsFilter(admin.SimpleListFilter):
    """A filter on a coded column that shows the words; same URL parameter as the plain field filter."""

    field = ""
    choices_in_words: tuple[tuple[str, str], ...] = ()

    def lookups(self, request: HttpRequest, model_admin: Any) -> tuple[tuple[str, str], ...]:
        return self.choices_in_words

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        return queryset.filter(**{self.field: value}) if value else queryset


class VerdictFilter(WordsFilter):
    title = "advice"
    parameter_name = "verdict__exact"
    field = "verdict"
    choices_in_words = tuple((verdict.value, VERDICT_LABELS[verdict]) for verdict in Verdict)


class StageFilter(WordsFilter):
    title = "business stage"
    parameter_name = "stage__exact"
    field = "stage"
    choices_in_words = tuple((option.value, option.label) for option in QUESTIONS[Factor.STAGE].options)


@admin.register(Response)
class ResponseAdmin(ListFilterLookupsOnly, admin.ModelAdmin):
    change_list_template = "admin/questionnaire/response/change_list.html"
    list_display = (
        "short_token",
        "advice",
        "business_stage",
        "budget",
        "created_at",
        "version",
        "result_link",
    )
    list_filter = (VerdictFilter, StageFilter, "weights_version", "created_at")
    date_hierarchy = "created_at"
    search_fields = ("=token",)
    search_help_text = "Paste a share token (the part after /r/ in a result link)."
    ordering = ("-created_at", "-pk")
    list_per_page = 50
    show_full_result_count = False  # one COUNT less on big tables
    fields = (
        "token",
        "result_link",
        "created_at",
        "advice",
        "score_in_words",
        "business_stage",
        "budget",
        "weights_version",
        "weight_set",
        "answers_table",
    )
    readonly_fields = fields

    @property
    def media(self) -> forms.Media:
        return super().media + forms.Media(css={"all": ["advisor/admin.css"]})

    # Stored results are immutable snapshots: nobody adds, edits or deletes them here.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Response | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Response | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The list never shows the two big JSON columns; the detail page needs them.
        queryset = super().get_queryset(request)
        if getattr(request, "_response_list", False):
            return queryset.defer("answers", "recommendation")
        return queryset

    @admin.display(description="Token", ordering="token")
    def short_token(self, obj: Response) -> str:
        return f"{obj.token[:8]}…"

    @admin.display(description="Advice", ordering="verdict")
    def advice(self, obj: Response) -> str:
        return verdict_words(obj.verdict)

    @admin.display(description="Score")
    def score_in_words(self, obj: Response) -> str:
        return score_words(obj.score)

    @admin.display(description="Business stage", ordering="stage")
    def business_stage(self, obj: Response) -> str:
        return option_label(Factor.STAGE, obj.stage)

    @admin.display(description="Monthly budget", ordering="monthly_budget")
    def budget(self, obj: Response) -> str:
        return money(obj.monthly_budget, settings.SITE_CURRENCY)

    @admin.display(description="Weights", ordering="weights_version")
    def version(self, obj: Response) -> str:
        return f"v{obj.weights_version}"

    @admin.display(description="Result page")
    def result_link(self, obj: Response) -> str:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">result page</a>', reverse("result", args=[obj.token])
        )

    @admin.display(description="Answers")
    def answers_table(self, obj: Response) -> str:
        rows = [part.split(": ", 1) for part in answers_in_words(obj.answers).split("; ") if part]
        return format_html("<table>{}</table>", format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows))

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None):
        request._response_list = True  # type: ignore[attr-defined]
        query = request.GET.urlencode()
        extra_context = {
            **(extra_context or {}),
            "export_url": reverse("admin:questionnaire_response_export") + (f"?{query}" if query else ""),
            "analytics_url": reverse("admin:questionnaire_response_analytics"),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_view),
                name="questionnaire_response_export",
            ),
            path(
                "analytics/",
                self.admin_site.admin_view(self.analytics_view),
                name="questionnaire_response_analytics",
            ),
            path(
                "impact/<int:weight_set_id>/",
                self.admin_site.admin_view(self.impact_view),
                name="questionnaire_response_impact",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest) -> HttpResponseBase:
        """The list as CSV, with the same filters, search and date drill-down, streamed row by row."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        request._response_list = True  # type: ignore[attr-defined]
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:questionnaire_response_changelist") + "?e=1")
        queryset = changelist.get_queryset(request).order_by("-created_at", "-pk")
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(csv_rows(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="responses-{stamp}.csv"'
        return response

    def analytics_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = (
            Response.objects.order_by()
            .annotate(week=TruncWeek("created_at"))
            .values_list("week", "stage", "verdict")
            .annotate(count=Count("pk"))
        )
        since = timezone.localdate() - timedelta(days=analytics.FUNNEL_DAYS - 1)
        # What this process counted but had not folded yet (other processes fold within a second or so).
        funnel.fold()
        counters = FunnelDay.objects.filter(day__gte=since).values_list("day", "step", "count")
        stats = analytics.build(rows)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Response analytics",
            "stats": stats,
            "by_stage": [
                (stage, option_label(Factor.STAGE, stage), counts) for stage, counts in stats.by_stage
            ],
            "funnel": analytics.funnel(counters, POINTS, today=timezone.localdate()),
            "funnel_points": [POINT_LABELS[point] for point in POINTS],
            "media": self.media,
            "changelist_url": reverse("admin:questionnaire_response_changelist"),
        }
        return TemplateResponse(request, "admin/questionnaire/response/analytics.html", context)

    def impact_view(self, request: HttpRequest, weight_set_id: int) -> HttpResponse:
        """A draft's impact: the stored responses in scope re-scored with it and with the live set."""
        if not (self.has_view_permission(request) and request.user.has_perm("advisor.view_weightset")):
            raise PermissionDenied
        candidate = get_object_or_404(WeightSet, pk=weight_set_id)
        current = WeightSet.objects.filter(status=WeightSet.Status.ACTIVE).first()
        form = ImpactScopeForm(request.GET or None)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": WeightSet._meta,
            "title": f"Impact preview of v{candidate.version}",
            "candidate": candidate,
            "current": current,
            "form": form,
            "impact": None,
            "media": self.media,
            "change_url": reverse("admin:advisor_weightset_change", args=[candidate.pk]),
            "can_activate": candidate.is_editable and request.user.has_perm("advisor.activate_weightset"),
        }
        try:
            pair = (current.weights, candidate.weights) if current is not None else None
        except WeightsInvalid as error:
            # Only possible if a set's JSON was changed outside the admin; say so instead of failing.
            context["invalid"] = str(error)
            pair = None
        if pair is not None and (not form.is_bound or form.is_valid()):
            impact = rescore(stored_answers(form.cleaned_data if form.is_bound else {"scope": "all"}), *pair)
            context["impact"] = impact
            context["rows"] = impact_rows(impact)
            context["verdicts"] = [row["label"] for row in context["rows"]]
        return TemplateResponse(request, "admin/questionnaire/response/impact.html", context)


IMPACT_LINK = ("Impact preview", "admin:questionnaire_response_impact")
if IMPACT_LINK not in WeightSetAdmin.object_links:
    WeightSetAdmin.object_links.append(IMPACT_LINK)
