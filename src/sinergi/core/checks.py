"""System checks run by `sinergi check --deploy` (docs/operations/deploy.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def trusted_proxy_header(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Behind a reverse proxy, without the header every visitor shares the proxy's address."""
    if getattr(settings, "SINERGI_TRUSTED_PROXY_HEADER", ""):
        return []
    return [
        checks.Warning(
            "SINERGI_TRUSTED_PROXY_HEADER is not set: behind a reverse proxy every client has the proxy's "
            "address, so failed sign-ins by anyone lock that account for everyone and rate limits are "
            "shared by all visitors.",
            hint="Set SINERGI_TRUSTED_PROXY_HEADER=X-Real-IP with nginx's "
            "`proxy_set_header X-Real-IP $remote_addr;` (docs/operations/deploy.md). Ignore this warning "
            "only if clients reach gunicorn directly.",
            id="sinergi.W001",
        )
    ]
