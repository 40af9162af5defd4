"""Fetching the object an endpoint acts on, with the one rule for 404 versus 403 (`core.access`)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404

from sinergi.accounts.typing import AnyUser
from sinergi.core.access import get_permitted

from .errors import NotFound

M = TypeVar("M", bound=models.Model)


def fetch(
    user: AnyUser,
    queryset: models.QuerySet[M],
    *,
    perm: str,
    visible: str | None = None,
    missing: str,
    **lookup: Any,
) -> M:
    """`core.access.get_permitted` for the API: 404 in the error shape saying `missing` (what was not
    found) when there is no such object or `user` lacks `visible`; 403 (`PermissionDenied`, which the
    error handlers answer as `permission_denied`) when `user` may see it but lacks `perm`."""
    try:
        return get_permitted(user, queryset, perm=perm, visible=visible, **lookup)
    except Http404:
        raise NotFound(missing) from None
