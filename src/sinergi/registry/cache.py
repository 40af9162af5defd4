"""The directory version: one number, shared by every process, that changes whenever public registry
data may have changed. Pages built from registry data (the public portal's page cache) store the version
they were built with and are only reused while it is unchanged.

Every save, delete and many-to-many change of a registry model bumps it (signal receivers connected in
`RegistryConfig.ready`; they only invalidate, they carry no business logic). Writes that bypass model
signals (bulk_create, queryset.update) call `bump_directory_version_on_commit()` themselves.

The number lives in the default cache (the database cache in production, so all workers see it). It is
bumped at once (so the writing request, and tests, see fresh pages) and again when the transaction
commits (so a page rendered by another worker from the data before the commit is not kept).

Readers may accept a number read up to `max_age` seconds ago in this process (the page cache uses one
second: one database query per second per worker instead of one per request); a bump made in this
process is seen at once, one made in another worker within that second.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "sinergi:directory-version"
_memo: tuple[float, int] | None = None  # (monotonic time read, version) for this process


def _fresh() -> int:
    # Unique even after the cache was cleared: a version number is never reused.
    return time.time_ns()


def directory_version(*, max_age: float = 0.0) -> int:
    global _memo  # noqa: PLW0603 -- a per-process memo of one shared number
    now = time.monotonic()
    if max_age and _memo is not None and now - _memo[0] < max_age:
        return _memo[1]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh(), timeout=None)
        version = cache.get(VERSION_KEY)
    number = int(version) if version is not None else _fresh()
    _memo = (now, number)
    return number


def bump_directory_version() -> None:
    global _memo  # noqa: PLW0603 -- see directory_version()
    _memo = None
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or culled): any new number will do
        cache.set(VERSION_KEY, _fresh(), timeout=None)


def bump_directory_version_on_commit() -> None:
    bump_directory_version()
    transaction.on_commit(bump_directory_version)


def _on_change(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # fixtures being loaded
        return
    bump_directory_version_on_commit()


def connect_signals() -> None:
    """Every registry model and its many-to-many tables invalidate cached pages when they change."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in apps.get_app_config("registry").get_models():
        uid = f"sinergi.directory-version.{model._meta.label_lower}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid + ".delete")
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            m2m_changed.connect(_on_change, sender=through, dispatch_uid=f"{uid}.{m2m.name}.m2m")
