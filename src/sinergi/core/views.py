from __future__ import annotations

import csv
import io
import logging
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import selectors, services
from .cells import neutralise
from .dashboard import cards_for
from .forms import AuditFilterForm
from .models import AuditEntry

if TYPE_CHECKING:
    from sinergi.accounts.requests import AuthenticatedHttpRequest

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
    """The person's dashboard: the cards the apps registered that they may see (core/dashboard.py)."""
    return render(request, "core/dashboard.html", {"cards": cards_for(request.user)})


def bare(request: HttpRequest) -> HttpResponse:
    """The smallest Django response, the ceiling that benchmarks compare real pages with."""
    return HttpResponse(b"ok", content_type="text/plain")


AUDIT_PAGE_SIZE = 50
AUDIT_CSV_HEADER = ("waktu", "pelaku", "email_pelaku", "tindakan", "jenis_objek", "id_objek", "objek", "rincian")


def _audit_filters(request: HttpRequest) -> AuditFilterForm:
    if not request.user.has_perm("core.view_audit_log"):
        raise PermissionDenied
    return AuditFilterForm(request.GET or None)


@require_safe
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log for the installation's administrators: who did what to which object, when."""
    form = _audit_filters(request)
    if form.is_bound and not form.is_valid():
        entries = AuditEntry.objects.none()
    else:
        entries = selectors.audit_entries(**(form.filters() if form.is_bound else {}))
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("halaman"))
    params = {name: value for name, value in request.GET.items() if name != "halaman"}
    return render(
        request,
        "core/audit_log.html",
        {"form": form, "page": page, "params": params, "export_query": urlencode(params)},
        status=400 if form.errors else 200,
    )


@require_safe
@login_required
def audit_log_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The filtered audit log as CSV; the download is itself written to the audit log."""
    form = _audit_filters(request)
    if form.is_bound and not form.is_valid():
        return audit_log(request)
    entries = selectors.audit_entries(**(form.filters() if form.is_bound else {}))
    services.audit_log_exported(
        by=request.user, filters=form.described() if form.is_bound else {}, count=entries.count()
    )
    zone = timezone.get_current_timezone()

    def rows() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(AUDIT_CSV_HEADER)
        for entry in entries.iterator(chunk_size=2000):
            writer.writerow(
                [
                    neutralise(value)
                    for value in (
                        entry.created_at.astimezone(zone).isoformat(timespec="seconds"),
                        entry.by_label,
                        entry.by.email if entry.by else "",
                        entry.action,
                        f"{entry.target_type.app_label}.{entry.target_type.model}" if entry.target_type else "",
                        entry.target_id,
                        entry.target_label,
                        entry.data_text(),
                    )
                ]
            )
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="log-audit-{stamp}.csv"'
    return response
