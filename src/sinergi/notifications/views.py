"""The person's own activity: notifications with read state and delivery status, and preferences."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import channels, selectors, services
from .forms import PreferencesForm
from .models import Channel, Notification


def _me(request: HttpRequest) -> Any:
    return request.user


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


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.preferences_of(user=_me(request))
    names = list(channels.enabled())
    form = PreferencesForm(request.POST or None, channels=names, current=current)
    if request.method == "POST" and form.is_valid():
        for kind, channel, mode in form.changes(current):
            services.preference_set(by=_me(request), kind=kind, channel=channel, mode=mode)
        messages.success(request, _("Pilihan pemberitahuan tersimpan."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "channel_labels": [Channel(name).label for name in names]},
    )
