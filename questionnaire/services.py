"""Writes of the questionnaire: storing a submitted result (once), queueing the email of a result.

Answers in progress live in a signed cookie (see ``questionnaire.progress``); nothing reaches the database
until the review step is submitted with a complete, valid set of answers.
"""

import hashlib
import json
from contextlib import AbstractContextManager, nullcontext

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse

from advisor import selectors
from advisor.domain import Answers
from advisor.scoring import recommend
from questionnaire import result_pages
from questionnaire.models import Response, ResultEmail, new_share_token
from questionnaire.tasks import send_result_email


def submission_key(nonce: str, weights_version: int, answers: Answers) -> str:
    # The same person submitting the same answers against the same weights gets the same stored result:
    # a double click or a back-and-resubmit finds the first one instead of creating a duplicate.
    canonical = json.dumps(answers.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{nonce}:{weights_version}:{canonical}".encode()).hexdigest()


def store_response(answers: Answers, nonce: str) -> Response:
    """Store the answers with their recommendation, once: the same submission again returns the first row.

    The INSERT comes first and the unique submission key catches a repeat (a double click, a resubmit, or
    two at the same moment), so a new submission costs one query.
    """
    active = selectors.active_set()
    key = submission_key(nonce, active.weights.version, answers)
    recommendation = recommend(answers, active.weights, currency=settings.SITE_CURRENCY)
    fields = {
        "submission_key": key,
        "answers": answers.model_dump(mode="json"),
        "recommendation": recommendation.model_dump(mode="json"),
        "verdict": recommendation.verdict.value,
        "score": recommendation.score,
        "stage": answers.stage.value,
        "monthly_budget": answers.monthly_budget,
        "weight_set_id": active.pk,
        "weights_version": recommendation.weights_version,
    }
    for _ in range(3):
        try:
            with savepoint_if_in_transaction():
                return Response.objects.create(**fields)
        except IntegrityError:
            existing = Response.objects.filter(submission_key=key).first()
            if existing is not None:
                return existing
            # Not a repeat: the share token collided (never seen; 256 random bits). Draw another.
            fields["token"] = new_share_token()
    raise IntegrityError("Could not store the response.")


def savepoint_if_in_transaction() -> AbstractContextManager[object]:
    """Inside a transaction, a savepoint: a repeat (IntegrityError) leaves the caller's transaction usable.

    Otherwise the INSERT runs alone in autocommit mode: one statement, and SQLite holds its write lock for
    that statement only, not across the Python between BEGIN and COMMIT.
    """
    return transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext()


def queue_result_email(*, response: Response, address: str, share_url: str) -> ResultEmail:
    """Keep the request and queue its sending, both or neither: "on its way" is only said once queued."""
    with transaction.atomic():
        email = ResultEmail.objects.create(response=response, address=address, share_url=share_url)
        send_result_email.enqueue(email.pk)
    return email


# Results the submitter may delete ---------------------------------------------------------------------

# The results this browser submitted, signed: proof of ownership for deleting one.
OWNED_COOKIE = "my_results"
OWNED_SALT = "questionnaire.owned"
OWNED_KEEP = 30


def owned_results(request: HttpRequest) -> list[str]:
    """Tokens of the results submitted from this browser (newest last); empty when missing or altered."""
    signed = request.COOKIES.get(OWNED_COOKIE)
    if not signed:
        return []
    try:
        tokens = signing.loads(signed, salt=OWNED_SALT)
    except (signing.BadSignature, ValueError):
        return []
    return [token for token in tokens if isinstance(token, str)] if isinstance(tokens, list) else []


def _write_owned(response: HttpResponse, tokens: list[str]) -> None:
    response.set_cookie(
        OWNED_COOKIE,
        signing.dumps(tokens[-OWNED_KEEP:], salt=OWNED_SALT),
        max_age=365 * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def remember_owned_result(request: HttpRequest, response: HttpResponse, token: str) -> None:
    tokens = [known for known in owned_results(request) if known != token]
    _write_owned(response, [*tokens, token])


def forget_owned_result(request: HttpRequest, response: HttpResponse, token: str) -> None:
    _write_owned(response, [known for known in owned_results(request) if known != token])


def delete_response(response: Response) -> None:
    """Delete a stored result for good (its submitter asked). Rows that point at it let go first (SET_NULL)."""
    response.delete()
    # The link stops working in this process at once, in every other within a second.
    result_pages.forget_result_pages()
