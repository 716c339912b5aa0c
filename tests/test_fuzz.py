"""Fuzzing: malformed input never gets a 5xx.

schemathesis reads our own /api/openapi.json and generates requests that break it (negative mode) and
requests that follow it (positive mode); hypothesis adds raw bytes, arbitrary JSON and odd content types.
Example counts are bounded so `make test` stays quick; FUZZ_SCALE=10 runs ten times as many.
Every test counts the requests it really sent, and the last one checks the total is at least 1,000.
"""

import json
import os
from collections import Counter
from collections.abc import Iterator
from http import HTTPStatus

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode

from advisor.domain import Answers
from advisor.scoring import recommend
from advisor.weights import DEFAULT_WEIGHTS
from config.wsgi import application

pytestmark = pytest.mark.django_db

SCALE = int(os.environ.get("FUZZ_SCALE", "1"))


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
        ],
    )


URL = "/api/recommend"
SENT: Counter[str] = Counter()


@pytest.fixture(autouse=True)
def _no_rate_limits(settings) -> None:
    settings.RATE_LIMITS_ENABLED = False


@pytest.fixture(autouse=True)
def _keep_the_test_transaction() -> Iterator[None]:
    """schemathesis calls the WSGI app directly, whose request_finished signal would close the database
    connection (and with it the test's transaction) on PostgreSQL; Django's test client unhooks it too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
recommend_operation = schema[URL]["POST"]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from(["idea", "new", "growing", "established", "weeks", "none", "advanced", "", "\x00"]),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=15), children, max_size=6)
    ),
    max_leaves=20,
)
answer_like = st.dictionaries(
    st.sampled_from(
        [
            "stage",
            "monthly_budget",
            "horizon",
            "experience",
            "profiles",
            "goal",
            "audience",
            "reach",
            "weekly_hours",
            "other",
        ]
    ),
    json_values,
    max_size=10,
)


def assert_not_a_server_error(status: int, sent: object) -> None:
    assert status < HTTPStatus.INTERNAL_SERVER_ERROR, f"{status} for {sent!r}"


@fuzz(350)
@given(case=recommend_operation.as_strategy(GenerationMode.NEGATIVE))
def test_api_survives_inputs_that_break_its_openapi_description(default_weight_set: object, case) -> None:
    response = case.call()

    SENT["api negative"] += 1
    assert_not_a_server_error(response.status_code, case.body)


@fuzz(100)
@given(case=recommend_operation.as_strategy(GenerationMode.POSITIVE))
def test_api_answers_valid_inputs_with_a_recommendation(default_weight_set: object, case) -> None:
    response = case.call()

    SENT["api positive"] += 1
    assert response.status_code == HTTPStatus.OK, (response.status_code, case.body, response.text[:300])
    assert response.json() == recommend(Answers.model_validate(case.body), DEFAULT_WEIGHTS).model_dump(
        mode="json"
    )


@fuzz(350)
@given(body=st.binary(max_size=300) | json_values.map(json.dumps).map(str.encode))
def test_api_survives_arbitrary_bodies(client: Client, default_weight_set: object, body: bytes) -> None:
    response = client.post(URL, data=body, content_type="application/json")

    SENT["api raw"] += 1
    assert_not_a_server_error(response.status_code, body)


@fuzz(350)
@given(
    answers=answer_like,
    content_type=st.sampled_from(
        [
            "application/json",
            "application/json; charset=latin-1",
            "text/plain",
            "application/x-www-form-urlencoded",
        ]
    ),
)
def test_api_survives_answer_shaped_junk(
    client: Client, default_weight_set: object, answers: dict, content_type: str
) -> None:
    response = client.post(URL, data=json.dumps(answers), content_type=content_type)

    SENT["api answer-shaped"] += 1
    assert_not_a_server_error(response.status_code, answers)
    if response.status_code != HTTPStatus.OK:
        assert response.json()["errors"], answers


form_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", " ", "NaN", "inf", "-inf", "1e309", "-1", "-0", "1,000,000,000,000", "٣٠٠", "$", "0x10", "None"]
    ),
    st.sampled_from(["idea", "new", "growing", "established", "weeks", "months", "none", "basic", "clear"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(str),
)
form_fields = st.sampled_from(
    [
        "stage",
        "experience",
        "monthly_budget",
        "horizon",
        "profiles",
        "audience",
        "goal",
        "reach",
        "weekly_hours",
        "go",
        "step",
        "digest",
        "unknown",
    ]
)
form_data = st.dictionaries(form_fields, st.one_of(form_text, st.lists(form_text, max_size=3)), max_size=10)
STEP_PATHS = ["/q/business/", "/q/money-and-time/", "/q/details/"]


@fuzz(150)
@given(path=st.sampled_from(STEP_PATHS), data=form_data, answered_first=st.booleans())
def test_form_steps_survive_malformed_posts(
    client: Client, default_weight_set: object, path: str, data: dict, answered_first: bool
) -> None:
    client.cookies.clear()
    if answered_first:
        client.post("/q/business/", {"stage": "growing", "experience": "basic"})

    response = client.post(path, data)
    htmx_response = client.post(path, data, HTTP_HX_REQUEST="true")

    SENT["form steps"] += 2
    assert_not_a_server_error(response.status_code, data)
    assert_not_a_server_error(htmx_response.status_code, data)


@fuzz(100)
@given(path=st.sampled_from(["/q/submit/", "/q/leaning/", "/q/prefill/", "/q/restart/"]), data=form_data)
def test_review_submit_and_side_panels_survive_malformed_posts(
    client: Client, default_weight_set: object, path: str, data: dict
) -> None:
    client.cookies.clear()
    client.post("/q/business/", {"stage": "new", "experience": "none"})
    client.post("/q/money-and-time/", {"monthly_budget": "0", "horizon": "long_term"})

    response = client.post(path, data)

    SENT["form submit and panels"] += 1
    assert_not_a_server_error(response.status_code, data)


@fuzz(100)
@given(data=form_data, token=st.one_of(st.just("valid"), st.text(alphabet="abcXYZ019-_", max_size=50)))
def test_what_if_survives_malformed_queries(
    client: Client, default_weight_set: object, data: dict, token: str
) -> None:
    if token == "valid":
        token = stored_token()

    response = client.get(f"/r/{token}/what-if/", data)

    SENT["what-if"] += 1
    assert_not_a_server_error(response.status_code, data)


def stored_token() -> str:
    from advisor.domain import Answers
    from questionnaire.services import store_response

    answers = Answers(stage="growing", monthly_budget=300, horizon="months", experience="basic")
    return store_response(answers, nonce="fuzz").token


def test_at_least_a_thousand_malformed_inputs_were_sent() -> None:
    """Runs last in this module (pytest keeps file order): the totals of the tests above."""
    if len(SENT) < 7:
        pytest.skip(f"only part of the fuzz module ran: {dict(SENT)}")

    malformed = SENT.total() - SENT["api positive"]

    assert malformed >= 1000, dict(SENT)
