"""Stored questionnaire results: an immutable snapshot of the answers and the advice given."""

import secrets

from django.db import models

from advisor.models import WeightSet
from advisor.vocabulary import Stage, Verdict

# Share tokens are 43 characters; the column leaves room, and longer links are refused before any query.
TOKEN_MAX_LENGTH = 64


def new_share_token() -> str:
    # 32 random bytes: 256 bits, far beyond guessing; URL-safe, 43 characters.
    return secrets.token_urlsafe(32)


class Response(models.Model):
    token = models.CharField(
        max_length=TOKEN_MAX_LENGTH, unique=True, default=new_share_token, editable=False
    )
    answers = models.JSONField(help_text="The answers, as advisor.domain.Answers dumps them.")
    recommendation = models.JSONField(help_text="The full Recommendation as shown to the person.")
    # Copied out of the snapshot so that lists, filters and analytics need no JSON parsing.
    verdict = models.CharField(max_length=10, choices=[(v.value, v.value) for v in Verdict], db_index=True)
    score = models.FloatField()
    stage = models.CharField(max_length=12, choices=[(s.value, s.value) for s in Stage], db_index=True)
    monthly_budget = models.FloatField()
    weight_set = models.ForeignKey(
        WeightSet, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    weights_version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # A hash of the visitor's progress nonce, the weights version and the answers: submitting the same answers
    # twice (double click, back and resubmit) finds the stored result instead of making a duplicate.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.verdict} · {self.created_at:%Y-%m-%d %H:%M}"


class ResultEmail(models.Model):
    """One "email me this result" request, queued for the background worker.

    The address is kept only until the message is sent (or given up on), then blanked. ``claimed_at`` is
    set by the one worker that sends it, so a message is never sent twice.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField(blank=True)
    share_url = models.URLField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    gave_up = models.BooleanField(default=False)

    def __str__(self) -> str:
        state = "sent" if self.sent_at else ("gave up" if self.gave_up else "queued")
        return f"Email of a result · {state} · {self.created_at:%Y-%m-%d %H:%M}"


class FunnelDay(models.Model):
    """How many visitors reached one point of the questionnaire on one day: a counter, never an answer.

    ``step`` is "started", a step's slug (its answers were accepted) or "finished" (the answers were
    submitted). Rows are written only by ``questionnaire.funnel.record``.
    """

    day = models.DateField()
    step = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "step"]
        constraints = [models.UniqueConstraint(fields=["day", "step"], name="questionnaire_funnel_day_step")]
        verbose_name = "funnel day"

    def __str__(self) -> str:
        return f"{self.day} {self.step}: {self.count}"
