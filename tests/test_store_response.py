"""Storing a submitted questionnaire: the hand-written INSERT writes exactly what the ORM would."""

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from advisor.domain import Answers
from advisor.scoring import recommend
from advisor.weights import DEFAULT_WEIGHTS
from questionnaire.models import Response
from questionnaire.services import INSERT_RESPONSE, store_response

pytestmark = pytest.mark.django_db

ANSWERS = Answers(stage="new", monthly_budget=250, horizon="months", experience="basic", weekly_hours=3)


def test_the_insert_names_every_column_of_the_model_but_the_id() -> None:
    columns = re.search(r"\(([^)]*)\) VALUES", INSERT_RESPONSE).group(1)

    named = sorted(column.strip() for column in columns.split(","))

    assert named == sorted(field.column for field in Response._meta.concrete_fields if not field.primary_key)
    assert INSERT_RESPONSE.startswith(f"INSERT INTO {Response._meta.db_table} ")


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


def test_the_returned_row_is_a_saved_instance(default_weight_set) -> None:
    stored = store_response(ANSWERS, nonce="visitor")

    assert (stored._state.adding, stored.pk is not None, Response.objects.filter(pk=stored.pk).exists()) == (
        False,
        True,
        True,
    )


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
