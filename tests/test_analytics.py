"""The analytics page: verdicts overall, per week (server-drawn SVG) and per stage, in constant queries."""

from datetime import date, datetime
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse

from advisor.vocabulary import Verdict
from questionnaire import analytics
from tests.factories import BLENDED_ANSWERS as BLENDED
from tests.factories import SMM_ANSWERS as SMM
from tests.factories import SMO_ANSWERS as SMO
from tests.factories import ResponseFactory
from tests.markup import parse

URL = "/admin/questionnaire/response/analytics/"
# The admin's session costs a query, except with Redis (REDIS_URL), where it is read from the cache.
# The funnel adds one query.
PAGE_QUERIES = 3 if settings.SESSION_ENGINE == "config.sessions" else 4


def test_build_counts_overall_per_stage_and_per_week_filling_empty_weeks():
    rows = [
        (datetime(2026, 11, 2), "new", "smo_first", 3),
        (datetime(2026, 11, 2), "growing", "blended", 1),
        (datetime(2026, 11, 16), "established", "smm_first", 2),
    ]

    stats = analytics.build(rows)

    assert stats.overall.counts == {Verdict.SMO_FIRST: 3, Verdict.BLENDED: 1, Verdict.SMM_FIRST: 2}
    assert [start for start, _ in stats.weeks] == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    assert [d.total for _, d in stats.weeks] == [4, 0, 2]
    by_stage = {stage: d.counts for stage, d in stats.by_stage}
    assert by_stage["new"] == {Verdict.SMO_FIRST: 3, Verdict.BLENDED: 0, Verdict.SMM_FIRST: 0}
    assert by_stage["idea"] == {Verdict.SMO_FIRST: 0, Verdict.BLENDED: 0, Verdict.SMM_FIRST: 0}
    assert len(stats.bars) == 3
    tallest = max(stats.bars, key=lambda bar: bar.height)
    assert (tallest.fill, tallest.title) == (
        "#2e7d32",
        "Week of 02 Nov 2026: 3 × Start with organic work (SMO)",
    )


def test_build_with_no_rows_draws_nothing():
    stats = analytics.build([])

    assert (stats.overall.total, stats.weeks, stats.bars) == (0, [], [])


@pytest.mark.django_db
def test_the_page_uses_the_same_number_of_queries_for_few_and_many_responses(
    admin_client, default_weight_set, django_assert_num_queries
):
    ResponseFactory(weight_set=default_weight_set, answer_values=SMO)
    admin_client.get(URL)
    with django_assert_num_queries(PAGE_QUERIES) as few:
        admin_client.get(URL)
    for days in range(0, 60, 3):
        ResponseFactory(weight_set=default_weight_set, created_days_ago=days, answer_values=BLENDED)
        ResponseFactory(weight_set=default_weight_set, created_days_ago=days, answer_values=SMM)

    with django_assert_num_queries(PAGE_QUERIES):
        response = admin_client.get(URL)

    assert len(few) == PAGE_QUERIES
    assert response.status_code == HTTPStatus.OK
    stats = response.context["stats"]
    assert stats.overall.counts == {Verdict.SMO_FIRST: 1, Verdict.BLENDED: 20, Verdict.SMM_FIRST: 20}


@pytest.mark.django_db
def test_the_chart_is_svg_without_inline_styles_or_scripts(admin_client, default_weight_set):
    ResponseFactory(weight_set=default_weight_set, answer_values=SMO)
    ResponseFactory(weight_set=default_weight_set, created_days_ago=7, answer_values=SMM)

    page = parse(admin_client.get(URL))

    chart = page.one("svg.analytics-chart")
    # One bar a week, oldest first, titled with its week, count and verdict.
    assert [(bar.get("fill"), bar.text.split(": ", 1)[1]) for bar in chart.all("rect")] == [
        ("#1565c0", "1 × Lead with paid social ads (SMM)"),
        ("#2e7d32", "1 × Start with organic work (SMO)"),
    ]
    assert (page.one("#content-main").all("[style]"), page.one("#content-main").all("script")) == ([], [])


@pytest.mark.django_db
def test_the_responses_list_links_to_the_analytics_page(admin_client, default_weight_set):
    page = parse(admin_client.get(reverse("admin:questionnaire_response_changelist")))

    assert [(link.text, link.get("href")) for link in page.all(".object-tools a")][1] == ("Analytics", URL)
