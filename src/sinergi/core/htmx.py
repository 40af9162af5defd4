"""The one HTMX idiom of every page.

django-htmx's middleware sets `request.htmx` (truthy for a request HTMX made); a view that answers HTMX
with part of a page renders that part from the page's own template, named with django-template-partials
(`{% partialdef results inline %}` in `app/page.html`, rendered as `app/page.html#results`), so the
fragment and the page can never drift apart. `render_page` does the choice once: the fragment for an
HTMX request, the whole page otherwise and for HTMX's history restore (which asks for a whole page), with
`Vary: HX-Request` so no cache hands one to the other.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """An `HttpRequest` as django-htmx's middleware leaves it (annotation only)."""

    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """True for an HTMX request that swaps part of a page (not a history restore, which needs it all)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_page(
    request: HtmxHttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str,
    status: int | None = None,
) -> HttpResponse:
    """`template`, or only its `{% partialdef partial %}` for an HTMX request: same template, same context."""
    name = f"{template}#{partial}" if wants_fragment(request) else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
