"""The public side of events: the list and the schedule, registering for a session, the ticket (its page,
QR code and cancelling), and "send my tickets again"."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.access import get_permitted
from sinergi.core.errors import ServiceError
from sinergi.core.forms import apply_service_error
from sinergi.core.ratelimit import RateLimited, hit, limited_response, rate_limited
from sinergi.registry.filters import organiser_level_filter

from .. import ical, selectors, services
from ..forms import RegistrationForm, TicketResendForm
from ..models import EventStatus
from ._common import VIEW, event_for, site_url, visitor
from .booths import sellers_for


def event_list(request: HttpRequest) -> HttpResponse:
    staff = request.user.has_perm("events.manage_event")
    level, level_context = organiser_level_filter(request.GET.get("kabkota", ""))
    context = {
        "events": selectors.event_list(public_only=not staff, organiser_level=level),
        "can_manage": staff,
        **level_context,
    }
    return render(request, "events/event_list.html", context)


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug)
    user = visitor(request)
    context = {
        "event": event,
        "sessions": selectors.session_list(event=event),
        "can_manage": request.user.has_perm("events.manage_event", event),
        "registration_state": event.registration_state(),
        "exhibitors": list(selectors.exhibitors(event=event)),
        "has_floor_plan": event.booths.exists(),
        "my_applications": selectors.applications_for_user(user=user, event=event) if user is not None else [],
        # Offered to visitors (they sign in first) and to people with a seller that has not applied yet.
        "can_apply_booth": event.status == EventStatus.PUBLISHED and (user is None or bool(sellers_for(user, event))),
    }
    return render(request, "events/event_detail.html", context)


def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug)
    body = ical.calendar(event, event.sessions.order_by("starts_at"), host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{event.slug}.ics"'
    return response


def _anonymous_post(request: HttpRequest) -> bool:
    return request.method == "POST" and not request.user.is_authenticated


@rate_limited("event_registration", when=_anonymous_post)
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_permitted(request.user, selectors.sessions_with_event(), perm=VIEW, visible=VIEW, pk=pk)
    user = visitor(request)
    initial = {"name": user.get_full_name(), "email": user.email} if user is not None else {}
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                session=session,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                user=user,
                site_url=site_url(request),
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("events:ticket", code=registration.code)
    return render(request, "events/register.html", {"session": session, "event": session.event, "form": form})


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
        services.tickets_resend(email=email, site_url=site_url(request))
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
    registration = get_object_or_404(selectors.tickets(), code=code)
    return HttpResponse(services.ticket_qr_png(registration), content_type="image/png")


def ticket(request: HttpRequest, code: str) -> HttpResponse:
    registration = get_object_or_404(selectors.tickets(), code=code)
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
    registration = get_object_or_404(selectors.tickets(), code=code)
    try:
        services.registration_cancel(by=visitor(request), registration=registration, site_url=site_url(request))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pendaftaran dibatalkan."))
    return redirect("events:ticket", code=code)
