"""What every page knows of the installation's region."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .selectors import is_province


def region(request: HttpRequest) -> dict[str, Any]:
    # A province lists its kab/kota's own publications (federation); a kab/kota has none to list.
    return {"REGION_IS_PROVINCE": is_province()}
