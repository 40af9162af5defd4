"""Rate limits for pages that cost something to answer: sign-up, password reset, anonymous event
registration and uploads (the API's write throttle per token lives in api/auth.py).

One rule: each *scope* has a rate in `settings.SINERGI_RATE_LIMITS` ("count/period", period one of
second, minute, hour, day), counted per signed-in person, or per client address (core.clientaddr) for
anonymous visitors, in fixed windows in the default cache (shared by every worker in production). A
view opts in with `@rate_limited(scope)`; beyond the rate the visitor gets a 429 page that says what
was limited and when to try again, with a `Retry-After` header. `hit()` lets a view count by another key
too (the e-mail address a reset link goes to).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .clientaddr import client_address

PERIODS = {"second": 1, "minute": 60, "min": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        count, _slash, period = text.partition("/")
        try:
            return cls(int(count), PERIODS[period.strip().lower()])
        except (ValueError, KeyError) as exc:
            raise ImproperlyConfigured(f"Rate {text!r}: write it as count/period, e.g. 10/hour.") from exc


class RateLimited(Exception):
    def __init__(self, scope: str, retry_after: int) -> None:
        super().__init__(f"{scope}: retry after {retry_after} s")
        self.scope = scope
        self.retry_after = retry_after


def rate_of(scope: str) -> Rate:
    limits: dict[str, str] = settings.SINERGI_RATE_LIMITS
    if scope not in limits:
        raise ImproperlyConfigured(f"SINERGI_RATE_LIMITS has no rate for {scope!r}.")
    return Rate.parse(limits[scope])


def visitor(request: HttpRequest) -> str:
    """Whom a request is counted for: the signed-in person, else the client's address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"addr:{client_address(request)}"


def hit(scope: str, key: str) -> None:
    """Count one request of `scope` by `key`; raise RateLimited when that passes the scope's rate."""
    rate = rate_of(scope)
    now = time.time()
    window = int(now // rate.seconds)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window expired between add and incr: this is its first request
        cache.set(cache_key, 1, timeout=rate.seconds + 1)
        count = 1
    if count > rate.count:
        raise RateLimited(scope, retry_after=max(1, math.ceil((window + 1) * rate.seconds - now)))


def scope_message(scope: str) -> str:
    messages = {
        "signup": _("Terlalu banyak pendaftaran akun dari alamat Anda."),
        "password_reset": _("Terlalu banyak permintaan atur ulang kata sandi."),
        "event_registration": _("Terlalu banyak pendaftaran acara dari alamat Anda."),
        "upload": _("Terlalu banyak unggahan berkas dalam waktu singkat."),
        "ticket_resend": _("Terlalu banyak permintaan kirim ulang tiket."),
        "ticket_resend_address": _("Terlalu banyak permintaan kirim ulang tiket."),
    }
    return messages.get(scope, _("Terlalu banyak permintaan dalam waktu singkat."))


def limited_response(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    minutes = max(1, math.ceil(exc.retry_after / 60))
    wait = ngettext("Coba lagi dalam %(n)d menit.", "Coba lagi dalam %(n)d menit.", minutes) % {"n": minutes}
    response = render(
        request,
        "core/rate_limited.html",
        {"message": scope_message(exc.scope), "wait": wait},
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


def rate_limited(
    scope: str, *, when: Callable[[HttpRequest], bool] = lambda request: request.method == "POST"
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Count the view's requests for which `when` holds (by default every POST) against `scope`."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if when(request):
                try:
                    hit(scope, visitor(request))
                except RateLimited as exc:
                    return limited_response(request, exc)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def posts_a_file(request: HttpRequest) -> bool:
    return request.method == "POST" and bool(request.FILES)
