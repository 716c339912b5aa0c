import json
from http import HTTPStatus

import pytest
from django.test import Client

from advisor.domain import Answers
from advisor.models import WeightSet, weights_to_data
from advisor.scoring import recommend
from advisor.weights import DEFAULT_WEIGHTS
from questionnaire.models import Response
from tests.markup import parse

pytestmark = pytest.mark.django_db

URL = "/api/recommend"
VALID = {"stage": "growing", "monthly_budget": 500, "horizon": "months", "experience": "intermediate"}


def post_json(client: Client, payload: object) -> tuple[HTTPStatus, dict]:
    response = client.post(URL, data=json.dumps(payload), content_type="application/json")
    return HTTPStatus(response.status_code), response.json()


def test_recommend_returns_the_engine_result_with_the_active_weights(client: Client) -> None:
    expected = recommend(Answers(**VALID), DEFAULT_WEIGHTS).model_dump(mode="json")

    status, body = post_json(client, VALID)

    assert status == HTTPStatus.OK
    assert body == expected


def test_recommend_response_has_the_documented_shape(client: Client) -> None:
    status, body = post_json(client, {**VALID, "profiles": "partial", "reach": "national", "weekly_hours": 6})

    assert status == HTTPStatus.OK
    assert sorted(body) == [
        "alternatives",
        "factors",
        "flip",
        "plan",
        "score",
        "split",
        "verdict",
        "warnings",
        "weights_version",
    ]
    assert sorted(body["split"]) == [
        "ad_target",
        "help_spend",
        "hours_assumed",
        "min_ad_spend",
        "monthly_ad_spend",
        "monthly_organic_spend",
        "narrowed",
        "organic_share",
        "paid_hours",
        "paid_share",
        "weekly_hours",
    ]
    assert [sorted(row) for row in body["factors"]] == [
        ["answer", "contribution", "factor", "importance", "lean", "reason"]
    ] * 7
    assert sorted(body["flip"]) == ["field", "message", "steps", "value", "verdict"]
    assert [sorted(phase) for phase in body["plan"]] == [["actions", "title", "weeks"]] * len(body["plan"])
    assert [sorted(warning) for warning in body["warnings"]] == [["code", "message"]] * len(body["warnings"])
    assert len(body["plan"]) > 0
    assert len(body["warnings"]) > 0
    assert body["weights_version"] == DEFAULT_WEIGHTS.version


def test_posting_the_flip_gives_its_verdict(client: Client) -> None:
    _, first = post_json(client, VALID)
    flip = first["flip"]

    _, second = post_json(client, {**VALID, flip["field"]: flip["value"]})

    assert (first["verdict"], second["verdict"]) == ("blended", flip["verdict"])
    assert flip["verdict"] != "blended"


def test_recommend_uses_a_newly_activated_weight_set_without_restart(client: Client) -> None:
    WeightSet.objects.filter(status=WeightSet.Status.ACTIVE).update(status=WeightSet.Status.RETIRED)
    data = weights_to_data(DEFAULT_WEIGHTS.model_copy(update={"smm_from": 0.2}))
    version = WeightSet.next_version()
    WeightSet.objects.create(version=version, status=WeightSet.Status.ACTIVE, data=data)

    status, body = post_json(client, VALID)

    assert status == HTTPStatus.OK
    assert (body["weights_version"], body["verdict"]) == (version, "smm_first")


def test_recommend_stores_nothing(client: Client) -> None:
    status, _ = post_json(client, VALID)

    assert status == HTTPStatus.OK
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        (
            {**VALID, "stage": "unicorn"},
            [{"field": "stage", "message": "Input should be 'idea', 'new', 'growing' or 'established'"}],
        ),
        (
            {"stage": "new", "horizon": "weeks", "experience": "none"},
            [{"field": "monthly_budget", "message": "This field is required."}],
        ),
        (
            {**VALID, "monthly_budget": -5},
            [{"field": "monthly_budget", "message": "Input should be greater than or equal to 0"}],
        ),
        (
            {**VALID, "monthly_budget": 10_000_001},
            [{"field": "monthly_budget", "message": "Input should be less than or equal to 10000000"}],
        ),
        (
            {**VALID, "weekly_hours": 81},
            [{"field": "weekly_hours", "message": "Input should be less than or equal to 80"}],
        ),
        (
            {**VALID, "monthly_budget": "500"},
            [{"field": "monthly_budget", "message": "Input should be a valid number"}],
        ),
        (
            {**VALID, "monthly_budget": True},
            [{"field": "monthly_budget", "message": "Input should be a valid number"}],
        ),
        (
            {**VALID, "goal": ["sales"]},
            [{"field": "goal", "message": "Input should be 'awareness', 'traffic', 'leads' or 'sales'"}],
        ),
        ({**VALID, "colour": "blue"}, [{"field": "colour", "message": "Unknown field."}]),
    ],
)
def test_bad_answers_get_422_with_field_errors(client: Client, payload: dict, errors: list) -> None:
    status, body = post_json(client, payload)

    assert status == HTTPStatus.UNPROCESSABLE_ENTITY
    assert body == {"errors": errors}


def test_every_missing_required_field_is_named(client: Client) -> None:
    status, body = post_json(client, {})

    assert status == HTTPStatus.UNPROCESSABLE_ENTITY
    assert body == {
        "errors": [
            {"field": field, "message": "This field is required."}
            for field in ("stage", "monthly_budget", "horizon", "experience")
        ]
    }


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        ("", "application/json", HTTPStatus.BAD_REQUEST, "The request body is empty."),
        ("{not json", "application/json", HTTPStatus.BAD_REQUEST, "The request body is not valid JSON."),
        ("[1, 2]", "application/json", HTTPStatus.BAD_REQUEST, "Send a JSON object of answers."),
        ("\xff\xfe", "application/json", HTTPStatus.BAD_REQUEST, "The request body is not valid JSON."),
        (
            "stage=new",
            "application/x-www-form-urlencoded",
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "Send the answers as JSON with the header Content-Type: application/json.",
        ),
        (
            json.dumps(VALID),
            "text/plain",
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "Send the answers as JSON with the header Content-Type: application/json.",
        ),
    ],
)
def test_unreadable_bodies_get_4xx_with_a_body_error(
    client: Client, body: str, content_type: str, status: HTTPStatus, message: str
) -> None:
    # CONTENT_TYPE is set explicitly: the test client drops the header when the body is empty.
    response = client.post(URL, data=body, content_type=content_type, CONTENT_TYPE=content_type)

    assert response.status_code == status
    assert response.json() == {"errors": [{"field": "body", "message": message}]}


def test_a_huge_body_gets_413(client: Client, settings) -> None:
    payload = json.dumps({**VALID, "padding": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})

    response = client.post(URL, data=payload, content_type="application/json")

    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert response.json() == {"errors": [{"field": "body", "message": "The request body is too large."}]}


def test_get_is_not_allowed(client: Client) -> None:
    response = client.get(URL)

    assert (response.status_code, response["Allow"]) == (HTTPStatus.METHOD_NOT_ALLOWED, "POST")


def test_the_api_needs_no_csrf_token_but_only_takes_json() -> None:
    client = Client(enforce_csrf_checks=True)

    json_response = client.post(URL, data=json.dumps(VALID), content_type="application/json")
    form_response = client.post(URL, data=VALID)

    assert (json_response.status_code, form_response.status_code) == (
        HTTPStatus.OK,
        HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
    )
    assert json_response.json()["verdict"] == "blended"
    assert form_response.json() == {
        "errors": [
            {
                "field": "body",
                "message": "Send the answers as JSON with the header Content-Type: application/json.",
            }
        ]
    }


def test_openapi_document_describes_the_endpoint(client: Client) -> None:
    response = client.get("/api/openapi.json")

    document = response.json()
    assert response.status_code == HTTPStatus.OK
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]["/api/recommend"]["post"]["responses"]) == {
        "200",
        "400",
        "413",
        "415",
        "422",
        "429",
    }
    assert document["components"]["schemas"]["Answers"]["required"] == [
        "stage",
        "monthly_budget",
        "horizon",
        "experience",
    ]


def test_api_docs_page_lists_every_answer_field(client: Client) -> None:
    response = client.get("/api/docs")

    assert response.status_code == HTTPStatus.OK
    assert [
        (row.elements[0].text, row.elements[1].text) for row in parse(response).all("table tbody tr")
    ] == [
        ("stage", "yes"),
        ("monthly_budget", "yes"),
        ("horizon", "yes"),
        ("experience", "yes"),
        ("profiles", "no"),
        ("goal", "no"),
        ("audience", "no"),
        ("reach", "no"),
        ("weekly_hours", "no"),
    ]
