"""The dashboard, a client's page with comparison and private notes, and the client deleting a result."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone

from consultants.models import Consultant, InvitedResult, Note
from questionnaire.models import Response
from questionnaire.services import OWNED_COOKIE
from tests.factories import InvitedResultFactory, InviteFactory, NoteFactory, ResponseFactory
from tests.markup import parse

pytestmark = pytest.mark.django_db


def today() -> str:
    return dateformat.format(timezone.localtime(), "j M Y")


def client_rows(response) -> list[list[str]]:
    """The dashboard's table, one list of cell texts a client."""
    return [[cell.text for cell in row.elements] for row in parse(response).all("#clients tbody tr")]


def make_clients(consultant: Consultant, count: int) -> None:
    for _ in range(count):
        InvitedResultFactory.create_batch(2, invite=InviteFactory(consultant=consultant))


def dashboard_queries(client: Client, url: str = "/consultants/") -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def test_dashboard_queries_stay_the_same_whatever_the_number_of_clients(
    consultant_client: Client, consultant: Consultant
) -> None:
    make_clients(consultant, 2)
    few = dashboard_queries(consultant_client)
    make_clients(consultant, 25)

    many = dashboard_queries(consultant_client)
    many_page_two = dashboard_queries(consultant_client, "/consultants/?page=2")

    assert few == many == many_page_two


def test_dashboard_lists_clients_with_their_latest_result_newest_first(
    consultant_client: Client, consultant: Consultant
) -> None:
    older = InvitedResultFactory(invite__consultant=consultant, invite__label="Older Florist")
    newer = InvitedResultFactory(
        invite__consultant=consultant,
        invite__label="Newer Garage",
        response=ResponseFactory(
            answer_values={
                "stage": "idea",
                "monthly_budget": 0,
                "horizon": "long_term",
                "experience": "none",
            },
        ),
    )

    page = consultant_client.get("/consultants/")

    clients = page.context["clients"]
    assert [client["invite"].label for client in clients] == ["Newer Garage", "Older Florist"]
    latest = clients[0]["rows"][0]
    assert (latest.verdict_label, latest.budget, latest.stage, latest.weights_version) == (
        "Start with organic work (SMO)",
        "0 USD a month",
        "Idea stage",
        1,
    )
    assert client_rows(page) == [
        [
            newer.invite.label,
            "Start with organic work (SMO)",
            today(),
            "0 USD a month",
            "Idea stage",
            "1",
            "1",
        ],
        [
            older.invite.label,
            "Blend organic work with paid ads",
            today(),
            "500 USD a month",
            "Growing",
            "1",
            "1",
        ],
    ]


def test_dashboard_search_by_label(consultant_client: Client, consultant: Consultant) -> None:
    InviteFactory(consultant=consultant, label="Bloom Bakery")
    InviteFactory(consultant=consultant, label="Garage Nord")

    page = consultant_client.get("/consultants/", {"q": "bloom"})
    fragment = consultant_client.get("/consultants/", {"q": "nord"}, HTTP_HX_REQUEST="true")

    assert [client["invite"].label for client in page.context["clients"]] == ["Bloom Bakery"]
    assert client_rows(fragment) == [["Garage Nord", "No result yet", "0"]]
    assert parse(fragment).all("html") == []


def test_dashboard_paginates_twenty_clients_a_page(consultant_client: Client, consultant: Consultant) -> None:
    InviteFactory.create_batch(25, consultant=consultant)

    first = consultant_client.get("/consultants/")
    second = consultant_client.get("/consultants/", {"page": "2"})
    nonsense = consultant_client.get("/consultants/", {"page": "banana"})

    assert (len(first.context["clients"]), len(second.context["clients"])) == (20, 5)
    assert [parse(page).one(".pager").text for page in (first, second)] == [
        "Page 1 of 2 Older",
        "Newer Page 2 of 2",
    ]
    assert nonsense.status_code == HTTPStatus.OK
    assert parse(nonsense).one(".pager").text == "Page 1 of 2 Older"


def test_creating_an_invite_shows_its_link(consultant_client: Client, consultant: Consultant) -> None:
    response = consultant_client.post(
        "/consultants/invites/", {"label": "  Bloom Bakery ", "note": "Met at fair"}
    )

    invite = consultant.invites.get()
    assert (invite.label, invite.note) == ("Bloom Bakery", "Met at fair")
    assert response["Location"] == f"/consultants/clients/{invite.public_id}/"
    page = parse(consultant_client.get(response["Location"]))
    assert page.one("#invite-link").get("value") == f"http://testserver/i/{invite.token}/"
    assert page.one("h1").text == "Bloom Bakery"


def test_an_invite_without_a_label_is_refused_next_to_the_field(
    consultant_client: Client, consultant: Consultant
) -> None:
    response = consultant_client.post("/consultants/invites/", {"label": "   "})

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.context["invite_form"].errors["label"] == ["This field is required."]
    assert parse(response).one("#id_label_error").text == "This field is required."
    assert consultant.invites.count() == 0


def test_revoking_and_restoring_a_link(
    consultant_client: Client, consultant: Consultant, client: Client
) -> None:
    invite = InviteFactory(consultant=consultant)

    consultant_client.post(f"/consultants/clients/{invite.public_id}/revoke/", {"action": "revoke"})
    revoked = client.get(f"/i/{invite.token}/").status_code
    consultant_client.post(f"/consultants/clients/{invite.public_id}/revoke/", {"action": "restore"})
    restored = client.get(f"/i/{invite.token}/").status_code

    assert (revoked, restored) == (HTTPStatus.GONE, HTTPStatus.FOUND)


def test_resending_the_link_emails_the_client(
    consultant_client: Client, consultant: Consultant, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    invite = InviteFactory(consultant=consultant)

    with django_capture_on_commit_callbacks(execute=True):
        response = consultant_client.post(
            f"/consultants/clients/{invite.public_id}/send/", {"email": "owner@bakery.example"}
        )

    assert response["Location"] == f"/consultants/clients/{invite.public_id}/"
    assert [message.to for message in mailoutbox] == [["owner@bakery.example"]]
    assert mailoutbox[0].body.split("\n\n")[2:4] == [
        "Dana Reyes will see your answers and the advice.",
        f"http://testserver/i/{invite.token}/",
    ]


def test_resending_to_a_bad_address_is_refused(
    consultant_client: Client, consultant: Consultant, mailoutbox
) -> None:
    invite = InviteFactory(consultant=consultant)

    response = consultant_client.post(f"/consultants/clients/{invite.public_id}/send/", {"email": "nope"})

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.context["resend_form"].errors["email"] == ["Enter a valid email address."]
    assert mailoutbox == []


def test_a_note_with_html_is_stored_as_typed_and_shown_escaped(
    consultant_client: Client, consultant: Consultant
) -> None:
    invited = InvitedResultFactory(invite__consultant=consultant)
    text = '<script>alert("x")</script> Budget <b>doubles</b> in spring'

    response = consultant_client.post(f"/consultants/results/{invited.public_id}/notes/", {"text": text})
    page = consultant_client.get(response["Location"].split("#")[0])

    assert Note.objects.get().text == text
    # Escaped, the note is one text node: parsed back it reads as typed and makes no element.
    assert parse(page).texts(f"#notes-{invited.public_id} .notes__text") == [text]
    assert parse(page).all(f"#notes-{invited.public_id} .notes__text b") == []
    assert "<script>alert" not in page.text


def test_a_note_via_htmx_returns_the_notes_fragment(
    consultant_client: Client, consultant: Consultant
) -> None:
    invited = InvitedResultFactory(invite__consultant=consultant)

    response = consultant_client.post(
        f"/consultants/results/{invited.public_id}/notes/",
        {"text": "Follow up in May"},
        HTTP_HX_REQUEST="true",
    )

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert [element.get("id") for element in page.elements] == [f"notes-{invited.public_id}"]
    assert page.texts(".notes__text") == ["Follow up in May"]
    assert list(Note.objects.values_list("result", "text")) == [(invited.pk, "Follow up in May")]


def test_an_empty_note_is_refused_next_to_the_field(
    consultant_client: Client, consultant: Consultant
) -> None:
    invited = InvitedResultFactory(invite__consultant=consultant)

    response = consultant_client.post(f"/consultants/results/{invited.public_id}/notes/", {"text": "  "})

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert [(error.get("id"), error.text) for error in parse(response).all(".field-error")] == [
        (f"note-error-{invited.public_id}", "This field is required.")
    ]
    assert Note.objects.count() == 0


def test_private_notes_never_reach_the_public_result_page(client: Client, consultant: Consultant) -> None:
    note = NoteFactory(result__invite__consultant=consultant, text="Secret: owner is selling the shop")

    page = client.get(f"/r/{note.result.response.token}/")

    assert page.status_code == HTTPStatus.OK
    assert parse(page).one("h1").text == "Blend organic work with paid ads"
    assert "selling the shop" not in page.text


def test_a_client_with_several_results_gets_a_comparison(
    consultant_client: Client, consultant: Consultant
) -> None:
    invite = InviteFactory(consultant=consultant)
    InvitedResultFactory(
        invite=invite,
        response=ResponseFactory(
            answer_values={"stage": "idea", "monthly_budget": 0, "horizon": "long_term", "experience": "none"}
        ),
    )
    InvitedResultFactory(
        invite=invite,
        response=ResponseFactory(
            answer_values={
                "stage": "established",
                "monthly_budget": 5000,
                "horizon": "weeks",
                "experience": "advanced",
            }
        ),
    )

    page = consultant_client.get(f"/consultants/clients/{invite.public_id}/")

    [comparison] = page.context["comparisons"]
    changed = {change.label: (change.before, change.after) for change in comparison.answers}
    assert changed["Monthly budget"] == ("0 USD a month", "5,000 USD a month")
    assert changed["Business stage"][0] == "Idea stage"
    assert next(change.label for change in comparison.advice) == "Verdict"
    assert [row.verdict for row in page.context["timeline"]] == ["smo_first", "smm_first"]
    assert parse(page).texts(".timeline li") == [
        f"{today()} Start with organic work (SMO)",
        f"{today()} Lead with paid social ads (SMM)",
    ]


def test_the_client_deletes_their_result_and_the_consultant_sees_it_was_deleted(
    client: Client, consultant: Consultant, consultant_client: Client, complete_questionnaire
) -> None:
    invite = InviteFactory(consultant=consultant)
    client.get(f"/i/{invite.token}/")
    complete_questionnaire(client)
    token = Response.objects.get().token

    confirm = client.get(f"/r/{token}/delete/")
    deleted = client.post(f"/r/{token}/delete/")

    assert confirm.status_code == HTTPStatus.OK
    assert parse(confirm).one(f"form[action=/r/{token}/delete/] button").text == "Delete my result"
    assert deleted["Location"] == "/deleted/"
    assert Response.objects.count() == 0
    assert client.get(f"/r/{token}/").status_code == HTTPStatus.NOT_FOUND
    assert [invited.deleted_by_client for invited in InvitedResult.objects.all()] == [True]
    page = parse(consultant_client.get(f"/consultants/clients/{invite.public_id}/"))
    assert [title.text.split(" · ")[1] for title in page.all(".result-card h3")] == ["Deleted by the client"]
    dashboard = consultant_client.get("/consultants/")
    assert client_rows(dashboard) == [[invite.label, "Deleted by the client", today(), "", "1"]]


def test_only_the_submitter_can_delete_a_result(client: Client, complete_questionnaire) -> None:
    complete_questionnaire(client)
    token = Response.objects.get().token
    stranger = Client()
    stranger.cookies[OWNED_COOKIE] = client.cookies[OWNED_COOKIE].value + "tampered"

    page = stranger.get(f"/r/{token}/delete/")
    attempt = stranger.post(f"/r/{token}/delete/")

    assert page.status_code == attempt.status_code == HTTPStatus.FORBIDDEN
    assert parse(page).texts("section.page p") == [
        "Only the person who filled in the questionnaire can delete this result,"
        " from the browser they used to send it.",
        "Back to the result",
    ]
    assert Response.objects.count() == 1


def test_deleting_an_anonymous_result_works_the_same(client: Client, complete_questionnaire) -> None:
    complete_questionnaire(client)
    token = Response.objects.get().token

    response = client.post(f"/r/{token}/delete/")

    assert response["Location"] == "/deleted/"
    assert Response.objects.count() == 0
