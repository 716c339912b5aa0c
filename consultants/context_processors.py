"""Puts ``branding`` into the questionnaire's and the result page's templates (their slot:
templates/questionnaire/_branding.html). The questionnaire never imports this app; settings register it."""

from typing import Any

from django.http import HttpRequest

from consultants.branding import branding_for_invite, branding_for_response
from consultants.invites import INVITE_COOKIE, current_invite

RESULT_PAGES = {"result", "what-if", "result-delete"}


def branding(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {}
    if match.url_name in RESULT_PAGES and "token" in match.kwargs:
        # The result page is cached whole: this is part of what is cached, as it depends only on the token.
        return {"branding": branding_for_response(match.kwargs["token"])}
    if match.namespace == "questionnaire" and INVITE_COOKIE in request.COOKIES:
        invite = current_invite(request)
        if invite is not None:
            return {"branding": branding_for_invite(invite)}
    return {}
