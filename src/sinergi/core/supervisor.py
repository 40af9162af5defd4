"""The supervised task worker behind `sinergi db_worker`.

django-tasks-db's worker exits on the first database error, so a PostgreSQL restart used to stop all
background work until someone restarted the service. `SupervisedWorker` wraps it (it does not fork
it): when the database goes away it closes its connections, waits (1 s, doubling up to
`SINERGI_WORKER_RECONNECT_MAX` seconds, default 30) and carries on; the task that was running when the
database vanished is left to the leases (core.leases), which fail it with a message once its lease
expires. The worker also reaps stale leased work at start, after every reconnection and every lease
interval, from a thread, and records a heartbeat from another (core.workers).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Worker

from . import leases, logs
from .workers import Heartbeat

logger = logging.getLogger("sinergi.worker")

# What a database going away looks like to Django (psycopg's errors are wrapped into these).
DATABASE_GONE = (OperationalError, InterfaceError)


def reconnect_max() -> float:
    return float(getattr(settings, "SINERGI_WORKER_RECONNECT_MAX", 30))


class SupervisedWorker(Worker):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.reconnections = 0
        self._reaper_stop = threading.Event()

    def run_task(self, db_task_result: Any) -> None:
        # Every line logged while the task runs names it (core/logs.py), django-tasks' own included.
        with logs.bound(task_id=str(db_task_result.id)):
            super().run_task(db_task_result)

    def reap(self) -> None:
        try:
            leases.reap()
        except DatabaseError as exc:
            logger.warning("reaping stale work failed (tried again later): %s", exc)
            connections.close_all()

    def _reaper(self) -> None:
        try:
            while not self._reaper_stop.wait(leases.interval()):
                self.reap()
        finally:
            connections.close_all()

    def run(self) -> None:
        # The heartbeat lets pages say when queued work has no live worker (core.workers).
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        reaper = threading.Thread(target=self._reaper, name="sinergi-reaper", daemon=True)
        reaper.start()
        try:
            self._supervise()
        finally:
            self._reaper_stop.set()
            heartbeat.stop()

    def _supervise(self) -> None:
        delay = 1.0
        while True:
            started = time.monotonic()
            try:
                self.reap()
                super().run()
                return
            except DATABASE_GONE as exc:
                if not self.running:
                    return
                if time.monotonic() - started > reconnect_max():
                    delay = 1.0  # it worked for a while: a new outage starts from a short wait
                self.reconnections += 1
                logger.warning("database unavailable (%s); reconnecting in %.0f s", exc, delay)
                connections.close_all()
                time.sleep(delay)
                delay = min(delay * 2, reconnect_max())
