"""Check-in at the door (staff): the page with its live counters, finding a ticket by name, checking a
person in, and the JSON endpoint the scanner syncs its (offline) queue to."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.accounts.requests import signed_in
from sinergi.core.htmx import HtmxHttpRequest

from .. import selectors, services
from ..models import ScanOutcome
from ._common import event_for

CHECK_IN = "events.check_in"
MAX_SYNC_BATCH = 200


def checkin_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug, CHECK_IN)
    query = request.GET.get("cari", "")
    return render(
        request,
        "events/checkin.html",
        {
            "event": event,
            "counters": selectors.checkin_counters(event=event),
            "query": query,
            "found": selectors.checkin_search(event=event, query=query),
            "result": None,
        },
    )


def checkin_counters(request: HttpRequest, slug: str) -> HttpResponse:
    """The live counters (HTMX polls this every few seconds)."""
    event = event_for(request, slug, CHECK_IN)
    return render(
        request, "events/checkin.html#counters", {"event": event, "counters": selectors.checkin_counters(event=event)}
    )


def _search_page(slug: str, query: str) -> str:
    return f"{reverse('events:checkin', args=[slug])}?{urlencode({'cari': query})}"


def checkin_search(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Search a name (or a short code) at the door; HTMX swaps the results in, without JS the page reloads."""
    event = event_for(request, slug, CHECK_IN)
    query = request.GET.get("cari", "")
    context = {
        "event": event,
        "query": query,
        "found": selectors.checkin_search(event=event, query=query),
        "result": None,
    }
    if request.htmx:
        return render(request, "events/checkin.html#found", context)
    return redirect(_search_page(slug, query))


@require_POST
def checkin_person(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Check in a ticket found by name (the same service, and the same once-only rule, as a scan)."""
    event = event_for(request, slug, CHECK_IN)
    registration = get_object_or_404(selectors.tickets(), pk=pk, session__event=event)
    result = services.checkin_scan(by=signed_in(request), event=event, code=registration.short_code)
    query = request.POST.get("cari", "")
    if request.htmx:
        response = render(
            request,
            "events/checkin.html#found",
            {
                "event": event,
                "query": query,
                "found": selectors.checkin_search(event=event, query=query),
                "result": result,
            },
        )
        response["HX-Trigger"] = "checkin-changed"
        return response
    (messages.success if result.outcome == ScanOutcome.OK else messages.error)(request, result.message)
    return redirect(_search_page(slug, query))


@require_POST
def checkin_sync(request: HttpRequest, slug: str) -> JsonResponse:
    """POST {"scans": [{"code", "client_uuid", "scanned_at"}]} → {"results": [...]}; each scan idempotent."""
    event = get_object_or_404(selectors.events_for_pages(), slug=slug)
    user = request.user
    if not user.is_authenticated or not user.has_perm(CHECK_IN, event):
        return JsonResponse(
            {"code": "forbidden", "message": _("Hanya petugas yang dapat mencatat kehadiran.")}, status=403
        )
    try:
        payload = json.loads(request.body or b"{}")
        scans = payload["scans"]
        if not isinstance(scans, list) or len(scans) > MAX_SYNC_BATCH or not all(isinstance(s, dict) for s in scans):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"code": "invalid", "message": _("Format kiriman tidak dikenal.")}, status=400)
    results = services.checkin_sync(by=user, event=event, scans=scans)
    return JsonResponse({"results": [r.as_dict() for r in results]})
