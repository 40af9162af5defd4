"""The e2e harness waits for its live server to finish what it was asked before a test's tables are
flushed (tests/live_server_idle.py). These tests run a real threaded WSGI server (Django's, as the live
server does) on a free port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

from tests.live_server_idle import requests_in_flight


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class _Server(ThreadedWSGIServer):
    """Django's threaded WSGI server, as the live server runs it, that knows whether it was started:
    socketserver's shutdown() waits for serve_forever() to return, forever if it never ran."""

    serving = False

    def serve(self) -> None:
        self.serving = True
        threading.Thread(target=self.serve_forever, daemon=True).start()


@pytest.fixture
def server() -> Iterator[tuple[_Server, threading.Event, list[str]]]:
    started, answered = threading.Event(), []

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        started.set()
        time.sleep(0.5)
        answered.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    httpd = _Server(("127.0.0.1", 0), _Quiet, allow_reuse_address=False)
    httpd.set_app(app)
    yield httpd, started, answered
    if httpd.serving:
        httpd.shutdown()
    httpd.server_close()


def _ask(port: int, path: str) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        sock.shutdown(socket.SHUT_WR)
        while sock.recv(4096):
            pass


def test_waits_for_a_request_the_client_gave_up_on(server: Any) -> None:
    httpd, started, answered = server
    counter = requests_in_flight(httpd)
    httpd.serve()
    port = httpd.server_address[1]
    # The client sends its request and hangs up at once, as a closed browser tab does.
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /bel/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert started.wait(5)
    assert not counter.idle()
    counter.wait_until_idle(timeout=5)
    assert answered == ["/bel/"]
    assert counter.idle()


def test_a_connection_not_yet_accepted_is_not_idle(server: Any) -> None:
    httpd, _, answered = server
    counter = requests_in_flight(httpd)
    assert counter.idle()
    with socket.create_connection(("127.0.0.1", httpd.server_address[1])):
        # Nothing serves yet: the connection waits in the listening socket's backlog.
        assert not counter.idle()
        httpd.serve()
        # Accepted now, its thread waits for a request line: still not idle while the client stays.
        time.sleep(0.2)
        assert not counter.idle()
    counter.wait_until_idle(timeout=5)
    assert answered == []  # it sent nothing; the server read its end and closed it


def test_says_what_never_finished(server: Any) -> None:
    httpd, started, _ = server
    counter = requests_in_flight(httpd)
    httpd.serve()
    threading.Thread(target=_ask, args=(httpd.server_address[1], "/lambat/"), daemon=True).start()
    assert started.wait(5)
    with pytest.raises(AssertionError, match=r"still answers 1 connection"):
        counter.wait_until_idle(timeout=0.1)
    counter.wait_until_idle(timeout=5)


def test_installed_once_per_server(server: Any) -> None:
    httpd, _, _ = server
    assert requests_in_flight(httpd) is requests_in_flight(httpd)
