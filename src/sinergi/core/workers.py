"""Is a background-task worker running? Heartbeats of `sinergi db_worker`, read by pages that wait on one.

`sinergi db_worker` (the supervised `db_worker`, core.supervisor) writes a `WorkerHeartbeat` row every
`HEARTBEAT_SECONDS` and deletes it when it stops cleanly. A worker counts as alive while its row is
younger than `SINERGI_WORKER_TIMEOUT` seconds (a killed worker simply stops beating).

A page whose work has been queued for longer than `SINERGI_WORKER_WAIT` seconds while no worker is alive
says so (`{% waiting_for_worker since %}`), instead of showing a progress bar that never moves. With a
task backend that runs tasks itself (the immediate backend of the tests) nothing ever waits for a worker.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from .models import WorkerHeartbeat

HEARTBEAT_SECONDS = 5.0
logger = logging.getLogger(__name__)


def needs_worker() -> bool:
    """True when queued tasks run only in a separate worker process (the database backend)."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def beat(worker_id: str, *, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": now}, create_defaults={"started_at": now, "seen_at": now}
    )


def forget(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def alive(*, now: dt.datetime | None = None) -> bool:
    """Has any worker beaten within the timeout?"""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.SINERGI_WORKER_TIMEOUT)
    return WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).exists()


def stalled(since: dt.datetime, *, now: dt.datetime | None = None) -> bool:
    """Work queued at `since` has waited longer than SINERGI_WORKER_WAIT seconds with no worker alive."""
    now = now or timezone.now()
    if now - since < dt.timedelta(seconds=settings.SINERGI_WORKER_WAIT):
        return False
    return needs_worker() and not alive(now=now)


class Heartbeat:
    """Beats for `worker_id` from a daemon thread (its own database connection) until `stop()`."""

    def __init__(self, worker_id: str, *, interval: float = HEARTBEAT_SECONDS) -> None:
        self.worker_id = worker_id
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{worker_id}", daemon=True)

    def start(self) -> None:
        try:
            beat(self.worker_id)  # before the first task, so a page sees the worker at once
        except DatabaseError:  # the database is away: the supervised worker waits for it, the thread beats later
            logger.exception("worker %s could not record its first heartbeat", self.worker_id)
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                close_old_connections()
                try:
                    beat(self.worker_id)
                except DatabaseError:  # e.g. SQLite busy with a long task: logged, tried again next beat
                    logger.exception("worker %s could not record its heartbeat", self.worker_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)
        try:
            forget(self.worker_id)
        except DatabaseError:  # stopping while the database is away: the beat simply grows old
            logger.exception("worker %s could not remove its heartbeat", self.worker_id)
