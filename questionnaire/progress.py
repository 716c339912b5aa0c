"""A visitor's answers in progress, kept in a signed cookie until the review is submitted."""

import hashlib
import json
import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from pydantic import ValidationError

from advisor.domain import Answers
from advisor.vocabulary import (
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    OPTIONAL_FACTORS,
    REQUIRED_FACTORS,
    Factor,
    choices,
)
from questionnaire.steps import STEP_BY_SLUG, STEPS, Step

PROGRESS_COOKIE = "questionnaire"
PROGRESS_SALT = "questionnaire.progress"


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
        counted = stored.get("counted")
        # The funnel's points this run has been counted at (see first_time).
        self.counted: list[str] = (
            [point for point in counted if isinstance(point, str)] if isinstance(counted, list) else []
        )

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
            "counted": self.counted,
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
        """Skip an optional step and clear its answers (the view asks first when there are any)."""
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
        """A new run of the questionnaire (a new nonce; the funnel counts it afresh)."""
        self.answers = {}
        self.done = []
        self.nonce = secrets.token_urlsafe(16)
        self.counted = []
        self.save()

    def first_time(self, point: str) -> bool:
        """True, and remembered, the first time this run reaches ``point`` of the funnel: opening the
        questionnaire again, answering a step again or a second click on "Get my advice" is no new visitor."""
        if point in self.counted:
            return False
        self.counted.append(point)
        self.save()
        return True

    def forget_everything(self) -> None:
        """A new assessment: nothing of the previous person remains, not even the link to their result."""
        self.reset()
        self.last_result = None

    def answers_for(self, step: Step) -> dict[str, Any]:
        """The answers already kept for the questions of ``step``."""
        return {
            factor.value: self.answers[factor.value]
            for factor in step.factors
            if self.answers.get(factor.value) is not None
        }

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
