"""The invite a visitor came through, remembered in a signed cookie while they fill in the questionnaire."""

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from consultants.models import Invite

INVITE_COOKIE = "invite"
INVITE_SALT = "consultants.invite"


def remember(response: HttpResponse, invite: Invite) -> None:
    response.set_cookie(
        INVITE_COOKIE,
        signing.dumps(invite.token, salt=INVITE_SALT),
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def forget(response: HttpResponse) -> None:
    response.delete_cookie(INVITE_COOKIE, samesite="Lax")


def current_invite(request: HttpRequest) -> Invite | None:
    """The live (not revoked) invite named by the visitor's cookie, with its consultant; None otherwise."""
    signed = request.COOKIES.get(INVITE_COOKIE)
    if not signed:
        return None
    try:
        token = signing.loads(signed, salt=INVITE_SALT, max_age=settings.SESSION_COOKIE_AGE)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(token, str):
        return None
    return (
        Invite.objects.select_related("consultant__user")
        .filter(token=token, revoked_at=None, consultant__user__is_active=True)
        .first()
    )
