"""Per-client-IP rate limits on Django's cache: a fixed window counter per (group, IP, window).

    @rate_limit("api", "RATE_LIMIT_API")
    def recommend_create(request): ...

The rate is read from the named setting on every request ("<count>/<s|m|h|d>", from environment
variables), so tests can override it. `RATE_LIMITS=off` switches every limit off. Over the limit the
view is not called: the client gets 429 with Retry-After, as JSON under /api/ and as our page elsewhere.

Why our own ~50 lines rather than django-ratelimit: it needs the same cache calls, and its system check
refuses the cache backends we choose by environment (local memory in development, the database cache).
With the database cache the increment is not atomic, so a burst may get a few requests over the limit;
Redis and local memory count exactly. If the cache itself fails, requests are let through (logged):
a broken counter must not take the site down.
"""

import functools
import hashlib
import ipaddress
import logging
import time
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from config.errors import wants_json

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
View = Callable[..., HttpResponse]


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/m" -> (60, 60): at most 60 requests per 60 seconds."""
    try:
        count, period = rate.strip().split("/")
        return int(count), PERIODS[period.strip().lower()[:1]]
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(
            f"A rate limit looks like '60/m' (per s, m, h or d), not {rate!r}."
        ) from error


def client_ip(request: HttpRequest) -> str:
    """The socket's address, or with N trusted proxies in front, the address the outermost one saw."""
    proxies = settings.RATE_LIMIT_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_key(address: str) -> str:
    """What one client is: its IPv4 address, or its IPv6 /64 (one home or server gets a whole /64)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def is_limited(request: HttpRequest, group: str, rate: str) -> tuple[bool, int]:
    """Count this request; (over the limit?, seconds until the window resets)."""
    limit, period = parse_rate(rate)
    now = int(time.time())
    window = now - now % period
    ip_hash = hashlib.sha256(client_key(client_ip(request)).encode()).hexdigest()[:32]
    key = f"rl:{group}:{period}:{window}:{ip_hash}"
    try:
        cache.add(key, 0, timeout=period + 5)
        count = cache.incr(key)
    except Exception as error:  # the cache is down or the key vanished: fail open, but say so
        logger.warning("Rate limit counter unavailable for %s: %s", group, error)
        return False, 0
    return count > limit, window + period - now


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
    response["Retry-After"] = str(max(retry_after, 1))
    return response


def rate_limit(
    group: str, rate_setting: str, methods: frozenset[str] = frozenset({"POST"})
) -> Callable[[View], View]:
    """Limit the decorated view per client IP for the given methods (POST by default)."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if settings.RATE_LIMITS_ENABLED and request.method in methods:
                limited, retry_after = is_limited(request, group, getattr(settings, rate_setting))
                if limited:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
