"""Gunicorn's configuration for Sinergi: its own lines in the application's format.

Loaded by deploy/systemd/sinergi-web.service (`--config /srv/sinergi/app/deploy/gunicorn.conf.py`).
Gunicorn's error log and access log get the same formatter as the application (sinergi.core.logs):
ISO time in UTC with the offset written out, level, logger — or JSON lines with
SINERGI_LOG_FORMAT=json — instead of the machine's local time in Apache's format. The access line
names the client from the trusted proxy header (SINERGI_TRUSTED_PROXY_HEADER) rather than the
proxy's own address, and the request id the application echoed (X-Request-ID). With
PROMETHEUS_MULTIPROC_DIR set (the unit does), /metrics adds up the request counts of all workers.
"""

from __future__ import annotations

import os
import time
from typing import Any

from gunicorn.glogging import Logger

from sinergi.core import logs

_formatter = logs.formatter(os.environ.get("SINERGI_LOG_FORMAT", "text"))
_proxy_header = os.environ.get("SINERGI_TRUSTED_PROXY_HEADER", "").strip().lower()
_client = f"%({{{_proxy_header}}}i)s" if _proxy_header else "%(h)s"

access_log_format = f'{_client} "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" req=%({{x-request-id}}o)s'


class SinergiLogger(Logger):  # type: ignore[misc]
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(_formatter())
                handler.addFilter(logs.ContextFilter())

    def now(self) -> str:  # %(t)s, should an operator add it to access_log_format
        return f"[{logs.iso_time(time.time())}]"


logger_class = SinergiLogger


def child_exit(server: Any, worker: Any) -> None:
    """prometheus_client's multiprocess mode (core/metrics.py): forget a dead worker's live gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
