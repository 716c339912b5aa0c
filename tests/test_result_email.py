"""'Email me this result': the form, the queue, and the message through a real local SMTP server."""

from email import message_from_bytes, policy
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult

from questionnaire.models import ResultEmail
from questionnaire.tasks import send_result_email
from tests.factories import ResponseFactory, ResultEmailFactory
from tests.markup import parse

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_the_email_page_is_a_plain_form_with_csrf(client: Client, default_weight_set) -> None:
    stored = ResponseFactory(weight_set=default_weight_set)

    response = client.get(f"/r/{stored.token}/email/")

    page = parse(response)
    form = page.one("#email-form form")
    assert response.status_code == HTTPStatus.OK
    assert (form.get("method"), form.get("action")) == ("post", f"/r/{stored.token}/email/")
    assert [(field.get("type"), field.get("name")) for field in form.all("input")] == [
        ("hidden", "csrfmiddlewaretoken"),
        ("email", "address"),
    ]
    assert len(form.one("input[name=csrfmiddlewaretoken]").get("value") or "") == 64
    assert page.one("head title").text == "Email this result — SMO or SMM?"


def test_the_email_form_via_htmx_is_only_the_form(client: Client, default_weight_set) -> None:
    stored = ResponseFactory(weight_set=default_weight_set)

    response = client.get(f"/r/{stored.token}/email/", **HTMX)

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert [(element.tag, element.get("id")) for element in page.elements] == [("section", "email-form")]
    assert page.one("#email-form h2").text == "Email me this result"
    assert response["Vary"] == "HX-Request, Cookie"


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_bad_address_is_refused_beside_the_field_and_nothing_is_queued(
    client: Client, default_weight_set, headers: dict
) -> None:
    stored = ResponseFactory(weight_set=default_weight_set)

    response = client.post(f"/r/{stored.token}/email/", {"address": "not an address"}, **headers)

    page = parse(response)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert page.one("#id_address_error").text == "Enter an email address like name@example.com."
    address = page.one("input[name=address]")
    assert (address.get("value"), address.get("aria-invalid")) == ("not an address", "true")
    assert ResultEmail.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_on_its_way_is_said_only_once_queued(client: Client, default_weight_set) -> None:
    stored = ResponseFactory(weight_set=default_weight_set)

    response = client.post(f"/r/{stored.token}/email/", {"address": "owner@example.com"})
    page = parse(client.get(response["Location"]))

    email = ResultEmail.objects.get()
    task = DBTaskResult.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/r/{stored.token}/email/?queued=1"
    assert page.one("#email-form [role=status]").text == (
        "The email is on its way. It holds the advice, the PDF and the link to this page;"
        " your address is deleted once it is sent."
    )
    assert page.all("#email-form form") == []
    assert (email.response_id, email.address, email.sent_at) == (stored.pk, "owner@example.com", None)
    assert task.task_path == "questionnaire.tasks.send_result_email"
    assert task.args_kwargs == {"args": [email.pk], "kwargs": {}}


def test_the_worker_sends_html_text_the_pdf_and_the_link_then_forgets_the_address(
    client: Client, default_weight_set, smtp_server
) -> None:
    stored = ResponseFactory(weight_set=default_weight_set)
    client.post(f"/r/{stored.token}/email/", {"address": "owner@example.com"})

    run_worker()

    assert len(smtp_server.envelopes) == 1
    envelope = smtp_server.envelopes[0]
    message = message_from_bytes(envelope.content, policy=policy.default)
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    attachments = list(message.iter_attachments())
    assert envelope.rcpt_tos == ["owner@example.com"]
    assert message["Subject"] == "Your social media advice: Blend organic work with paid ads"
    lines = text.splitlines()
    assert lines[:3] == [
        f"Your social media advice, saved {date_format(stored.created_at, 'j F Y')}",
        "",
        "Blend organic work with paid ads",
    ]
    assert f"http://testserver/r/{stored.token}/" in lines
    assert "Your next 30 days" in lines
    assert parse(html).hrefs("a") == [f"http://testserver/r/{stored.token}/"]
    assert [part.get_filename() for part in attachments] == [
        f"social-media-advice-{stored.created_at:%Y-%m-%d}.pdf"
    ]
    assert attachments[0].get_content_type() == "application/pdf"
    assert attachments[0].get_content().startswith(b"%PDF")
    email = ResultEmail.objects.get()
    assert (email.address, email.sent_at is not None, email.attempts) == ("", True, 1)


def test_an_email_is_never_sent_twice(default_weight_set, smtp_server) -> None:
    email = ResultEmailFactory()
    send_result_email.enqueue(email.pk)
    send_result_email.enqueue(email.pk)  # the same email queued twice (a retry racing a resend)

    run_worker()

    assert len(smtp_server.envelopes) == 1
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == [
        "already sent or being sent",
        "sent",
    ]


def test_a_mail_server_that_is_down_means_a_later_attempt(
    default_weight_set, unused_smtp_port, settings
) -> None:
    email = ResultEmailFactory(address="owner@example.com")
    send_result_email.enqueue(email.pk)

    run_worker()

    email.refresh_from_db()
    retry = DBTaskResult.objects.filter(status="READY").get()
    # The address is kept for the retry.
    assert (email.attempts, email.claimed_at, email.sent_at, email.address) == (
        1,
        None,
        None,
        "owner@example.com",
    )
    assert retry.run_after > timezone.now()
    assert retry.args_kwargs == {"args": [email.pk], "kwargs": {}}


def test_the_retry_sends_once_the_mail_server_is_back(
    default_weight_set, unused_smtp_port, smtp_server, settings
) -> None:
    email = ResultEmailFactory()
    # First attempt against the port where nothing listens…
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = unused_smtp_port
    send_result_email.enqueue(email.pk)
    run_worker()
    # …then the server is back and the retry is due.
    settings.EMAIL_PORT = working_port
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())

    run_worker()

    email.refresh_from_db()
    assert len(smtp_server.envelopes) == 1
    assert (email.attempts, email.address, email.sent_at is not None) == (2, "", True)


def test_emails_are_rate_limited(client: Client, default_weight_set, settings) -> None:
    settings.RATE_LIMIT_EMAIL = "2/h"
    stored = ResponseFactory(weight_set=default_weight_set)

    statuses = [
        client.post(f"/r/{stored.token}/email/", {"address": f"o{n}@example.com"}).status_code
        for n in range(3)
    ]

    assert statuses == [HTTPStatus.FOUND, HTTPStatus.FOUND, HTTPStatus.TOO_MANY_REQUESTS]
    assert sorted(ResultEmail.objects.values_list("address", flat=True)) == [
        "o0@example.com",
        "o1@example.com",
    ]


def test_the_email_form_needs_a_csrf_token(default_weight_set) -> None:
    stored = ResponseFactory(weight_set=default_weight_set)
    client = Client(enforce_csrf_checks=True)

    response = client.post(f"/r/{stored.token}/email/", {"address": "owner@example.com"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert ResultEmail.objects.count() == 0


def test_a_branded_email_carries_the_logo_inline_the_name_and_the_colour(
    client: Client, branded_result, smtp_server
) -> None:
    client.post(f"/r/{branded_result.token}/email/", {"address": "owner@example.com"})

    run_worker()

    message = message_from_bytes(smtp_server.envelopes[0].content, policy=policy.default)
    html = message.get_body(preferencelist=("html",)).get_content()
    images = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert len(images) == 1
    assert images[0]["Content-ID"] == "<consultant-logo@smo-smm-advisor>"
    assert images[0].get_content().startswith(b"\x89PNG")
    page = parse(html)
    assert [image.get("src") for image in page.all("img")] == ["cid:consultant-logo@smo-smm-advisor"]
    assert page.one(".consultant-brand__name").text == "Dana Reyes · North Star Marketing"
    assert page.one(".consultant-brand").get("aria-label") == "Sent by Dana Reyes"
    assert page.all("div[style]")[0].get("style") == (
        "border-left: 6px solid #1d4f91; padding: 0.2em 0 0.2em 0.8em; margin-bottom: 1em;"
    )
    assert [
        part.get_filename() for part in message.iter_attachments() if part.get_filename() != "logo.png"
    ] == [f"social-media-advice-{branded_result.created_at:%Y-%m-%d}.pdf"]
