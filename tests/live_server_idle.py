"""Waiting for a test's live server to go quiet before the test's tables are flushed.

A page that polls (the bell does) may have a request on its way when a browser test ends; closing the
browser does not stop the server thread that answers it. If that request still runs when pytest-django
flushes the tables, SQLite's shared in-memory database refuses the flush and the next test starts with the
last one's rows (or the request meets pytest-django's database blocker and fails). The e2e `page` fixture
waits with `requests_in_flight(httpd).wait_until_idle()` after it closes the browser.
"""

from __future__ import annotations

import select
import threading
import time
from typing import Any


class RequestsInFlight:
    """Counts the live server's connections from the moment it is ready to accept one until the thread
    that answers it ends, so a test can wait for the server to go quiet before its tables are flushed.
    """

    def __init__(self, httpd: Any) -> None:
        self.httpd = httpd
        self.count = 0
        self.lock = threading.Lock()
        accept, answer = httpd._handle_request_noblock, httpd.process_request_thread

        def counted_accept() -> None:
            # Counted before accept(), so a connection is never uncounted once it has left the backlog
            # (and while it is in the backlog the listening socket is readable: see idle()).
            self._add(1)
            try:
                accept()
            finally:
                self._add(-1)

        def counted_process_request(request: Any, client_address: Any) -> None:
            self._add(1)
            try:
                process_request(request, client_address)
            except BaseException:
                self._add(-1)
                raise

        def counted_answer(request: Any, client_address: Any) -> None:
            try:
                answer(request, client_address)
            finally:
                self._add(-1)

        process_request = httpd.process_request
        httpd._handle_request_noblock = counted_accept
        httpd.process_request = counted_process_request
        httpd.process_request_thread = counted_answer

    def _add(self, n: int) -> None:
        with self.lock:
            self.count += n

    def idle(self) -> bool:
        with self.lock:
            busy = self.count
        waiting, _, _ = select.select([self.httpd.socket], [], [], 0)
        return busy == 0 and not waiting

    def wait_until_idle(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.idle():
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the live server still answers {self.count} connection(s) {timeout:.0f} s after the "
                    "browser closed: a request of this test never finished"
                )
            time.sleep(0.01)


def requests_in_flight(httpd: Any) -> RequestsInFlight:
    """The counter of this server (a socketserver.ThreadingMixIn server), installed on first use."""
    counter = getattr(httpd, "_sinergi_requests_in_flight", None)
    if counter is None:
        counter = RequestsInFlight(httpd)
        httpd._sinergi_requests_in_flight = counter
    return counter
