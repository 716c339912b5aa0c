import json
from http import HTTPStatus

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings

from config.ratelimit import client_ip, rate_limit
from questionnaire.models import Response
from tests.markup import parse

URL = "/api/recommend"
VALID = {"stage": "growing", "monthly_budget": 500, "horizon": "months", "experience": "intermediate"}


def post(client: Client, address: str = "192.0.2.1") -> HttpResponse:
    return client.post(URL, data=json.dumps(VALID), content_type="application/json", REMOTE_ADDR=address)


@rate_limit("test-form", "RATE_LIMIT_SUBMIT")
def submit_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("saved")


@pytest.mark.django_db
@override_settings(RATE_LIMIT_API="3/h")
def test_the_api_answers_429_json_once_an_address_is_over_its_limit(
    client: Client, default_weight_set: object
) -> None:
    allowed = [post(client).status_code for _ in range(3)]

    refused = post(client)

    assert allowed == [HTTPStatus.OK] * 3
    retry_after = int(refused.headers["Retry-After"])
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 1 <= retry_after <= 3600
    assert refused.json() == {
        "errors": [
            {
                "field": "body",
                "message": f"Too many requests from your address. Try again in {retry_after} seconds.",
            }
        ]
    }


@pytest.mark.django_db
@override_settings(RATE_LIMIT_API="2/h")
def test_each_address_has_its_own_allowance(client: Client, default_weight_set: object) -> None:
    for _ in range(2):
        post(client, "192.0.2.1")

    first_over = post(client, "192.0.2.1")
    other_address = post(client, "198.51.100.7")

    assert first_over.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert other_address.status_code == HTTPStatus.OK
    assert other_address.json()["verdict"] == "blended"


@pytest.mark.django_db
@override_settings(RATE_LIMIT_API="1/m", RATE_LIMITS_ENABLED=False)
def test_rate_limits_off_never_refuses(client: Client, default_weight_set: object) -> None:
    statuses = [post(client).status_code for _ in range(5)]

    assert statuses == [HTTPStatus.OK] * 5


@override_settings(RATE_LIMIT_SUBMIT="1/h")
def test_a_page_over_its_limit_gets_the_429_page(rf: RequestFactory) -> None:
    first = submit_view(rf.post("/submit", REMOTE_ADDR="203.0.113.9"))

    second = submit_view(rf.post("/submit", REMOTE_ADDR="203.0.113.9"))

    retry_after = int(second.headers["Retry-After"])
    page = parse(second.content.decode())
    assert first.content == b"saved"
    assert second.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 1 <= retry_after <= 3600
    assert page.one("h1").text == "Slow down a little"
    assert page.texts("p")[1] == (
        "We received a lot of requests from your address in a short time."
        f" Try again in {retry_after} second{'s' if retry_after != 1 else ''}. Your answers so far are kept."
    )


@override_settings(RATE_LIMIT_SUBMIT="1/h")
def test_only_posts_are_counted(rf: RequestFactory) -> None:
    statuses = [submit_view(rf.get("/submit", REMOTE_ADDR="203.0.113.9")).status_code for _ in range(3)]

    assert statuses == [HTTPStatus.OK] * 3


def test_client_ip_is_the_socket_address_without_trusted_proxies(rf: RequestFactory) -> None:
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert client_ip(request) == "10.0.0.2"


@override_settings(RATE_LIMIT_PROXY_COUNT=1)
def test_client_ip_behind_one_proxy_ignores_addresses_the_client_made_up(rf: RequestFactory) -> None:
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.20")

    assert client_ip(request) == "198.51.100.20"


@pytest.mark.django_db
@override_settings(RATE_LIMIT_SUBMIT="1/h")
def test_questionnaire_submission_answers_the_429_page_once_over_the_limit(
    client: Client, default_weight_set: object
) -> None:
    client.post("/q/business/", {"stage": "growing", "experience": "basic"})
    client.post("/q/money-and-time/", {"monthly_budget": "400", "horizon": "months"})
    client.post("/q/details/", {"go": "skip"})
    digest = client.get("/q/review/").context["digest"]
    first = client.post("/q/submit/", {"digest": digest})

    second = client.post("/q/submit/", {"digest": digest})

    assert first.status_code == HTTPStatus.SEE_OTHER
    assert second.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert parse(second).one("h1").text == "Slow down a little"
    assert second.headers["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6"),
        ("", "0.0.0.0"),
    ],
)
def test_client_ip_is_the_clients_own_address(rf: RequestFactory, address: str, expected: str) -> None:
    assert client_ip(rf.get("/", REMOTE_ADDR=address)) == expected


@override_settings(RATE_LIMIT_PROXY_COUNT=1)
def test_a_forwarded_value_that_is_no_address_counts_as_the_proxy(rf: RequestFactory) -> None:
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not an address")

    assert client_ip(request) == "10.0.0.2"


@override_settings(RATE_LIMIT_SUBMIT="2/h")
def test_an_ipv6_client_is_counted_per_slash_64(rf: RequestFactory) -> None:
    same_64 = ["2001:db8:1:2::1", "2001:db8:1:2:ffff::7", "2001:db8:1:2:3:4:5:6"]
    statuses = [submit_view(rf.post("/submit", REMOTE_ADDR=address)).status_code for address in same_64]

    other_64 = submit_view(rf.post("/submit", REMOTE_ADDR="2001:db8:1:3::1")).status_code

    assert statuses == [HTTPStatus.OK, HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS]
    assert other_64 == HTTPStatus.OK
