"""A worker killed mid-send: its claim expires and `requeue_result_emails` queues the email again, so every
email is sent exactly once (bench/cluster.py kills every db_worker to check this against PostgreSQL)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from questionnaire.models import ResultEmail
from questionnaire.tasks import send_result_email
from tests.factories import ResultEmailFactory

pytestmark = pytest.mark.django_db


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def requeue() -> None:
    call_command("requeue_result_emails", verbosity=0)


def die_mid_send(email: ResultEmail, *, seconds_ago: float) -> None:
    """What a SIGKILLed worker leaves behind: its task RUNNING and the email claimed, never sent."""
    when = timezone.now() - timedelta(seconds=seconds_ago)
    send_result_email.enqueue(email.pk)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=when, worker_ids=["killed"])
    ResultEmail.objects.filter(pk=email.pk).update(claimed_at=when)


def make_due() -> None:
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


def test_an_abandoned_claim_is_sent_once_after_requeue(default_weight_set, smtp_server, settings) -> None:
    email = ResultEmailFactory()
    die_mid_send(email, seconds_ago=settings.RESULT_EMAIL_CLAIM_TIMEOUT + 5)

    requeue()
    run_worker()
    requeue()
    run_worker()

    email_after = ResultEmail.objects.get()
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert [envelope.rcpt_tos for envelope in smtp_server.envelopes] == [[email.address]]
    assert (email_after.sent_at is not None, email_after.address) == (True, "")
    assert statuses == [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]


def test_a_claim_just_abandoned_is_sent_once_it_has_expired(default_weight_set, smtp_server) -> None:
    email = ResultEmailFactory()
    die_mid_send(email, seconds_ago=1)
    requeue()
    run_worker()  # nothing due yet: the claim is fresh
    sent_while_fresh = len(smtp_server.envelopes)
    # Time passes: the claim and the dead task are now older than the bound.
    ResultEmail.objects.update(claimed_at=timezone.now() - timedelta(hours=1))
    DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).update(
        started_at=timezone.now() - timedelta(hours=1)
    )
    make_due()

    run_worker()

    assert sent_while_fresh == 0
    assert [envelope.rcpt_tos for envelope in smtp_server.envelopes] == [[email.address]]
    assert DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() == 0


def test_a_fresh_claim_is_not_stolen(default_weight_set, smtp_server) -> None:
    email = ResultEmailFactory(address="owner@example.com")
    die_mid_send(email, seconds_ago=1)  # as far as anyone can tell, its worker is still sending
    requeue()
    make_due()

    run_worker()

    email.refresh_from_db()
    assert smtp_server.envelopes == []
    assert (email.sent_at, email.address) == (None, "owner@example.com")
    assert DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() == 1


def test_a_sent_email_is_never_sent_again(default_weight_set, smtp_server) -> None:
    email = ResultEmailFactory()
    send_result_email.enqueue(email.pk)
    run_worker()
    # Long after: its claim is old, and the worker is restarted (and requeues) many times.
    ResultEmail.objects.update(claimed_at=timezone.now() - timedelta(days=1))

    for _ in range(3):
        requeue()
        make_due()
        run_worker()
    send_result_email.enqueue(email.pk)
    run_worker()

    assert len(smtp_server.envelopes) == 1


def test_a_task_killed_after_sending_is_not_left_running(default_weight_set, smtp_server) -> None:
    email = ResultEmailFactory()
    send_result_email.enqueue(email.pk)
    run_worker()
    # The worker died between sending and marking its task done.
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(seconds=1), finished_at=None
    )
    requeue()
    DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).update(
        started_at=timezone.now() - timedelta(hours=1)
    )
    make_due()

    run_worker()

    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert len(smtp_server.envelopes) == 1
    assert statuses == [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]


def test_an_email_given_up_on_or_waiting_for_its_retry_is_not_queued_again(default_weight_set) -> None:
    ResultEmailFactory(gave_up=True, address="")
    waiting = ResultEmailFactory(attempts=1)
    send_result_email.using(run_after=timezone.now() + timedelta(minutes=1)).enqueue(waiting.pk)

    requeue()

    assert DBTaskResult.objects.count() == 1
