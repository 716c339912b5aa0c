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

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Blend organic work with paid ads" in body
    assert 'role="img"' in body  # the meter
    assert "Where your answers point: slightly toward paid ads." in body
    assert "Score" not in body
    assert "Partly done profiles lose the visitors" in body
    assert (
        "With a monthly budget of 214 USD or less (now 400 USD), the advice would be: Start with organic work (SMO)."
        in body
    )
    assert "Finish your profiles" in body
    assert "220 USD a month on ads" in body
    assert stored.recommendation["warnings"][0]["code"] == "ads_narrowed"
    assert stored.recommendation["warnings"][0]["message"] in body


def test_factors_are_listed_biggest_first(client: Client, stored: Response) -> None:
    body = client.get(f"/r/{stored.token}/").content.decode()

    positions = [body.index(row["reason"]) for row in stored.recommendation["factors"]]
    assert positions == sorted(positions)


def test_result_page_offers_the_share_link(client: Client, stored: Response) -> None:
    response = client.get(f"/r/{stored.token}/")

    body = response.content.decode()
    assert f'value="http://testserver/r/{stored.token}/"' in body
    assert "data-copy" in body


def test_result_page_is_private(client: Client, stored: Response) -> None:
    response = client.get(f"/r/{stored.token}/")

    body = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "private" in response["Cache-Control"]


def test_result_page_shows_the_stored_snapshot_not_a_new_score(client: Client, stored: Response) -> None:
    snapshot = dict(stored.recommendation)
    snapshot["factors"] = [dict(row) for row in snapshot["factors"]]
    snapshot["factors"][0]["reason"] = "A reason written when the advice was given."
    stored.recommendation = snapshot
    stored.save()

    body = client.get(f"/r/{stored.token}/").content.decode()

    assert "A reason written when the advice was given." in body


def test_result_page_says_nothing_about_rescoring_while_the_weights_are_the_same(
    client: Client, stored: Response
) -> None:
    body = client.get(f"/r/{stored.token}/").content.decode()

    assert "We have updated how the advice is worked out" not in body


def test_result_page_offers_the_rescored_view_when_the_weights_changed(
    client: Client, stored: Response, default_weight_set: WeightSet
) -> None:
    activate_new_weights(default_weight_set, smo_below=0.2, smm_from=0.5)

    body = client.get(f"/r/{stored.token}/").content.decode()

    assert "We have updated how the advice is worked out" in body
    assert "scoring version" not in body
    assert "Blend organic work with paid ads" in body  # the snapshot
    assert "Start with organic work (SMO)" in body  # re-scored with the stricter thresholds
    assert "<strong>Start with organic work (SMO)</strong> — different from your saved advice." in body
    assert f'href="/r/{stored.token}/what-if/?stage=growing&amp;monthly_budget=400&amp;' in body


def test_a_page_seen_before_the_weights_changed_shows_the_change_afterwards(
    client: Client, stored: Response, default_weight_set: WeightSet
) -> None:
    before = client.get(f"/r/{stored.token}/").content.decode()
    activate_new_weights(default_weight_set, smo_below=0.2, smm_from=0.5)

    after = client.get(f"/r/{stored.token}/").content.decode()

    assert (
        "We have updated how the advice is worked out" in before,
        "We have updated how the advice is worked out" in after,
    ) == (False, True)


def test_the_cached_result_page_holds_nothing_of_the_visitor(stored: Response, admin_user) -> None:
    stranger, owner_with_progress, staff = Client(), Client(), Client()
    owner_with_progress.post("/q/business/", {"stage": "growing", "experience": "basic"})
    staff.force_login(admin_user)

    pages = [client.get(f"/r/{stored.token}/") for client in (stranger, owner_with_progress, staff)]

    assert pages[0].content == pages[1].content == pages[2].content
    assert [dict(page.cookies) for page in pages] == [{}, {}, {}]
    assert "csrf" not in pages[0].content.decode().lower()


def test_start_again_from_a_what_if_works_with_csrf_enforced(stored: Response) -> None:
    """The result page carries no CSRF token; the what-if fragment brings its own with the form."""
    browser = Client(enforce_csrf_checks=True)
    browser.get(f"/r/{stored.token}/")
    fragment = browser.get(
        f"/r/{stored.token}/what-if/",
        {**ANSWERS.model_dump(mode="json", exclude_none=True), "monthly_budget": "0"},
        **HTMX,
    ).content.decode()
    token = fragment.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    hidden = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', fragment))

    response = browser.post("/q/prefill/", {**hidden, "csrfmiddlewaretoken": token})

    assert (response.status_code, response["Location"]) == (HTTPStatus.FOUND, "/q/review/")


def test_the_share_link_follows_the_address_the_page_was_opened_at(stored: Response) -> None:
    local = Client(HTTP_HOST="localhost").get(f"/r/{stored.token}/").content.decode()
    loopback = Client(HTTP_HOST="127.0.0.1").get(f"/r/{stored.token}/").content.decode()

    assert f'value="http://localhost/r/{stored.token}/"' in local
    assert f'value="http://127.0.0.1/r/{stored.token}/"' in loopback


def test_unknown_token_is_the_styled_404_page(client: Client, default_weight_set) -> None:
    response = client.get("/r/not-a-real-token-at-all/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "We could not find that page" in response.content.decode()


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
    assert len(first.token) >= 22  # at least 128 bits in URL-safe base64


# What-if ---------------------------------------------------------------------------------------------------

WHAT_IF = {"stage": "idea", "monthly_budget": "0", "horizon": "long_term", "experience": "none"}


def test_what_if_as_a_full_page_shows_the_saved_advice_and_the_what_if(
    client: Client, stored: Response
) -> None:
    response = client.get(f"/r/{stored.token}/what-if/", WHAT_IF)

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert body.startswith("<!doctype html>")
    assert "What-if · not saved" in body
    assert "Blend organic work with paid ads" in body  # the saved verdict stays
    assert "Start with organic work (SMO)" in body  # the what-if verdict
    assert "Instead of your saved advice: Blend organic work with paid ads." in body
    assert (
        '<tr class="compare__changed"><th scope="row">On ads</th><td>220 USD a month</td><td>Nothing for now</td></tr>'
        in body
    )
    assert 'value="0"' in body


def test_what_if_via_htmx_is_only_the_what_if_fragment(client: Client, stored: Response) -> None:
    response = client.get(f"/r/{stored.token}/what-if/", WHAT_IF, **HTMX)

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert body.lstrip().startswith('<p id="what-if-status"')
    assert (
        'hx-swap-oob="true">What-if, not saved: Start with organic work (SMO), instead of Blend organic work'
        " with paid ads. Ads: 220 USD a month less. Content, tools or help: 180 USD a month less."
        " 0.5 hours a week more. A different plan for the first 30 days.</p>"
    ) in body
    assert '<div id="what-if-result"' in body
    assert "<html" not in body
    assert "Start with organic work (SMO)" in body
    assert "Not selling yet: the first job is to find your voice" in body  # the reasons update too
    assert "HX-Request" in response["Vary"]


def test_what_if_never_stores_anything(client: Client, stored: Response) -> None:
    before = Response.objects.get(pk=stored.pk).recommendation

    client.get(f"/r/{stored.token}/what-if/", WHAT_IF)

    assert Response.objects.count() == 1
    assert Response.objects.get(pk=stored.pk).recommendation == before


def test_what_if_matches_the_engine(client: Client, stored: Response) -> None:
    expected = recommend(
        Answers(**{**WHAT_IF, "monthly_budget": 0}), DEFAULT_WEIGHTS, currency=settings.SITE_CURRENCY
    )

    body = client.get(f"/r/{stored.token}/what-if/", WHAT_IF, **HTMX).content.decode()

    assert f"Where your answers point: {describe_score(expected.score)}." in body
    assert f'<h3 class="what-if__verdict">{VERDICT_LABELS[expected.verdict]}</h3>' in body


def test_what_if_offers_to_start_again_with_its_answers(client: Client, stored: Response) -> None:
    body = client.get(f"/r/{stored.token}/what-if/", WHAT_IF, **HTMX).content.decode()

    assert 'action="/q/prefill/"' in body
    assert '<input type="hidden" name="stage" value="idea">' in body


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

    body = response.content.decode()
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "Some answers above are not valid" in body


def test_what_if_errors_sit_next_to_the_field_on_the_full_page(client: Client, stored: Response) -> None:
    body = client.get(f"/r/{stored.token}/what-if/", {**WHAT_IF, "monthly_budget": "-1"}).content.decode()

    assert 'id="wi-monthly_budget_error"' in body
    assert "Enter 0 or more." in body


def test_what_if_for_an_unknown_token_is_404(client: Client, default_weight_set) -> None:
    response = client.get("/r/unknown-token/what-if/", WHAT_IF)

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_colliding_share_token_is_drawn_again(stored: Response, monkeypatch: pytest.MonkeyPatch) -> None:
    field = Response._meta.get_field("token")
    tokens = iter([stored.token, "a-fresh-token"])
    monkeypatch.setitem(field.__dict__, "_get_default", lambda: next(tokens))
    monkeypatch.setattr("questionnaire.services.new_share_token", lambda: next(tokens))

    second = store_response(ANSWERS, nonce="another visitor")

    assert (second.token, Response.objects.count()) == ("a-fresh-token", 2)
