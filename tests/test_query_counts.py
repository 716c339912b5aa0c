"""Query counts stay constant whatever the number of stored rows: each page is measured with few and with
many rows, the two counts must be equal, and both within a ceiling (django_assert_max_num_queries)."""

import json
from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from advisor.domain import Answers
from advisor.models import Scenario, WeightSet, weights_to_data
from advisor.weights import DEFAULT_WEIGHTS
from questionnaire import funnel
from questionnaire.models import Response
from questionnaire.services import store_response

pytestmark = pytest.mark.django_db

FEW, MANY = 1, 40
# Answers in progress live in a signed cookie and each process remembers the active weights for a moment,
# so only storing a result touches the database: one INSERT, in its own transaction (a savepoint and its
# release inside the test's transaction), plus the funnel's counter (one UPDATE once today's row exists).
SUBMIT_CEILING = 4
# An accepted step adds one to today's funnel counter: one UPDATE, nothing else.
STEP_POST_CEILING = 1
API_BODY = {"stage": "growing", "monthly_budget": 500, "horizon": "months", "experience": "intermediate"}
BUSINESS = {"stage": "growing", "experience": "basic"}
MONEY = {"monthly_budget": "400", "horizon": "months"}
DETAILS = {
    "profiles": "partial",
    "goal": "leads",
    "audience": "clear",
    "reach": "national",
    "weekly_hours": "4",
}


# Rendering a result: the response with its weight set (one query; the active set comes from its cache), and
# the consultant's branding if it came through an invite link (one query; consultants' context processor).
# Both only when the page is rendered, not when it comes from the page cache.
RESULT_PAGE_QUERIES = 2


def add_responses(count: int) -> list[Response]:
    """`count` stored results (the first through the real service, the rest as copies)."""
    existing = Response.objects.count()
    first = store_response(Answers(**API_BODY), nonce=f"seed-{existing}")
    copies = [
        Response(
            answers=first.answers,
            recommendation=first.recommendation,
            verdict=first.verdict,
            score=first.score,
            stage=first.stage,
            monthly_budget=first.monthly_budget,
            weight_set=first.weight_set,
            weights_version=first.weights_version,
        )
        for _ in range(count - 1)
    ]
    Response.objects.bulk_create(copies)
    return [first, *copies]


def add_weight_sets(count: int) -> None:
    user = get_user_model().objects.filter(is_superuser=True).first()
    start = WeightSet.next_version()
    WeightSet.objects.bulk_create(
        WeightSet(
            version=start + index,
            status=WeightSet.Status.DRAFT,
            data=weights_to_data(DEFAULT_WEIGHTS),
            note=f"draft {index}",
            created_by=user,
        )
        for index in range(count)
    )


def queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def constant(action: Callable[[], object], grow: Callable[[], object]) -> tuple[int, int]:
    action()  # warm per-process caches (the active weights), as any running server has them
    few = queries(action)
    grow()
    many = queries(action)
    return few, many


@pytest.fixture
def walked(client: Client, default_weight_set: WeightSet) -> Client:
    """A visitor who has answered every step."""
    client.post("/q/business/", BUSINESS)
    client.post("/q/money-and-time/", MONEY)
    client.post("/q/details/", DETAILS)
    return client


@pytest.fixture
def staff(client: Client, default_weight_set: WeightSet) -> Client:
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "a long enough password")
    client.force_login(user)
    return client


def test_api_queries_do_not_grow_with_stored_responses(
    client: Client, default_weight_set: WeightSet, django_assert_max_num_queries
) -> None:
    def post() -> None:
        response = client.post("/api/recommend", data=json.dumps(API_BODY), content_type="application/json")
        assert response.status_code == HTTPStatus.OK

    few, many = constant(post, lambda: add_responses(MANY))

    assert few == many
    with django_assert_max_num_queries(0):
        post()


@pytest.mark.parametrize("path", ["/q/business/", "/q/money-and-time/", "/q/details/", "/q/review/"])
def test_step_pages_do_not_grow_with_stored_responses(
    walked: Client, django_assert_max_num_queries, path: str
) -> None:
    def get() -> None:
        assert walked.get(path).status_code == HTTPStatus.OK

    few, many = constant(get, lambda: add_responses(MANY))

    assert few == many
    with django_assert_max_num_queries(0):
        get()


@pytest.mark.parametrize(
    ("path", "data"), [("/q/business/", BUSINESS), ("/q/money-and-time/", MONEY), ("/q/details/", DETAILS)]
)
def test_step_posts_do_not_grow_with_stored_responses(
    walked: Client, django_assert_max_num_queries, path: str, data: dict[str, str]
) -> None:
    def post() -> None:
        assert walked.post(path, data).status_code == HTTPStatus.FOUND

    few, many = constant(post, lambda: add_responses(MANY))

    assert few == many
    with django_assert_max_num_queries(STEP_POST_CEILING):
        post()


@pytest.fixture
def without_page_cache(settings) -> None:
    """The result page rendered every time: its own queries are counted, not the cache's."""
    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def test_result_and_share_pages_do_not_grow_with_stored_responses(
    client: Client, default_weight_set: WeightSet, without_page_cache: None, django_assert_max_num_queries
) -> None:
    [stored] = add_responses(FEW)
    owner_path = f"/r/{stored.token}/"

    def get() -> None:
        assert client.get(owner_path).status_code == HTTPStatus.OK

    few, many = constant(get, lambda: add_responses(MANY))

    assert few == many
    with django_assert_max_num_queries(RESULT_PAGE_QUERIES):
        get()


def test_submit_does_not_grow_with_stored_responses(walked: Client, django_assert_max_num_queries) -> None:
    add_responses(MANY)
    funnel.record(step=funnel.FINISHED)  # today's counter exists, as after the day's first submission
    digest = walked.get("/q/review/").context["digest"]

    with django_assert_max_num_queries(SUBMIT_CEILING):
        response = walked.post("/q/submit/", {"digest": digest})

    assert response.status_code == HTTPStatus.SEE_OTHER


@pytest.mark.parametrize(
    ("path", "grow", "ceiling"),
    [
        ("/admin/questionnaire/response/", lambda: add_responses(MANY), 7),
        ("/admin/advisor/weightset/", lambda: add_weight_sets(MANY), 5),
    ],
)
def test_admin_lists_do_not_grow_with_their_rows(
    staff: Client, django_assert_max_num_queries, path: str, grow: Callable[[], object], ceiling: int
) -> None:
    add_responses(FEW)

    def get() -> None:
        assert staff.get(path).status_code == HTTPStatus.OK

    few, many = constant(get, grow)

    assert few == many
    with django_assert_max_num_queries(ceiling):
        get()


def test_scenario_admin_list_is_constant(staff: Client, django_assert_max_num_queries) -> None:
    path = "/admin/advisor/scenario/"

    def get() -> None:
        assert staff.get(path).status_code == HTTPStatus.OK

    def grow() -> None:
        Scenario.objects.bulk_create(
            Scenario(name=f"case {index}", answers=API_BODY, expected_verdict="blended")
            for index in range(MANY)
        )

    few, many = constant(get, grow)

    assert few == many
    with django_assert_max_num_queries(6):
        get()
