"""Error reports to a Sentry-compatible server (Sentry, GlitchTip), off unless SINERGI_SENTRY_DSN is set.

Unset, sentry-sdk is not even imported. Set, unhandled exceptions in pages, the API and the task worker
are sent with their stack trace but without personal data: no request body, cookies, headers, user,
client address or local variables (NIK and phone numbers live in those). docs/decisions/0009.
"""

from __future__ import annotations

from typing import Any

# What a request's part of an event may keep: where it went, never who sent what.
_REQUEST_KEEPS = ("url", "method")


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Removes personal data from an event before it leaves the machine."""
    request = event.get("request")
    if isinstance(request, dict):
        event["request"] = {key: request[key] for key in _REQUEST_KEEPS if key in request}
    event.pop("user", None)
    return event


def init(*, dsn: str, environment: str, release: str) -> bool:
    """Starts error reporting when a DSN is given; returns whether it did."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        before_send=scrub,  # type: ignore[arg-type]
    )
    return True
