"""Error reports (core/errorreports.py): inert without SINERGI_SENTRY_DSN; with it, an unhandled
exception in a page reaches the Sentry-compatible server, without personal data."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sinergi.core.errorreports import scrub
from tests.core.test_production_guards import production, run

# A page whose database has no tables answers 500: an unhandled exception, as a real failure would be.
FAIL_A_PAGE = """
import sys
from django.test import Client
client = Client(raise_request_exception=False)
response = client.get("/", HTTP_COOKIE="sessionid=rahasia-sesi", HTTP_X_REAL_IP="203.0.113.9",
                      HTTP_AUTHORIZATION="Bearer token-rahasia")
print(response.status_code, "sentry_sdk" in sys.modules)
if "sentry_sdk" in sys.modules:
    sys.modules["sentry_sdk"].flush(timeout=30)
"""


class Received(list[bytes]):
    """The bodies the stand-in server received, and the port it listens on."""

    port: int = 0


@pytest.fixture
def fake_sentry() -> Iterator[Received]:
    received = Received()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received.append(body)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # a free port: test runs may overlap
    received.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield received
    finally:
        server.shutdown()
        server.server_close()


def test_without_a_dsn_nothing_is_loaded_or_sent(tmp_path: Path, fake_sentry: Received) -> None:
    result = run(FAIL_A_PAGE, production(tmp_path, SINERGI_SSL_REDIRECT="0"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["500", "False"]
    assert fake_sentry == []


def test_with_a_dsn_the_exception_reaches_the_server_without_personal_data(
    tmp_path: Path, fake_sentry: Received
) -> None:
    env = production(
        tmp_path,
        SINERGI_SENTRY_DSN=f"http://kunci-publik@127.0.0.1:{fake_sentry.port}/7",
        SINERGI_TRUSTED_PROXY_HEADER="X-Real-IP",
        SINERGI_SSL_REDIRECT="0",
    )
    result = run(FAIL_A_PAGE, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["500", "True"]
    events = [
        json.loads(line)
        for envelope in fake_sentry
        for line in envelope.splitlines()[1:]
        if line.startswith(b"{") and b'"exception"' in line
    ]
    assert events, fake_sentry
    event = events[0]
    assert event["exception"]["values"][-1]["type"] == "OperationalError"
    assert set(event.get("request", {})) <= {"url", "method"}
    sent = b"".join(fake_sentry)
    for secret in (b"rahasia-sesi", b"203.0.113.9", b"token-rahasia"):
        assert secret not in sent
    assert "user" not in event


def test_scrub_keeps_where_and_drops_who() -> None:
    event = {
        "request": {"url": "https://x/", "method": "POST", "data": {"nik": "3276"}, "cookies": {"a": "b"}},
        "user": {"ip_address": "203.0.113.9"},
        "level": "error",
    }
    assert scrub(event) == {"request": {"url": "https://x/", "method": "POST"}, "level": "error"}
