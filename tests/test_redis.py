"""The Redis paths against a real Redis: rate-limit counts under concurrency and admin sessions in the cache.

They run when the settings use Redis (REDIS_URL set; CI's PostgreSQL run starts a throw-away
redis-server), and are skipped otherwise: locally,
    redis-server --port 56390 --save "" & REDIS_URL=redis://127.0.0.1:56390/0 make test
"""

import json
import threading
from http import HTTPStatus

import pytest
import redis
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import caches
from django.db import connections
from django.test import Client, override_settings

from tests.markup import parse

USES_REDIS = settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
pytestmark = pytest.mark.skipif(
    not USES_REDIS,
    reason="REDIS_URL is not set: these tests need a real Redis (CI's PostgreSQL run starts one)",
)

API = "/api/recommend"
ANSWERS = {"stage": "growing", "monthly_budget": 500, "horizon": "months", "experience": "intermediate"}


def raw_redis() -> redis.Redis:
    """A connection of our own, beside Django's: proof that a value really is in Redis."""
    return redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])


def concurrent_api_posts(count: int, address: str) -> list[int]:
    """`count` API calls from one address, all released at once from their own threads."""
    start = threading.Barrier(count)
    statuses: list[int] = []
    lock = threading.Lock()

    def call() -> None:
        try:
            start.wait()
            response = Client().post(
                API, data=json.dumps(ANSWERS), content_type="application/json", REMOTE_ADDR=address
            )
            with lock:
                statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
@override_settings(RATE_LIMIT_API="7/h")
def test_a_concurrent_burst_gets_exactly_the_configured_number_of_answers(default_weight_set: object) -> None:
    statuses = concurrent_api_posts(24, "192.0.2.40")

    assert sorted(statuses) == [HTTPStatus.OK] * 7 + [HTTPStatus.TOO_MANY_REQUESTS] * 17


@pytest.mark.django_db(transaction=True)
@override_settings(RATE_LIMIT_API="3/h")
def test_the_count_lives_in_redis_not_in_the_process(default_weight_set: object) -> None:
    over = concurrent_api_posts(4, "192.0.2.41")
    raw_redis().flushdb()  # forgotten in Redis (a restart): nothing in this process remembers the count

    again = concurrent_api_posts(1, "192.0.2.41")

    assert sorted(over) == [HTTPStatus.OK] * 3 + [HTTPStatus.TOO_MANY_REQUESTS]
    assert again == [HTTPStatus.OK]


@pytest.mark.django_db
def test_an_admin_session_is_kept_in_redis_in_front_of_the_database(
    client: Client, admin_user: AbstractBaseUser
) -> None:
    client.force_login(admin_user)
    session_key = client.session.session_key
    cache = caches[settings.SESSION_CACHE_ALIAS]

    in_redis = raw_redis().exists(cache.make_and_validate_key(KEY_PREFIX + session_key))
    page = client.get("/admin/")

    assert settings.SESSION_ENGINE == "config.sessions"
    assert in_redis == 1
    assert page.status_code == HTTPStatus.OK
    assert parse(page).one("h1").text == "Tune the advice and follow the responses"


@pytest.mark.django_db
def test_an_admin_stays_logged_in_when_redis_forgets_everything(
    client: Client, admin_user: AbstractBaseUser
) -> None:
    client.force_login(admin_user)
    session_key = client.session.session_key
    cache = caches[settings.SESSION_CACHE_ALIAS]

    raw_redis().flushdb()  # what a Redis restart without persistence does
    page = client.get("/admin/")

    assert page.status_code == HTTPStatus.OK
    assert parse(page).one("h1").text == "Tune the advice and follow the responses"
    # Read back from the database and put in front of it again.
    assert raw_redis().exists(cache.make_and_validate_key(KEY_PREFIX + session_key)) == 1
