"""A questionnaire without traps: a new assessment starts clean, Skip never silently loses answers,
"Change" returns to the review, and the result page leads with the answer."""

from http import HTTPStatus

import pytest
from django.core import signing
from django.test import Client

from questionnaire.progress import PROGRESS_COOKIE, PROGRESS_SALT
from tests.factories import ResponseFactory
from tests.markup import parse

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
    landing, review, step = [parse(finished.get(url)) for url in ("/", "/q/review/", "/q/business/")]

    assert [
        (page.one(".site-nav__cta").text, page.one(".site-nav__cta").get("href"))
        for page in (landing, review, step)
    ] == [("New assessment", "/q/new/")] * 3
    assert (
        review.one(".new-assessment").text
        == "Start a new assessment (for someone else, or from a blank page)"
    )
    assert review.hrefs(".new-assessment a") == ["/q/new/"]
    assert [(link.text, link.get("href")) for link in landing.all(".hero__actions a")] == [
        ("Start a new assessment", "/q/new/")
    ]


def test_the_result_page_links_to_a_new_assessment(finished: Client) -> None:
    token = progress_of(finished)["last_result"]

    page = parse(finished.get(f"/r/{token}/"))

    assert [(link.text, link.get("href")) for link in page.all(".keep a")][-1] == (
        "Start a new assessment",
        "/q/new/",
    )


def test_a_new_assessment_asks_first_then_clears_everything(finished: Client) -> None:
    question = finished.get("/q/new/")

    response = finished.post("/q/new/")

    progress = progress_of(finished)
    asked = parse(question)
    assert question.status_code == HTTPStatus.OK
    assert asked.one("h1").text == "Start a new assessment"
    assert asked.texts("main p")[0] == (
        "This clears the answers kept in this browser and the link to the latest result, so the next person"
        " starts from a blank page. Saved results stay available to anyone who has their link."
    )
    assert response["Location"] == "/q/business/"
    assert (progress["answers"], progress["done"], progress["last_result"]) == ({}, [], None)
    cta = parse(finished.get("/q/business/")).one(".site-nav__cta")
    assert (cta.text, cta.get("href")) == ("Get advice", "/q/")


def test_a_new_assessment_needs_a_csrf_token(default_weight_set) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/q/new/")

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert parse(response).one("h1").text == "This form has expired"


def test_change_on_the_review_opens_the_field_with_focus_and_comes_back(reviewed: Client) -> None:
    page = reviewed.get("/q/money-and-time/?back=review&focus=monthly_budget")

    response = reviewed.post("/q/money-and-time/", {**MONEY, "monthly_budget": "800", "back": "review"})

    form = parse(page).one("form.step-form")
    budget = form.one("input[name=monthly_budget]")
    assert (budget.get("value"), "autofocus" in budget.attrs) == ("500", True)
    assert [field.get("name") for field in form.all("input[autofocus]")] == ["monthly_budget"]
    assert form.one("input[name=back]").attrs == {"type": "hidden", "name": "back", "value": "review"}
    assert form.one("button[value=next]").text == "Save and back to the review"
    assert response["Location"] == "/q/review/"
    assert progress_of(reviewed)["answers"] == {**BUSINESS, "monthly_budget": 800, "horizon": "months"}


def test_change_via_htmx_swaps_in_the_review(reviewed: Client) -> None:
    response = reviewed.post("/q/money-and-time/", {**MONEY, "back": "review"}, **HTMX)

    assert parse(response).one("#flow h1").text == "Check your answers"
    assert response["HX-Push-Url"] == "/q/review/"


def test_skip_with_answers_already_kept_asks_first(reviewed: Client) -> None:
    reviewed.post("/q/details/", {"profiles": "optimized"})

    response = reviewed.post("/q/details/", {"go": "skip"}, **HTMX)

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert page.one("#confirm-skip h2").text == "You have answers on this step"
    assert page.checked("profiles") == ["optimized"]
    assert progress_of(reviewed)["answers"]["profiles"] == "optimized"


def test_keeping_the_answers_continues_with_them(reviewed: Client) -> None:
    response = reviewed.post("/q/details/", {"go": "next", "profiles": "optimized"})

    assert response["Location"] == "/q/review/"
    assert progress_of(reviewed)["answers"] == {
        **BUSINESS,
        "monthly_budget": 500,
        "horizon": "months",
        "profiles": "optimized",
    }


def test_skip_without_answers_skips_at_once(reviewed: Client) -> None:
    response = reviewed.post("/q/details/", {"go": "skip"})

    assert response["Location"] == "/q/review/"
    assert progress_of(reviewed)["answers"] == {**BUSINESS, "monthly_budget": 500, "horizon": "months"}


def test_the_live_leaning_has_a_one_line_bar_for_phones(reviewed: Client) -> None:
    step = parse(reviewed.get("/q/details/"))
    panel = parse(reviewed.post("/q/leaning/", {"step": "business", "stage": "idea"}, **HTMX))

    bar = step.one("#leaning-bar")
    assert (bar.tag, bar.get("aria-hidden"), bar.text) == (
        "p",
        "true",
        "Leaning so far: Blend organic work with paid ads",
    )
    assert panel.one("#leaning-bar").get("hx-swap-oob") == "true"
    assert panel.one("#leaning-bar").text == "Leaning so far: Start with organic work (SMO)"


def test_result_leads_with_verdict_money_hours_and_first_actions(client: Client, default_weight_set) -> None:
    stored = ResponseFactory(weight_set=default_weight_set)
    rec = stored.recommendation

    page = parse(client.get(f"/r/{stored.token}/"))

    result = page.one(".result")
    assert [element.get("class") for element in result.elements][1:6] == [
        "verdict verdict--blend",
        "first-steps",
        "keep",
        "email-slot",
        "why",
    ]
    assert result.one("h1").text == "Blend organic work with paid ads"
    assert [(item.one("dt").text, item.one("dd").text) for item in result.all(".figures__item")] == [
        ("On ads", f"{rec['split']['monthly_ad_spend']:,.0f} USD a month"),
        ("On content, tools or help", "200 USD a month"),
        ("Posting and replies", "4 hours a week"),
        ("Running the ads", "1.5 hours a week"),
    ]
    assert result.one(".first-steps h2").text == "Your next 30 days"
    assert result.texts(".first-steps li")[0] == rec["plan"][0]["actions"][0]
    assert len(result.all(".why li.factor")) == len(rec["factors"])
    assert len(result.all(".why details.more-reasons li.factor")) == len(rec["factors"]) - 3
    assert "Score" not in page.text


def test_an_organic_first_result_has_no_paid_card_of_zeros(client: Client, default_weight_set) -> None:
    stored = ResponseFactory(
        weight_set=default_weight_set,
        answer_values={"stage": "idea", "monthly_budget": 0, "horizon": "long_term", "experience": "none"},
    )

    page = parse(client.get(f"/r/{stored.token}/"))

    assert [(item.one("dt").text, item.one("dd").text) for item in page.all(".figures__item")] == [
        ("On ads", "Nothing for now"),
        ("Posting and replies", "6 hours a week"),
    ]
    assert page.texts(".split__card h3") == ["Organic work"]
    assert page.texts(".split p")[:3] == [
        "No money needed: your time does the work",
        "6 hours a week of posting and replies",
        "No paid ads for now: the plan below says when they start to make sense.",
    ]
