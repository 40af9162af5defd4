"""Uploaded files on disk, and what a full or read-only disk means to the person who was saving.

`MediaStorage` is Django's FileSystemStorage that never leaves a half-written file: when a write fails
(disk full, quota, read-only mount), what it wrote is removed before the error goes on, and the service's
transaction rolls the database back, so nothing is stored half. `storage_failure` says, for such an
OSError, which answer the person gets: 507 when the disk is full, 503 when it cannot be written; pages
(core.middleware.StorageFailureMiddleware) use it; the API takes no file uploads.
"""

from __future__ import annotations

import contextlib
import errno
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _

FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
UNWRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


@dataclass(frozen=True)
class StorageFailure:
    status: int
    code: str
    message: str


def storage_failure(exc: BaseException) -> StorageFailure | None:
    """What to tell the person when `exc` is the file store failing, else None (a bug, not the disk)."""
    if not isinstance(exc, OSError):
        return None
    if exc.errno in FULL:
        return StorageFailure(
            507,
            "storage_full",
            _(
                "Penyimpanan berkas server penuh, jadi tidak ada yang disimpan. Data Anda tidak berubah; coba "
                "lagi nanti. Kejadian ini dicatat untuk petugas."
            ),
        )
    if exc.errno in UNWRITABLE:
        return StorageFailure(
            503,
            "storage_unavailable",
            _(
                "Penyimpanan berkas server sedang tidak dapat ditulisi, jadi tidak ada yang disimpan. Data Anda "
                "tidak berubah; coba lagi nanti."
            ),
        )
    return None


class MediaStorage(FileSystemStorage):
    """A FileSystemStorage whose failed writes leave nothing behind."""

    def _save(self, name: str, content: Any) -> str:
        full_path = Path(self.path(name))
        existed = full_path.exists() or full_path.is_symlink()
        try:
            return str(super()._save(name, content))  # type: ignore[misc]  # a private method the stubs omit
        except OSError:
            if not existed:
                with contextlib.suppress(OSError):
                    full_path.unlink()
            raise
