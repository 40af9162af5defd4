from __future__ import annotations

import logging
import uuid

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)


# Assets every page links to (templates/base.html): if the manifest lacks them, every page is a 500.
PAGE_ASSETS = ("sinergi/css/sinergi.css", "sinergi/js/sinergi.js")
HEALTH_KEY = "sinergi:healthz"


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    """The shared cache (the sinergi_cache table in production) that rate limits and throttles count in."""
    token = uuid.uuid4().hex
    cache.set(HEALTH_KEY, token, timeout=30)
    if cache.get(HEALTH_KEY) != token:
        raise RuntimeError("cache did not return what was stored")


def _check_static() -> None:
    for name in PAGE_ASSETS:
        staticfiles_storage.url(name)  # with the manifest storage: ValueError when the manifest lacks it


HEALTH_CHECKS = {"database": _check_database, "cache": _check_cache, "static": _check_static}


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when everything every page needs works (database, shared cache, static manifest); 503 with
    what failed otherwise (for the reverse proxy and monitoring)."""
    results: dict[str, str] = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            with transaction.atomic():  # a failed query must not poison the checks after it
                check()
        except Exception as exc:  # noqa: BLE001 -- any failure means "not healthy"; it is logged and reported
            log.error("healthz: %s failed: %s: %s", name, type(exc).__name__, exc)
            results[name] = f"error: {type(exc).__name__}"
        else:
            results[name] = "ok"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html")


def bare(request: HttpRequest) -> HttpResponse:
    """The smallest Django response, the ceiling that benchmarks compare real pages with."""
    return HttpResponse(b"ok", content_type="text/plain")
