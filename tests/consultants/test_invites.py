"""Invite links: the client's side (open, brand, submit, retake, revoke) and what the consultant gets."""

import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client

from consultants.invites import INVITE_COOKIE
from consultants.models import Consultant, InvitedResult
from questionnaire.models import Response
from questionnaire.progress import Progress
from questionnaire.signals import branding_for
from tests.factories import InvitedResultFactory, InviteFactory, ResponseFactory
from tests.markup import parse

pytestmark = pytest.mark.django_db


def test_invite_token_has_at_least_128_random_bits(consultant: Consultant) -> None:
    first, second = InviteFactory(consultant=consultant), InviteFactory(consultant=consultant)

    # 32 bytes, URL-safe base64: 256 bits
    assert [
        re.fullmatch(r"[A-Za-z0-9_-]{43}", token) is not None for token in (first.token, second.token)
    ] == [
        True,
        True,
    ]
    assert first.token != second.token


def test_opening_an_invite_starts_the_questionnaire_and_remembers_the_invite(
    client: Client, consultant: Consultant
) -> None:
    invite = InviteFactory(consultant=consultant)

    response = client.get(f"/i/{invite.token}/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/q/business/"
    assert client.get("/q/business/").context["branding"]["name"] == "Dana Reyes"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_forged_invite_token_is_404(client: Client, consultant: Consultant) -> None:
    InviteFactory(consultant=consultant)

    response = client.get("/i/" + "A" * 43 + "/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert INVITE_COOKIE not in client.cookies


def test_a_revoked_invite_shows_a_clear_closed_page(client: Client, consultant: Consultant) -> None:
    invite = InviteFactory(consultant=consultant, revoked_at="2026-01-01T00:00:00Z")

    response = client.get(f"/i/{invite.token}/")

    page = parse(response)
    assert response.status_code == HTTPStatus.GONE
    assert page.one("h1").text == "This link is closed"
    assert page.texts("main p")[0] == (
        "Dana Reyes closed the questionnaire link you opened, so answers can no longer be sent to them"
        " through it. Results you already sent are not affected."
    )
    assert client.cookies[INVITE_COOKIE].value == ""  # any earlier invite is forgotten


def test_an_invite_of_a_deactivated_consultant_is_404(client: Client, consultant: Consultant) -> None:
    invite = InviteFactory(consultant=consultant)
    consultant.user.is_active = False
    consultant.user.save()

    response = client.get(f"/i/{invite.token}/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert INVITE_COOKIE not in client.cookies


def test_the_questionnaire_shows_the_branding_and_who_will_see_the_result(
    client: Client, consultant: Consultant, default_weight_set
) -> None:
    invite = InviteFactory(consultant=consultant, label="Bloom Bakery")
    client.get(f"/i/{invite.token}/")

    page = client.get("/q/business/")

    brand = parse(page).one(".consultant-brand")
    assert page.status_code == HTTPStatus.OK
    assert brand.get("aria-label") == "Sent by Dana Reyes"
    assert brand.texts("p") == [
        "Dana Reyes · North Star Marketing",
        "Dana Reyes sent you this questionnaire and will see your answers and the advice"
        " (filed under “Bloom Bakery”).",
        "Contact: hello@northstar.example",
    ]


def test_without_an_invite_the_questionnaire_has_no_branding(client: Client, default_weight_set) -> None:
    page = client.get("/q/business/")

    assert "branding" not in page.context
    assert parse(page).all(".consultant-brand") == []


def test_a_forged_invite_cookie_is_ignored(client: Client, default_weight_set) -> None:
    client.cookies[INVITE_COOKIE] = "not-a-signed-value"

    page = client.get("/q/business/")

    assert parse(page).one("h1").text == "Your business"
    assert parse(page).all(".consultant-brand") == []


def test_a_result_made_through_an_invite_is_tied_to_it_and_the_consultant_is_emailed(
    client: Client, consultant: Consultant, complete_questionnaire
) -> None:
    invite = InviteFactory(consultant=consultant, label="Bloom Bakery")
    client.get(f"/i/{invite.token}/")

    submitted = complete_questionnaire(client)

    stored = Response.objects.get()
    assert submitted["Location"] == f"/r/{stored.token}/"
    invited = InvitedResult.objects.get()
    assert (invited.invite, invited.response) == (invite, stored)
    assert [message.to for message in mail.outbox] == [[consultant.user.email]]
    assert mail.outbox[0].subject == "New result from Bloom Bakery"
    assert [line for line in mail.outbox[0].body.splitlines() if line.startswith("http")] == [
        f"http://testserver/consultants/clients/{invite.public_id}/"
    ]


def test_a_result_without_an_invite_stays_anonymous(client: Client, complete_questionnaire) -> None:
    submitted = complete_questionnaire(client)

    assert submitted["Location"] == f"/r/{Response.objects.get().token}/"
    assert InvitedResult.objects.count() == 0
    assert mail.outbox == []


def test_a_resubmission_of_the_same_answers_makes_no_second_invited_result(
    client: Client, consultant: Consultant, complete_questionnaire
) -> None:
    invite = InviteFactory(consultant=consultant)
    client.get(f"/i/{invite.token}/")
    complete_questionnaire(client)

    digest = client.get("/q/review/").context["digest"]
    again = client.post("/q/submit/", {"digest": digest})

    stored = Response.objects.get()
    assert again["Location"] == f"/r/{stored.token}/"
    assert list(InvitedResult.objects.values_list("invite", "response")) == [(invite.pk, stored.pk)]
    assert len(mail.outbox) == 1


def test_the_same_client_can_retake_through_the_same_link(
    client: Client, consultant: Consultant, complete_questionnaire
) -> None:
    invite = InviteFactory(consultant=consultant)
    client.get(f"/i/{invite.token}/")
    complete_questionnaire(client)

    client.get(f"/i/{invite.token}/")
    complete_questionnaire(client, monthly_budget="2000")

    assert list(invite.results.values_list("response__monthly_budget", flat=True)) == [2000.0, 400.0]


def test_a_link_revoked_after_opening_gives_an_anonymous_result(
    client: Client, consultant: Consultant, complete_questionnaire
) -> None:
    invite = InviteFactory(consultant=consultant)
    client.get(f"/i/{invite.token}/")
    invite.revoked_at = "2026-01-01T00:00:00Z"
    invite.save()

    submitted = complete_questionnaire(client)

    assert submitted["Location"] == f"/r/{Response.objects.get().token}/"
    assert InvitedResult.objects.count() == 0


def test_leaving_the_invite_keeps_the_answers_and_drops_the_branding(
    client: Client, consultant: Consultant, default_weight_set
) -> None:
    invite = InviteFactory(consultant=consultant)
    client.get(f"/i/{invite.token}/")
    client.post("/q/business/", {"stage": "growing", "experience": "basic"})

    left = client.post("/i/leave/")
    page = client.get("/q/business/")

    assert left["Location"] == "/q/"
    assert parse(page).all(".consultant-brand") == []
    assert Progress.from_request(page.wsgi_request).answers == {"stage": "growing", "experience": "basic"}


def test_the_result_page_of_an_invited_result_shows_the_branding(
    client: Client, consultant: Consultant
) -> None:
    invited = InvitedResultFactory(invite__consultant=consultant)

    page = client.get(f"/r/{invited.response.token}/")

    html = parse(page)
    assert page.status_code == HTTPStatus.OK
    assert html.texts(".consultant-brand p") == [
        "Dana Reyes · North Star Marketing",
        "Prepared for you with Dana Reyes, who can see this result.",
        "Contact: hello@northstar.example",
    ]
    assert html.hrefs("link[rel=stylesheet]") == [
        "/static/css/site.css",
        f"/consultants/brand/{consultant.public_id}/{consultant.branding_version}.css",
    ]


def test_an_anonymous_result_page_has_no_branding(client: Client, default_weight_set) -> None:
    stored = ResponseFactory()

    page = client.get(f"/r/{stored.token}/")

    assert page.status_code == HTTPStatus.OK
    assert parse(page).all(".consultant-brand") == []
    assert parse(page).hrefs("link[rel=stylesheet]") == ["/static/css/site.css"]


def test_brand_stylesheet_carries_the_colour(client: Client, consultant: Consultant) -> None:
    consultant.brand_colour = "#123456"
    consultant.save()

    css = client.get(f"/consultants/brand/{consultant.public_id}/{consultant.branding_version}.css")

    assert css.status_code == HTTPStatus.OK
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert (
        css.text
        == ".consultant-brand{border-color:#123456}.consultant-brand__band{background:#123456;color:#fff}"
    )


def test_pdf_and_email_renderers_get_the_branding_through_the_questionnaire(consultant: Consultant) -> None:
    invited = InvitedResultFactory(invite__consultant=consultant)
    anonymous = ResponseFactory()

    branded = branding_for(invited.response)

    assert (branded["name"], branded["organisation"], branded["colour"]) == (
        "Dana Reyes",
        "North Star Marketing",
        "#1f5f4a",
    )
    assert branding_for(anonymous) == {}
