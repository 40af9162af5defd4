"""The event's report for the organiser and statistics: the page, its PDF and its spreadsheet."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import exports
from ..reports import event_report
from ._common import event_for

VIEW_REPORT = "events.view_report"


def event_report_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug, VIEW_REPORT)
    report = event_report(event)
    best = max((d.amount for d in report.by_day), default=0) or 1
    return render(
        request,
        "events/report.html",
        {
            "event": event,
            "report": report,
            "best_day": best,
            "can_lock": request.user.has_perm("events.manage_event", event),
        },
    )


def event_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug, VIEW_REPORT)
    response = HttpResponse(exports.report_pdf(event_report(event)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="laporan-{event.slug}.pdf"'
    return response


def event_report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug, VIEW_REPORT)
    response = HttpResponse(
        exports.report_xlsx(event_report(event)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="laporan-{event.slug}.xlsx"'
    return response
