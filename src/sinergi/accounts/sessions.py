"""How long a signed-in session lasts, by what the person can see (UU 27/2022: personal data).

Everyone's session lasts SESSION_COOKIE_AGE (14 days). People who work for a city office (and
superusers) also get an idle timeout: SINERGI_STAFF_IDLE_MINUTES without a request signs them out. Those
whose role can see personal data in full (NIK, phone, home address: office administrators, heads and
staff, superusers) also get an absolute lifetime, SINERGI_PERSONAL_DATA_SESSION_HOURS from sign-in,
however active they were. The check runs on every request (`StaffSessionMiddleware`); the person lands
on the sign-in page with a message that says why, and is brought back to where they were. Requests a
page makes on its own (`BACKGROUND_HEADER`: the bell's refresh) are checked but are not activity.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from sinergi.core.htmx import HtmxHttpRequest

from .models import User
from .predicates import is_office_member, is_office_staff, is_superuser
from .typing import AnyUser

SIGNED_IN_AT = "sinergi_signed_in_at"
LAST_SEEN = "sinergi_last_seen"
API_PREFIX = "/api/"
# Sent by what the page requests on its own (the bell's refresh): it is not the person's activity, so it
# never keeps an idle session alive; it still meets the expiry like any request.
BACKGROUND_HEADER = "X-Sinergi-Background"
TOUCH_EVERY = 60  # seconds: the session is rewritten at most this often just to note activity


@dataclass(frozen=True)
class SessionPolicy:
    idle_seconds: int
    absolute_seconds: int | None


def policy_for(user: AnyUser) -> SessionPolicy | None:
    """None for people whose session only has the ordinary lifetime."""
    if not (is_superuser(user) or is_office_member(user) or getattr(user, "is_staff", False)):
        return None
    idle = int(settings.SINERGI_STAFF_IDLE_MINUTES) * 60
    sees_personal_data = is_superuser(user) or is_office_staff(user)
    absolute = int(settings.SINERGI_PERSONAL_DATA_SESSION_HOURS) * 3600 if sees_personal_data else None
    return SessionPolicy(idle_seconds=idle, absolute_seconds=absolute)


@receiver(user_logged_in)
def _note_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN] = now


def expiry_reason(request: HttpRequest, policy: SessionPolicy, now: float) -> str | None:
    session = request.session
    started = session.get(SIGNED_IN_AT)
    last = session.get(LAST_SEEN)
    if isinstance(last, int | float) and now - last > policy.idle_seconds:
        minutes = policy.idle_seconds // 60
        return ngettext(
            "Sesi Anda berakhir karena tidak ada aktivitas selama %(n)d menit. Silakan masuk lagi.",
            "Sesi Anda berakhir karena tidak ada aktivitas selama %(n)d menit. Silakan masuk lagi.",
            minutes,
        ) % {"n": minutes}
    absolute = policy.absolute_seconds
    if absolute is not None and isinstance(started, int | float) and now - started > absolute:
        hours = absolute // 3600
        return ngettext(
            "Demi pelindungan data pribadi, sesi petugas berlaku paling lama %(n)d jam. Silakan masuk lagi.",
            "Demi pelindungan data pribadi, sesi petugas berlaku paling lama %(n)d jam. Silakan masuk lagi.",
            hours,
        ) % {"n": hours}
    return None


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HtmxHttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        policy = policy_for(user) if user is not None and user.is_authenticated else None
        if policy is not None:
            now = time.time()
            reason = expiry_reason(request, policy, now)
            if reason is not None:
                if request.path.startswith(API_PREFIX):
                    logout(request)  # the API answers as for anyone without a session; no page to redirect to
                    return self.get_response(request)
                return self._signed_out(request, reason)
            session = request.session
            session.setdefault(SIGNED_IN_AT, now)  # sessions from before this policy start counting now
            last = session.get(LAST_SEEN)
            background = request.headers.get(BACKGROUND_HEADER) == "1"
            if not background and (not isinstance(last, int | float) or now - last >= TOUCH_EVERY):
                session[LAST_SEEN] = now
        return self.get_response(request)

    def _signed_out(self, request: HtmxHttpRequest, reason: str) -> HttpResponse:
        back = request.get_full_path() if request.method == "GET" else request.headers.get("Referer", "")
        logout(request)
        messages.warning(request, reason)
        response = redirect_to_login(back or "/", settings.LOGIN_URL)
        if request.htmx:
            # An HTMX fragment must not swap the sign-in page into the page: send the browser there.
            hx = HttpResponse(status=204)
            hx["HX-Redirect"] = response["Location"]
            return hx
        return response
