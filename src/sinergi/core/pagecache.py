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

Conditional GET: every cacheable 200 carries a weak `ETag` (the data version, the cache key and the
visitor's CSRF cookie) and `Last-Modified` (when the entry was rendered), with `Cache-Control: no-cache`
(browsers and proxies revalidate each time). A request whose `If-None-Match` names the current ETag is
answered 304 before the cache is even read: the data version has not changed, so neither has the page.

`serve(request, version=…, render=…)` is the same for a view that builds its response itself (the API's
published figures); `@public_page` is `serve` around a view.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.http import http_date

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
    raw = f"{language}|{flags}|{request.get_host()}|{request.path}?{query}"
    return "page:" + hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()


def csrf_context(request: HttpRequest) -> dict[str, Any]:
    """Context for a page being rendered for the cache: the CSRF token as a placeholder."""
    return {"csrf_token": _placeholder()} if getattr(request, _ATTR, False) else {}


def _personalise(request: HttpRequest, content: bytes) -> bytes:
    placeholder = _placeholder().encode()
    if placeholder not in content:
        return content
    return content.replace(placeholder, get_token(request).encode())


def _etag(request: HttpRequest, version: int, key: str) -> str:
    """Weak: the same page for this data version, key and visitor (their CSRF token is in the page)."""
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    raw = f"{version}|{key}|{csrf_cookie}"
    return 'W/"' + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest() + '"'


def _validators(response: HttpResponse, etag: str, rendered_at: float) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(rendered_at)
    patch_cache_control(response, no_cache=True)
    return response


def serve(request: HttpRequest, *, version: DataVersion, render: Callable[[], HttpResponse]) -> HttpResponse:
    """An anonymous GET from the page cache (or a 304 when the visitor's copy is current), else
    `render()`, stored with the current `version` when it is a 200 that sets no cookie."""
    if not cacheable(request):
        return render()
    current = version.current(max_age=VERSION_MAX_AGE)
    key = cache_key(request)
    etag = _etag(request, current, key)
    if request.headers.get("If-None-Match"):
        unchanged = get_conditional_response(request, etag=etag)
        if unchanged is not None:  # 304: the version is the one their copy was built with
            unchanged[HEADER] = "not-modified"
            patch_cache_control(unchanged, no_cache=True)
            return unchanged
    store = page_cache()
    entry = store.get(key)
    if entry is not None and entry[0] == current:
        rendered_at = entry[4]
        conditional = get_conditional_response(request, etag=etag, last_modified=int(rendered_at))
        if conditional is not None:
            conditional[HEADER] = "not-modified"
            return _validators(conditional, etag, rendered_at)
        response = HttpResponse(_personalise(request, entry[2]), content_type=entry[1])
        patch_vary_headers(response, entry[3])
        response[HEADER] = "hit"
        return _validators(response, etag, rendered_at)
    setattr(request, _ATTR, True)
    response = render()
    if response.status_code == 200 and not response.streaming and not response.cookies:
        rendered_at = time.time()
        vary = tuple(h.strip() for h in response.get("Vary", "").split(",") if h.strip())
        store.set(key, (current, response["Content-Type"], response.content, vary, rendered_at), TTL_SECONDS)
        response[HEADER] = "miss"
        _validators(response, etag, rendered_at)
    if not response.streaming:
        response.content = _personalise(request, response.content)
    return response


def public_page(*, version: DataVersion) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Serve an anonymous GET from the page cache, or render it (views add `csrf_context(request)` to their
    context) and store it with the current `version`. Only 200 responses that set no cookie are stored."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return serve(request, version=version, render=lambda: view(request, *args, **kwargs))

        return wrapped

    return decorator
