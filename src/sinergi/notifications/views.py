"""The person's own activity: notifications with read state and delivery status, and preferences."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sinergi.core.access import get_permitted
from sinergi.core.errors import ServiceError
from sinergi.core.forms import apply_service_error

from . import channels, selectors, services, types
from .forms import CodeForm, DeliveryStatusFilter, PhoneForm, PreferencesForm
from .models import Channel, Delivery, Notification

if TYPE_CHECKING:
    from sinergi.accounts.models import User


def _me(request: HttpRequest) -> User:
    """The signed-in person (every view here is behind login_required). Notifications sit below
    accounts, so they name `User` for the checker only."""
    return cast("User", request.user)


@login_required
def activity(request: HttpRequest) -> HttpResponse:
    unread = request.GET.get("belum") == "1"
    page = Paginator(selectors.notification_list(user=_me(request), unread=unread), 30).get_page(
        request.GET.get("halaman")
    )
    return render(
        request,
        "notifications/activity.html",
        {"page": page, "unread_only": unread, "params": request.GET},
    )


@never_cache
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    """The header's bell with the current unread count, which it polls for (HTMX, outerHTML). Someone
    no longer signed in gets 286: htmx swaps the bell away and stops polling."""
    if not request.user.is_authenticated:
        return HttpResponse(status=286)
    return render(request, "notifications/bell.html")


@login_required
def delivery_status(request: HttpRequest) -> HttpResponse:
    """ "Status pengiriman": what the staff member's office workflows told whom, per channel, failures
    first at a glance. One object (`?alur=events.event&objek=12`) only with the permission on it."""
    if not request.user.has_perm("notifications.view_delivery_status"):
        raise PermissionDenied
    form = DeliveryStatusFilter(request.GET)
    filters: dict[str, Any] = {}
    status = ""
    subject: tuple[str, str] | None = None
    if form.is_valid():
        status = form.cleaned_data["status"]
        workflow, subject_id = form.cleaned_data["alur"], form.cleaned_data["objek"]
        filters = {"workflow": workflow, "subject_id": subject_id}
        if subject_id is not None:
            flow = types.workflow(workflow)
            obj = get_permitted(request.user, selectors.workflow_objects(flow), perm=flow.permission, pk=subject_id)
            subject = (str(obj), flow.url(obj))
    counts = selectors.delivery_status_counts(user=request.user, **filters)
    notifications = selectors.delivery_status_list(user=request.user, status=status, **filters)
    page = Paginator(notifications, 50).get_page(request.GET.get("halaman"))
    rows = selectors.delivery_status_rows(page.object_list)
    return render(
        request,
        "notifications/delivery_status.html",
        {
            "form": form,
            "page": page,
            "params": request.GET,
            "subject": subject,
            "rows": rows,
            "counts": [(value, label, counts[value]) for value, label in Delivery.Status.choices if value in counts],
        },
    )


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_read(by=_me(request))
    messages.success(request, _("%(count)d pemberitahuan ditandai sudah dibaca.") % {"count": count})
    return redirect("notifications:activity")


@login_required
@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the person's notifications read and go where it points."""
    notification = get_object_or_404(Notification, pk=pk, user=_me(request))
    services.mark_read(by=_me(request), ids=[notification.pk])
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications:activity")
    return redirect(target)


def _preferences_page(request: HttpRequest, **forms: Any) -> HttpResponse:
    names = list(channels.enabled())
    current = selectors.preferences_of(user=_me(request))
    context: dict[str, Any] = {
        "form": forms.get("form") or PreferencesForm(channels=names, current=current),
        "channel_labels": [Channel(name).label for name in names],
        "whatsapp_enabled": Channel.WHATSAPP in names,
        "phone": selectors.phone_of(user=_me(request)),
        "phone_form": forms.get("phone_form") or PhoneForm(),
        "code_form": forms.get("code_form") or CodeForm(),
    }
    return render(request, "notifications/preferences.html", context)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _preferences_page(request)
    current = selectors.preferences_of(user=_me(request))
    form = PreferencesForm(request.POST, channels=list(channels.enabled()), current=current)
    if not form.is_valid():
        return _preferences_page(request, form=form)
    for kind, channel, mode in form.changes(current):
        services.preference_set(by=_me(request), kind=kind, channel=channel, mode=mode)
    messages.success(request, _("Pilihan pemberitahuan tersimpan."))
    return redirect("notifications:preferences")


@login_required
@require_POST
def phone_add(request: HttpRequest) -> HttpResponse:
    form = PhoneForm(request.POST)
    if form.is_valid():
        try:
            services.phone_start(by=_me(request), number=form.cleaned_data["number"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Kode verifikasi dikirim lewat WhatsApp."))
            return redirect("notifications:preferences")
    return _preferences_page(request, phone_form=form)


@login_required
@require_POST
def phone_verify(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            services.phone_verify(by=_me(request), code=form.cleaned_data["code"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Nomor WhatsApp terverifikasi."))
            return redirect("notifications:preferences")
    return _preferences_page(request, code_form=form)


@login_required
@require_POST
def phone_revoke(request: HttpRequest) -> HttpResponse:
    services.phone_revoke(by=_me(request))
    messages.success(request, _("Nomor WhatsApp dihapus; tidak ada lagi pesan WhatsApp."))
    return redirect("notifications:preferences")
