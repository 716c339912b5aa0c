"""Counting how far visitors get through the questionnaire, per day, without storing what they answered.

Views call ``record_once(progress, step=...)`` at each point: ``STARTED`` when the questionnaire is opened,
a step's slug when its answers are accepted, ``FINISHED`` when the answers are submitted. Each point counts
once per run of the questionnaire (the visitor's progress cookie remembers it), so the funnel counts
visitors, not page loads: a reload, a step answered again from the review or a double-clicked submit adds
nothing; "Start again" begins a new run. The daily counters live in the database (``FunnelDay``), added to
with ``F()`` expressions, so concurrent processes never lose a count.

Each process counts in its own memory first (the local-memory cache "funnel", atomic increments) and folds
what it counted into the database ``FUNNEL_FOLD_SECONDS`` after the first count since its last fold (a
timer), when it stops gracefully (the timer's thread is waited for), and before the admin's funnel is read.
Why: one UPDATE per accepted step made every step POST queue on SQLite's single write lock; folded once a
second, the step POST answered 1.3-1.9x as many requests in bench/load (bench/README.md, "Funnel counter").
The price, in the README: a process killed outright (SIGKILL, power loss) loses what it counted in its
last ``FUNNEL_FOLD_SECONDS``. ``FUNNEL_FOLD_SECONDS = 0`` writes every count at once, as before.
"""

import logging
import threading
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, connections, transaction
from django.db.models import F
from django.utils import timezone

from questionnaire.models import FunnelDay
from questionnaire.progress import Progress
from questionnaire.steps import STEPS

logger = logging.getLogger(__name__)

STARTED = "started"
FINISHED = "finished"
# The funnel's points in the order visitors pass them.
POINTS: tuple[str, ...] = (STARTED, *(step.slug for step in STEPS), FINISHED)
POINT_LABELS: dict[str, str] = {
    STARTED: "Started",
    **{step.slug: f"Step {number}: {step.title}" for number, step in enumerate(STEPS, start=1)},
    FINISHED: "Got their advice",
}

BUFFER = "funnel"
# Set while a fold is scheduled in this process: the next count need not schedule another.
SCHEDULED = "fold-scheduled"
# A count waits at most a second or so before its fold; a day's keys are kept long after that.
KEY_SECONDS = 3 * 24 * 3600
# One fold at a time in a process (the timer's and the admin's), or both could write the same counts.
FOLD_LOCK = threading.Lock()
# After a failed fold (the database away), try again this much later; the counts wait in memory.
RETRY_SECONDS = 5.0


def record_once(progress: Progress, *, step: str) -> None:
    """``record`` the first time this run of the questionnaire reaches ``step``."""
    if progress.first_time(step):
        record(step=step)


def record(*, step: str) -> None:
    """Add one to today's counter for ``step``."""
    today = timezone.localdate()
    if settings.FUNNEL_FOLD_SECONDS <= 0:
        add_to_database(today, step, 1)
        return
    buffer = caches[BUFFER]
    key = _key(today, step)
    buffer.add(key, 0, timeout=KEY_SECONDS)
    buffer.incr(key)
    if buffer.add(SCHEDULED, True, timeout=None):
        schedule_fold(settings.FUNNEL_FOLD_SECONDS)


def add_to_database(day: date, step: str, count: int) -> None:
    if FunnelDay.objects.filter(day=day, step=step).update(count=F("count") + count):
        return
    try:
        with transaction.atomic():
            FunnelDay.objects.create(day=day, step=step, count=count)
    except IntegrityError:
        # Another process created the day's row first: count on it.
        FunnelDay.objects.filter(day=day, step=step).update(count=F("count") + count)


def fold() -> None:
    """Write what this process counted (today and yesterday: a fold follows its counts within seconds)
    into the database, and take it out of memory. A count made meanwhile stays for the next fold."""
    buffer = caches[BUFFER]
    with FOLD_LOCK:
        # Unset first: a count made from here on schedules the next fold.
        buffer.delete(SCHEDULED)
        today = timezone.localdate()
        keys = {_key(day, step): (day, step) for day in (today - timedelta(days=1), today) for step in POINTS}
        for key, count in buffer.get_many(list(keys)).items():
            if count:
                day, step = keys[key]
                add_to_database(day, step, count)
                buffer.decr(key, count)


def schedule_fold(seconds: float) -> None:
    # Not a daemon: a process that stops gracefully waits for the timer, so its counts reach the database.
    timer = threading.Timer(seconds, _fold_in_thread)
    timer.daemon = False
    timer.start()


def _fold_in_thread() -> None:
    try:
        fold()
    except Exception:
        # The database is away or locked for long: the counts stay in memory, try again a bit later.
        logger.exception("Funnel counts not written yet; trying again in %s s.", RETRY_SECONDS)
        if caches[BUFFER].add(SCHEDULED, True, timeout=None):
            schedule_fold(RETRY_SECONDS)
    finally:
        # The timer's thread had its own database connection.
        connections.close_all()


def _key(day: date, step: str) -> str:
    return f"{day.isoformat()}:{step}"
