"""The security probe's findings (issue #10), one test each: every one of these failed before its fix."""

import json
import math
import os
import re
import runpy
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core import signing
from django.test import Client, override_settings
from django.urls import reverse

from advisor.services import duplicate
from questionnaire.progress import PROGRESS_COOKIE, PROGRESS_SALT
from tests.factories import ResponseFactory
from tests.markup import parse

ROOT = Path(__file__).resolve().parent.parent
API = "/api/recommend"
VALID = {"stage": "growing", "monthly_budget": 500, "horizon": "months", "experience": "intermediate"}
NOT_JSON = {"errors": [{"field": "body", "message": "The request body is not valid JSON."}]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        "[" * 950 + "]" * 950,
        "[" * 30_000 + "]" * 30_000,
        '{"stage": ' + "[" * 5000 + "]" * 5000 + "}",
        '{"stage": ' + '{"a": ' * 5000 + "1" + "}" * 5001,
    ],
    ids=["array-950", "array-30000", "in-object-5000", "objects-5000"],
)
def test_deeply_nested_json_is_a_400_not_a_500(client: Client, default_weight_set, body: str) -> None:
    response = client.post(API, data=body, content_type="application/json")

    assert (response.status_code, response.json()) == (HTTPStatus.BAD_REQUEST, NOT_JSON)


@pytest.mark.django_db
def test_a_body_starting_with_a_utf8_bom_is_a_400(client: Client, default_weight_set) -> None:
    body = b"\xef\xbb\xbf" + json.dumps(VALID).encode()

    response = client.post(API, data=body, content_type="application/json")

    assert (response.status_code, response.json()) == (HTTPStatus.BAD_REQUEST, NOT_JSON)


@pytest.mark.django_db
def test_a_budget_of_negative_zero_is_echoed_as_zero(client: Client, default_weight_set) -> None:
    body = '{"stage": "growing", "monthly_budget": -0.0, "horizon": "months", "experience": "basic"}'

    response = client.post(API, data=body, content_type="application/json")

    [budget] = [factor for factor in response.json()["factors"] if factor["factor"] == "monthly_budget"]
    assert response.status_code == HTTPStatus.OK
    assert (budget["answer"], math.copysign(1.0, budget["answer"])) == (0.0, 1.0)
    assert re.search(rb"-0\.0(?![0-9])", response.content) is None


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_health_probes_answer_over_plain_http_under_the_https_redirect(client: Client) -> None:
    health = client.get("/healthz")
    ready = client.get("/readyz")
    page = client.get("/glossary/")

    assert (health.status_code, health.content) == (HTTPStatus.OK, b"ok\n")
    assert (ready.status_code, ready.json()) == (HTTPStatus.OK, {"status": "ok", "database": "ok"})
    assert (page.status_code, page["Location"]) == (
        HTTPStatus.MOVED_PERMANENTLY,
        "https://testserver/glossary/",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "answers__contains={}",
        "recommendation__has_key=x",
        "token__regex=(",
        "score__contains=1",
        "stage__foo=1",
    ],
)
def test_admin_lookups_outside_the_offered_filters_are_a_400(admin_client: Client, query: str) -> None:
    response = admin_client.get(f"/admin/questionnaire/response/?{query}")

    assert (response.status_code, parse(response).one("head title").text) == (
        HTTPStatus.BAD_REQUEST,
        "Bad request — SMO or SMM?",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("verdict__exact=blended", True),
        ("verdict__exact=smm_first", False),
        ("stage__exact=growing", True),
        ("stage__exact=new", False),
        ("created_at__year={year}", True),
        ("created_at__year=2001", False),
        ("weights_version__exact=1", True),
        ("weights_version__exact=2", False),
        ("", True),
    ],
)
def test_the_admin_filters_it_offers_still_work(admin_client: Client, query: str, found: bool) -> None:
    stored = ResponseFactory()  # blended, growing, weights version 1

    response = admin_client.get(f"/admin/questionnaire/response/?{query.format(year=stored.created_at.year)}")

    assert response.status_code == HTTPStatus.OK
    assert list(response.context["cl"].result_list) == ([stored] if found else [])


@pytest.mark.django_db
def test_an_impact_date_range_ending_in_year_9999_is_a_form_error(
    admin_client: Client, default_weight_set, admin_user
) -> None:
    draft = duplicate(source=default_weight_set, user=admin_user)
    url = reverse("admin:questionnaire_response_impact", args=[draft.pk])

    response = admin_client.get(url, {"scope": "range", "date_from": "2020-01-01", "date_to": "9999-12-31"})

    assert response.status_code == HTTPStatus.OK
    assert response.context["impact"] is None
    assert response.context["form"].errors == {"date_to": ["Give a date up to 2100-12-31."]}


@pytest.mark.django_db
def test_a_signed_progress_cookie_with_impossible_answers_starts_afresh(
    client: Client, default_weight_set
) -> None:
    impossible = {"stage": "growing", "experience": "basic", "monthly_budget": "lots", "horizon": "months"}
    client.cookies[PROGRESS_COOKIE] = signing.dumps(
        {"answers": impossible, "done": ["business", "money-and-time", "details"], "nonce": "n"},
        salt=PROGRESS_SALT,
    )

    review = client.get("/q/review/")

    assert (review.status_code, review["Location"]) == (HTTPStatus.FOUND, "/q/business/")


def gunicorn_settings(**environment: str) -> dict[str, object]:
    saved = dict(os.environ)
    os.environ.pop("FORWARDED_ALLOW_IPS", None)
    os.environ.update(environment)
    try:
        return runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_gunicorn_trusts_forwarded_headers_only_from_a_configured_proxy() -> None:
    alone = gunicorn_settings()
    behind_proxy = gunicorn_settings(FORWARDED_ALLOW_IPS="10.0.0.5")

    assert (alone["forwarded_allow_ips"], behind_proxy["forwarded_allow_ips"]) == ("", "10.0.0.5")
