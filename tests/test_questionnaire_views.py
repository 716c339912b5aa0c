"""View tests for the questionnaire: every step on both paths (plain POST and htmx) and every kind of bad input."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.test import Client

from questionnaire.models import Response
from questionnaire.progress import PROGRESS_COOKIE, PROGRESS_SALT, answers_digest

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
BUSINESS = {"stage": "growing", "experience": "basic"}
MONEY = {"monthly_budget": "400", "horizon": "months"}
DETAILS = {"profiles": "partial", "goal": "", "audience": "clear", "reach": "national", "weekly_hours": "4"}


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

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "social media optimization" in body
    assert "social media marketing" in body
    assert "<em>management</em>" in body
    assert "about 3 minutes, or 1 if you skip the 5 optional ones" in body
    assert 'href="/q/"' in body


def test_landing_page_offers_to_continue_once_started(started: Client) -> None:
    response = started.get("/")

    body = response.content.decode()
    assert "Continue where you left off" in body
    assert 'href="/q/money-and-time/"' in body


def test_glossary_explains_the_smm_clash(client: Client) -> None:
    response = client.get("/glossary/")

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="smm-management"' in body
    assert "ROAS" in body


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
    [("/q/business/", "Your business"), ("/q/money-and-time/", "Money and time"), ("/q/details/", "Sharpen")],
)
def test_each_step_renders_as_a_full_page(required_done: Client, url: str, heading: str) -> None:
    response = required_done.get(url)

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert body.startswith("<!doctype html>")
    assert heading in body
    assert 'id="flow"' in body
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("url", "heading"),
    [("/q/business/", "Your business"), ("/q/money-and-time/", "Money and time"), ("/q/details/", "Sharpen")],
)
def test_each_step_renders_as_a_fragment_for_htmx(required_done: Client, url: str, heading: str) -> None:
    response = required_done.get(url, **HTMX)

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<!doctype html>" not in body
    assert "<html" not in body
    assert body.lstrip().startswith("<title>")
    assert heading in body
    assert response["HX-Push-Url"] == url


def test_step_shows_every_question_with_its_options_and_descriptions(
    client: Client, default_weight_set
) -> None:
    response = client.get("/q/business/")

    body = response.content.decode()
    assert "<fieldset" in body
    assert "<legend" in body
    assert "Where is your business today?" in body
    assert 'value="growing"' in body
    assert "Trading steadily, social profiles set up" in body


def test_step_shows_the_saved_answers_again(started: Client) -> None:
    response = started.get("/q/business/")

    body = response.content.decode()
    assert 'value="growing" id="id_stage_growing" checked' in body
    assert 'value="basic" id="id_experience_basic" checked' in body


def test_budget_step_offers_the_currency_and_quick_picks(started: Client) -> None:
    response = started.get("/q/money-and-time/")

    body = response.content.decode()
    assert "USD a month" in body
    assert 'data-fill="300"' in body


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
    assert "Your business" in response.content.decode()
    assert response["HX-Push-Url"] == "/q/business/"


def test_unknown_step_is_404(client: Client) -> None:
    response = client.get("/q/nonsense/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_step_answers_head_like_get(client: Client, default_weight_set) -> None:
    response = client.head("/q/business/")

    assert response.status_code == HTTPStatus.OK


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

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert response["HX-Push-Url"] == "/q/money-and-time/"
    assert "Money and time" in body
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


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
    assert "Sharpen the advice" in response.content.decode()


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
    assert "Check your answers" in response.content.decode()


def test_details_accept_every_question_skipped(required_done: Client) -> None:
    response = required_done.post("/q/details/", {})

    assert response["Location"] == "/q/review/"
    assert set(session_answers(required_done)) == {"stage", "experience", "monthly_budget", "horizon"}


def test_skipping_a_step_with_answers_asks_first_and_keeps_them(all_done: Client) -> None:
    before = session_answers(all_done)

    response = all_done.post("/q/details/", {"go": "skip", "profiles": "optimized"})

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "You have answers on this step" in body
    assert 'name="go" value="skip-clear"' in body
    assert 'value="optimized" id="id_profiles_optimized" checked' in body
    assert session_answers(all_done) == before


def test_clearing_and_skipping_a_step_clears_its_answers(all_done: Client) -> None:
    response = all_done.post("/q/details/", {"go": "skip-clear", "profiles": "optimized"})

    assert response["Location"] == "/q/review/"
    assert set(session_answers(all_done)) == {"stage", "experience", "monthly_budget", "horizon"}


def test_skipping_via_htmx_swaps_in_the_review(required_done: Client) -> None:
    response = required_done.post("/q/details/", {"go": "skip"}, **HTMX)

    assert "Check your answers" in response.content.decode()


def test_back_keeps_the_answers_given_on_the_step(started: Client) -> None:
    response = started.post("/q/money-and-time/", {"go": "back", "monthly_budget": "250"})

    assert response["Location"] == "/q/business/"
    assert session_answers(started)["monthly_budget"] == 250
    assert "horizon" not in session_answers(started)


def test_back_via_htmx_swaps_in_the_previous_step(started: Client) -> None:
    response = started.post("/q/money-and-time/", {"go": "back", "horizon": "weeks"}, **HTMX)

    assert response["HX-Push-Url"] == "/q/business/"
    assert "Your business" in response.content.decode()
    assert session_answers(started)["horizon"] == "weeks"


def test_back_from_the_first_step_returns_to_the_landing_page(client: Client, default_weight_set) -> None:
    plain = client.post("/q/business/", {"go": "back", "stage": "idea"})
    htmx = client.post("/q/business/", {"go": "back"}, **HTMX)

    assert plain["Location"] == "/"
    assert htmx["HX-Redirect"] == "/"
    assert session_answers(client) == {"stage": "idea"}


def test_back_ignores_invalid_values(started: Client) -> None:
    started.post("/q/money-and-time/", {"go": "back", "monthly_budget": "-5", "horizon": "yesterday"})

    assert "monthly_budget" not in session_answers(started)
    assert "horizon" not in session_answers(started)


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
        "Enter a number",
    ),
    (
        "/q/money-and-time/",
        {"monthly_budget": "NaN", "horizon": "months"},
        "monthly_budget",
        "Enter a number",
    ),
    ("/q/money-and-time/", {"monthly_budget": "1e40", "horizon": "months"}, "monthly_budget", "or less"),
    ("/q/money-and-time/", {"monthly_budget": "", "horizon": "months"}, "monthly_budget", "0 is fine"),
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

    body = response.content.decode()
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert f'id="id_{field}_error"' in body
    assert message in body
    assert 'role="alert"' in body
    assert session_answers(required_done) == before


@pytest.mark.parametrize(("url", "data", "field", "message"), BAD_INPUT)
def test_bad_input_via_htmx_swaps_in_the_step_with_the_message(
    required_done: Client, url: str, data: dict, field: str, message: str
) -> None:
    before = session_answers(required_done)

    response = required_done.post(url, data, **HTMX)

    body = response.content.decode()
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "<html" not in body
    assert f'id="id_{field}_error"' in body
    assert message in body
    assert response["HX-Push-Url"] == url
    assert session_answers(required_done) == before


def test_bad_input_keeps_what_was_typed(started: Client) -> None:
    response = started.post("/q/money-and-time/", {"monthly_budget": "-10", "horizon": "weeks"})

    body = response.content.decode()
    assert 'value="-10"' in body
    assert 'value="weeks" id="id_horizon_weeks" checked' in body


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_posting_straight_to_a_later_step_shows_the_skipped_step(
    client: Client, default_weight_set, headers: dict
) -> None:
    response = client.post("/q/details/", DETAILS, **headers)

    body = response.content.decode()
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "Please answer these questions first" in body
    assert "Your business" in body
    assert 'id="id_stage_error"' in body
    assert session_answers(client) == {}


def test_posting_the_second_step_before_the_first_stores_nothing(client: Client, default_weight_set) -> None:
    response = client.post("/q/money-and-time/", MONEY)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
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
    assert "Cookie" in response["Vary"]


def test_csrf_is_required_for_posts(default_weight_set) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/q/business/", BUSINESS)

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_htmx_posts_pass_csrf_with_the_header_from_the_body(default_weight_set) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/q/business/").content.decode()
    token = page.split('"X-CSRFToken": "')[1].split('"')[0]

    response = client.post("/q/business/", BUSINESS, HTTP_X_CSRFTOKEN=token, **HTMX)

    assert response.status_code == HTTPStatus.OK


# Live leaning ----------------------------------------------------------------------------------------------


def test_live_leaning_scores_the_answers_on_screen_without_saving(started: Client) -> None:
    before = session_answers(started)

    response = started.post(
        "/q/leaning/", {"step": "money-and-time", "monthly_budget": "0", "horizon": "long_term"}, **HTMX
    )

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Start with organic work (SMO)" in body
    assert "From 4 answers so far" in body
    assert "With no money for ads" in body
    assert session_answers(started) == before


def test_live_leaning_ignores_invalid_values(client: Client, default_weight_set) -> None:
    response = client.post("/q/leaning/", {"step": "business", "stage": "bogus"}, **HTMX)

    assert response.status_code == HTTPStatus.OK
    assert "As you answer" in response.content.decode()


def test_live_leaning_ignores_an_unknown_step(client: Client, default_weight_set) -> None:
    response = client.post("/q/leaning/", {"step": "../../etc", "stage": "idea"}, **HTMX)

    assert response.status_code == HTTPStatus.OK


def test_leaning_panel_follows_the_saved_answers_without_javascript(all_done: Client) -> None:
    response = all_done.get("/q/details/")

    assert "From 8 answers so far" in response.content.decode()


# Review and submit -----------------------------------------------------------------------------------------


def test_review_lists_every_answer_with_a_change_link(all_done: Client) -> None:
    response = all_done.get("/q/review/")

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "400 USD a month" in body
    assert "Partly done" in body
    assert "Skipped" in body  # the goal
    assert 'href="/q/money-and-time/?back=review&amp;focus=monthly_budget"' in body
    assert 'action="/q/submit/"' in body


def test_review_via_htmx_is_a_fragment(all_done: Client) -> None:
    response = all_done.get("/q/review/", **HTMX)

    assert "<html" not in response.content.decode()
    assert response["HX-Push-Url"] == "/q/review/"


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_review_before_the_required_steps_sends_back(started: Client, headers: dict) -> None:
    response = started.get("/q/review/", **headers)

    if headers:
        assert "Money and time" in response.content.decode()
    else:
        assert response["Location"] == "/q/money-and-time/"


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

    assert Response.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_changing_an_answer_after_submitting_stores_a_new_result(all_done: Client) -> None:
    all_done.post("/q/submit/", {"digest": review_digest(all_done)})
    all_done.post("/q/money-and-time/", {"monthly_budget": "0", "horizon": "months"})

    response = all_done.post("/q/submit/", {"digest": review_digest(all_done)})

    assert Response.objects.count() == 2
    assert Response.objects.get(token=response["Location"].split("/")[2]).verdict == "smo_first"


def test_two_browsers_with_the_same_answers_get_their_own_results(
    all_done: Client, default_weight_set
) -> None:
    other = Client()
    other.post("/q/business/", BUSINESS)
    other.post("/q/money-and-time/", MONEY)
    other.post("/q/details/", DETAILS)

    all_done.post("/q/submit/", {"digest": review_digest(all_done)})
    other.post("/q/submit/", {"digest": review_digest(other)})

    assert Response.objects.count() == 2


@pytest.mark.parametrize("data", [{"digest": "0" * 32}, {}, {"digest": "x" * 500}])
def test_submit_with_a_tampered_digest_shows_the_review_again(all_done: Client, data: dict) -> None:
    response = all_done.post("/q/submit/", data)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "Your answers changed since this page was shown" in response.content.decode()
    assert Response.objects.count() == 0


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_submit_before_answering_stores_nothing(client: Client, default_weight_set, headers: dict) -> None:
    response = client.post("/q/submit/", {"digest": answers_digest({})}, **headers)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert Response.objects.count() == 0


def test_submit_without_the_optional_step_stores_a_result(required_done: Client) -> None:
    required_done.post("/q/details/", {"go": "skip"})

    response = required_done.post("/q/submit/", {"digest": review_digest(required_done)})

    assert response.status_code == HTTPStatus.SEE_OTHER
    assert Response.objects.get().answers["profiles"] is None


def test_submit_only_accepts_post(all_done: Client) -> None:
    response = all_done.get("/q/submit/")

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_answers_survive_submitting(all_done: Client) -> None:
    before = session_answers(all_done)

    all_done.post("/q/submit/", {"digest": review_digest(all_done)})

    assert session_answers(all_done) == before
    assert "Open your latest result" in all_done.get("/").content.decode()


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
    assert client.get("/q/review/").status_code == HTTPStatus.OK


def test_prefill_with_tampered_values_stores_nothing(client: Client, default_weight_set) -> None:
    response = client.post(
        "/q/prefill/", {"stage": "idea", "monthly_budget": "-3", "horizon": "weeks", "experience": "guru"}
    )

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert session_answers(client) == {}


def test_an_htmx_history_restore_gets_the_whole_page(started: Client) -> None:
    response = started.get("/q/money-and-time/", HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)

    assert response.content.decode().startswith("<!doctype html>")


def test_the_progress_cookie_is_secure_when_cookies_must_be(
    client: Client, default_weight_set, settings
) -> None:
    settings.SESSION_COOKIE_SECURE = True

    response = client.post("/q/business/", BUSINESS)

    assert response.cookies[PROGRESS_COOKIE]["secure"] is True
