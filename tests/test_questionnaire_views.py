"""View tests for the questionnaire: every step on both paths (plain POST and htmx) and every kind of bad input."""

import json
from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.test import Client

from questionnaire.models import Response
from questionnaire.progress import PROGRESS_COOKIE, PROGRESS_SALT, answers_digest
from tests.markup import parse

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
BUSINESS = {"stage": "growing", "experience": "basic"}
MONEY = {"monthly_budget": "400", "horizon": "months"}
DETAILS = {"profiles": "partial", "goal": "", "audience": "clear", "reach": "national", "weekly_hours": "4"}
STAGE_OPTIONS = [
    ("idea", "Idea stage", "Not selling yet: you are planning, testing or about to open."),
    ("new", "New", "Selling for less than a year, or an offline business just moving online."),
    ("growing", "Growing", "Trading steadily, social profiles set up, a base of customers who come back."),
    ("established", "Established", "A proven offer and steady sales; the question now is how to scale up."),
]
STALE_REVIEW = "Your answers changed since this page was shown. Check them below, then send them again."


def progress_cookie(client: Client) -> dict:
    """What the visitor's progress cookie holds, checked as the server checks it."""
    morsel = client.cookies.get(PROGRESS_COOKIE)
    if morsel is None or not morsel.value:
        return {}
    return signing.loads(morsel.value, salt=PROGRESS_SALT, max_age=settings.SESSION_COOKIE_AGE)


def session_answers(client: Client) -> dict:
    return progress_cookie(client).get("answers", {})


@pytest.fixture
def started(client: Client, default_weight_set) -> Client:
    """A browser that has answered the first step."""
    client.post("/q/business/", BUSINESS)
    return client


@pytest.fixture
def required_done(started: Client) -> Client:
    """A browser that has answered both required steps."""
    started.post("/q/money-and-time/", MONEY)
    return started


@pytest.fixture
def all_done(required_done: Client) -> Client:
    required_done.post("/q/details/", DETAILS)
    return required_done


def review_digest(client: Client) -> str:
    return client.get("/q/review/").context["digest"]


# Landing page and glossary -------------------------------------------------------------------------------


def test_landing_page_explains_both_and_links_to_the_questionnaire(
    client: Client, default_weight_set
) -> None:
    response = client.get("/")

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert page.one("h1").text == "Organic posts or paid ads: where should your social media effort go first?"
    assert page.texts("h3") == [
        "SMO — social media optimization",
        "SMM — social media marketing",
        "“SMM” means two things — which one do we mean?",
    ]
    assert page.texts(".hero__meta") == [
        "9 questions in 3 steps and a review: about 3 minutes, or 1 if you skip the 5 optional ones"
        " · nothing to sign up for"
    ]
    assert page.hrefs("main a") == ["/q/", "/glossary/#smm-management", "/q/"]


def test_landing_page_offers_to_continue_once_started(started: Client) -> None:
    response = started.get("/")

    page = parse(response)
    assert [(link.text, link.get("href")) for link in page.all(".hero__actions a")] == [
        ("Continue where you left off", "/q/money-and-time/")
    ]
    assert page.one(".hero__actions form").get("action") == "/q/restart/"


def test_glossary_explains_the_smm_clash(client: Client) -> None:
    response = client.get("/glossary/")

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert page.one("#smm-management dt").text == "SMM — social media management (the other meaning)"
    assert page.one("#roas dt").text == "ROAS — return on ad spend"


def test_start_sends_a_new_visitor_to_the_first_step(client: Client) -> None:
    response = client.get("/q/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/q/business/"


def test_start_resumes_where_the_person_stopped(started: Client) -> None:
    response = started.get("/q/")

    assert response["Location"] == "/q/money-and-time/"


def test_start_goes_to_the_review_when_everything_is_answered(all_done: Client) -> None:
    response = all_done.get("/q/")

    assert response["Location"] == "/q/review/"


def test_restart_forgets_the_answers(all_done: Client) -> None:
    response = all_done.post("/q/restart/")

    assert response["Location"] == "/q/business/"
    assert session_answers(all_done) == {}


# Showing steps --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/q/business/", "Your business"),
        ("/q/money-and-time/", "Money and time"),
        ("/q/details/", "Sharpen the advice"),
    ],
)
def test_each_step_renders_as_a_full_page(required_done: Client, url: str, heading: str) -> None:
    response = required_done.get(url)

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().startswith("<!doctype html>")
    assert page.one("#flow h1").text == heading
    assert response["Vary"] == "HX-Request, Cookie"


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/q/business/", "Your business"),
        ("/q/money-and-time/", "Money and time"),
        ("/q/details/", "Sharpen the advice"),
    ],
)
def test_each_step_renders_as_a_fragment_for_htmx(required_done: Client, url: str, heading: str) -> None:
    response = required_done.get(url, **HTMX)

    body = response.content.decode()
    page = parse(body)
    assert response.status_code == HTTPStatus.OK
    assert page.all("html") == []
    assert body.lstrip().startswith("<title>")
    assert page.one("#flow h1").text == heading
    assert response["HX-Push-Url"] == url


def test_step_shows_every_question_with_its_options_and_descriptions(
    client: Client, default_weight_set
) -> None:
    response = client.get("/q/business/")

    page = parse(response)
    assert page.texts("fieldset legend") == [
        "Where is your business today?",
        "How much digital marketing have you (or your team) done?",
    ]
    assert [
        (
            option.one("input").get("value"),
            option.one(".option__label").text,
            option.one(".option__desc").text,
        )
        for option in page.all("#q-stage .option")
    ] == STAGE_OPTIONS


def test_step_shows_the_saved_answers_again(started: Client) -> None:
    response = started.get("/q/business/")

    page = parse(response)
    assert page.checked("stage") == ["growing"]
    assert page.checked("experience") == ["basic"]


def test_budget_step_offers_the_currency_and_quick_picks(started: Client) -> None:
    response = started.get("/q/money-and-time/")

    page = parse(response)
    assert page.one("#id_monthly_budget_unit").text == "USD a month"
    assert [chip.get("data-fill") for chip in page.all(".quick-picks button")] == [
        "0",
        "100",
        "300",
        "1000",
        "3000",
    ]


def test_later_step_redirects_to_the_first_unanswered_required_step(
    client: Client, default_weight_set
) -> None:
    response = client.get("/q/details/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/q/business/"


def test_later_step_via_htmx_shows_the_first_unanswered_required_step(
    client: Client, default_weight_set
) -> None:
    response = client.get("/q/details/", **HTMX)

    assert response.status_code == HTTPStatus.OK
    assert parse(response).one("#flow h1").text == "Your business"
    assert response["HX-Push-Url"] == "/q/business/"


def test_unknown_step_is_404(client: Client) -> None:
    response = client.get("/q/nonsense/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_step_answers_head_like_get(client: Client, default_weight_set) -> None:
    response = client.head("/q/business/")

    assert response.status_code == HTTPStatus.OK
    assert response.content == b""
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_step_refuses_other_methods(client: Client) -> None:
    response = client.put("/q/business/")

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


# Posting steps: the good path ------------------------------------------------------------------------------


def test_first_step_post_redirects_to_the_next_step(client: Client, default_weight_set) -> None:
    response = client.post("/q/business/", BUSINESS)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/q/money-and-time/"
    assert session_answers(client) == {"stage": "growing", "experience": "basic"}


def test_first_step_post_via_htmx_swaps_in_the_next_step(client: Client, default_weight_set) -> None:
    response = client.post("/q/business/", BUSINESS, **HTMX)

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert response["HX-Push-Url"] == "/q/money-and-time/"
    assert page.one("#flow h1").text == "Money and time"
    assert page.all("html") == []
    assert response["Vary"] == "HX-Request, Cookie"


def test_second_step_post_stores_the_budget_as_a_number(started: Client) -> None:
    response = started.post("/q/money-and-time/", {"monthly_budget": "1,500", "horizon": "weeks"})

    assert response["Location"] == "/q/details/"
    assert session_answers(started) == {
        "stage": "growing",
        "experience": "basic",
        "monthly_budget": 1500,
        "horizon": "weeks",
    }


def test_second_step_post_via_htmx_swaps_in_the_details_step(started: Client) -> None:
    response = started.post("/q/money-and-time/", MONEY, **HTMX)

    assert response["HX-Push-Url"] == "/q/details/"
    assert parse(response).one("#flow h1").text == "Sharpen the advice"


def test_details_post_goes_to_the_review(required_done: Client) -> None:
    response = required_done.post("/q/details/", DETAILS)

    assert response["Location"] == "/q/review/"
    assert session_answers(required_done) == {
        "stage": "growing",
        "experience": "basic",
        "monthly_budget": 400,
        "horizon": "months",
        "profiles": "partial",
        "audience": "clear",
        "reach": "national",
        "weekly_hours": 4,
    }


def test_details_post_via_htmx_swaps_in_the_review(required_done: Client) -> None:
    response = required_done.post("/q/details/", DETAILS, **HTMX)

    assert response["HX-Push-Url"] == "/q/review/"
    assert parse(response).one("#flow h1").text == "Check your answers"


def test_details_accept_every_question_skipped(required_done: Client) -> None:
    response = required_done.post("/q/details/", {})

    assert response["Location"] == "/q/review/"
    assert session_answers(required_done) == {
        "stage": "growing",
        "experience": "basic",
        "monthly_budget": 400,
        "horizon": "months",
    }


def test_skipping_a_step_with_answers_asks_first_and_keeps_them(all_done: Client) -> None:
    before = session_answers(all_done)

    response = all_done.post("/q/details/", {"go": "skip", "profiles": "optimized"})

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert page.one("#confirm-skip h2").text == "You have answers on this step"
    assert [(button.get("value"), button.text) for button in page.all("#confirm-skip button")] == [
        ("next", "Keep my answers and continue"),
        ("skip-clear", "Clear them and skip"),
    ]
    assert page.checked("profiles") == ["optimized"]
    assert session_answers(all_done) == before


def test_clearing_and_skipping_a_step_clears_its_answers(all_done: Client) -> None:
    response = all_done.post("/q/details/", {"go": "skip-clear", "profiles": "optimized"})

    assert response["Location"] == "/q/review/"
    assert session_answers(all_done) == {
        "stage": "growing",
        "experience": "basic",
        "monthly_budget": 400,
        "horizon": "months",
    }


def test_skipping_via_htmx_swaps_in_the_review(required_done: Client) -> None:
    response = required_done.post("/q/details/", {"go": "skip"}, **HTMX)

    assert parse(response).one("#flow h1").text == "Check your answers"
    assert response["HX-Push-Url"] == "/q/review/"


def test_back_keeps_the_answers_given_on_the_step(started: Client) -> None:
    response = started.post("/q/money-and-time/", {"go": "back", "monthly_budget": "250"})

    assert response["Location"] == "/q/business/"
    assert session_answers(started) == {"stage": "growing", "experience": "basic", "monthly_budget": 250}


def test_back_via_htmx_swaps_in_the_previous_step(started: Client) -> None:
    response = started.post("/q/money-and-time/", {"go": "back", "horizon": "weeks"}, **HTMX)

    assert response["HX-Push-Url"] == "/q/business/"
    assert parse(response).one("#flow h1").text == "Your business"
    assert session_answers(started) == {"stage": "growing", "experience": "basic", "horizon": "weeks"}


def test_back_from_the_first_step_returns_to_the_landing_page(client: Client, default_weight_set) -> None:
    plain = client.post("/q/business/", {"go": "back", "stage": "idea"})
    htmx = client.post("/q/business/", {"go": "back"}, **HTMX)

    assert plain["Location"] == "/"
    assert htmx["HX-Redirect"] == "/"
    assert session_answers(client) == {"stage": "idea"}


def test_back_ignores_invalid_values(started: Client) -> None:
    response = started.post(
        "/q/money-and-time/", {"go": "back", "monthly_budget": "-5", "horizon": "yesterday"}
    )

    assert response["Location"] == "/q/business/"
    assert session_answers(started) == {"stage": "growing", "experience": "basic"}


# Posting steps: bad input ---------------------------------------------------------------------------------

BAD_INPUT = [
    ("/q/business/", {"stage": "megacorp", "experience": "basic"}, "stage", "Choose one of the options."),
    ("/q/business/", {"experience": "basic"}, "stage", "Choose one of the options."),
    (
        "/q/money-and-time/",
        {"monthly_budget": "-10", "horizon": "months"},
        "monthly_budget",
        "Enter 0 or more.",
    ),
    (
        "/q/money-and-time/",
        {"monthly_budget": "lots", "horizon": "months"},
        "monthly_budget",
        "Enter a number of USD, like 250.",
    ),
    (
        "/q/money-and-time/",
        {"monthly_budget": "NaN", "horizon": "months"},
        "monthly_budget",
        "Enter a number of USD, like 250.",
    ),
    (
        "/q/money-and-time/",
        {"monthly_budget": "1e40", "horizon": "months"},
        "monthly_budget",
        "Enter 10,000,000 USD or less.",
    ),
    (
        "/q/money-and-time/",
        {"monthly_budget": "", "horizon": "months"},
        "monthly_budget",
        "Enter an amount in USD; 0 is fine.",
    ),
    (
        "/q/money-and-time/",
        {"monthly_budget": "100", "horizon": "soon"},
        "horizon",
        "Choose one of the options.",
    ),
    ("/q/details/", {"profiles": "perfect"}, "profiles", "Choose one of the options."),
    ("/q/details/", {"weekly_hours": "81"}, "weekly_hours", "Enter 80 hours or less."),
    ("/q/details/", {"weekly_hours": "-1"}, "weekly_hours", "Enter 0 or more."),
]


@pytest.mark.parametrize(("url", "data", "field", "message"), BAD_INPUT)
def test_bad_input_rerenders_the_step_with_the_message_by_the_field(
    required_done: Client, url: str, data: dict, field: str, message: str
) -> None:
    before = session_answers(required_done)

    response = required_done.post(url, data)

    page = parse(response)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert page.one(f"#id_{field}_error").text == f"Error: {message}"
    assert page.one("#error-summary[role=alert] h2").text == "Please check your answers"
    assert page.hrefs("#error-summary a") == [f"#q-{field}"]
    assert session_answers(required_done) == before


@pytest.mark.parametrize(("url", "data", "field", "message"), BAD_INPUT)
def test_bad_input_via_htmx_swaps_in_the_step_with_the_message(
    required_done: Client, url: str, data: dict, field: str, message: str
) -> None:
    before = session_answers(required_done)

    response = required_done.post(url, data, **HTMX)

    page = parse(response)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert page.all("html") == []
    assert page.one(f"#id_{field}_error").text == f"Error: {message}"
    assert response["HX-Push-Url"] == url
    assert session_answers(required_done) == before


def test_bad_input_keeps_what_was_typed(started: Client) -> None:
    response = started.post("/q/money-and-time/", {"monthly_budget": "-10", "horizon": "weeks"})

    page = parse(response)
    assert page.one("input[name=monthly_budget]").get("value") == "-10"
    assert page.checked("horizon") == ["weeks"]


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_posting_straight_to_a_later_step_shows_the_skipped_step(
    client: Client, default_weight_set, headers: dict
) -> None:
    response = client.post("/q/details/", DETAILS, **headers)

    page = parse(response)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert page.one("#error-summary h2").text == (
        "Please answer these questions first: the later steps build on them."
    )
    assert page.one("#flow h1").text == "Your business"
    assert page.hrefs("#error-summary a") == ["#q-stage", "#q-experience"]
    assert session_answers(client) == {}


def test_posting_the_second_step_before_the_first_stores_nothing(client: Client, default_weight_set) -> None:
    response = client.post("/q/money-and-time/", MONEY)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert parse(response).one("#flow h1").text == "Your business"
    assert session_answers(client) == {}


def test_nonsense_inside_a_validly_signed_cookie_never_breaks_the_page(
    client: Client, default_weight_set
) -> None:
    nonsense = {"answers": {"stage": "bogus", "monthly_budget": "x"}, "done": "nope", "nonce": 5}
    client.cookies[PROGRESS_COOKIE] = signing.dumps(nonsense, salt=PROGRESS_SALT)

    responses = [client.get(path) for path in ("/", "/q/business/", "/q/money-and-time/", "/q/review/")]

    # The first step is not complete (no experience), so the later pages send the visitor back to it.
    assert [(response.status_code, response.get("Location")) for response in responses] == [
        (HTTPStatus.OK, None),
        (HTTPStatus.OK, None),
        (HTTPStatus.FOUND, "/q/business/"),
        (HTTPStatus.FOUND, "/q/business/"),
    ]


def test_an_altered_progress_cookie_is_ignored_and_the_visitor_starts_afresh(started: Client) -> None:
    signed = started.cookies[PROGRESS_COOKIE].value
    value, _, signature = signed.rpartition(":")
    started.cookies[PROGRESS_COOKIE] = f"{value}:{'A' * len(signature)}"

    response = started.get("/q/money-and-time/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/q/business/"


def test_a_progress_cookie_older_than_the_session_age_is_ignored(started: Client, settings) -> None:
    settings.SESSION_COOKIE_AGE = -1  # every signature is now too old

    response = started.get("/q/money-and-time/")

    assert response["Location"] == "/q/business/"


def test_answers_are_kept_in_a_signed_http_only_cookie_not_in_the_database(
    client: Client, default_weight_set
) -> None:
    response = client.post("/q/business/", BUSINESS)

    morsel = response.cookies[PROGRESS_COOKIE]
    assert (morsel["httponly"], morsel["samesite"], morsel["max-age"]) == (
        True,
        "Lax",
        settings.SESSION_COOKIE_AGE,
    )
    assert session_answers(client) == BUSINESS
    assert Session.objects.count() == 0
    assert response["Vary"] == "Cookie"


def test_csrf_is_required_for_posts(default_weight_set) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/q/business/", BUSINESS)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert session_answers(client) == {}


def test_htmx_posts_pass_csrf_with_the_header_from_the_body(default_weight_set) -> None:
    client = Client(enforce_csrf_checks=True)
    page = parse(client.get("/q/business/"))
    token = json.loads(page.one("body").get("hx-headers"))["X-CSRFToken"]

    response = client.post("/q/business/", BUSINESS, HTTP_X_CSRFTOKEN=token, **HTMX)

    assert response.status_code == HTTPStatus.OK
    assert response["HX-Push-Url"] == "/q/money-and-time/"
    assert session_answers(client) == BUSINESS


# Live leaning ----------------------------------------------------------------------------------------------


def test_live_leaning_scores_the_answers_on_screen_without_saving(started: Client) -> None:
    before = session_answers(started)

    response = started.post(
        "/q/leaning/", {"step": "money-and-time", "monthly_budget": "0", "horizon": "long_term"}, **HTMX
    )

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert page.texts("p") == [
        "Leaning: Start with organic work (SMO)",
        "From 4 answers so far; the full advice comes after the review.",
        "With no money for ads, the advice will start with organic work.",
        "Leaning so far: Start with organic work (SMO)",
    ]
    assert session_answers(started) == before


def test_live_leaning_ignores_invalid_values(client: Client, default_weight_set) -> None:
    response = client.post("/q/leaning/", {"step": "business", "stage": "bogus"}, **HTMX)

    assert response.status_code == HTTPStatus.OK
    assert parse(response).texts(".leaning__note") == [
        "As you answer, this shows which way your answers lean: organic work or paid ads."
    ]


def test_live_leaning_ignores_an_unknown_step(client: Client, default_weight_set) -> None:
    response = client.post("/q/leaning/", {"step": "../../etc", "stage": "idea"}, **HTMX)

    assert response.status_code == HTTPStatus.OK
    assert parse(response).texts(".leaning__note") == [
        "As you answer, this shows which way your answers lean: organic work or paid ads."
    ]


def test_leaning_panel_follows_the_saved_answers_without_javascript(all_done: Client) -> None:
    response = all_done.get("/q/details/")

    assert parse(response).texts("#leaning-body .leaning__note") == [
        "From 8 answers so far; the full advice comes after the review."
    ]


# Review and submit -----------------------------------------------------------------------------------------


def test_review_lists_every_answer_with_a_change_link(all_done: Client) -> None:
    response = all_done.get("/q/review/")

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert [
        (row.one("dt").text, row.all("dd")[0].text, row.one("dd a").get("href"))
        for row in page.all(".review-list__row")
    ] == [
        ("Business stage", "Growing", "/q/business/?back=review&focus=stage"),
        ("Marketing experience", "A little", "/q/business/?back=review&focus=experience"),
        ("Monthly budget", "400 USD a month", "/q/money-and-time/?back=review&focus=monthly_budget"),
        ("Time to results", "In 1–3 months", "/q/money-and-time/?back=review&focus=horizon"),
        ("Social profiles", "Partly done", "/q/details/?back=review&focus=profiles"),
        ("Target audience", "Clearly", "/q/details/?back=review&focus=audience"),
        ("Main goal", "Skipped", "/q/details/?back=review&focus=goal"),
        ("Customer area", "National", "/q/details/?back=review&focus=reach"),
        ("Hours a week", "4 hours a week", "/q/details/?back=review&focus=weekly_hours"),
    ]
    assert page.one("form.submit-form").get("action") == "/q/submit/"


def test_review_via_htmx_is_a_fragment(all_done: Client) -> None:
    response = all_done.get("/q/review/", **HTMX)

    page = parse(response)
    assert page.all("html") == []
    assert page.one("#flow h1").text == "Check your answers"
    assert response["HX-Push-Url"] == "/q/review/"


def test_review_before_the_required_steps_sends_back(started: Client) -> None:
    response = started.get("/q/review/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/q/money-and-time/"


def test_review_via_htmx_before_the_required_steps_shows_the_missing_step(started: Client) -> None:
    response = started.get("/q/review/", **HTMX)

    assert response.status_code == HTTPStatus.OK
    assert parse(response).one("#flow h1").text == "Money and time"
    assert response["HX-Push-Url"] == "/q/money-and-time/"


def test_review_before_the_optional_step_sends_to_it(required_done: Client) -> None:
    response = required_done.get("/q/review/")

    assert response["Location"] == "/q/details/"


def test_submit_stores_the_answers_and_the_advice_and_redirects_to_the_result(
    all_done: Client, default_weight_set
) -> None:
    digest = review_digest(all_done)

    response = all_done.post("/q/submit/", {"digest": digest})

    stored = Response.objects.get()
    assert response.status_code == HTTPStatus.SEE_OTHER
    assert response["Location"] == f"/r/{stored.token}/"
    assert len(stored.token) >= 43
    assert stored.answers == {
        "stage": "growing",
        "monthly_budget": 400.0,
        "horizon": "months",
        "experience": "basic",
        "profiles": "partial",
        "goal": None,
        "audience": "clear",
        "reach": "national",
        "weekly_hours": 4.0,
    }
    assert stored.verdict == stored.recommendation["verdict"]
    assert stored.score == stored.recommendation["score"]
    assert stored.stage == "growing"
    assert stored.monthly_budget == 400.0
    assert stored.weight_set == default_weight_set
    assert stored.weights_version == default_weight_set.version
    assert stored.recommendation["weights_version"] == default_weight_set.version


def test_submitting_twice_stores_one_result(all_done: Client) -> None:
    digest = review_digest(all_done)

    first = all_done.post("/q/submit/", {"digest": digest})
    second = all_done.post("/q/submit/", {"digest": digest})

    stored = Response.objects.get()
    assert first["Location"] == f"/r/{stored.token}/"
    assert second["Location"] == f"/r/{stored.token}/"


def test_changing_an_answer_after_submitting_stores_a_new_result(all_done: Client) -> None:
    all_done.post("/q/submit/", {"digest": review_digest(all_done)})
    all_done.post("/q/money-and-time/", {"monthly_budget": "0", "horizon": "months"})

    response = all_done.post("/q/submit/", {"digest": review_digest(all_done)})

    newest = Response.objects.order_by("-created_at", "-pk").first()
    assert response["Location"] == f"/r/{newest.token}/"
    assert list(Response.objects.order_by("created_at", "pk").values_list("verdict", "monthly_budget")) == [
        ("blended", 400.0),
        ("smo_first", 0.0),
    ]


def test_two_browsers_with_the_same_answers_get_their_own_results(
    all_done: Client, default_weight_set
) -> None:
    other = Client()
    other.post("/q/business/", BUSINESS)
    other.post("/q/money-and-time/", MONEY)
    other.post("/q/details/", DETAILS)

    mine = all_done.post("/q/submit/", {"digest": review_digest(all_done)})
    theirs = other.post("/q/submit/", {"digest": review_digest(other)})

    tokens = set(Response.objects.values_list("token", flat=True))
    assert {mine["Location"], theirs["Location"]} == {f"/r/{token}/" for token in tokens}
    assert len(tokens) == 2


@pytest.mark.parametrize("data", [{"digest": "0" * 32}, {}, {"digest": "x" * 500}])
def test_submit_with_a_tampered_digest_shows_the_review_again(all_done: Client, data: dict) -> None:
    response = all_done.post("/q/submit/", data)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert parse(response).one("#error-summary h2").text == STALE_REVIEW
    assert Response.objects.count() == 0


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_submit_before_answering_stores_nothing(client: Client, default_weight_set, headers: dict) -> None:
    response = client.post("/q/submit/", {"digest": answers_digest({})}, **headers)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert parse(response).one("#flow h1").text == "Your business"
    assert Response.objects.count() == 0


def test_submit_without_the_optional_step_stores_a_result(required_done: Client) -> None:
    required_done.post("/q/details/", {"go": "skip"})

    response = required_done.post("/q/submit/", {"digest": review_digest(required_done)})

    stored = Response.objects.get()
    assert response.status_code == HTTPStatus.SEE_OTHER
    assert response["Location"] == f"/r/{stored.token}/"
    assert stored.answers == {
        "stage": "growing",
        "monthly_budget": 400.0,
        "horizon": "months",
        "experience": "basic",
        "profiles": None,
        "goal": None,
        "audience": None,
        "reach": None,
        "weekly_hours": None,
    }


def test_submit_only_accepts_post(all_done: Client) -> None:
    response = all_done.get("/q/submit/")

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert Response.objects.count() == 0


def test_answers_survive_submitting(all_done: Client) -> None:
    before = session_answers(all_done)

    all_done.post("/q/submit/", {"digest": review_digest(all_done)})

    stored = Response.objects.get()
    assert session_answers(all_done) == before
    assert [(link.text, link.get("href")) for link in parse(all_done.get("/")).all(".hero__meta a")] == [
        ("Open your latest result", f"/r/{stored.token}/")
    ]


# Start again from a what-if ------------------------------------------------------------------------------


def test_prefill_loads_complete_answers_and_opens_the_review(client: Client, default_weight_set) -> None:
    response = client.post(
        "/q/prefill/", {"stage": "idea", "monthly_budget": "0", "horizon": "weeks", "experience": "none"}
    )

    assert response["Location"] == "/q/review/"
    assert session_answers(client) == {
        "stage": "idea",
        "monthly_budget": 0,
        "horizon": "weeks",
        "experience": "none",
    }
    assert parse(client.get("/q/review/")).one("#flow h1").text == "Check your answers"


def test_prefill_with_tampered_values_stores_nothing(client: Client, default_weight_set) -> None:
    response = client.post(
        "/q/prefill/", {"stage": "idea", "monthly_budget": "-3", "horizon": "weeks", "experience": "guru"}
    )

    page = parse(response)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert page.one("h1").text == "These answers could not be used"
    assert page.texts(".error-summary li") == [
        "monthly_budget: Enter 0 or more.",
        "experience: Choose one of the options.",
    ]
    assert session_answers(client) == {}


def test_an_htmx_history_restore_gets_the_whole_page(started: Client) -> None:
    response = started.get("/q/money-and-time/", HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)

    assert response.content.decode().startswith("<!doctype html>")
    assert parse(response).one("head title").text == "Money and time — step 2 of 4 — SMO or SMM?"


def test_the_progress_cookie_is_secure_when_cookies_must_be(
    client: Client, default_weight_set, settings
) -> None:
    settings.SESSION_COOKIE_SECURE = True

    response = client.post("/q/business/", BUSINESS)

    assert response.cookies[PROGRESS_COOKIE]["secure"] is True
