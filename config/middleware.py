"""Security headers on every response, and a 503 page instead of a traceback when the database is away.

Django's SecurityMiddleware already sends X-Content-Type-Options, Referrer-Policy,
Cross-Origin-Opener-Policy and (over HTTPS, when configured) Strict-Transport-Security; this adds the
Content-Security-Policy Django 5.2 lacks, and a Permissions-Policy.

The policy allows no inline script and no inline style, the admin included (Django 5.2's admin pages
raise no violation in Chromium; tests/browser/test_admin_csp.py keeps it so): templates keep scripts in
static files, use classes instead of `style="…"` attributes, and htmx runs with
`includeIndicatorStyles: false` (its indicator styles live in our CSS).
"""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from config.errors import database_unavailable

logger = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # gunicorn's ASGI worker names itself ("gunicorn/asgi") only when the app sends no Server header.
        response.headers.setdefault("Server", "advisor")
        return response


class DatabaseUnavailableMiddleware:
    """A view that loses its database answers 503 with our page (or JSON for the API), not a traceback.

    Failures outside views (another middleware touching the session, say) reach the 500 handler,
    `config.errors.server_error`, which gives the same 503.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable on %s %s: %s", request.method, request.path, exception)
        return database_unavailable(request)
