"""The responses admin: read-only list and detail, filters, token search, streamed CSV export."""

import csv
import io
import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.http import StreamingHttpResponse
from django.urls import reverse

from tests.factories import BLENDED_ANSWERS as BLENDED
from tests.factories import SMM_ANSWERS as SMM
from tests.factories import SMO_ANSWERS as SMO
from tests.factories import ResponseFactory
from tests.markup import parse

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/questionnaire/response/"


@pytest.fixture
def responses(default_weight_set):
    return [
        ResponseFactory(weight_set=default_weight_set, created_days_ago=8, answer_values=SMO),
        ResponseFactory(
            weight_set=default_weight_set,
            created_days_ago=1,
            answer_values={**BLENDED, "reach": "local", "weekly_hours": 4},
        ),
        ResponseFactory(weight_set=default_weight_set, answer_values=SMM),
    ]


def read_csv(response: StreamingHttpResponse) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_the_list_shows_verdict_stage_budget_date_version_and_a_result_link(
    admin_client, responses, django_assert_max_num_queries
):
    admin_client.get(LIST_URL)

    with django_assert_max_num_queries(8):
        page = admin_client.get(LIST_URL)

    html = parse(page)
    assert page.status_code == HTTPStatus.OK
    assert list(page.context["cl"].result_list) == list(reversed(responses))
    assert html.hrefs("#result_list td.field-result_link a") == [
        f"/r/{response.token}/" for response in reversed(responses)
    ]
    assert html.texts("#result_list td.field-advice") == [
        "Lead with paid social ads (SMM)",
        "Blend organic work with paid ads",
        "Start with organic work (SMO)",
    ]
    assert [(link.get("href"), link.text) for link in html.all(".object-tools a")] == [
        ("/admin/questionnaire/response/export.csv", "Export CSV (this filtered list)"),
        ("/admin/questionnaire/response/analytics/", "Analytics"),
    ]


def test_the_list_filters_by_verdict_and_searches_by_exact_token(admin_client, responses):
    by_verdict = admin_client.get(LIST_URL, {"verdict__exact": "blended"})
    by_token = admin_client.get(LIST_URL, {"q": responses[0].token})
    by_prefix = admin_client.get(LIST_URL, {"q": responses[0].token[:8]})

    assert list(by_verdict.context["cl"].result_list) == [responses[1]]
    assert list(by_token.context["cl"].result_list) == [responses[0]]
    assert list(by_prefix.context["cl"].result_list) == []


def test_responses_are_read_only(admin_client, responses):
    change_url = reverse("admin:questionnaire_response_change", args=[responses[0].pk])

    detail = admin_client.get(change_url)
    post = admin_client.post(change_url, {"verdict": "smm_first"})
    add = admin_client.get(reverse("admin:questionnaire_response_add"))
    delete = admin_client.post(reverse("admin:questionnaire_response_delete", args=[responses[0].pk]))

    assert detail.status_code == HTTPStatus.OK
    assert [(row.one("label").text, row.one(".readonly").text) for row in parse(detail).all(".form-row")][
        4:7
    ] == [
        ("Score:", "strongly toward organic (−0.76)"),
        ("Business stage:", "New"),
        ("Monthly budget:", "0 USD"),
    ]
    assert parse(detail).all("#content-main form input[name=verdict]") == []
    assert (post.status_code, add.status_code, delete.status_code) == (
        HTTPStatus.FORBIDDEN,
        HTTPStatus.FORBIDDEN,
        HTTPStatus.FORBIDDEN,
    )
    responses[0].refresh_from_db()
    assert responses[0].verdict == "smo_first"


def test_the_csv_export_streams_the_filtered_list_with_one_column_per_answer(admin_client, responses):
    response = admin_client.get(reverse("admin:questionnaire_response_export"), {"verdict__exact": "blended"})

    assert response.status_code == HTTPStatus.OK
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="responses-\d{8}-\d{4}\.csv"', response["Content-Disposition"])
    rows = read_csv(response)
    blended = responses[1]
    assert rows[0] == [
        "token",
        "created_at",
        "weights_version",
        "stage",
        "monthly_budget",
        "horizon",
        "experience",
        "profiles",
        "goal",
        "audience",
        "reach",
        "weekly_hours",
        "verdict",
        "score",
    ]
    expected_token = blended.token if blended.token[0] != "-" else "'" + blended.token
    assert rows[1:] == [
        [
            expected_token,
            blended.created_at.isoformat(),
            str(blended.weights_version),
            "growing",
            "500.0",
            "months",
            "intermediate",
            "",
            "",
            "",
            "local",
            "4.0",
            "blended",
            str(blended.score),
        ]
    ]


def test_the_export_without_filters_has_every_response_newest_first(admin_client, responses):
    rows = read_csv(admin_client.get(reverse("admin:questionnaire_response_export")))

    assert [row[-2] for row in rows[1:]] == ["smm_first", "blended", "smo_first"]


def test_a_bad_filter_in_the_export_redirects_instead_of_failing(admin_client, responses):
    response = admin_client.get(
        reverse("admin:questionnaire_response_export"), {"created_at__gte": "not a date"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{LIST_URL}?e=1"


def test_staff_without_the_view_permission_see_no_responses(client, django_user_model, responses):
    user = django_user_model.objects.create_user("plain", password="pw-plain-123", is_staff=True)
    client.force_login(user)

    listing = client.get(LIST_URL)
    export = client.get(reverse("admin:questionnaire_response_export"))
    stats = client.get(reverse("admin:questionnaire_response_analytics"))

    assert (listing.status_code, export.status_code, stats.status_code) == (
        HTTPStatus.FORBIDDEN,
        HTTPStatus.FORBIDDEN,
        HTTPStatus.FORBIDDEN,
    )


def test_staff_with_the_view_permission_can_list_and_export(client, django_user_model, responses):
    user = django_user_model.objects.create_user("reader", password="pw-reader-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_response"))
    client.force_login(user)

    listing = client.get(LIST_URL)
    export = client.get(reverse("admin:questionnaire_response_export"))

    assert list(listing.context["cl"].result_list) == list(reversed(responses))
    assert [row[0] for row in read_csv(export)[1:]] == [
        response.token if response.token[0] != "-" else "'" + response.token
        for response in reversed(responses)
    ]
