"""Logins are throttled per client address (django-axes): guessing stops, and so does the password hashing."""

from http import HTTPStatus

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings

from tests.markup import parse

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "a long enough password"


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.com", PASSWORD)


def log_in(client: Client, password: str, address: str = "192.0.2.10"):
    return client.post(LOGIN, {"username": "boss", "password": password}, REMOTE_ADDR=address)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_after_the_failure_limit_even_the_right_password_gets_429(client: Client, admin) -> None:
    failures = [log_in(client, "wrong").status_code for _ in range(3)]

    locked = log_in(client, PASSWORD)

    # The form again with its error, then the failure that reaches the limit is already refused.
    assert failures == [HTTPStatus.OK, HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS]
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert locked.headers["Retry-After"] == "900"
    assert parse(locked).one("h1").text == "Slow down a little"
    assert SESSION_KEY not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_locked_out_address_does_not_lock_out_another(client: Client, admin) -> None:
    for _ in range(3):
        log_in(client, "wrong", address="192.0.2.10")

    elsewhere = log_in(client, PASSWORD, address="198.51.100.20")

    assert elsewhere.status_code == HTTPStatus.FOUND
    assert elsewhere.headers["Location"] == "/admin/"


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_success_before_the_limit_clears_the_count(client: Client, admin) -> None:
    for _ in range(2):
        log_in(client, "wrong")
    log_in(client, PASSWORD)
    client.logout()

    statuses = [log_in(client, "wrong").status_code for _ in range(2)]
    last = log_in(client, PASSWORD)

    assert statuses == [HTTPStatus.OK] * 2
    assert last.status_code == HTTPStatus.FOUND
    assert last.headers["Location"] == "/admin/"
