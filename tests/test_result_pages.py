"""Kept result pages: long-lived in each process, forgotten by every process within a second when asked.

"Another process" is simulated by what it would do to the shared default cache (a new generation there)
while this process keeps its pages; "a second later" by forgetting this process's remembered generation.
"""

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client, override_settings

from questionnaire import result_pages
from questionnaire.models import Response
from questionnaire.services import delete_response
from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(default_weight_set: Any) -> Response:
    return ResponseFactory(weight_set=default_weight_set)


def another_process_forgets_the_pages() -> None:
    caches["default"].set(result_pages.GENERATION_KEY, "drawn-elsewhere", timeout=None)


def a_second_passes() -> None:
    caches["pages"].delete(result_pages.GENERATION_KEY)


def test_a_result_deleted_by_another_process_is_gone_here_once_the_generation_is_read(
    client: Client, stored: Response
) -> None:
    url = f"/r/{stored.token}/"
    first = client.get(url)
    Response.objects.filter(pk=stored.pk).delete()
    another_process_forgets_the_pages()
    kept = client.get(url)
    a_second_passes()

    gone = client.get(url)

    assert (first.status_code, kept.status_code, gone.status_code) == (
        HTTPStatus.OK,
        HTTPStatus.OK,
        HTTPStatus.NOT_FOUND,
    )
    assert kept.content == first.content


def test_without_a_new_generation_the_page_is_kept_beyond_the_check(client: Client, stored: Response) -> None:
    url = f"/r/{stored.token}/"
    client.get(url)
    Response.objects.filter(pk=stored.pk).delete()
    a_second_passes()

    kept = client.get(url)

    assert kept.status_code == HTTPStatus.OK


def test_forgetting_draws_a_new_generation_when_the_change_commits(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    before = result_pages.generation()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result_pages.forget_result_pages()
    unchanged = caches["default"].get(result_pages.GENERATION_KEY)
    for callback in callbacks:
        callback()
    a_second_passes()

    assert unchanged == before
    assert result_pages.generation() not in {before, ""}


def test_a_lost_generation_is_replaced_by_a_fresh_one_never_an_earlier_one(stored: Response) -> None:
    first = result_pages.generation()
    caches["default"].delete(result_pages.GENERATION_KEY)
    a_second_passes()

    second = result_pages.generation()

    assert second != first
    assert caches["default"].get(result_pages.GENERATION_KEY) == second


def test_deleting_a_result_through_the_service_forgets_it_in_this_process_at_once(
    client: Client, stored: Response
) -> None:
    url = f"/r/{stored.token}/"
    client.get(url)

    delete_response(stored)
    gone = client.get(url)

    assert gone.status_code == HTTPStatus.NOT_FOUND


def test_the_result_page_renders_while_the_shared_cache_is_away(client: Client, stored: Response) -> None:
    away = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # refused at once
        }
    }
    with override_settings(CACHES={**settings.CACHES, **away}):
        first = client.get(f"/r/{stored.token}/")
        a_second_passes()
        Response.objects.filter(pk=stored.pk).delete()

        second = client.get(f"/r/{stored.token}/")

    assert (first.status_code, second.status_code) == (HTTPStatus.OK, HTTPStatus.NOT_FOUND)


def test_a_page_another_process_kept_is_served_here_without_rendering(
    client: Client, stored: Response, django_assert_num_queries: Any
) -> None:
    url = f"/r/{stored.token}/"
    first = client.get(url)
    caches["pages"].clear()  # this process never rendered it: another one did

    with django_assert_num_queries(0):
        again = client.get(url)

    assert (again.status_code, again.content) == (HTTPStatus.OK, first.content)


def test_the_shared_copy_of_a_forgotten_page_is_not_served(client: Client, stored: Response) -> None:
    url = f"/r/{stored.token}/"
    client.get(url)
    Response.objects.filter(pk=stored.pk).delete()
    another_process_forgets_the_pages()
    caches["pages"].clear()

    gone = client.get(url)

    assert gone.status_code == HTTPStatus.NOT_FOUND


def test_the_page_renders_when_the_shared_copy_is_away(
    client: Client, stored: Response, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"/r/{stored.token}/"
    first = client.get(url)
    caches["pages"].clear()

    def away(*args: object, **kwargs: object) -> None:
        raise ConnectionError("the shared cache is away")

    monkeypatch.setattr(caches["shared-pages"], "get", away)
    monkeypatch.setattr(caches["shared-pages"], "set", away)

    again = client.get(url)

    assert (again.status_code, again.content) == (HTTPStatus.OK, first.content)
