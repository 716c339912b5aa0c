"""Every consultant URL against its owner, another consultant, an anonymous visitor, staff and a plain user."""

from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.test import Client

from consultants.models import Consultant, Invite, Note
from tests.factories import InvitedResultFactory
from tests.markup import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(consultant: Consultant) -> dict[str, str]:
    invited = InvitedResultFactory(invite__consultant=consultant)
    return {
        "invite": str(invited.invite.public_id),
        "result": str(invited.public_id),
    }


def urls(owned: dict[str, str]) -> list[tuple[str, str, dict]]:
    return [
        ("get", "/consultants/", {}),
        ("get", "/consultants/profile/", {}),
        ("post", "/consultants/invites/", {"label": "Sneaky"}),
        ("get", f"/consultants/clients/{owned['invite']}/", {}),
        ("post", f"/consultants/clients/{owned['invite']}/send/", {"email": "x@example.com"}),
        ("post", f"/consultants/clients/{owned['invite']}/revoke/", {"action": "revoke"}),
        ("post", f"/consultants/results/{owned['result']}/notes/", {"text": "Sneaky note"}),
    ]


OBJECT_URLS = {3, 4, 5, 6}


def test_the_owner_reaches_every_consultant_url(consultant_client: Client, owned: dict[str, str]) -> None:
    statuses = [
        getattr(consultant_client, method)(url, data).status_code for method, url, data in urls(owned)
    ]

    assert statuses == [
        HTTPStatus.OK,
        HTTPStatus.OK,
        HTTPStatus.FOUND,
        HTTPStatus.OK,
        HTTPStatus.FOUND,
        HTTPStatus.FOUND,
        HTTPStatus.FOUND,
    ]


def test_an_anonymous_visitor_is_sent_to_the_login_page_everywhere(
    client: Client, owned: dict[str, str]
) -> None:
    responses = [getattr(client, method)(url, data) for method, url, data in urls(owned)]

    assert [response.status_code for response in responses] == [HTTPStatus.FOUND] * 7
    assert [response["Location"] for response in responses] == [
        f"/accounts/login/?next={quote(url, safe='/')}" for _, url, _ in urls(owned)
    ]
    assert (Invite.objects.count(), Invite.objects.filter(revoked_at__isnull=False).count()) == (1, 0)
    assert Note.objects.count() == 0


def test_another_consultant_gets_404_for_every_object_and_changes_nothing(
    other_consultant_client: Client, owned: dict[str, str]
) -> None:
    statuses = [
        getattr(other_consultant_client, method)(url, data).status_code
        for index, (method, url, data) in enumerate(urls(owned))
        if index in OBJECT_URLS
    ]

    assert statuses == [HTTPStatus.NOT_FOUND] * 4
    assert Invite.objects.filter(revoked_at__isnull=False).count() == 0
    assert Note.objects.count() == 0


def test_another_consultant_sees_none_of_the_owners_clients(
    other_consultant_client: Client, owned: dict[str, str]
) -> None:
    page = other_consultant_client.get("/consultants/")

    assert page.context["clients"] == []
    assert parse(page).one("#clients").text == "No clients yet: create a link above and send it to a client."
    assert owned["invite"] not in page.text


@pytest.mark.parametrize("who", ["staff_client", "plain_user_client"])
def test_a_signed_in_user_without_a_consultant_profile_gets_404_everywhere(
    who: str, request: pytest.FixtureRequest, owned: dict[str, str]
) -> None:
    client = request.getfixturevalue(who)

    statuses = [getattr(client, method)(url, data).status_code for method, url, data in urls(owned)]

    assert statuses == [HTTPStatus.NOT_FOUND] * 7
    assert Invite.objects.count() == 1


def test_a_deactivated_consultant_is_signed_out(consultant: Consultant, consultant_client: Client) -> None:
    consultant.user.is_active = False
    consultant.user.save()

    response = consultant_client.get("/consultants/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/accounts/login/?next=/consultants/"


def test_a_made_up_client_id_is_404(consultant_client: Client) -> None:
    response = consultant_client.get("/consultants/clients/00000000-0000-0000-0000-000000000000/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_consultant_pages_are_never_cached_by_others(consultant_client: Client) -> None:
    response = consultant_client.get("/consultants/")

    assert response["Cache-Control"] == "private, no-store"
    assert response["Vary"] == "HX-Request, Cookie"


def test_an_invite_form_post_without_csrf_token_is_refused(consultant: Consultant) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(consultant.user)

    response = client.post("/consultants/invites/", {"label": "No token"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Invite.objects.count() == 0
