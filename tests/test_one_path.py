"""One scoring path: the review page's live leaning, the stored result, the what-if and the API give the
same advice for the same answers (the leaning: the same score and verdict)."""

import json
from http import HTTPStatus

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings

from advisor.domain import Answers
from advisor.scoring import recommend
from advisor.weights import DEFAULT_WEIGHTS
from questionnaire.progress import answers_to_json
from questionnaire.selectors import leaning
from questionnaire.services import store_response
from tests.advisor.strategies import answers as any_answers
from tests.markup import parse

pytestmark = pytest.mark.django_db

ONE_PATH = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def plain(answers: Answers) -> dict:
    """The answers as a form or the API sends them: whole numbers without ".0"."""
    return {
        key: int(value) if isinstance(value, float) and value.is_integer() else value
        for key, value in answers_to_json(answers).items()
    }


def in_cents(answers: Answers) -> Answers:
    """Answers as a form can carry them: the questionnaire's number fields keep two decimals."""
    hours = answers.weekly_hours
    return answers.model_copy(
        update={
            "monthly_budget": round(answers.monthly_budget, 2),
            "weekly_hours": None if hours is None else round(hours, 2),
        }
    )


@ONE_PATH
@given(answers=any_answers)
def test_the_live_leaning_gives_the_results_score_and_verdict(answers: Answers, default_weight_set) -> None:
    expected = recommend(answers, DEFAULT_WEIGHTS)

    seen = leaning({key: str(value) for key, value in plain(answers).items()}, DEFAULT_WEIGHTS)

    assert seen is not None
    assert (seen.score, seen.verdict) == (expected.score, expected.verdict)


@ONE_PATH
@given(answers=any_answers.map(in_cents))
def test_the_api_the_stored_result_and_the_what_if_agree(answers: Answers, default_weight_set) -> None:
    client = Client()
    expected = recommend(answers, DEFAULT_WEIGHTS).model_dump(mode="json")
    stored = store_response(answers, nonce="one-path")

    api = client.post("/api/recommend", data=json.dumps(plain(answers)), content_type="application/json")
    what_if = client.get(f"/r/{stored.token}/what-if/", plain(answers))

    assert api.status_code == HTTPStatus.OK
    assert api.json() == expected
    assert stored.recommendation == expected
    assert what_if.status_code == HTTPStatus.OK
    got = what_if.context["what_if"]["rec"].model_dump(mode="json")
    assert got["factors"] == expected["factors"], (answers, plain(answers))
    assert got == expected


def test_the_result_page_shows_each_flip_with_a_prefilled_what_if_link(
    client: Client, default_weight_set
) -> None:
    answers = Answers(
        stage="growing", monthly_budget=200, horizon="months", experience="intermediate", reach="local"
    )
    stored = store_response(answers, nonce="links")
    flip = stored.recommendation["flip"]

    page = parse(client.get(f"/r/{stored.token}/"))

    first = page.all(".flips li")[0]
    assert first.text == f"{flip['message']} Try it"
    assert first.hrefs("a") == [
        f"/r/{stored.token}/what-if/?stage=growing&monthly_budget=215&horizon=months&"
        "experience=intermediate&reach=local#what-if-result"
    ]
