"""Staff tools: deactivate a consultant, export and delete a consultant's data."""

import json
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from consultants.models import Consultant, Invite, InvitedResult, Note
from questionnaire.models import Response
from tests.factories import NoteFactory
from tests.markup import parse

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/consultants/consultant/"


def run_action(client: Client, action: str, consultant: Consultant, **extra: str):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [consultant.pk], **extra})


def test_staff_deactivate_a_consultant(staff_client: Client, consultant: Consultant, client: Client) -> None:
    response = run_action(staff_client, "deactivate", consultant)

    consultant.user.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == CHANGELIST
    assert consultant.user.is_active is False


def test_staff_export_a_consultants_data_as_json(staff_client: Client, consultant: Consultant) -> None:
    note = NoteFactory(
        result__invite__consultant=consultant, result__invite__label="Bloom Bakery", text="Call in May"
    )

    response = run_action(staff_client, "export_data", consultant)

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/json"
    invite, result = note.result.invite, note.result.response
    assert json.loads(response.content) == {
        "consultant": {
            "email": consultant.user.email,
            "display_name": "Dana Reyes",
            "organisation": "North Star Marketing",
            "contact": "hello@northstar.example",
            "brand_colour": "#1f5f4a",
            "logo": "",
            "created_at": consultant.created_at.isoformat(),
            "active": True,
        },
        "invites": [
            {
                "label": "Bloom Bakery",
                "note": "",
                "created_at": invite.created_at.isoformat(),
                "revoked_at": None,
                "results": [
                    {
                        "created_at": note.result.created_at.isoformat(),
                        "deleted_by_client": False,
                        "answers": result.answers,
                        "verdict": "blended",
                        "weights_version": 1,
                        "notes": [{"text": "Call in May", "created_at": note.created_at.isoformat()}],
                    }
                ],
            }
        ],
    }


def test_staff_delete_a_consultants_data_and_the_results_stay_anonymous(
    staff_client: Client, consultant: Consultant, client: Client
) -> None:
    note = NoteFactory(result__invite__consultant=consultant)
    token = note.result.response.token
    confirmation = parse(run_action(staff_client, "delete_data", consultant))
    assert confirmation.one("h1").text == "Delete these consultants' data?"
    assert confirmation.texts("#content li") == [f"Dana Reyes ({consultant.user.email})"]
    assert [(field.get("name"), field.get("value")) for field in confirmation.all("#content form input")][
        1:
    ] == [
        ("_selected_action", str(consultant.pk)),
        ("action", "delete_data"),
        ("confirmed", "yes"),
        (None, "Yes, delete their data"),
    ]
    assert Consultant.objects.count() == 1

    run_action(staff_client, "delete_data", consultant, confirmed="yes")

    assert (
        Consultant.objects.count(),
        Invite.objects.count(),
        InvitedResult.objects.count(),
        Note.objects.count(),
    ) == (
        0,
        0,
        0,
        0,
    )
    assert not get_user_model().objects.filter(pk=consultant.user.pk).exists()
    assert Response.objects.filter(token=token).exists()
    page = client.get(f"/r/{token}/")
    assert page.status_code == HTTPStatus.OK
    assert parse(page).all(".consultant-brand") == []


def test_consultants_cannot_reach_the_admin(consultant_client: Client) -> None:
    response = consultant_client.get(CHANGELIST)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/admin/login/?next={CHANGELIST}"
