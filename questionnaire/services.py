"""The questionnaire's logic between the views and advisor/: steps, answers in progress, storing results.

Answers in progress live in a signed cookie (see ``Progress``) as plain JSON values, one key per factor.
Nothing reaches the database until the review step is submitted with a complete, valid set of answers.
"""

import hashlib
import json
import secrets
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from pydantic import ValidationError

from advisor import selectors
from advisor.domain import Answers, Recommendation, Weights
from advisor.models import WeightSet
from advisor.scoring import recommend
from advisor.selectors import active_weights
from advisor.verdict import assess, lean_of
from advisor.vocabulary import (
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    OPTIONAL_FACTORS,
    REQUIRED_FACTORS,
    Factor,
    Verdict,
    choices,
)
from questionnaire.models import Response, new_share_token

PROGRESS_COOKIE = "questionnaire"
PROGRESS_SALT = "questionnaire.progress"
# The results this browser submitted, signed: proof of ownership for deleting one.
OWNED_COOKIE = "my_results"
OWNED_SALT = "questionnaire.owned"
OWNED_KEEP = 30


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    intro: str
    factors: tuple[Factor, ...]
    optional: bool = False


STEPS: tuple[Step, ...] = (
    Step(
        "business",
        "Your business",
        "Two questions about where you stand today.",
        (Factor.STAGE, Factor.EXPERIENCE),
    ),
    Step(
        "money-and-time",
        "Money and time",
        "What you can spend, and how soon it has to pay off.",
        (Factor.MONTHLY_BUDGET, Factor.HORIZON),
    ),
    Step(
        "details",
        "Sharpen the advice",
        "Optional: each answer makes the advice fit better. Skip any question, or the whole step.",
        (Factor.PROFILES, Factor.AUDIENCE, Factor.GOAL, Factor.REACH, Factor.WEEKLY_HOURS),
        optional=True,
    ),
)
STEP_BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS}
# The review counts as the last stage of the progress bar.
STAGE_COUNT = len(STEPS) + 1


def step_number(step: Step) -> int:
    return STEPS.index(step) + 1


def previous_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index > 0 else None


def next_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


NUMERIC_MAXIMUM: dict[Factor, float] = {
    Factor.MONTHLY_BUDGET: MAX_MONTHLY_BUDGET,
    Factor.WEEKLY_HOURS: MAX_WEEKLY_HOURS,
}


def valid_stored_answers(answers: object) -> bool:
    """Answers as the steps store them: known questions, one of the options or a number in range."""
    if not isinstance(answers, dict):
        return False
    known = {factor.value: factor for factor in Factor}
    for name, value in answers.items():
        factor = known.get(name)
        if factor is None:
            return False
        if factor in NUMERIC_MAXIMUM:
            number_ok = isinstance(value, int | float) and not isinstance(value, bool)
            if not (number_ok and 0 <= value <= NUMERIC_MAXIMUM[factor]):
                return False
        elif value not in choices(factor):
            return False
    return True


class Progress:
    """The answers given so far and the steps completed, kept in a signed cookie.

    Why not the session: a database-backed session costs a read and a write on every step, for data that
    belongs to one visitor and is a few hundred bytes. In a cookie signed with SECRET_KEY the visitor can
    read their own answers but not change them, every app server can read it without a shared store, and
    the database is only written when the questionnaire is submitted. The admin keeps Django's
    database sessions, which the server can end (a signed cookie cannot be revoked).
    """

    def __init__(self, stored: object = None) -> None:
        self.changed = False
        if not isinstance(stored, dict) or not valid_stored_answers(stored.get("answers", {})):
            # A signature proves who wrote the cookie, not that its content still fits this version of
            # the questionnaire: anything else starts afresh rather than failing later.
            stored = {}
        answers = stored.get("answers")
        done = stored.get("done")
        self.answers: dict[str, Any] = answers if isinstance(answers, dict) else {}
        self.done: list[str] = (
            [slug for slug in done if slug in STEP_BY_SLUG] if isinstance(done, list) else []
        )
        nonce = stored.get("nonce")
        self.nonce: str = nonce if isinstance(nonce, str) and nonce else secrets.token_urlsafe(16)
        last = stored.get("last_result")
        self.last_result: str | None = last if isinstance(last, str) else None

    @classmethod
    def from_request(cls, request: HttpRequest) -> "Progress":
        """The visitor's progress, or a fresh start when the cookie is missing, altered or too old."""
        signed = request.COOKIES.get(PROGRESS_COOKIE)
        if not signed:
            return cls()
        try:
            stored = signing.loads(signed, salt=PROGRESS_SALT, max_age=settings.SESSION_COOKIE_AGE)
        except (signing.BadSignature, ValueError):
            return cls()
        return cls(stored)

    @property
    def started(self) -> bool:
        return bool(self.answers) or bool(self.done)

    def save(self) -> None:
        """Mark the progress for storing: ``write`` puts it in the response's cookie."""
        self.changed = True

    def as_data(self) -> dict[str, Any]:
        return {
            "answers": self.answers,
            "done": self.done,
            "nonce": self.nonce,
            "last_result": self.last_result,
        }

    def write(self, response: HttpResponse) -> None:
        if not self.changed:
            return
        response.set_cookie(
            PROGRESS_COOKIE,
            signing.dumps(self.as_data(), salt=PROGRESS_SALT),
            max_age=settings.SESSION_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )

    def is_complete(self, step: Step) -> bool:
        if step.optional:
            return step.slug in self.done
        return all(self.answers.get(factor.value) is not None for factor in step.factors)

    def first_incomplete(self) -> Step | None:
        for step in STEPS:
            if not self.is_complete(step):
                return step
        return None

    def blocking_step(self, step: Step) -> Step | None:
        """The earliest required step before ``step`` that still lacks an answer, if any."""
        for earlier in STEPS[: STEPS.index(step)]:
            if not earlier.optional and not self.is_complete(earlier):
                return earlier
        return None

    def record(self, step: Step, values: dict[str, Any], *, complete: bool) -> None:
        for factor in step.factors:
            if factor.value in values:
                value = values[factor.value]
                if value is None or value == "":
                    self.answers.pop(factor.value, None)
                else:
                    self.answers[factor.value] = value
        if complete and step.slug not in self.done:
            self.done.append(step.slug)
        self.save()

    def skip(self, step: Step) -> None:
        for factor in step.factors:
            self.answers.pop(factor.value, None)
        if step.slug not in self.done:
            self.done.append(step.slug)
        self.save()

    def load(self, answers: Answers) -> None:
        """Replace everything with a complete set of answers (start again from a what-if)."""
        self.answers = answers_to_json(answers)
        self.done = [step.slug for step in STEPS]
        self.save()

    def reset(self) -> None:
        self.answers = {}
        self.done = []
        self.nonce = secrets.token_urlsafe(16)
        self.save()

    def complete_answers(self) -> Answers | None:
        try:
            return Answers.model_validate(
                {
                    factor.value: self.answers.get(factor.value)
                    for factor in (*REQUIRED_FACTORS, *OPTIONAL_FACTORS)
                }
            )
        except ValidationError:
            return None

    def resume_url_step(self) -> Step | None:
        """Where a returning person continues: the first unfinished step, or None for the review."""
        return self.first_incomplete()


def answers_to_json(answers: Answers) -> dict[str, Any]:
    return {key: value for key, value in answers.model_dump(mode="json").items() if value is not None}


def answers_digest(answers: dict[str, Any]) -> str:
    """A short fingerprint of the answers shown on the review page, checked again on submit."""
    canonical = json.dumps(answers, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Leaning:
    score: float
    verdict: Verdict
    answered: int
    no_budget: bool


def leaning(answers: dict[str, Any], weights: Weights) -> Leaning | None:
    """Score and verdict of the answers given so far (the same function as the result's), or None
    before the first usable answer. Values the vocabulary does not (yet) accept are left out."""
    usable: dict[str, Any] = {}
    for factor in Factor:
        value = answers.get(factor.value)
        if value is None or value == "":
            continue
        try:
            lean_of(factor, value, weights)
        except (KeyError, ValueError, TypeError):
            continue
        usable[factor.value] = value
    if not usable:
        return None
    outcome = assess(usable, weights)
    budget = usable.get(Factor.MONTHLY_BUDGET.value)
    no_budget = budget is not None and float(budget) <= 0
    return Leaning(
        score=outcome.score, verdict=outcome.verdict, answered=outcome.answered, no_budget=no_budget
    )


def score_answers(answers: Answers) -> Recommendation:
    return recommend(answers, active_weights(), currency=settings.SITE_CURRENCY)


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


def thresholds(weight_set: WeightSet | None) -> tuple[float, float]:
    """The two verdict thresholds of the set a result was computed with, for drawing the meter."""
    data = weight_set.data if weight_set is not None else None
    if isinstance(data, dict):
        try:
            return float(data["smo_below"]), float(data["smm_from"])
        except (KeyError, TypeError, ValueError):
            pass
    weights = active_weights()
    return weights.smo_below, weights.smm_from


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
    # This process forgets its rendered pages so the link stops working here at once; other processes
    # drop theirs within the result page's cache time.
    caches["pages"].clear()


def branding_for(response: Response) -> dict[str, Any]:
    """The branding a result's outputs carry (the first receiver's non-empty answer), or {}: for the PDF and
    the email, which render without the result page's request."""
    from questionnaire.signals import branding_requested

    for _receiver, answer in branding_requested.send(sender=Response, response=response):
        if isinstance(answer, dict) and answer:
            return answer
    return {}
