"""Stored responses in the admin: read-only list and detail, a streamed CSV export, and the analytics page."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncWeek
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from advisor import analytics
from advisor.vocabulary import FACTOR_LABELS, Factor
from advisor.weights import format_number
from config.admin_lookups import ListFilterLookupsOnly
from questionnaire.models import Response

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


@admin.register(Response)
class ResponseAdmin(ListFilterLookupsOnly, admin.ModelAdmin):
    change_list_template = "admin/questionnaire/response/change_list.html"
    list_display = ("short_token", "verdict", "stage", "budget", "created_at", "version", "result_link")
    list_filter = ("verdict", "stage", "weights_version", "created_at")
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
        "verdict",
        "score",
        "stage",
        "monthly_budget",
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

    @admin.display(description="Budget", ordering="monthly_budget")
    def budget(self, obj: Response) -> str:
        return format_number(obj.monthly_budget)

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
        rows = [
            (FACTOR_LABELS[factor], obj.answers.get(factor.value))
            for factor in Factor
            if obj.answers.get(factor.value) is not None
        ]
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
        stats = analytics.build(rows)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Response analytics",
            "stats": stats,
            "media": self.media,
            "changelist_url": reverse("admin:questionnaire_response_changelist"),
        }
        return TemplateResponse(request, "admin/questionnaire/response/analytics.html", context)
