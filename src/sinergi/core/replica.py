"""Reads that tolerate replication lag go to the read replica, everything else to the primary.

With `SINERGI_DATABASE_REPLICA_URL` set, the settings add a `replica` database (a streaming replica of
the primary) and `ReplicaRouter` sends to it the reads made inside `lag_tolerant()`: the public pages
anonymous visitors read (directory, catalogue, profiles, statistics), where a change showing a second
later is harmless. Everything else stays on the primary:

- every write (and every read inside a transaction: it may read what the transaction wrote);
- every read of a signed-in person, who may have just saved something and expects to see it
  (read-after-write), and every read outside a view marked lag tolerant (services, the worker,
  management commands, the API).

Without a replica the router changes nothing. Views opt in with `@lag_tolerant_reads`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_tolerant: ContextVar[bool] = ContextVar("sinergi_lag_tolerant_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextlib.contextmanager
def lag_tolerant() -> Iterator[None]:
    """Reads inside may come from the replica (when there is one), seconds behind the primary."""
    token = _tolerant.set(True)
    try:
        yield
    finally:
        _tolerant.reset(token)


def lag_tolerant_reads(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view whose anonymous GETs read from the replica; signed-in people always read the primary."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method in SAFE_METHODS and not request.user.is_authenticated:
            with lag_tolerant():
                return view(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    """DATABASE_ROUTERS entry: see the module's docstring."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if not _tolerant.get() or not replica_configured():
            return None  # Django's default: the primary, or the database the related instance came from
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        databases = {obj1._state.db, obj2._state.db}
        return True if databases <= {DEFAULT_DB_ALIAS, REPLICA} else None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        return False if db == REPLICA else None  # the replica follows the primary's schema by replication
