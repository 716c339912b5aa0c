"""Our own error responses: HTML pages for people, JSON `{"errors": [...]}` under /api/.

With DEBUG off nothing here shows a stack trace. These render without touching the database (no
`request.user`, no session), so they still work while the database is away.
"""

import sys
from http import HTTPStatus

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

API_PATH_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 30


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(API_PATH_PREFIX)


def error_page(request: HttpRequest, status: HTTPStatus, template_name: str, message: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"errors": [{"field": "body", "message": message}]}, status=status)
    # No request context: the context processors may touch the session or the user, hence the database.
    return HttpResponse(render_to_string(template_name), status=status)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    response = error_page(
        request,
        HTTPStatus.SERVICE_UNAVAILABLE,
        "503.html",
        "The service is briefly unavailable. Nothing was saved; try again in a moment.",
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
