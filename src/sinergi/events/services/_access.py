"""The permission check every event service makes before it writes (the services' side of the convention:
services check their named permission and raise `NotAllowed`; pages and the API only choose 404 or 403)."""

from __future__ import annotations

from typing import Any

from sinergi.accounts.models import User
from sinergi.core.errors import NotAllowed


def require(by: User | None, perm: str, obj: Any, message: str) -> None:
    """Refuse `by` without `perm` on `obj`. `None` is the platform itself (demo seeding, timers, tests' set-up)."""
    if by is not None and not by.has_perm(perm, obj):
        raise NotAllowed(message)
