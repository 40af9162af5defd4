"""Language selection: Indonesian unless the person chose English.

Django's LocaleMiddleware follows the browser's Accept-Language header, so most visitors (whose
phones and browsers are set to English) would get English. Sinergi speaks Indonesian first: the
language comes from the person's own choice (the language cookie, set by the switch and at sign-in
from their saved preference), else the site default. An API request with a token switches to the token
owner's `User.language` (api/auth.py sets `request.LANGUAGE_CODE`, which Content-Language reports).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .languages import language_or_default

logger = logging.getLogger("sinergi.core")


class PreferredLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_or_default(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", getattr(request, "LANGUAGE_CODE", language))
        return response


class HeadAsGetMiddleware:
    """HEAD is GET without the body (RFC 9110 §9.3.2), for every page, /healthz and the API.

    Views declare the methods they answer (`require_GET`, `require_http_methods`, django-ninja
    operations) and none lists HEAD, so monitors and link checkers got 405. Rather than touch every
    view, a HEAD request is routed as the GET it stands for and the body is dropped on the way out;
    Content-Length still says how long the GET answer is.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if isinstance(response, StreamingHttpResponse | FileResponse):
            response.close()  # releases the file or generator the body would have come from
            response.streaming_content = []
        else:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response


class StorageFailureMiddleware:
    """A full or read-only file store answers with a page that says so (507/503), not a bare 500.
    Services write files inside their transaction, so nothing was stored half (core.storage)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render

        from .storage import storage_failure

        failure = storage_failure(exception)
        if failure is None:
            return None
        logger.error("file storage failed on %s %s: %s", request.method, request.path, exception)
        response = render(request, "core/storage_error.html", {"failure": failure}, status=failure.status)
        response["Retry-After"] = "300"
        return response
