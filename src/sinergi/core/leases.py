"""Leases on running work: work whose worker died is failed, with a message, and can be retried.

A record that a worker is running (an import job being checked or saved, a statistics run) carries a
lease: its `heartbeat_at` is stamped when the work starts and every `interval()` seconds after by a
thread of the worker (`Lease`), so a long step without progress still beats. When a worker is killed
(SIGKILL, out of memory, the machine restarting) the stamps stop; once the newest is older than
`SINERGI_WORK_LEASE_SECONDS` (default 120) the record is stale, and `reap()` hands it to the owning
app, which marks it failed with a message its user understands and lets it be retried.

Apps register what they lease (`register(LeasedWork(...))` in their AppConfig.ready); `reap()` runs in
the supervised worker (`sinergi db_worker`) at start, after every reconnection and every
`interval()` seconds, and as `sinergi reap_work` for cron. The core knows no app: one mechanism, each
app says what its running states are and how its work fails.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, models
from django.db.models import Q, QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LeasedWork:
    """A kind of leased work. `fail(stale)` marks the given stale records failed (re-checking, under
    a lock, that they are still running and stale) and returns how many it failed."""

    name: str
    model: type[models.Model]
    running: tuple[str, ...]
    fail: Callable[[QuerySet[Any]], int]
    status_field: str = "status"
    # True where one state covers both "queued" and "running" (a dataset being checked): only records a
    # worker has stamped are running, so queued ones waiting for a worker are never failed.
    stamped_only: bool = False


_KINDS: dict[str, LeasedWork] = {}


def register(work: LeasedWork) -> None:
    _KINDS[work.name] = work


def kinds() -> list[LeasedWork]:
    return list(_KINDS.values())


def lease_seconds() -> float:
    return float(getattr(settings, "SINERGI_WORK_LEASE_SECONDS", 120))


def interval() -> float:
    """How often a running worker stamps its lease (a quarter of the lease: three stamps may be lost)."""
    return max(lease_seconds() / 4, 0.5)


def cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(seconds=lease_seconds())


def stale(work: LeasedWork, *, now: datetime | None = None) -> QuerySet[Any]:
    """Records of `work` in a running state whose lease has expired. A record without a stamp (work
    started before leases existed) counts from its last change."""
    limit = cutoff(now)
    expired = Q(heartbeat_at__lt=limit)
    if not work.stamped_only:
        expired |= Q(heartbeat_at__isnull=True, updated_at__lt=limit)
    return work.model._default_manager.filter(expired, **{f"{work.status_field}__in": work.running})


def reap(*, now: datetime | None = None) -> dict[str, int]:
    """Fail every stale record of every registered kind; returns {kind: how many were failed}."""
    failed: dict[str, int] = {}
    for work in kinds():
        candidates = stale(work, now=now)
        if candidates.exists():
            count = work.fail(candidates)
            if count:
                failed[work.name] = count
                logger.warning("%s: %d record(s) whose worker stopped were marked failed", work.name, count)
    return failed


def stamp(model: type[models.Model], pk: Any) -> None:
    model._default_manager.filter(pk=pk).update(heartbeat_at=timezone.now())


class Lease:
    """`with Lease(ImportJob, job.pk): …` — stamp now, then every `interval()` seconds from a thread
    (with its own database connection) until the block ends. A stamp that fails (the database is
    restarting) is logged and tried again at the next beat; the work itself decides its own fate."""

    def __init__(self, model: type[models.Model], pk: Any, *, every: float | None = None) -> None:
        self.model, self.pk = model, pk
        self.every = every if every is not None else interval()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Lease:
        stamp(self.model, self.pk)
        self._thread = threading.Thread(target=self._beat, name=f"lease-{self.model.__name__}-{self.pk}", daemon=True)
        self._thread.start()
        return self

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    stamp(self.model, self.pk)
                except DatabaseError as exc:
                    logger.warning("lease of %s #%s not renewed: %s", self.model.__name__, self.pk, exc)
                    connections.close_all()
        finally:
            connections.close_all()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
