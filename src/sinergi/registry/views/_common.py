"""Helpers shared by the workspace views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from sinergi.core.access import get_permitted

from .. import selectors
from ..models import Actor


def require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def actor_for(request: HttpRequest, slug: str, perm: str) -> Actor:
    """The actor this person may `perm` on: 404 if there is none or they may not see it
    (`registry.view_actor`: someone else's draft is as unknown as a missing one), 403 without `perm`."""
    return get_permitted(request.user, selectors.actor_workspace(), perm=perm, visible="registry.view_actor", slug=slug)


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default
