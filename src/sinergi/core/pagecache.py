"""Page cache for public pages: whole responses for anonymous GET requests.

Used by the public portal (directory, catalogue, profiles: keyed to the registry's directory version) and
the public initiative list (the collaboration version). A view opts in with
`@public_page(version=<DataVersion>)` and renders with `csrf_context(request)` in its context.

Key: language, HTMX flags (HX-Request, HX-History-Restore-Request: a fragment and a page never share an
entry), path and the query string with its parameters sorted. Each entry carries the data version
(`core.versions`) it was built with and is used only while that version is current; every write of that
data bumps it (seen at once by the worker that wrote, within `VERSION_MAX_AGE` by the others), and
entries also expire after `TTL_SECONDS` (reference data, names of offices) as a safety net.

Only requests that carry no cookie besides the CSRF and language cookies are served from or stored in
the cache: anyone signed in (session cookie) or with pending messages gets a freshly rendered page.
The CSRF token of the page (language switch form, HTMX headers) is never stored: the page is rendered
with a placeholder that is replaced by the visitor's own token on every response.

Storage: the "pages" cache alias when configured (a per-process LocMemCache in production: each worker
warms its own; see docs/operations/deploy.md), else the default cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.crypto import salted_hmac

from .versions import DataVersion

TTL_SECONDS = 60
VERSION_MAX_AGE = 1.0  # seconds a worker may rely on the version it last read (core/versions.py)
MAX_QUERY_STRING = 1000
HEADER = "X-Sinergi-Page-Cache"
_ATTR = "_sinergi_page_cache"


def _placeholder() -> str:
    # Derived from the secret key: a visitor cannot make the placeholder appear in a page through a query.
    return "csrf" + salted_hmac("sinergi.portal.page-cache", "csrf-placeholder").hexdigest()[:40]


def page_cache() -> BaseCache:
    return caches["pages"] if "pages" in settings.CACHES else caches["default"]


def cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return False
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return all(name in allowed for name in request.COOKIES)


def cache_key(request: HttpRequest) -> str:
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    flags = f"{request.headers.get('HX-Request', '')}|{request.headers.get('HX-History-Restore-Request', '')}"
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    raw = f"{language}|{flags}|{request.path}?{query}"
    return "page:" + hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()


def csrf_context(request: HttpRequest) -> dict[str, Any]:
    """Context for a page being rendered for the cache: the CSRF token as a placeholder."""
    return {"csrf_token": _placeholder()} if getattr(request, _ATTR, False) else {}


def _personalise(request: HttpRequest, content: bytes) -> bytes:
    placeholder = _placeholder().encode()
    if placeholder not in content:
        return content
    return content.replace(placeholder, get_token(request).encode())


def public_page(*, version: DataVersion) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Serve an anonymous GET from the page cache, or render it (views add `csrf_context(request)` to their
    context) and store it with the current `version`. Only 200 responses that set no cookie are stored."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not cacheable(request):
                return view(request, *args, **kwargs)
            current = version.current(max_age=VERSION_MAX_AGE)
            key = cache_key(request)
            store = page_cache()
            entry = store.get(key)
            if entry is not None and entry[0] == current:
                response = HttpResponse(_personalise(request, entry[2]), content_type=entry[1])
                patch_vary_headers(response, entry[3])
                response[HEADER] = "hit"
                return response
            setattr(request, _ATTR, True)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                vary = tuple(h.strip() for h in response.get("Vary", "").split(",") if h.strip())
                store.set(key, (current, response["Content-Type"], response.content, vary), TTL_SECONDS)
                response[HEADER] = "miss"
            if not response.streaming:
                response.content = _personalise(request, response.content)
            return response

        return wrapped

    return decorator
