"""Fetching another installation's catalogue safely: http(s) only (redirects too), a connect/read
timeout and a total deadline, a size limit, and every failure as one clear message (`FetchError`)."""

from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext as _

SCHEMES = ("http", "https")
CHUNK = 64 * 1024


class FetchError(Exception):
    """A catalogue that could not be fetched or read; `message` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise FetchError(_("Alamat katalog harus diawali http:// atau https://: %(url)s") % {"url": url[:200]})


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def http_error_302(self, req: Any, fp: Any, code: int, msg: str, headers: Any) -> Any:
        location = headers.get("location") or headers.get("uri")
        if location:
            try:
                _check_url(urljoin(req.full_url, location))
            except FetchError:
                fp.close()
                raise
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener() -> urllib.request.OpenerDirector:
    """Only HTTP and HTTPS (no file:, ftp: or data: handlers, which build_opener would add)."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        _HttpOnlyRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch_json(url: str, *, timeout: float, max_bytes: int) -> Any:
    """The JSON document at `url`, read within `timeout` seconds in all and at most `max_bytes` long."""
    _check_url(url)
    request = urllib.request.Request(  # noqa: S310 -- the scheme is checked above and on every redirect
        url, headers={"Accept": "application/ld+json, application/json", "User-Agent": "Sinergi-federasi/1"}
    )
    deadline = time.monotonic() + timeout
    too_large = _("Katalog lebih besar dari batas %(limit)s bait; tidak dipanen.") % {"limit": f"{max_bytes:,}"}
    try:
        with _opener().open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(too_large)
            body = bytearray()
            while chunk := response.read(CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(too_large)
                if time.monotonic() > deadline:
                    raise FetchError(_("Katalog tidak selesai diunduh dalam %(seconds)s detik.") % {"seconds": timeout})
    except urllib.error.HTTPError as exc:
        exc.close()
        raise FetchError(_("Server katalog menjawab HTTP %(status)s.") % {"status": exc.code}) from exc
    except TimeoutError as exc:
        raise FetchError(_("Server katalog tidak menjawab dalam %(seconds)s detik.") % {"seconds": timeout}) from exc
    except urllib.error.URLError as exc:
        raise FetchError(_("Server katalog tidak dapat dihubungi: %(reason)s.") % {"reason": exc.reason}) from exc
    except OSError as exc:
        raise FetchError(_("Server katalog tidak dapat dihubungi: %(reason)s.") % {"reason": exc}) from exc
    try:
        return json.loads(bytes(body).decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise FetchError(_("Katalog bukan teks UTF-8 (bait ke-%(position)s).") % {"position": exc.start + 1}) from exc
    except json.JSONDecodeError as exc:
        raise FetchError(
            _("Katalog bukan JSON yang sah: baris %(line)s, kolom %(column)s.")
            % {"line": exc.lineno, "column": exc.colno}
        ) from exc
