"""Redis away (restarting, or down): the site keeps working on PostgreSQL alone.

No Redis is needed: the cache points at a port where nothing listens, as during a Redis restart.
"""

import json
from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client, override_settings

from advisor.weights import DEFAULT_WEIGHTS
from tests.markup import parse

ANSWERS = {"stage": "growing", "monthly_budget": 500, "horizon": "months", "experience": "intermediate"}
PASSWORD = "a-long-admin-password-1"


def redis_away() -> override_settings:
    caches = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # refused at once
        },
    }
    return override_settings(CACHES=caches, SESSION_ENGINE="config.sessions")


@pytest.fixture
def admin_with_password(admin_user: AbstractBaseUser) -> AbstractBaseUser:
    admin_user.set_password(PASSWORD)
    admin_user.save()
    return admin_user


@pytest.mark.django_db
def test_an_admin_can_log_in_and_use_the_admin_while_redis_is_away(
    client: Client, admin_with_password: AbstractBaseUser
) -> None:
    with redis_away():
        login = client.post(
            "/admin/login/?next=/admin/",
            {"username": admin_with_password.get_username(), "password": PASSWORD, "next": "/admin/"},
        )
        page = client.get("/admin/")

    assert (login.status_code, login.headers["Location"]) == (HTTPStatus.FOUND, "/admin/")
    assert page.status_code == HTTPStatus.OK
    assert parse(page).one("h1").text == "Tune the advice and follow the responses"


@pytest.mark.django_db
def test_the_api_answers_while_redis_is_away(client: Client, default_weight_set: object) -> None:
    with redis_away():
        response = client.post("/api/recommend", data=json.dumps(ANSWERS), content_type="application/json")

    assert response.status_code == HTTPStatus.OK
    assert (response.json()["verdict"], response.json()["weights_version"]) == (
        "blended",
        DEFAULT_WEIGHTS.version,
    )
