"""/api/: v1 mounted at /api/v1/; every other path under /api/ answers 404 in the error shape."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from .errors import not_found_view, with_error_shape
from .v1 import api as api_v1


def _shaped(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = with_error_shape(pattern.callback)
    return patterns


_v1_patterns, _v1_app, _v1_namespace = api_v1.urls

urlpatterns = [
    path("v1/", (_shaped(_v1_patterns), _v1_app, _v1_namespace)),
    re_path(r"^.*$", not_found_view, name="api-not-found"),
]
