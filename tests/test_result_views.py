"""View tests for the result page, its what-if panel and share links."""

import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.test import Client

from advisor.domain import Answers
from advisor.models import WeightSet, weights_to_data
from advisor.scoring import recommend
from advisor.vocabulary import VERDICT_LABELS
from advisor.weights import DEFAULT_WEIGHTS
from questionnaire.models import Response
from questionnaire.services import store_response
from questionnaire.templatetags.advice import describe_score
from tests.markup import parse

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
ANSWERS = Answers(
    stage="growing",
    monthly_budget=400,
    horizon="months",
    experience="basic",
    profiles="partial",
    reach="national",
)


@pytest.fixture
def stored(default_weight_set) -> Response:
    return store_response(ANSWERS, nonce="test")


def activate_new_weights(default_weight_set: WeightSet, **changes: float) -> WeightSet:
    default_weight_set.status = WeightSet.Status.RETIRED
    default_weight_set.save()
    data = {**weights_to_data(DEFAULT_WEIGHTS), **changes}
    return WeightSet.objects.create(
        version=WeightSet.next_version(), status=WeightSet.Status.ACTIVE, data=data
    )


def test_result_page_shows_the_verdict_meter_reasons_flip_plan_and_split(
    client: Client, stored: Response
) -> None:
    response = client.get(f"/r/{stored.token}/")

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert page.one("h1").text == "Blend organic work with paid ads"
    assert page.one(".why figure svg[role=img]").get("aria-label") == (
        "Where your answers point: slightly toward paid ads"
    )
    assert "Score" not in page.text
    assert page.texts(".why .factor__reason")[:3] == [
        "Results in 1–3 months allow some organic growth, but ads speed things up.",
        "A growing business with customers gives paid reach something solid to build on.",
        "Partly done profiles lose the visitors ads would bring; finishing them comes first.",
    ]
    assert page.texts(".flips li") == [
        "With a monthly budget of 214 USD or less (now 400 USD), the advice would be:"
        " Start with organic work (SMO). Try it",
        "If results could come in 3–6 months rather than in 1–3 months, the advice would be:"
        " Start with organic work (SMO). Try it",
    ]
    assert page.texts(".plan .phase__title") == [
        "Week 1–2 Learn the basics, or get help",
        "Week 1 Finish your profiles",
        "Week 1 Define who the ads are for",
        "Week 3+ Build an organic rhythm",
        "Week 3–6 Test small paid campaigns",
        "Week 7+ Review and scale what works",
    ]
    assert page.texts(".split__card p") == [
        "180 USD a month for content, tools or help",
        "4 hours a week of posting and replies",
        "220 USD a month on ads",
        "1.5 hours a week running campaigns",
    ]
    assert page.texts(".warnings li") == [warning["message"] for warning in stored.recommendation["warnings"]]
    assert [warning["code"] for warning in stored.recommendation["warnings"]] == [
        "ads_narrowed",
        "paid_for_beginner",
    ]


def test_factors_are_listed_biggest_first(client: Client, stored: Response) -> None:
    page = parse(client.get(f"/r/{stored.token}/"))

    assert page.texts(".why .factor__reason") == [row["reason"] for row in stored.recommendation["factors"]]
    assert page.texts(".why .factor__name") == [
        "Time to results: In 1–3 months",
        "Business stage: Growing",
        "Social profiles: Partly done",
        "Marketing experience: A little",
        "Customer area: National",
        "Monthly budget: 400 USD a month",
    ]


def test_result_page_offers_the_share_link(client: Client, stored: Response) -> None:
    response = client.get(f"/r/{stored.token}/")

    page = parse(response)
    assert page.one("#share-link").get("value") == f"http://testserver/r/{stored.token}/"
    assert page.one("button[data-copy]").get("data-copy") == "share-link"


def test_result_page_is_private(client: Client, stored: Response) -> None:
    response = client.get(f"/r/{stored.token}/")

    page = parse(response)
    assert page.one("meta[name=robots]").get("content") == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "private"


def test_result_page_shows_the_stored_snapshot_not_a_new_score(client: Client, stored: Response) -> None:
    snapshot = dict(stored.recommendation)
    snapshot["factors"] = [dict(row) for row in snapshot["factors"]]
    snapshot["factors"][0]["reason"] = "A reason written when the advice was given."
    stored.recommendation = snapshot
    stored.save()

    page = parse(client.get(f"/r/{stored.token}/"))

    assert page.texts(".why .factor__reason")[0] == "A reason written when the advice was given."


def test_result_page_says_nothing_about_rescoring_while_the_weights_are_the_same(
    client: Client, stored: Response
) -> None:
    page = parse(client.get(f"/r/{stored.token}/"))

    assert page.all(".rescored") == []
    assert page.one("h1").text == "Blend organic work with paid ads"


def test_result_page_offers_the_rescored_view_when_the_weights_changed(
    client: Client, stored: Response, default_weight_set: WeightSet
) -> None:
    activate_new_weights(default_weight_set, smo_below=0.2, smm_from=0.5)

    page = parse(client.get(f"/r/{stored.token}/"))

    assert page.one(".rescored h2").text == "We have updated how the advice is worked out"
    assert "scoring version" not in page.text
    assert page.one("h1").text == "Blend organic work with paid ads"  # the snapshot
    # re-scored with the stricter thresholds
    assert page.one(".rescored__verdict").text == (
        "Start with organic work (SMO) — different from your saved advice."
    )
    assert page.hrefs(".rescored a") == [
        f"/r/{stored.token}/what-if/?stage=growing&monthly_budget=400&horizon=months&experience=basic"
        "&profiles=partial&reach=national#what-if-result"
    ]


def test_a_page_seen_before_the_weights_changed_shows_the_change_afterwards(
    client: Client, stored: Response, default_weight_set: WeightSet
) -> None:
    before = parse(client.get(f"/r/{stored.token}/"))
    activate_new_weights(default_weight_set, smo_below=0.2, smm_from=0.5)

    after = parse(client.get(f"/r/{stored.token}/"))

    assert (before.texts(".rescored h2"), after.texts(".rescored h2")) == (
        [],
        ["We have updated how the advice is worked out"],
    )


def test_the_cached_result_page_holds_nothing_of_the_visitor(stored: Response, admin_user) -> None:
    stranger, owner_with_progress, staff = Client(), Client(), Client()
    owner_with_progress.post("/q/business/", {"stage": "growing", "experience": "basic"})
    staff.force_login(admin_user)

    pages = [client.get(f"/r/{stored.token}/") for client in (stranger, owner_with_progress, staff)]

    assert pages[0].content == pages[1].content == pages[2].content
    assert [dict(page.cookies) for page in pages] == [{}, {}, {}]
    assert parse(pages[0]).all("input[name=csrfmiddlewaretoken]") == []
    assert "csrf" not in pages[0].content.decode().lower()


def test_start_again_from_a_what_if_works_with_csrf_enforced(stored: Response) -> None:
    """The result page carries no CSRF token; the what-if fragment brings its own with the form."""
    browser = Client(enforce_csrf_checks=True)
    browser.get(f"/r/{stored.token}/")
    fragment = parse(
        browser.get(
            f"/r/{stored.token}/what-if/",
            {**ANSWERS.model_dump(mode="json", exclude_none=True), "monthly_budget": "0"},
            **HTMX,
        )
    )
    # What the browser sends: every hidden field of the form, the CSRF token among them.
    hidden = {
        field.get("name"): field.get("value")
        for field in fragment.all("form.what-if__restart input[type=hidden]")
    }

    response = browser.post("/q/prefill/", hidden)

    assert (response.status_code, response["Location"]) == (HTTPStatus.FOUND, "/q/review/")


def test_the_share_link_follows_the_address_the_page_was_opened_at(stored: Response) -> None:
    local = parse(Client(HTTP_HOST="localhost").get(f"/r/{stored.token}/"))
    loopback = parse(Client(HTTP_HOST="127.0.0.1").get(f"/r/{stored.token}/"))

    assert local.one("#share-link").get("value") == f"http://localhost/r/{stored.token}/"
    assert loopback.one("#share-link").get("value") == f"http://127.0.0.1/r/{stored.token}/"


def test_unknown_token_is_the_styled_404_page(client: Client, default_weight_set) -> None:
    response = client.get("/r/not-a-real-token-at-all/")

    page = parse(response)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert page.one("h1").text == "We could not find that page"
    assert page.one("head title").text == "Page not found — SMO or SMM?"


def test_an_overlong_token_is_the_404_page(client: Client, default_weight_set) -> None:
    response = client.get(f"/r/{'a' * 300}/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_numeric_id_is_not_a_share_link(client: Client, stored: Response) -> None:
    response = client.get(f"/r/{stored.pk}/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_tokens_are_unguessable_and_unique(default_weight_set) -> None:
    first = store_response(ANSWERS, nonce="a")
    second = store_response(ANSWERS, nonce="b")

    assert first.token != second.token
    # at least 128 bits in URL-safe base64
    assert [
        re.fullmatch(r"[A-Za-z0-9_-]{22,}", token) is not None for token in (first.token, second.token)
    ] == [
        True,
        True,
    ]


# What-if ---------------------------------------------------------------------------------------------------

WHAT_IF = {"stage": "idea", "monthly_budget": "0", "horizon": "long_term", "experience": "none"}


def test_what_if_as_a_full_page_shows_the_saved_advice_and_the_what_if(
    client: Client, stored: Response
) -> None:
    response = client.get(f"/r/{stored.token}/what-if/", WHAT_IF)

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().startswith("<!doctype html>")
    assert page.one(".badge").text == "What-if · not saved"
    assert page.one("h1").text == "Blend organic work with paid ads"  # the saved verdict stays
    assert page.one(".what-if__verdict").text == "Start with organic work (SMO)"
    assert (
        page.texts(".what-if__summary p")[1]
        == "Instead of your saved advice: Blend organic work with paid ads."
    )
    assert [row.text for row in page.all(".compare tr.compare__changed")][:3] == [
        "Advice Blend organic work with paid ads Start with organic work (SMO)",
        "On ads 220 USD a month Nothing for now",
        "Hours 5.5 hours a week 6 hours a week",
    ]
    assert page.one(".what-if__form input[name=monthly_budget]").get("value") == "0"


def test_what_if_via_htmx_is_only_the_what_if_fragment(client: Client, stored: Response) -> None:
    response = client.get(f"/r/{stored.token}/what-if/", WHAT_IF, **HTMX)

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert [(element.tag, element.get("id")) for element in page.elements] == [
        ("p", "what-if-status"),
        ("div", "what-if-result"),
    ]
    assert page.one("#what-if-status").get("hx-swap-oob") == "true"
    assert page.one("#what-if-status").text == (
        "What-if, not saved: Start with organic work (SMO), instead of Blend organic work"
        " with paid ads. Ads: 220 USD a month less. Content, tools or help: 180 USD a month less."
        " 0.5 hours a week more. A different plan for the first 30 days."
    )
    assert page.one("#what-if-result .what-if__verdict").text == "Start with organic work (SMO)"
    # the reasons update too
    assert page.texts("#what-if-result .factor__reason")[0] == (
        "Not selling yet: the first job is to find your voice and your people, which free work does best."
    )
    assert response["Vary"] == "HX-Request, Cookie"


def test_what_if_never_stores_anything(client: Client, stored: Response) -> None:
    before = Response.objects.get(pk=stored.pk).recommendation

    response = client.get(f"/r/{stored.token}/what-if/", WHAT_IF)

    assert response.status_code == HTTPStatus.OK
    assert list(Response.objects.values_list("pk", flat=True)) == [stored.pk]
    assert Response.objects.get(pk=stored.pk).recommendation == before


def test_what_if_matches_the_engine(client: Client, stored: Response) -> None:
    expected = recommend(
        Answers(**{**WHAT_IF, "monthly_budget": 0}), DEFAULT_WEIGHTS, currency=settings.SITE_CURRENCY
    )

    page = parse(client.get(f"/r/{stored.token}/what-if/", WHAT_IF, **HTMX))

    assert page.one("#what-if-result .meter__caption").text == (
        f"Where your answers point: {describe_score(expected.score)}."
    )
    assert page.one(".what-if__verdict").text == VERDICT_LABELS[expected.verdict]
    assert page.texts("#what-if-result .factor__reason") == [row.reason for row in expected.factors]


def test_what_if_offers_to_start_again_with_its_answers(client: Client, stored: Response) -> None:
    page = parse(client.get(f"/r/{stored.token}/what-if/", WHAT_IF, **HTMX))

    form = page.one("form.what-if__restart")
    assert (form.get("method"), form.get("action")) == ("post", "/q/prefill/")
    assert [(field.get("name"), field.get("value")) for field in form.all("input[type=hidden]")][1:] == [
        ("stage", "idea"),
        ("monthly_budget", "0.0"),
        ("horizon", "long_term"),
        ("experience", "none"),
    ]


@pytest.mark.parametrize("headers", [{}, HTMX])
@pytest.mark.parametrize(
    "data",
    [
        {**WHAT_IF, "stage": "empire"},
        {**WHAT_IF, "monthly_budget": "-1"},
        {**WHAT_IF, "monthly_budget": "abc"},
        {**WHAT_IF, "weekly_hours": "200"},
        {"stage": "idea"},
    ],
)
def test_what_if_with_bad_input_says_so_and_never_fails(
    client: Client, stored: Response, headers: dict, data: dict
) -> None:
    response = client.get(f"/r/{stored.token}/what-if/", data, **headers)

    page = parse(response)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert page.one("#what-if-result [role=alert]").text == (
        "Some answers above are not valid; fix them to see the what-if."
    )
    assert page.all(".what-if__verdict") == []


def test_what_if_errors_sit_next_to_the_field_on_the_full_page(client: Client, stored: Response) -> None:
    page = parse(client.get(f"/r/{stored.token}/what-if/", {**WHAT_IF, "monthly_budget": "-1"}))

    assert [(error.get("id"), error.text) for error in page.all(".what-if__form .field-error")] == [
        ("wi-monthly_budget_error", "Enter 0 or more.")
    ]


def test_what_if_for_an_unknown_token_is_404(client: Client, default_weight_set) -> None:
    response = client.get("/r/unknown-token/what-if/", WHAT_IF)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert parse(response).one("h1").text == "We could not find that page"


def test_a_colliding_share_token_is_drawn_again(stored: Response, monkeypatch: pytest.MonkeyPatch) -> None:
    field = Response._meta.get_field("token")
    tokens = iter([stored.token, "a-fresh-token"])
    monkeypatch.setitem(field.__dict__, "_get_default", lambda: next(tokens))
    monkeypatch.setattr("questionnaire.services.new_share_token", lambda: next(tokens))

    second = store_response(ANSWERS, nonce="another visitor")

    assert (second.token, Response.objects.count()) == ("a-fresh-token", 2)
