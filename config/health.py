"""Probes for load balancers: /healthz (the process answers; no database) and /readyz (it can use the
database). Both are cheap, never cached and never rate limited."""

import logging
from http import HTTPStatus

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from advisor.models import WeightSet

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    try:
        # One small query through the ORM: the database answers and the schema is there.
        WeightSet.objects.exists()
    except DatabaseError as error:
        logger.warning("readyz: database unavailable: %s", error)
        return JsonResponse(
            {"status": "unavailable", "database": "unavailable"}, status=HTTPStatus.SERVICE_UNAVAILABLE
        )
    return JsonResponse({"status": "ok", "database": "ok"})
