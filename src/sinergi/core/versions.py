"""Data versions: one number per kind of public data, shared by every process, that changes whenever
that data may have changed. Cached pages store the version they were built with and are reused only
while it is unchanged (`core/pagecache.py`).

An app connects its models with `DataVersion.connect_models(app_label)`: every save, delete and
many-to-many change bumps the number (signal receivers; they only invalidate and carry no business
logic). Writes that bypass model signals (bulk_create, queryset.update) call `bump_on_commit()`.

The number lives in the default cache (the database cache in production, so all workers see it). A bump
happens at once (so the writing request, and tests, see fresh pages) and again when the transaction
commits (so a page rendered by another worker from the data before the commit is not kept).

Readers may accept a number read up to `max_age` seconds ago in this process (the page cache uses one
second: one cache read per second per worker instead of one per request); a bump made in this process is
seen at once, one made in another worker within that second.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.db import transaction


def _fresh() -> int:
    # Unique even after the cache was cleared: a version number is never reused.
    return time.time_ns()


class DataVersion:
    def __init__(self, name: str) -> None:
        self.key = f"sinergi:{name}-version"
        self.name = name
        self._memo: tuple[float, int] | None = None  # (monotonic time read, version) in this process

    def current(self, *, max_age: float = 0.0) -> int:
        now = time.monotonic()
        if max_age and self._memo is not None and now - self._memo[0] < max_age:
            return self._memo[1]
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, _fresh(), timeout=None)
            version = cache.get(self.key)
        number = int(version) if version is not None else _fresh()
        self._memo = (now, number)
        return number

    def bump(self) -> None:
        self._memo = None
        try:
            cache.incr(self.key)
        except ValueError:  # not set yet (or culled): any new number will do
            cache.set(self.key, _fresh(), timeout=None)

    def bump_on_commit(self) -> None:
        self.bump()
        transaction.on_commit(self.bump)

    def _on_change(self, sender: Any, **kwargs: Any) -> None:
        if kwargs.get("raw"):  # fixtures being loaded
            return
        self.bump_on_commit()

    def connect_models(self, app_label: str) -> None:
        """Every model of the app and its many-to-many tables bump this version when they change."""
        from django.apps import apps

        self.connect(*apps.get_app_config(app_label).get_models())

    def connect(self, *models: Any) -> None:
        """These models and their many-to-many tables bump this version when they change (for an app
        whose public pages show only some of its models)."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        for model in models:
            uid = f"sinergi.{self.name}-version.{model._meta.label_lower}"
            post_save.connect(self._on_change, sender=model, dispatch_uid=uid + ".save", weak=False)
            post_delete.connect(self._on_change, sender=model, dispatch_uid=uid + ".delete", weak=False)
            for m2m in model._meta.local_many_to_many:
                through = m2m.remote_field.through
                m2m_changed.connect(self._on_change, sender=through, dispatch_uid=f"{uid}.{m2m.name}.m2m", weak=False)
