"""The branding of a consultant as the questionnaire, the result page, the PDF and the email show it.

``branding_for_response`` is the one entry point for outputs of a stored result: it gives a plain dict
(no model objects), empty when the result was not made through an invite.
"""

from typing import Any

from django.urls import reverse

from consultants.forms import contact_url
from consultants.models import Consultant, Invite, InvitedResult


def branding(consultant: Consultant, *, notice: str, leave_url: str = "") -> dict[str, Any]:
    return {
        "name": consultant.name,
        "organisation": consultant.organisation,
        "contact": consultant.contact,
        "contact_url": contact_url(consultant.contact),
        "colour": consultant.brand_colour,
        "logo_url": reverse("consultants:logo", args=[consultant.logo_file]) if consultant.logo else "",
        "logo_name": consultant.logo,
        "stylesheet_url": reverse(
            "consultants:brand-css", args=[consultant.public_id, consultant.branding_version]
        ),
        "notice": notice,
        "leave_url": leave_url,
    }


def branding_for_invite(invite: Invite) -> dict[str, Any]:
    name = invite.consultant.name
    return branding(
        invite.consultant,
        notice=f"{name} sent you this questionnaire and will see your answers and the advice "
        f"(filed under “{invite.label}”).",
        leave_url=reverse("invite-leave"),
    )


def branding_for_response(token: str) -> dict[str, Any]:
    """Branding for a stored result's page, PDF or email, found by its share token; {} when anonymous."""
    invited = (
        InvitedResult.objects.select_related("invite__consultant__user")
        .filter(response__token=token, invite__consultant__user__is_active=True)
        .first()
    )
    if invited is None:
        return {}
    name = invited.invite.consultant.name
    return branding(
        invited.invite.consultant, notice=f"Prepared for you with {name}, who can see this result."
    )
