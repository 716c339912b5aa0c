"""Writes of the questionnaire: storing a submitted result (once), sending a result by email.

Answers in progress live in a signed cookie (see ``questionnaire.progress``); nothing reaches the database
until the review step is submitted with a complete, valid set of answers.
"""

import hashlib
import json
from contextlib import nullcontext

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from advisor import selectors
from advisor.domain import Answers
from advisor.scoring import recommend
from questionnaire.models import Response, ResultEmail, new_share_token
from questionnaire.tasks import send_result_email


def submission_key(nonce: str, weights_version: int, answers: Answers) -> str:
    # The same person submitting the same answers against the same weights gets the same stored result:
    # a double click or a back-and-resubmit finds the first one instead of creating a duplicate.
    canonical = json.dumps(answers.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{nonce}:{weights_version}:{canonical}".encode()).hexdigest()


def store_response(answers: Answers, nonce: str) -> Response:
    """Store the answers with their recommendation, once: the same submission again returns the first row.

    The insert comes first and the unique submission key catches a repeat (a double click, a resubmit, or
    two at the same moment), so a new submission costs one query.
    """
    active = selectors.active_set()
    key = submission_key(nonce, active.weights.version, answers)
    recommendation = recommend(answers, active.weights, currency=settings.SITE_CURRENCY)
    row = Response(
        submission_key=key,
        answers=answers.model_dump(mode="json"),
        recommendation=recommendation.model_dump(mode="json"),
        verdict=recommendation.verdict.value,
        score=recommendation.score,
        stage=answers.stage.value,
        monthly_budget=answers.monthly_budget,
        weight_set_id=active.pk,
        weights_version=recommendation.weights_version,
        created_at=timezone.now(),
    )
    for _ in range(3):
        try:
            insert(row, recommendation.model_dump_json())
            return row
        except IntegrityError:
            existing = Response.objects.filter(submission_key=key).first()
            if existing is not None:
                return existing
            # Not a repeat: the share token collided (never seen; 256 random bits). Draw another.
            row.token = new_share_token()
    raise IntegrityError("Could not store the response.")


# Storing a result is the one write under load. Model.save() spent about as long in Django's query
# compiler as SQLite spent storing the row (~100 µs of ~2 ms per submission under load), so the statement
# is written out here. tests/test_store_response.py checks that it names every column of the model and
# that the ORM reads back exactly what the ORM would have written.
INSERT_RESPONSE = (
    "INSERT INTO questionnaire_response (token, submission_key, answers, recommendation, verdict, score,"
    " stage, monthly_budget, weight_set_id, weights_version, created_at)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id"
)


def insert(row: Response, recommendation_json: str) -> None:
    """INSERT the new row (``recommendation_json`` is ``row.recommendation`` already serialised)."""
    connection = transaction.get_connection()
    values = [
        row.token,
        row.submission_key,
        json.dumps(row.answers),
        recommendation_json,
        row.verdict,
        row.score,
        row.stage,
        row.monthly_budget,
        row.weight_set_id,
        row.weights_version,
        connection.ops.adapt_datetimefield_value(row.created_at),
    ]
    # Inside a transaction, a savepoint: a repeat (IntegrityError) leaves the caller's transaction usable.
    # Otherwise one statement in autocommit mode: SQLite holds its write lock for this INSERT alone, not
    # across the Python between BEGIN and COMMIT, so concurrent submissions rarely wait for each other.
    savepoint = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with savepoint, connection.cursor() as cursor:
        cursor.execute(INSERT_RESPONSE, values)
        row.pk = cursor.fetchone()[0]
    row._state.adding = False
    row._state.db = connection.alias


def queue_result_email(*, response: Response, address: str, share_url: str) -> ResultEmail:
    """Keep the request and queue its sending, both or neither: "on its way" is only said once queued."""
    with transaction.atomic():
        email = ResultEmail.objects.create(response=response, address=address, share_url=share_url)
        send_result_email.enqueue(email.pk)
    return email
