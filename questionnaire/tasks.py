"""Background work of the questionnaire, run by django-tasks' ``db_worker`` (see the README)."""

import contextlib
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from questionnaire.mail import result_message
from questionnaire.models import ResultEmail

logger = logging.getLogger(__name__)

# A mail server that is down gets tried again after 1, 2, 4, 8, … minutes, up to this many attempts.
MAX_ATTEMPTS = 8


def retry_delay(attempt: int) -> timedelta:
    return timedelta(minutes=2 ** (attempt - 1))


def claim_timeout() -> timedelta:
    """How long a claim holds. A live worker finishes within EMAIL_TIMEOUT (kept well below this), so an
    older claim belongs to a worker that died: django-tasks-db never re-runs its task, so we may."""
    return timedelta(seconds=settings.RESULT_EMAIL_CLAIM_TIMEOUT)


@task()
def send_result_email(email_id: int) -> str:
    """Send one queued result email, at most once; on a mail-server failure queue another attempt."""
    now = timezone.now()
    # Claiming is one UPDATE: of two workers given the same email, only one sends it. A claim older than
    # the timeout was left by a dead worker and may be taken again.
    claimed = (
        ResultEmail.objects.filter(pk=email_id, sent_at__isnull=True, gave_up=False)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - claim_timeout()))
        .update(claimed_at=now)
    )
    forget_dead_tasks()
    if not claimed:
        return "already sent or being sent"
    email = ResultEmail.objects.select_related("response").get(pk=email_id)
    message = result_message(email)
    connection = get_connection()
    try:
        connection.open()
        connection.send_messages([message])
    except (OSError, smtplib.SMTPException) as error:
        connection.close()
        return retry_later(email, error)
    # Marked sent as soon as the mail server has accepted it, before the goodbye (QUIT): a worker killed in
    # between would leave a sent email looking unsent, and it would go out a second time.
    ResultEmail.objects.filter(pk=email_id).update(
        sent_at=timezone.now(), address="", attempts=email.attempts + 1
    )
    with contextlib.suppress(OSError, smtplib.SMTPException):
        connection.close()
    return "sent"


def retry_later(email: ResultEmail, error: Exception) -> str:
    attempts = email.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        logger.error("Giving up on result email %s after %s attempts: %s", email.pk, attempts, error)
        ResultEmail.objects.filter(pk=email.pk).update(attempts=attempts, gave_up=True, address="")
        return "gave up"
    logger.warning("Result email %s not sent (%s); trying again later", email.pk, error)
    ResultEmail.objects.filter(pk=email.pk).update(attempts=attempts, claimed_at=None)
    send_result_email.using(run_after=timezone.now() + retry_delay(attempts)).enqueue(email.pk)
    return "retrying"


def email_tasks() -> QuerySet[DBTaskResult]:
    return DBTaskResult.objects.filter(task_path=send_result_email.module_path)


def forget_dead_tasks() -> int:
    """Email tasks RUNNING for longer than a claim holds: their worker died (SIGKILL, power cut) and
    django-tasks-db would show them running forever. Marked failed; their email is queued again."""
    return (
        email_tasks()
        .filter(status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - claim_timeout())
        .update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path="questionnaire.tasks.WorkerDied",
            traceback="The worker running this task stopped before it finished; the email was queued again.",
        )
    )


def requeue_result_emails() -> tuple[int, int]:
    """Queue again every unsent email whose task died with its worker. Run before a worker starts.

    Safe beside live workers: a queued task sends only if it takes the email's claim, and a live worker's
    claim is fresh. Emails whose claim (or task) is still fresh get a task that runs once it has expired:
    a no-op if the first worker finished, the send if it died. Returns (queued now, queued for later).
    """
    now = timezone.now()
    later = now + claim_timeout() + timedelta(seconds=1)
    forget_dead_tasks()
    ready = email_tasks().filter(status=TaskResultStatus.READY)
    running = email_tasks().filter(status=TaskResultStatus.RUNNING)
    queued_now = queued_later = 0
    for email in ResultEmail.objects.filter(sent_at__isnull=True, gave_up=False):
        if ready.filter(args_kwargs__args__0=email.pk).exists():
            continue  # a retry or a first attempt is already waiting
        if email.claimed_at is None or email.claimed_at < now - claim_timeout():
            send_result_email.enqueue(email.pk)
            queued_now += 1
        else:
            send_result_email.using(run_after=later).enqueue(email.pk)
            queued_later += 1
    # A task may also die after its email was sent (before the worker marked it done): one late task
    # per such row marks it failed once it is stale.
    for args_kwargs in running.values_list("args_kwargs", flat=True):
        send_result_email.using(run_after=later).enqueue(*args_kwargs["args"])
        queued_later += 1
    return queued_now, queued_later
