"""The address of the person behind a request: one rule for sign-in lockout and every rate limit.

Behind a reverse proxy every request arrives from the proxy (127.0.0.1), so `REMOTE_ADDR` alone would
put every visitor in one bucket. Headers such as `X-Forwarded-For` can be written by anyone, though, so
they are believed only when the operator names one in `SINERGI_TRUSTED_PROXY_HEADER` (the proxy sets it
and overwrites what the client sent: docs/operations/deploy.md shows nginx). For `X-Forwarded-For` the
last entry is taken — the one the trusted proxy appended; earlier entries came from the client.
Without the setting, or when the named header is absent (a request that did not pass the proxy, such as
a monitor calling /healthz directly), the connection's own address is the answer.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

log = logging.getLogger(__name__)


def meta_key(header: str) -> str:
    """`X-Real-IP` → `HTTP_X_REAL_IP`, the key Django stores the header under."""
    name = header.strip().upper().replace("-", "_")
    if not name:
        raise ImproperlyConfigured("SINERGI_TRUSTED_PROXY_HEADER is empty.")
    return name if name.startswith("HTTP_") else f"HTTP_{name}"


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address, from the trusted proxy header if one is configured and present."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    header = getattr(settings, "SINERGI_TRUSTED_PROXY_HEADER", "")
    if header:
        raw = request.META.get(meta_key(header))
        if raw:
            candidate = raw.split(",")[-1]
            address = _valid(candidate)
            if address is not None:
                return address
            log.warning("Ignoring %s=%r: not an IP address; using the connection's address.", header, raw)
    return remote
