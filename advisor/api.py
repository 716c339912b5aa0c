"""The JSON API: POST /api/recommend, and its OpenAPI description.

Plain Django views rather than a framework: the one endpoint needs exact control over the error shape
(a list of {field, message}), the content type it accepts and the body size, and the OpenAPI document is
built from the same pydantic models that validate the input.
"""

import json
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema

from advisor.domain import Answers, Recommendation
from advisor.scoring import recommend
from advisor.selectors import active_weights
from advisor.vocabulary import OPTIONAL_FACTORS, QUESTIONS, REQUIRED_FACTORS, Verdict, choices
from config.ratelimit import rate_limit


class FieldError(BaseModel):
    field: str
    message: str


class ErrorList(BaseModel):
    errors: list[FieldError]


def error_response(status: HTTPStatus, errors: list[tuple[str, str]]) -> JsonResponse:
    payload = ErrorList(errors=[FieldError(field=field, message=message) for field, message in errors])
    return JsonResponse(payload.model_dump(), status=status)


def validation_errors(error: ValidationError) -> list[tuple[str, str]]:
    found = []
    for item in error.errors(include_url=False):
        field = ".".join(str(part) for part in item["loc"]) or "body"
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "Unknown field."
        elif item["type"] == "missing":
            message = "This field is required."
        found.append((field, message))
    return found


def parse_answers_json(request: HttpRequest) -> Answers | JsonResponse:
    """The request's JSON body as Answers, or the 4xx response that explains what is wrong with it."""
    if request.content_type != "application/json":
        return error_response(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            [("body", "Send the answers as JSON with the header Content-Type: application/json.")],
        )
    try:
        body = request.body
    except RequestDataTooBig:
        return error_response(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE, [("body", "The request body is too large.")]
        )
    if not body.strip():
        return error_response(HTTPStatus.BAD_REQUEST, [("body", "The request body is empty.")])
    try:
        # Decoded first: json.loads would accept a UTF-8 byte-order mark in bytes, which JSON (RFC 8259)
        # forbids and the strict parse below refuses; as text, a BOM is invalid JSON here too.
        text = body.decode("utf-8")
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested beyond Python's stack
        return error_response(HTTPStatus.BAD_REQUEST, [("body", "The request body is not valid JSON.")])
    if not isinstance(data, dict):
        return error_response(HTTPStatus.BAD_REQUEST, [("body", "Send a JSON object of answers.")])
    try:
        # Strict: "500" is not a number and true is not a budget.
        return Answers.model_validate_json(text, strict=True)
    except ValidationError as error:
        return error_response(HTTPStatus.UNPROCESSABLE_ENTITY, validation_errors(error))


@csrf_exempt  # no cookies or sessions are used; only application/json is accepted (see README)
@require_POST
@rate_limit("api", "RATE_LIMIT_API")
def recommend_create(request: HttpRequest) -> JsonResponse:
    answers = parse_answers_json(request)
    if isinstance(answers, JsonResponse):
        return answers
    recommendation = recommend(answers, active_weights(), currency=settings.SITE_CURRENCY)
    return JsonResponse(recommendation.model_dump(mode="json"))


API_INFO: dict[str, Any] = {
    "title": "SMO vs SMM advisor API",
    "version": "1",
    "description": (
        "Send a small business's answers; get back whether to start with organic social media work "
        "(smo_first), paid social ads (smm_first) or a blend, with the reasons, a plan and a budget "
        "split. Nothing is stored."
    ),
}


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorList"}}},
    }


def _recommend_operation() -> dict[str, Any]:
    return {
        "operationId": "recommend",
        "summary": "Score answers with the active weight set",
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Answers"}}},
        },
        "responses": {
            "200": {
                "description": "The recommendation.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Recommendation"}}},
            },
            "400": _error_response("The body is empty, not JSON, or not a JSON object."),
            "413": _error_response("The body is too large."),
            "415": _error_response("The body is not sent as application/json."),
            "422": _error_response("One or more answers are missing or invalid; each error names its field."),
            "429": _error_response("Too many requests from this address; see the Retry-After header."),
        },
    }


def openapi_document() -> dict[str, Any]:
    _, schema = models_json_schema(
        [(Answers, "validation"), (Recommendation, "serialization"), (ErrorList, "serialization")],
        ref_template="#/components/schemas/{model}",
    )
    return {
        "openapi": "3.1.0",
        "info": dict(API_INFO),
        "paths": {"/api/recommend": {"post": _recommend_operation()}},
        "components": {"schemas": schema["$defs"]},
    }


@require_GET
@cache_control(max_age=300)
def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document())


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    fields = [
        {
            "name": factor.value,
            "required": factor in REQUIRED_FACTORS,
            "question": QUESTIONS[factor].text,
            "values": choices(factor) if QUESTIONS[factor].options else None,
        }
        for factor in (*REQUIRED_FACTORS, *OPTIONAL_FACTORS)
    ]
    return render(request, "api_docs.html", {"fields": fields, "verdicts": [v.value for v in Verdict]})
