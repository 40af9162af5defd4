from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": settings.SINERGI_SITE_NAME,
        "REGION_NAME": settings.SINERGI_REGION_NAME,
        "TIME_ZONE_LABEL": settings.SINERGI_TIME_ZONE_LABEL,
        "DEMO": settings.SINERGI_DEMO,
    }
