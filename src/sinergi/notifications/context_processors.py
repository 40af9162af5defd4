from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count

if TYPE_CHECKING:
    from sinergi.accounts.models import User


def bell(request: HttpRequest) -> dict[str, Any]:
    """The header's unread count, counted only when a page for a signed-in person shows the bell."""
    # Evaluated only where the bell shows, on pages for a signed-in person: there `user` is a User.
    user = cast("User", getattr(request, "user", None))
    return {
        "notifications_unread": SimpleLazyObject(lambda: unread_count(user=user)),
        "bell_refresh_seconds": settings.SINERGI_BELL_REFRESH_SECONDS,
    }
