"""Helpers shared by the workspace views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core.access import get_permitted

from .. import selectors
from ..derived import checklist
from ..models import Actor, Status


def signed_in(request: HttpRequest) -> User:
    """The signed-in person of a view behind `login_required` (403 should an anonymous request get here)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def actor_for(request: HttpRequest, slug: str, perm: str) -> Actor:
    """The actor this person may `perm` on (404 if there is none, 403 without the permission)."""
    return get_permitted(request.user, selectors.actor_workspace(), perm=perm, slug=slug)


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def next_step(actor: Actor) -> str:
    """One sentence telling the owner what to do next."""
    if actor.status == Status.DRAFT:
        missing = [item.label for item in checklist(actor) if item.required and not item.done]
        if missing:
            return _("Lengkapi: %(items)s, lalu ajukan verifikasi.") % {"items": ", ".join(missing)}
        return _("Profil siap: ajukan verifikasi.")
    if actor.status == Status.SUBMITTED:
        return _("Menunggu verifikasi petugas.")
    if actor.status == Status.REJECTED:
        return _("Perbaiki sesuai catatan petugas, lalu ajukan kembali.")
    if actor.status == Status.VERIFIED:
        return _("Tampil di direktori publik. Jaga data tetap mutakhir.")
    return _("Diarsipkan: tidak tampil di direktori.")
