"""The started → each step → finished funnel: daily counters, no answers kept, shown on the analytics page."""

import time
from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from questionnaire import analytics, funnel
from questionnaire.models import FunnelDay
from tests.factories import UserFactory

BUSINESS = {"stage": "growing", "experience": "basic"}
MONEY = {"monthly_budget": "400", "horizon": "months"}
POINTS = ("started", "business", "money-and-time", "details", "finished")


def counts() -> dict[str, int]:
    return dict(FunnelDay.objects.filter(day=timezone.localdate()).values_list("step", "count"))


@pytest.mark.django_db
def test_record_adds_one_to_todays_counter_of_that_point():
    funnel.record(step="started")
    funnel.record(step="started")
    funnel.record(step="business")

    assert counts() == {"started": 2, "business": 1}


@pytest.mark.django_db
def test_the_counters_keep_a_day_a_point_and_a_number_only():
    fields = {field.name for field in FunnelDay._meta.get_fields()}

    assert fields == {"id", "day", "step", "count"}


@pytest.mark.django_db
def test_a_visitor_is_counted_at_the_start_each_accepted_step_and_the_submit(
    client: Client, default_weight_set
):
    client.get("/q/")
    client.post("/q/business/", BUSINESS)
    client.post("/q/money-and-time/", {"monthly_budget": "", "horizon": "months"})  # refused: not counted
    client.post("/q/money-and-time/", MONEY)
    client.post("/q/details/", {"go": "skip"})
    digest = client.get("/q/review/").context["digest"]

    response = client.post("/q/submit/", {"digest": digest})

    assert response.status_code == HTTPStatus.SEE_OTHER
    assert counts() == {"started": 1, "business": 1, "money-and-time": 1, "details": 1, "finished": 1}


@pytest.mark.django_db
def test_a_visitor_who_reloads_answers_again_and_clicks_twice_is_counted_once(
    client: Client, default_weight_set
):
    client.get("/q/")
    client.get("/q/")  # opened again (a reload, a second tab, back from elsewhere)
    client.post("/q/business/", BUSINESS)
    client.post("/q/business/", {**BUSINESS, "experience": "advanced"})  # changed later
    client.post("/q/money-and-time/", MONEY)
    client.post("/q/details/", {"go": "skip"})
    client.get("/q/")  # back to the questionnaire, now at the review
    digest = client.get("/q/review/").context["digest"]
    first = client.post("/q/submit/", {"digest": digest})

    second = client.post("/q/submit/", {"digest": digest})  # a second click on the same answers

    assert (first.status_code, second.status_code) == (HTTPStatus.SEE_OTHER, HTTPStatus.SEE_OTHER)
    assert first["Location"] == second["Location"]
    assert counts() == {"started": 1, "business": 1, "money-and-time": 1, "details": 1, "finished": 1}


@pytest.mark.django_db
def test_starting_again_counts_as_a_start(client: Client, default_weight_set):
    client.post("/q/business/", BUSINESS)

    client.post("/q/restart/")

    assert counts() == {"business": 1, "started": 1}


def test_the_funnel_table_fills_empty_days_and_gives_shares_of_those_who_started():
    today = date(2026, 11, 30)
    rows = [
        (today, "started", 10),
        (today, "business", 8),
        (today, "finished", 5),
        (today - timedelta(days=2), "started", 4),
    ]

    table = analytics.funnel(rows, POINTS, today=today, days=3)

    assert [(row.day, row.counts) for row in table] == [
        (today, [(10, 100), (8, 80), (0, 0), (0, 0), (5, 50)]),
        (date(2026, 11, 29), [(0, 0), (0, 0), (0, 0), (0, 0), (0, 0)]),
        (date(2026, 11, 28), [(4, 100), (0, 0), (0, 0), (0, 0), (0, 0)]),
        (None, [(14, 100), (8, 57), (0, 0), (0, 0), (5, 36)]),
    ]


def test_no_counters_give_no_table():
    assert analytics.funnel([], POINTS, today=date(2026, 11, 30)) == []


@pytest.mark.django_db
def test_the_analytics_page_shows_the_funnel_with_step_names(admin_client, default_weight_set):
    funnel.record(step="started")
    funnel.record(step="business")

    response = admin_client.get("/admin/questionnaire/response/analytics/")

    assert response.context["funnel_points"] == [
        "Started",
        "Step 1: Your business",
        "Step 2: Money and time",
        "Step 3: Sharpen the advice",
        "Got their advice",
    ]
    assert response.context["funnel"][0].counts == [(1, 100), (1, 100), (0, 0), (0, 0), (0, 0)]
    assert '<th scope="col">Step 1: Your business</th>' in response.content.decode()


@pytest.mark.django_db
def test_staff_without_the_response_view_permission_do_not_see_the_funnel(client):
    client.force_login(UserFactory())

    response = client.get("/admin/questionnaire/response/analytics/")

    assert response.status_code == HTTPStatus.FORBIDDEN


# --- counted in memory, folded into the database ----------------------------------------------------------


@pytest.fixture
def folding(settings, monkeypatch) -> list[float]:
    """FUNNEL_FOLD_SECONDS as in production; the timers it would start are only noted (tests fold by hand)."""
    settings.FUNNEL_FOLD_SECONDS = 1.0
    caches["funnel"].clear()
    scheduled: list[float] = []
    monkeypatch.setattr(funnel, "schedule_fold", scheduled.append)
    yield scheduled
    caches["funnel"].clear()


@pytest.mark.django_db
def test_counts_wait_in_memory_with_one_fold_scheduled_until_it_runs(folding: list[float]):
    funnel.record(step="started")
    funnel.record(step="started")
    funnel.record(step="business")
    before = counts()

    funnel.fold()

    assert (before, folding) == ({}, [1.0])
    assert counts() == {"started": 2, "business": 1}


@pytest.mark.django_db
def test_a_fold_adds_to_the_database_and_leaves_nothing_to_count_twice(folding: list[float]):
    funnel.record(step="business")
    funnel.fold()
    funnel.record(step="business")

    funnel.fold()
    funnel.fold()

    assert counts() == {"business": 2}
    assert folding == [1.0, 1.0]


@pytest.mark.django_db
def test_counts_made_before_midnight_are_folded_into_that_day(folding: list[float], monkeypatch):
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    monkeypatch.setattr(funnel.timezone, "localdate", lambda: yesterday)
    funnel.record(step="finished")
    monkeypatch.setattr(funnel.timezone, "localdate", lambda: today)

    funnel.fold()

    assert list(FunnelDay.objects.values_list("day", "step", "count")) == [(yesterday, "finished", 1)]


@pytest.mark.django_db
def test_counts_stay_in_memory_when_the_database_refuses_them(folding: list[float], monkeypatch):
    funnel.record(step="started")

    def away(*args: object) -> None:
        raise OperationalError("database is locked")

    with monkeypatch.context() as patched:
        patched.setattr(funnel, "add_to_database", away)
        with pytest.raises(OperationalError):
            funnel.fold()
    funnel.fold()

    assert counts() == {"started": 1}


@pytest.mark.django_db
def test_the_analytics_page_folds_what_its_process_counted(admin_client, default_weight_set, folding):
    funnel.record(step="started")

    response = admin_client.get("/admin/questionnaire/response/analytics/")

    assert response.context["funnel"][0].counts == [(1, 100), (0, 0), (0, 0), (0, 0), (0, 0)]


@pytest.mark.django_db(transaction=True)
def test_the_timer_folds_the_counts_on_its_own(settings):
    settings.FUNNEL_FOLD_SECONDS = 0.05
    caches["funnel"].clear()
    funnel.record(step="started")
    funnel.record(step="started")

    deadline = time.monotonic() + 10
    while counts() != {"started": 2} and time.monotonic() < deadline:
        time.sleep(0.05)

    assert counts() == {"started": 2}
    assert caches["funnel"].get(funnel.SCHEDULED) is None
