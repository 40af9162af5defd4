"""Rate limits: for pages that cost something to answer (sign-up, password reset, anonymous event
registration, uploads) and for API writes per token (api/auth.py's write throttle uses the same counter).

One rule: each *scope* has a rate in `settings.SINERGI_RATE_LIMITS` ("count/period", period one of
second, minute, hour, day), counted per signed-in person, or per client address (core.clientaddr) for
anonymous visitors, in fixed windows. The counts live in the database table `core_ratecounter` (one row
per scope and visitor, reused window after window): one statement per request (an upsert that returns
the new count), and every worker process sees the same count whatever cache is configured. A view opts
in with `@rate_limited(scope)`; beyond the rate the visitor gets a 429 page that says what was limited
and when to try again, with a `Retry-After` header. `hit()` lets a view count by another key too (the
e-mail address a reset link goes to).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .clientaddr import client_address

# django-ninja's spellings ("120/m", "5/s") too, as SINERGI_API_WRITE_RATE was written for it.
PERIODS = {
    "second": 1, "sec": 1, "s": 1, "minute": 60, "min": 60, "m": 60, "hour": 3600, "h": 3600, "day": 86400, "d": 86400,
}  # fmt: skip
PURGE_EVERY_SECONDS = 600  # how often a process deletes counters whose window has ended


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
    count_against(scope, key, rate_of(scope))


def count_against(scope: str, key: str, rate: Rate) -> None:
    """Count one request of `scope` by `key` against `rate`; raise RateLimited beyond it."""
    now = time.time()
    hits, window_ends = _count(_name(scope, key, rate), rate, now)
    if hits > rate.count:
        raise RateLimited(scope, retry_after=max(1, math.ceil(window_ends - now)))


def forget(scope: str, key: str, rate: Rate) -> None:
    """Drop the count of `scope` by `key` at `rate`: the next request starts a fresh window (the demo
    seeder, which acts as one person many times at once)."""
    from .models import RateCounter

    RateCounter.objects.filter(key=_stored(_name(scope, key, rate))).delete()


def _name(scope: str, key: str, rate: Rate) -> str:
    # The period is part of the name: window numbers of a changed rate never meet the old ones.
    return f"{scope}:{rate.seconds}:{key}"


def _stored(name: str) -> str:
    """The counter's key column: the name, or its digest when it is longer than the column."""
    return name if len(name) <= 200 else f"sha256:{hashlib.sha256(name.encode()).hexdigest()}"


_UPSERT = """
INSERT INTO {table} ({key}, {window}, {hits}, {ends}) VALUES (%s, %s, 1, %s)
ON CONFLICT ({key}) DO UPDATE SET
    {hits} = CASE WHEN excluded.{window} > {table}.{window} THEN 1 ELSE {table}.{hits} + 1 END,
    {ends} = CASE WHEN excluded.{window} > {table}.{window} THEN excluded.{ends} ELSE {table}.{ends} END,
    {window} = CASE WHEN excluded.{window} > {table}.{window} THEN excluded.{window} ELSE {table}.{window} END
RETURNING {hits}, {ends}
"""
_purge = {"last": 0.0}  # when this process last deleted ended counters


def _count(name: str, rate: Rate, now: float) -> tuple[int, int]:
    """Add one to `name`'s count in the current window (a new window starts from 1); return the count and
    when its window ends. One statement, atomic in PostgreSQL and SQLite alike (INSERT … ON CONFLICT …
    RETURNING): concurrent requests of every process each get their own, distinct count. A request that
    reaches a process late (its window already over) is counted in the newer window, never resets it."""
    from .models import RateCounter

    window = int(now // rate.seconds)
    quote = connection.ops.quote_name
    sql = _UPSERT.format(
        table=quote(RateCounter._meta.db_table),
        key=quote("key"),
        window=quote("window"),
        hits=quote("hits"),
        ends=quote("window_ends"),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_stored(name), window, (window + 1) * rate.seconds])
        hits, window_ends = cursor.fetchone()
    if now - _purge["last"] > PURGE_EVERY_SECONDS:
        _purge["last"] = now
        RateCounter.objects.filter(window_ends__lt=int(now)).delete()
    return int(hits), int(window_ends)


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
            response: HttpResponseBase = view(request, *args, **kwargs)
            return response

        return wrapped

    return decorate


def posts_a_file(request: HttpRequest) -> bool:
    return request.method == "POST" and bool(request.FILES)
