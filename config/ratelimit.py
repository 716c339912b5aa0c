"""Per-client rate limits through django-ratelimit, with the rate named by a setting and our 429 answer.

    @rate_limit("api", "RATE_LIMIT_API")
    def recommend_create(request): ...

Any app can limit a view this way with its own ``RATE_LIMIT_*`` setting (read it in config/settings.py with
``env.rate(...)``), or ask ``retry_after(request, group=..., rate_setting=...)`` inside a view that answers
differently. The rate is read from the named setting on every request ("<count>/<s|m|h|d>"), so tests can
override it; ``RATE_LIMITS=off`` switches every limit off. Over the limit the view is not called: the client
gets 429 with Retry-After, as JSON under /api/ and as our page elsewhere.

A client is its IP address (config/settings.py points ``RATELIMIT_IP_META_KEY`` at ``client_ip`` below)
and django-ratelimit counts an IPv6 client per /64. How exact the count is depends on the cache: Redis and
local memory increment atomically; the database cache does not, so a burst of parallel requests may get a
few over the limit. If the cache itself fails, requests are let through (logged): a broken counter must not
take the site down.
"""

import functools
import ipaddress
import logging
from collections.abc import Callable, Collection
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django_ratelimit.core import get_usage

from config.errors import wants_json

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


def client_ip(request: HttpRequest) -> str:
    """The socket's address, or with N trusted proxies in front, the address the outermost one saw.

    An IPv4 client reaching an IPv6 socket is its IPv4 address (not one /64 shared by every such client).
    """
    address = request.META.get("REMOTE_ADDR") or "0.0.0.0"
    proxies = settings.RATE_LIMIT_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:  # a proxy passed on something that is not an address: count the proxy's socket
        return request.META.get("REMOTE_ADDR") or "0.0.0.0"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ip)


def retry_after(
    request: HttpRequest, *, group: str, rate_setting: str, methods: Collection[str] = ("POST",)
) -> int | None:
    """Count this request against ``group``; seconds to wait when it is over the limit, else None."""

    def rate(group: str, request: HttpRequest) -> str | None:
        return getattr(settings, rate_setting) if settings.RATE_LIMITS_ENABLED else None

    try:
        usage = get_usage(request, group=group, key="ip", rate=rate, method=list(methods), increment=True)
    except Exception as error:  # the cache is down: fail open, but say so
        logger.warning("Rate limit counter unavailable for %s: %s", group, error)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    return max(int(usage["time_left"]), 1)


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    message = f"Too many requests from your address. Try again in {retry_after} seconds."
    if wants_json(request):
        response: HttpResponse = JsonResponse(
            {"errors": [{"field": "body", "message": message}]}, status=HTTPStatus.TOO_MANY_REQUESTS
        )
    else:
        response = HttpResponse(
            render_to_string("429.html", {"retry_after": retry_after}, request=request),
            status=HTTPStatus.TOO_MANY_REQUESTS,
        )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(group: str, rate_setting: str, methods: Collection[str] = ("POST",)) -> Callable[[View], View]:
    """Limit the decorated view per client for the given methods (POST by default)."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            wait = retry_after(request, group=group, rate_setting=rate_setting, methods=methods)
            if wait is not None:
                return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: object = None
) -> HttpResponse:
    """django-axes' answer to a client locked out of logging in: our 429, waiting out the cool-off."""
    return too_many_requests(request, int(settings.AXES_COOLOFF_TIME * 3600))
