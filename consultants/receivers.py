"""Listens to the questionnaire (a result stored) and to allauth (a consultant signed up)."""

from typing import Any

from allauth.account.signals import user_signed_up
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse

from consultants import services
from consultants.branding import branding_for_response
from consultants.invites import current_invite
from questionnaire.models import Response
from questionnaire.signals import branding_requested, response_stored


@receiver(response_stored, sender=Response)
def tie_result_to_invite(sender: Any, response: Response, request: HttpRequest, **kwargs: Any) -> None:
    invite = current_invite(request)
    if invite is None:
        return  # anonymous results stay anonymous
    client_page = request.build_absolute_uri(reverse("consultants:client", args=[invite.public_id]))
    services.record_invited_result(response=response, invite=invite, client_page_url=client_page)


@receiver(user_signed_up)
def make_consultant(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    services.ensure_consultant(user=user)


@receiver(branding_requested, sender=Response)
def branding_of_result(sender: Any, response: Response, **kwargs: Any) -> dict[str, Any]:
    return branding_for_response(response.token)
