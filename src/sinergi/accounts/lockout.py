"""Who a sign-in attempt is for, as the lockout (django-axes) counts it.

People sign in with their e-mail address, which the sign-in form posts as `username` (Django's
AuthenticationForm, the admin's too) and which the account is found by after `normalise_email`. The
lockout must count failures under that same key: a different spelling of the address (capitals,
spaces) is the same account and must not start a fresh count.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from .models import normalise_email


def attempted_email(request: HttpRequest, credentials: Mapping[str, Any] | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the normalised e-mail address the attempt names (None if it names none)."""
    value: Any = None
    if credentials:
        value = credentials.get("username") or credentials.get("email")
    if value is None and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("username") or data.get("email")
    if not isinstance(value, str) or not value.strip():
        return None
    return normalise_email(value)


def forget_failures(*, email: str) -> int:
    """Lift the lock on an account everywhere: its owner proved the mailbox (a completed password reset)."""
    from axes.utils import reset

    return int(reset(username=normalise_email(email)))
