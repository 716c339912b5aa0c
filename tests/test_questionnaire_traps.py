"""A questionnaire without traps: a new assessment starts clean, Skip never silently loses answers,
"Change" returns to the review, and the result page leads with the answer."""

from http import HTTPStatus

import pytest
from django.core import signing
from django.test import Client

from questionnaire.progress import PROGRESS_COOKIE, PROGRESS_SALT
from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
BUSINESS = {"stage": "growing", "experience": "intermediate"}
MONEY = {"monthly_budget": "500", "horizon": "months"}


def progress_of(client: Client) -> dict:
    return signing.loads(client.cookies[PROGRESS_COOKIE].value, salt=PROGRESS_SALT)


@pytest.fixture
def reviewed(client: Client, default_weight_set) -> Client:
    client.post("/q/business/", BUSINESS)
    client.post("/q/money-and-time/", MONEY)
    client.post("/q/details/", {"go": "skip"})
    return client


@pytest.fixture
def finished(reviewed: Client) -> Client:
    digest = reviewed.get("/q/review/").context["digest"]
    reviewed.post("/q/submit/", {"digest": digest})
    return reviewed


def test_after_a_result_the_header_review_and_landing_offer_a_new_assessment(finished: Client) -> None:
    pages = [finished.get(url).content.decode() for url in ("/", "/q/review/", "/q/business/")]

    for body in pages:
        assert '<a class="site-nav__cta" href="/q/new/">New assessment</a>' in body
    assert '<a href="/q/new/">Start a new assessment</a> (for someone else' in pages[1]
    assert '<a class="button button--primary" href="/q/new/">Start a new assessment</a>' in pages[0]


def test_the_result_page_links_to_a_new_assessment(finished: Client) -> None:
    token = progress_of(finished)["last_result"]

    body = finished.get(f"/r/{token}/").content.decode()

    assert '<a class="button button--link" href="/q/new/">Start a new assessment</a>' in body


def test_a_new_assessment_asks_first_then_clears_everything(finished: Client) -> None:
    question = finished.get("/q/new/")

    response = finished.post("/q/new/")

    progress = progress_of(finished)
    assert question.status_code == HTTPStatus.OK
    assert "and the link to the latest result" in question.content.decode()
    assert response["Location"] == "/q/business/"
    assert (progress["answers"], progress["done"], progress["last_result"]) == ({}, [], None)
    assert "New assessment" not in finished.get("/q/business/").content.decode()


def test_a_new_assessment_needs_a_csrf_token(default_weight_set) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/q/new/")

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_change_on_the_review_opens_the_field_with_focus_and_comes_back(reviewed: Client) -> None:
    page = reviewed.get("/q/money-and-time/?back=review&focus=monthly_budget")

    response = reviewed.post("/q/money-and-time/", {**MONEY, "monthly_budget": "800", "back": "review"})

    body = page.content.decode()
    assert 'name="monthly_budget" value="500" inputmode="decimal" autocomplete="off" autofocus' in body
    assert '<input type="hidden" name="back" value="review">' in body
    assert "Save and back to the review" in body
    assert response["Location"] == "/q/review/"
    assert progress_of(reviewed)["answers"]["monthly_budget"] == 800


def test_change_via_htmx_swaps_in_the_review(reviewed: Client) -> None:
    response = reviewed.post("/q/money-and-time/", {**MONEY, "back": "review"}, **HTMX)

    assert "Check your answers" in response.content.decode()
    assert response["HX-Push-Url"] == "/q/review/"


def test_skip_with_answers_already_kept_asks_first(reviewed: Client) -> None:
    reviewed.post("/q/details/", {"profiles": "optimized"})

    response = reviewed.post("/q/details/", {"go": "skip"}, **HTMX)

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "You have answers on this step" in body
    assert 'value="optimized" id="id_profiles_optimized" checked' in body
    assert progress_of(reviewed)["answers"]["profiles"] == "optimized"


def test_keeping_the_answers_continues_with_them(reviewed: Client) -> None:
    response = reviewed.post("/q/details/", {"go": "next", "profiles": "optimized"})

    assert response["Location"] == "/q/review/"
    assert progress_of(reviewed)["answers"]["profiles"] == "optimized"


def test_skip_without_answers_skips_at_once(reviewed: Client) -> None:
    response = reviewed.post("/q/details/", {"go": "skip"})

    assert response["Location"] == "/q/review/"


def test_the_live_leaning_has_a_one_line_bar_for_phones(reviewed: Client) -> None:
    step = reviewed.get("/q/details/").content.decode()
    panel = reviewed.post("/q/leaning/", {"step": "business", "stage": "idea"}, **HTMX).content.decode()

    assert '<p class="leaning-bar" aria-hidden="true" id="leaning-bar">' in step
    assert "Leaning so far: <strong>" in step
    assert 'id="leaning-bar" hx-swap-oob="true">Leaning so far: <strong>' in panel


def test_result_leads_with_verdict_money_hours_and_first_actions(client: Client, default_weight_set) -> None:
    stored = ResponseFactory(weight_set=default_weight_set)
    rec = stored.recommendation

    body = client.get(f"/r/{stored.token}/").content.decode()

    first_action = rec["plan"][0]["actions"][0]
    order = [
        body.index('<h1 id="verdict-title" class="verdict__title">Blend organic work with paid ads</h1>'),
        body.index(f"<dt>On ads</dt><dd>{rec['split']['monthly_ad_spend']:,.0f} USD a month</dd>"),
        body.index("<dt>Posting and replies</dt><dd>"),
        body.index('<h2 id="first-steps-title">Your next 30 days</h2>'),
        body.index(f"<li>{first_action}</li>"),
        body.index("Why: the three main reasons"),
    ]
    assert order == sorted(order)
    assert body.count('<li class="factor">') == len(rec["factors"])
    assert '<details class="more-reasons">' in body
    assert "Score" not in body


def test_an_organic_first_result_has_no_paid_card_of_zeros(client: Client, default_weight_set) -> None:
    stored = ResponseFactory(
        weight_set=default_weight_set,
        answer_values={"stage": "idea", "monthly_budget": 0, "horizon": "long_term", "experience": "none"},
    )

    body = client.get(f"/r/{stored.token}/").content.decode()

    assert "<dt>On ads</dt><dd>Nothing for now</dd>" in body
    assert "split__card--paid" not in body
    assert "0 USD a month on ads" not in body
    assert "No paid ads for now" in body
