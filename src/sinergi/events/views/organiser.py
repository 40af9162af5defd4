"""The organising office's pages: creating and editing an event, its sessions and booths, publishing,
curating booth applications, placing sellers, sellers' arrival, and locking the sales reports."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.accounts.requests import signed_in
from sinergi.core.access import get_permitted
from sinergi.core.errors import ServiceError

from .. import floorplan, selectors, services
from ..forms import BoothForm, EventEditForm, EventForm, ReviewForm, SessionCapacityForm, SessionForm
from ..models import Booth, EventSession
from ._common import event_for, form_errors, save, site_url

MANAGE = "events.manage_event"
AddService = Callable[..., EventSession | Booth]
CURATE = "events.curate_booths"


def event_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    user = signed_in(request)
    form = EventForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        event = save(
            form, lambda data: services.event_create(by=user, data=data, partners=form.cleaned_data["partners"])
        )
        if event is not None:
            return redirect("events:manage", slug=event.slug)
    return render(request, "events/form.html", {"form": form, "title": _("Acara baru")})


def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The organising office edits the event's details; the public page shows them at once."""
    event = event_for(request, slug, MANAGE)
    user = signed_in(request)
    form = EventEditForm(request.POST or None, instance=event, user=user)
    if request.method == "POST" and form.is_valid():
        fresh = selectors.event_by_pk(event.pk)  # the form wrote its values onto `event`; the service compares
        saved = save(
            form,
            lambda data: services.event_update(by=user, event=fresh, data=data, partners=form.cleaned_data["partners"]),
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
            "title": _("Ubah acara: %(e)s") % {"e": selectors.event_by_pk(event.pk).title},
            "capacities": [
                (s, SessionCapacityForm(prefix=f"s{s.pk}", initial={"capacity": s.capacity})) for s in sessions
            ],
        },
        status=400 if form.errors else 200,
    )


@require_POST
def session_capacity(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_for(request, slug, MANAGE)
    session = get_object_or_404(selectors.sessions_with_event(), pk=pk, event=event)
    form = SessionCapacityForm(request.POST, prefix=f"s{session.pk}")
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("events:edit", slug=slug)
    try:
        promoted = services.session_capacity_set(
            by=signed_in(request), session=session, capacity=form.cleaned_data["capacity"], site_url=site_url(request)
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
    event = event_for(request, slug, MANAGE)
    services.event_publish(by=signed_in(request), event=event)
    messages.success(request, _("Acara diumumkan."))
    return redirect("events:manage", slug=slug)


def _add(request: HttpRequest, slug: str, form: SessionForm | BoothForm, create: AddService, done: str) -> HttpResponse:
    """Add a session or a booth from the manage page's form; its errors come back as one message."""
    event = event_for(request, slug, MANAGE)
    user = signed_in(request)
    added = save(form, lambda data: create(by=user, event=event, data=data)) if form.is_valid() else None
    if added is not None:
        messages.success(request, done)
    else:
        messages.error(request, form_errors(form))
    return redirect("events:manage", slug=slug)


@require_POST
def session_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _add(
        request, slug, SessionForm(request.POST, prefix="sesi"), services.session_create, _("Sesi ditambahkan.")
    )


@require_POST
def booth_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _add(request, slug, BoothForm(request.POST, prefix="stan"), services.booth_create, _("Stan ditambahkan."))


def event_manage(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug, CURATE)
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
                if request.user.has_perm(MANAGE, event)
                else {}
            ),
        },
    )


@require_POST
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_permitted(request.user, selectors.booth_applications(), perm=CURATE, pk=pk)
    form = ReviewForm(request.POST, application=app, prefix=f"a{app.pk}")
    if form.is_valid():
        try:
            services.booth_application_review(
                by=signed_in(request),
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
    event = event_for(request, slug, CURATE)
    result = services.booths_allocate(by=signed_in(request), event=event)
    messages.success(
        request,
        _("%(p)d penjual ditempatkan; %(u)d belum mendapat stan.")
        % {"p": len(result.placements), "u": len(result.unplaced)},
    )
    return redirect("events:manage", slug=slug)


@require_POST
def exhibitor_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_permitted(request.user, selectors.booth_applications(), perm="events.check_in", pk=pk)
    try:
        services.exhibitor_check_in(by=signed_in(request), application=app)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(s)s hadir.") % {"s": app.seller_name})
    return redirect("events:manage", slug=app.event.slug)


@require_POST
def event_lock(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug, MANAGE)
    try:
        services.event_lock(by=signed_in(request), event=event)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Laporan penjualan dikunci."))
    return redirect("events:report", slug=slug)
