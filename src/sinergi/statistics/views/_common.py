"""What the statistics pages share: the person acting, the workspace check, a file response."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

TEMPLATE_NAMES = ("pdrb", "establishments", "benchmark", "indicator", "population")


def _workspace(request: HttpRequest) -> None:
    if not request.user.has_perm("statistics.use_workspace"):
        raise PermissionDenied


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
