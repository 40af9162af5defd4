from __future__ import annotations

import logging
import uuid
from typing import Any

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


class StaticFilesMissing(RuntimeError):
    """The release's collected static files are not usable by this process; the message says why."""


def _check_static() -> None:
    """The manifest `collectstatic` wrote when the release was built, as this process sees it.

    A manifest storage reads its manifest once, when the process starts: a server started before its
    static files were in place answers 500 on every page until it is reloaded (WhiteNoise, too, lists
    the files it serves at start). So the check fails, with the reason, both while the manifest is
    missing on disk and while this process started without it; the load balancer stops sending traffic.
    """
    storage: Any = staticfiles_storage
    for name in PAGE_ASSETS:
        try:
            storage.url(name)  # with the manifest storage: ValueError when the manifest lacks it
        except ValueError as exc:
            if not hasattr(storage, "read_manifest"):
                raise
            if storage.read_manifest() is None:
                raise StaticFilesMissing(
                    "staticfiles manifest missing: collectstatic was not run for this release"
                ) from exc
            raise StaticFilesMissing(
                f"{name} not in the manifest this process loaded at start: reload the server"
            ) from exc


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
            reason = f": {exc}" if isinstance(exc, StaticFilesMissing) else ""
            results[name] = f"error: {type(exc).__name__}{reason}"
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
