"""Counting how far visitors get through the questionnaire, per day, without storing what they answered.

Views call ``record(step=...)`` once at each point: ``STARTED`` when the questionnaire is opened, a step's
slug when its answers are accepted, ``FINISHED`` when the answers are submitted. Each call adds one to a
daily counter in the database with an ``F()`` expression, so concurrent visitors never lose a count.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from questionnaire.models import FunnelDay
from questionnaire.steps import STEPS

STARTED = "started"
FINISHED = "finished"
# The funnel's points in the order visitors pass them.
POINTS: tuple[str, ...] = (STARTED, *(step.slug for step in STEPS), FINISHED)
POINT_LABELS: dict[str, str] = {
    STARTED: "Started",
    **{step.slug: f"Step {number}: {step.title}" for number, step in enumerate(STEPS, start=1)},
    FINISHED: "Got their advice",
}


def record(*, step: str) -> None:
    """Add one to today's counter for ``step``."""
    today = timezone.localdate()
    if FunnelDay.objects.filter(day=today, step=step).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            FunnelDay.objects.create(day=today, step=step, count=1)
    except IntegrityError:
        # Another visitor created today's row first: count on it.
        FunnelDay.objects.filter(day=today, step=step).update(count=F("count") + 1)
