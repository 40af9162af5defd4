"""The directory version: the `core.versions.DataVersion` of public registry data. Pages built from
registry data (the public portal's page cache) store the version they were built with and are only
reused while it is unchanged.

Every save, delete and many-to-many change of a registry model bumps it (`connect_signals`, called in
`RegistryConfig.ready`). Writes that bypass model signals (bulk_create, queryset.update) call
`bump_directory_version_on_commit()` themselves.
"""

from __future__ import annotations

from sinergi.core.versions import DataVersion

DIRECTORY = DataVersion("directory")
VERSION_KEY = DIRECTORY.key


def directory_version(*, max_age: float = 0.0) -> int:
    return DIRECTORY.current(max_age=max_age)


def bump_directory_version() -> None:
    DIRECTORY.bump()


def bump_directory_version_on_commit() -> None:
    DIRECTORY.bump_on_commit()


def connect_signals() -> None:
    """Every registry model and its many-to-many tables invalidate cached pages when they change."""
    DIRECTORY.connect_models("registry")
