"""Log lines an operator can read after an incident: when (ISO 8601 in UTC, the offset written out),
how bad, which logger, and which request, person, client and background task the line belongs to.

Two formats, chosen by `SINERGI_LOG_FORMAT`:

- `text` (default): `2026-12-04T20:10:38.123+00:00 WARNING django.request [req=… user=7 client=203.0.113.9]
  Not Found: /x` — the bracket lists only what is known (a worker's lines carry `task=…`);
- `json`: one object per line with `time`, `level`, `logger`, `message`, `request_id`, `user_id`,
  `client`, `task_id` and, for an exception, `exception` (the traceback), for Loki, Elasticsearch or
  `jq`.

The request's context is set by `RequestContextMiddleware` (first in MIDDLEWARE): the request id comes
from the `X-Request-ID` header when a trusted proxy is configured (`SINERGI_TRUSTED_PROXY_HEADER`; nginx
sets `proxy_set_header X-Request-ID $request_id;`) and looks like an id, otherwise it is generated; it is
echoed in the response's `X-Request-ID`, so a person's error page and the proxy's access log lead to the
same lines. The client is `core.clientaddr.client_address` (the trusted proxy header), never the
proxy's own address. The worker sets the task id around each task (`core.supervisor`). Gunicorn's own
lines go through the same formatters (deploy/gunicorn.conf.py).

This module imports no Django at import time, so gunicorn's configuration can load it.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

FORMATS = ("text", "json")
REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's request id may look like (nginx's $request_id is 32 hex digits); anything else —
# too long, spaces, newlines a client could use to forge log lines — is replaced by a generated id.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("sinergi_request_id", default=None)
user_id: contextvars.ContextVar[int | str | None] = contextvars.ContextVar("sinergi_user_id", default=None)
client: contextvars.ContextVar[str | None] = contextvars.ContextVar("sinergi_client", default=None)
task_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("sinergi_task_id", default=None)

CONTEXT: dict[str, contextvars.ContextVar[Any]] = {
    "request_id": request_id,
    "user_id": user_id,
    "client": client,
    "task_id": task_id,
}
_SHORT = {"request_id": "req", "user_id": "user", "client": "client", "task_id": "task"}


def iso_time(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")


class ContextFilter(logging.Filter):
    """Copies the current request's and task's context onto every record (None where unknown)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in CONTEXT.items():
            if not hasattr(record, name):
                setattr(record, name, var.get())
        return True


class TextFormatter(logging.Formatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(context)s %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 -- logging.Formatter names it
        return iso_time(record.created)

    def format(self, record: logging.LogRecord) -> str:
        parts = [f"{_SHORT[name]}={value}" for name in CONTEXT if (value := getattr(record, name, None)) is not None]
        record.context = f" [{' '.join(parts)}]" if parts else ""
        return super().format(record)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": iso_time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT:
            line[name] = getattr(record, name, None)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def formatter(log_format: str) -> type[logging.Formatter]:
    """The formatter for `SINERGI_LOG_FORMAT`; an unknown format stops the start."""
    value = (log_format or "text").strip().lower()
    if value not in FORMATS:
        raise ValueError(f"SINERGI_LOG_FORMAT: '{log_format}' is not one of {', '.join(FORMATS)}.")
    return JsonFormatter if value == "json" else TextFormatter


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """The LOGGING dictionary: one handler on standard error (the journal), our format, our context."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": ContextFilter}},
        "formatters": {"sinergi": {"()": formatter(log_format)}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "sinergi", "filters": ["context"]},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"axes": {"level": "WARNING"}},
    }


@contextmanager
def bound(**values: Any) -> Iterator[None]:
    """Sets context values (request_id, user_id, client, task_id) for the lines logged inside."""
    tokens = [(CONTEXT[name], CONTEXT[name].set(value)) for name, value in values.items()]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def incoming_request_id(request: HttpRequest) -> str:
    from django.conf import settings

    if getattr(settings, "SINERGI_TRUSTED_PROXY_HEADER", ""):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        if _REQUEST_ID.fullmatch(given):
            return given
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Gives every request an id (echoed in `X-Request-ID`) and puts it, the client's address and,
    once known, the signed-in person's id on every line logged while the request is handled."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .clientaddr import client_address

        rid = incoming_request_id(request)
        request.request_id = rid  # type: ignore[attr-defined]
        # Not reset when the middleware returns: Django logs a 4xx/5xx answer after that. The
        # request_finished signal clears it (clear_request_context, connected in core/apps.py).
        request_id.set(rid)
        client.set(client_address(request))
        user_id.set(None)
        response = self.get_response(request)
        self._note_user(request)  # for Django's own 4xx/5xx line, logged after this returns
        response[REQUEST_ID_HEADER] = rid
        return response

    def process_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        # After the authentication middleware: the person is known for the view's own lines (the
        # session is read by nearly every view anyway).
        self._note_user(request)

    @staticmethod
    def _note_user(request: HttpRequest) -> None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_id.set(user.pk)


def clear_request_context(**kwargs: Any) -> None:
    request_id.set(None)
    client.set(None)
    user_id.set(None)
