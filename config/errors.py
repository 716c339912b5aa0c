"""Our own error responses: HTML pages for people, JSON `{"errors": [...]}` under /api/.

With DEBUG off nothing here shows a stack trace. These render without touching the database (no
`request.user`, no session), so they still work while the database is away.
"""

import logging
import sys
from http import HTTPStatus

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

API_PATH_PREFIX = "/api/"
FALLBACK_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SMO or SMM?</title></head>'
    '<body><h1>Sorry</h1><p>{message}</p><p><a href="/">Back to the start page</a></p></body></html>'
)
RETRY_AFTER_SECONDS = 30


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(API_PATH_PREFIX)


def error_page(request: HttpRequest, status: HTTPStatus, template_name: str, message: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"errors": [{"field": "body", "message": message}]}, status=status)
    try:
        # No request context: the context processors may touch the session or the user, hence the database.
        body: str = render_to_string(template_name)
    except Exception:  # the page must come out even when templates or static files are what broke
        logger.exception("Could not render %s", template_name)
        body = FALLBACK_PAGE.format(message=message)
    return HttpResponse(body, status=status)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    response = error_page(
        request,
        HTTPStatus.SERVICE_UNAVAILABLE,
        "503.html",
        "The service is briefly unavailable; try again in a moment.",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage anywhere in the stack is a 503; anything else our 500 page."""
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        return database_unavailable(request)
    return error_page(
        request,
        HTTPStatus.INTERNAL_SERVER_ERROR,
        "500.html",
        "Something went wrong on our side. Try again in a moment.",
    )
