"""Background work of the questionnaire, run by django-tasks' ``db_worker`` (see the README)."""

import logging
import smtplib
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from questionnaire.mail import result_message
from questionnaire.models import ResultEmail

logger = logging.getLogger(__name__)

# A mail server that is down gets tried again after 1, 2, 4, 8, … minutes, up to this many attempts.
MAX_ATTEMPTS = 8


def retry_delay(attempt: int) -> timedelta:
    return timedelta(minutes=2 ** (attempt - 1))


@task()
def send_result_email(email_id: int) -> str:
    """Send one queued result email, at most once; on a mail-server failure queue another attempt."""
    now = timezone.now()
    # Claiming is one UPDATE: of two workers given the same email, only one sends it.
    claimed = ResultEmail.objects.filter(pk=email_id, claimed_at__isnull=True, sent_at__isnull=True).update(
        claimed_at=now
    )
    if not claimed:
        return "already sent or being sent"
    email = ResultEmail.objects.select_related("response").get(pk=email_id)
    try:
        result_message(email).send()
    except (OSError, smtplib.SMTPException) as error:
        return retry_later(email, error)
    ResultEmail.objects.filter(pk=email_id).update(
        sent_at=timezone.now(), address="", attempts=email.attempts + 1
    )
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
