from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .navigation import work_menu


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": settings.SINERGI_SITE_NAME,
        "REGION_NAME": settings.SINERGI_REGION_NAME,
        "TIME_ZONE_LABEL": settings.SINERGI_TIME_ZONE_LABEL,
        "DEMO": settings.SINERGI_DEMO,
        # Evaluated only when a template shows the menu (fragments never do).
        "work_menu": SimpleLazyObject(lambda: work_menu(getattr(request, "user", None))),
    }
