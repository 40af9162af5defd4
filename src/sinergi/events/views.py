"""Pages for events: public schedule, registration and tickets, booth applications and curation,
floor plan, staff check-in (with its JSON sync endpoint), sales reporting, and the report."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.accounts.predicates import memberships_of
from sinergi.core.errors import ServiceError
from sinergi.core.ratelimit import RateLimited, hit, limited_response, rate_limited
from sinergi.registry.filters import organiser_level_filter
from sinergi.registry.models import Actor, Community

from . import exports, floorplan, ical, selectors, services
from .forms import (
    BoothApplicationForm,
    BoothForm,
    CorrectionForm,
    EventEditForm,
    EventForm,
    RegistrationForm,
    ReviewForm,
    SalesForm,
    SessionCapacityForm,
    SessionForm,
    TicketResendForm,
)
from .models import ApplicationStatus, BoothApplication, Event, EventSession, EventStatus, Registration, SalesReport
from .reports import event_report

MAX_SYNC_BATCH = 200


def _event(request: HttpRequest, slug: str, perm: str = "events.view_event") -> Event:
    event = get_object_or_404(Event.objects.select_related("organiser", "previous_edition"), slug=slug)
    if not request.user.has_perm(perm, event):
        if perm == "events.view_event":
            raise Http404
        raise PermissionDenied
    return event


def _form_errors(form: Any, exc: ServiceError, aliases: dict[str, str] | None = None) -> None:
    """The service's field errors on the form's fields (`aliases`: model field → form field)."""
    for name, errors in exc.field_errors.items():
        field = (aliases or {}).get(name, name)
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
    if not exc.field_errors:
        form.add_error(None, exc.message)


# ---------------------------------------------------------------- public


def event_list(request: HttpRequest) -> HttpResponse:
    staff = request.user.has_perm("events.manage_event")
    level, level_context = organiser_level_filter(request.GET.get("kabkota", ""))
    context = {
        "events": selectors.event_list(public_only=not staff, organiser_level=level),
        "can_manage": staff,
        **level_context,
    }
    return render(request, "events/event_list.html", context)


def _save(form: Any, create: Any) -> Any:
    """Call a service with a bound, valid ModelForm's data; put its errors back on the form."""
    data = {k: v for k, v in form.cleaned_data.items() if k != "partners"}
    try:
        return create(data)
    except ServiceError as exc:
        _form_errors(form, exc)
        return None


def event_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("events.manage_event"):
        raise PermissionDenied
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = _save(
            form, lambda data: services.event_create(by=request.user, data=data, partners=form.cleaned_data["partners"])
        )
        if event is not None:
            return redirect("events:manage", slug=event.slug)
    return render(request, "events/form.html", {"form": form, "title": _("Acara baru")})


def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The organising office edits the event's details; the public page shows them at once."""
    event = _event(request, slug, "events.manage_event")
    form = EventEditForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = Event.objects.get(pk=event.pk)  # the form wrote its values onto `event`; the service compares
        saved = _save(
            form,
            lambda data: services.event_update(
                by=request.user, event=fresh, data=data, partners=form.cleaned_data["partners"]
            ),
        )
        if saved is not None:
            messages.success(request, _("Perubahan acara tersimpan."))
            return redirect("events:manage", slug=saved.slug)
    sessions = selectors.session_list(event=event)
    return render(
        request,
        "events/edit.html",
        {
            "form": form,
            "event": event,
            "title": _("Ubah acara: %(e)s") % {"e": Event.objects.get(pk=event.pk).title},
            "capacities": [
                (s, SessionCapacityForm(prefix=f"s{s.pk}", initial={"capacity": s.capacity})) for s in sessions
            ],
        },
        status=400 if form.errors else 200,
    )


@require_POST
def session_capacity(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug, "events.manage_event")
    session = get_object_or_404(EventSession, pk=pk, event=event)
    form = SessionCapacityForm(request.POST, prefix=f"s{session.pk}")
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("events:edit", slug=slug)
    try:
        promoted = services.session_capacity_set(
            by=request.user, session=session, capacity=form.cleaned_data["capacity"], site_url=_site_url(request)
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Kapasitas %(s)s: %(c)d; %(p)d orang naik dari daftar tunggu.")
            % {"s": session.title, "c": session.capacity, "p": len(promoted)},
        )
    return redirect("events:edit", slug=slug)


@require_POST
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.manage_event")
    services.event_publish(by=request.user, event=event)
    messages.success(request, _("Acara diumumkan."))
    return redirect("events:manage", slug=slug)


@require_POST
def session_add(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.manage_event")
    form = SessionForm(request.POST, prefix="sesi")
    if form.is_valid() and _save(form, lambda data: services.session_create(by=request.user, event=event, data=data)):
        messages.success(request, _("Sesi ditambahkan."))
    else:
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("events:manage", slug=slug)


@require_POST
def booth_add(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.manage_event")
    form = BoothForm(request.POST, prefix="stan")
    if form.is_valid() and _save(form, lambda data: services.booth_create(by=request.user, event=event, data=data)):
        messages.success(request, _("Stan ditambahkan."))
    else:
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("events:manage", slug=slug)


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    sessions = selectors.session_list(event=event)
    context = {
        "event": event,
        "sessions": sessions,
        "can_manage": request.user.has_perm("events.manage_event", event),
        "registration_state": event.registration_state(),
        "exhibitors": list(selectors.exhibitors(event=event)),
        "has_floor_plan": event.booths.exists(),
        "my_applications": selectors.applications_for_user(user=request.user, event=event)
        if request.user.is_authenticated
        else [],
        # Offered to visitors (they sign in first) and to people with a seller that has not applied yet.
        "can_apply_booth": event.status == EventStatus.PUBLISHED
        and (not request.user.is_authenticated or bool(_sellers_for(request.user, event))),
    }
    return render(request, "events/event_detail.html", context)


def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    body = ical.calendar(event, event.sessions.order_by("starts_at"), host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{event.slug}.ics"'
    return response


def _anonymous_post(request: HttpRequest) -> bool:
    return request.method == "POST" and not request.user.is_authenticated


@rate_limited("event_registration", when=_anonymous_post)
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(EventSession.objects.select_related("event"), pk=pk)
    if not request.user.has_perm("events.view_event", session.event):
        raise Http404
    initial = (
        {"name": request.user.get_full_name(), "email": request.user.email} if request.user.is_authenticated else {}
    )
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                session=session,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                user=request.user,
                site_url=_site_url(request),
            )
        except ServiceError as exc:
            _form_errors(form, exc)
        else:
            return redirect("events:ticket", code=registration.code)
    return render(request, "events/register.html", {"session": session, "event": session.event, "form": form})


def _site_url(request: HttpRequest) -> str:
    """This site's address as the visitor reached it (for links in e-mail)."""
    return request.build_absolute_uri("/")


@rate_limited("ticket_resend")
def tickets_resend(request: HttpRequest) -> HttpResponse:
    """ "Send my tickets again": the same answer whether or not the address has tickets."""
    form = TicketResendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        try:
            hit("ticket_resend_address", email)
        except RateLimited as exc:
            return limited_response(request, exc)
        services.tickets_resend(email=email, site_url=_site_url(request))
        messages.success(
            request,
            _(
                "Bila ada tiket yang masih berlaku untuk %(email)s, tiketnya sudah kami kirim ke alamat itu. "
                "Periksa juga folder spam."
            )
            % {"email": email},
        )
        return redirect("events:tickets_resend")
    return render(request, "events/tickets_resend.html", {"form": form}, status=400 if form.errors else 200)


def ticket_qr(request: HttpRequest, code: str) -> HttpResponse:
    """The ticket's QR code as PNG, by the same unguessable code as the ticket page (WhatsApp's image
    header fetches it)."""
    registration = get_object_or_404(Registration, code=code)
    return HttpResponse(services.ticket_qr_png(registration), content_type="image/png")


def ticket(request: HttpRequest, code: str) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("session__event"), code=code)
    qr = segno.make(registration.code, error="m")
    svg = qr.svg_inline(scale=6, title=_("Kode QR tiket"))
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "qr_svg": mark_safe(svg),  # noqa: S308 -- generated by segno from our own code
            "checkin": getattr(registration, "checkin", None),
        },
    )


@require_POST
def ticket_cancel(request: HttpRequest, code: str) -> HttpResponse:
    registration = get_object_or_404(Registration, code=code)
    try:
        services.registration_cancel(by=request.user, registration=registration, site_url=_site_url(request))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pendaftaran dibatalkan."))
    return redirect("events:ticket", code=code)


# ---------------------------------------------------------------- booths


def _sellers_for(user: Any, event: Event) -> list[tuple[str, str]]:
    """The communities and businesses this person may apply for, less those already applying here."""
    if not user.is_authenticated:
        return []
    led = [org for org, _k, role in memberships_of(user) if role in {"leader", "admin"}]
    applying = BoothApplication.objects.filter(event=event).exclude(status=ApplicationStatus.WITHDRAWN)
    communities = Community.objects.filter(organisation_id__in=led).exclude(
        pk__in=applying.filter(community__isnull=False).values("community_id")
    )
    actors = (
        Actor.objects.filter(owner=user)
        .exclude(status="archived")
        .exclude(pk__in=applying.filter(actor__isnull=False).values("actor_id"))
    )
    return [(f"c{c.pk}", str(c)) for c in communities] + [(f"a{a.pk}", str(a)) for a in actors]


@login_required
def booth_apply(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    sellers = _sellers_for(request.user, event)
    form = BoothApplicationForm(request.POST or None, sellers=sellers)
    if request.method == "POST" and form.is_valid():
        ref = form.cleaned_data["seller"]
        seller: Community | Actor = (
            Community.objects.get(pk=ref[1:]) if ref.startswith("c") else Actor.objects.get(pk=ref[1:])
        )
        if not request.user.has_perm("events.apply_booth", seller):
            raise PermissionDenied
        data = {k: form.cleaned_data[k] for k in ("products", "size_wanted", "needs_power", "wants_shared")}
        try:
            app = services.booth_application_submit(
                by=request.user,
                event=event,
                data=data,
                community=seller if isinstance(seller, Community) else None,
                actor=seller if isinstance(seller, Actor) else None,
            )
        except ServiceError as exc:
            _form_errors(form, exc, aliases={"community": "seller", "actor": "seller"})
        else:
            messages.success(request, _("Pengajuan stan terkirim. Petugas akan menilai dan mengabari Anda."))
            return redirect("events:booth", pk=app.pk)
    return render(
        request,
        "events/booth_apply.html",
        {
            "event": event,
            "form": form,
            "sellers": sellers,
            "my_applications": selectors.applications_for_user(user=request.user, event=event),
        },
        status=400 if form.errors else 200,
    )


@login_required
def booth_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The seller's page for one application: status, booth, and daily sales reporting from a phone."""
    app = get_object_or_404(
        BoothApplication.objects.select_related("event", "community", "actor", "allocation__booth"), pk=pk
    )
    if not request.user.has_perm("events.view_booth", app):
        raise PermissionDenied
    event = app.event
    locked = event.sales_locked()
    can_correct = request.user.has_perm("events.correct_sales", event)
    form_class = CorrectionForm if locked and can_correct else SalesForm
    form = form_class(request.POST or None, days=event.days())
    if request.method == "POST":
        if not request.user.has_perm("events.report_sales", app):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                if isinstance(form, CorrectionForm):
                    services.sales_correct(
                        by=request.user,
                        event=event,
                        application=app,
                        day=data["day"],
                        amount=data["amount"],
                        transactions=data["transactions"],
                        reason=data["reason"],
                    )
                else:
                    services.sales_report(
                        by=request.user,
                        application=app,
                        day=data["day"],
                        amount=data["amount"],
                        transactions=data["transactions"],
                    )
            except ServiceError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Penjualan tersimpan."))
                return redirect("events:booth", pk=app.pk)
    return render(
        request,
        "events/booth_detail.html",
        {
            "app": app,
            "event": event,
            "form": form,
            "locked": locked,
            "can_correct": can_correct,
            "sales": SalesReport.objects.filter(application=app).order_by("day"),
            "allocation": getattr(app, "allocation", None),
        },
    )


def event_manage(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.curate_booths")
    applications = list(selectors.application_list(event=event))
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "applications": [
                (a, ReviewForm(application=a, prefix=f"a{a.pk}", initial={"notes": a.notes, "decision": a.status}))
                for a in applications
            ],
            "plan": mark_safe(floorplan.floor_plan_svg(selectors.booth_list(event=event), title=_("Denah stan"))),  # noqa: S308 -- escaped in floorplan
            "sessions": selectors.session_list(event=event),
            # The "add a session / add a booth" forms, for those who may set the event up.
            **(
                {"session_form": SessionForm(prefix="sesi"), "booth_form": BoothForm(prefix="stan")}
                if request.user.has_perm("events.manage_event", event)
                else {}
            ),
        },
    )


@require_POST
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_object_or_404(BoothApplication.objects.select_related("event"), pk=pk)
    if not request.user.has_perm("events.curate_booths", app.event):
        raise PermissionDenied
    form = ReviewForm(request.POST, application=app, prefix=f"a{app.pk}")
    if form.is_valid():
        try:
            services.booth_application_review(
                by=request.user,
                application=app,
                criteria_scores=form.criteria(),
                notes=form.cleaned_data["notes"],
                decision=form.cleaned_data["decision"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Penilaian %(s)s tersimpan.") % {"s": app.seller_name})
    else:
        messages.error(request, _("Nilai %(s)s belum benar: setiap kriteria 0–5.") % {"s": app.seller_name})
    return redirect("events:manage", slug=app.event.slug)


@require_POST
def booths_allocate(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.curate_booths")
    result = services.booths_allocate(by=request.user, event=event)
    messages.success(
        request,
        _("%(p)d penjual ditempatkan; %(u)d belum mendapat stan.")
        % {"p": len(result.placements), "u": len(result.unplaced)},
    )
    return redirect("events:manage", slug=slug)


@require_POST
def exhibitor_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_object_or_404(BoothApplication.objects.select_related("event"), pk=pk)
    if not request.user.has_perm("events.check_in", app.event):
        raise PermissionDenied
    try:
        services.exhibitor_check_in(by=request.user, application=app)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(s)s hadir.") % {"s": app.seller_name})
    return redirect("events:manage", slug=app.event.slug)


def floor_plan(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    svg = floorplan.floor_plan_svg(selectors.booth_list(event=event), title=_("Denah stan %(e)s") % {"e": event})
    return HttpResponse(svg, content_type="image/svg+xml")


@require_POST
def event_lock(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.manage_event")
    try:
        services.event_lock(by=request.user, event=event)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Laporan penjualan dikunci."))
    return redirect("events:report", slug=slug)


# ---------------------------------------------------------------- check-in


def checkin_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.check_in")
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
    event = _event(request, slug, "events.check_in")
    return render(
        request, "events/_checkin_counters.html", {"event": event, "counters": selectors.checkin_counters(event=event)}
    )


def checkin_search(request: HttpRequest, slug: str) -> HttpResponse:
    """Search a name (or a short code) at the door; HTMX swaps the results in, without JS the page reloads."""
    event = _event(request, slug, "events.check_in")
    query = request.GET.get("cari", "")
    context = {
        "event": event,
        "query": query,
        "found": selectors.checkin_search(event=event, query=query),
        "result": None,
    }
    if request.headers.get("HX-Request"):
        return render(request, "events/_checkin_found.html", context)
    return redirect(f"{reverse('events:checkin', args=[slug])}?{urlencode({'cari': query})}")


@require_POST
def checkin_person(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Check in a ticket found by name (the same service, and the same once-only rule, as a scan)."""
    event = _event(request, slug, "events.check_in")
    registration = get_object_or_404(Registration, pk=pk, session__event=event)
    result = services.checkin_scan(by=request.user, event=event, code=registration.short_code)
    query = request.POST.get("cari", "")
    if request.headers.get("HX-Request"):
        response = render(
            request,
            "events/_checkin_found.html",
            {
                "event": event,
                "query": query,
                "found": selectors.checkin_search(event=event, query=query),
                "result": result,
            },
        )
        response["HX-Trigger"] = "checkin-changed"
        return response
    (messages.success if result.outcome == "ok" else messages.error)(request, result.message)
    return redirect(f"{reverse('events:checkin', args=[slug])}?{urlencode({'cari': query})}")


@require_POST
def checkin_sync(request: HttpRequest, slug: str) -> JsonResponse:
    """POST {"scans": [{"code", "client_uuid", "scanned_at"}]} → {"results": [...]}; each scan idempotent."""
    event = get_object_or_404(Event, slug=slug)
    if not request.user.has_perm("events.check_in", event):
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
    results = services.checkin_sync(by=request.user, event=event, scans=scans)
    return JsonResponse({"results": [r.as_dict() for r in results]})


# ---------------------------------------------------------------- report


def event_report_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.view_report")
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
    event = _event(request, slug, "events.view_report")
    response = HttpResponse(exports.report_pdf(event_report(event)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="laporan-{event.slug}.pdf"'
    return response


def event_report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.view_report")
    response = HttpResponse(
        exports.report_xlsx(event_report(event)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="laporan-{event.slug}.xlsx"'
    return response
