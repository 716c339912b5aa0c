"""Storing a submitted questionnaire: one INSERT through the ORM, and a repeat finds the first row."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from advisor.domain import Answers
from advisor.scoring import recommend
from advisor.weights import DEFAULT_WEIGHTS
from questionnaire.models import Response
from questionnaire.services import store_response

pytestmark = pytest.mark.django_db

ANSWERS = Answers(stage="new", monthly_budget=250, horizon="months", experience="basic", weekly_hours=3)


def test_the_orm_reads_back_exactly_what_was_stored(default_weight_set) -> None:
    before = timezone.now()

    stored = store_response(ANSWERS, nonce="visitor")

    read = Response.objects.get(pk=stored.pk)
    expected = recommend(ANSWERS, DEFAULT_WEIGHTS, currency="USD")
    assert {
        "token": read.token,
        "answers": read.answers,
        "recommendation": read.recommendation,
        "verdict": read.verdict,
        "score": read.score,
        "stage": read.stage,
        "monthly_budget": read.monthly_budget,
        "weight_set": read.weight_set,
        "weights_version": read.weights_version,
        "submission_key": read.submission_key,
    } == {
        "token": stored.token,
        "answers": ANSWERS.model_dump(mode="json"),
        "recommendation": expected.model_dump(mode="json"),
        "verdict": expected.verdict.value,
        "score": expected.score,
        "stage": "new",
        "monthly_budget": 250.0,
        "weight_set": default_weight_set,
        "weights_version": default_weight_set.version,
        "submission_key": stored.submission_key,
    }
    assert before <= read.created_at <= timezone.now() + timedelta(seconds=1)
    assert read.created_at == stored.created_at


def test_the_returned_row_is_the_stored_one(default_weight_set) -> None:
    stored = store_response(ANSWERS, nonce="visitor")

    assert Response.objects.get(token=stored.token).pk == stored.pk


@pytest.mark.django_db(transaction=True)
def test_a_new_submission_is_one_insert_and_a_repeat_finds_it(default_weight_set) -> None:
    store_response(ANSWERS, nonce="warm-up")  # the active weight set is read once and remembered

    with CaptureQueriesContext(connection) as new:
        first = store_response(ANSWERS, nonce="visitor")
    with CaptureQueriesContext(connection) as repeat:
        again = store_response(ANSWERS, nonce="visitor")

    assert [query["sql"].split()[0] for query in new.captured_queries] == ["INSERT"]
    assert [query["sql"].split()[0] for query in repeat.captured_queries] == ["INSERT", "SELECT"]
    assert (again.pk, Response.objects.filter(submission_key=first.submission_key).count()) == (first.pk, 1)


def test_the_newest_result_is_listed_first(default_weight_set) -> None:
    first = store_response(ANSWERS, nonce="first")
    second = store_response(ANSWERS, nonce="second")

    assert list(Response.objects.values_list("pk", flat=True)) == [second.pk, first.pk]


def test_a_repeat_inside_a_transaction_leaves_the_transaction_usable(default_weight_set) -> None:
    with transaction.atomic():
        first = store_response(ANSWERS, nonce="visitor")
        again = store_response(ANSWERS, nonce="visitor")
        count = Response.objects.count()

    assert (again.pk, count) == (first.pk, 1)
