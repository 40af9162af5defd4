"""Uploaded files on disk, and what a full or read-only disk means to the person who was saving.

`MediaStorage` is Django's FileSystemStorage that never leaves a half-written file: when a write fails
(disk full, quota, read-only mount), what it wrote is removed before the error goes on, and the service's
transaction rolls the database back, so nothing is stored half. `storage_failure` says, for such an
OSError, which answer the person gets: 507 when the disk is full, 503 when it cannot be written; pages
(core.middleware.StorageFailureMiddleware) use it; the API takes no file uploads.

`S3MediaStorage` keeps the same files in an S3-compatible object store (MinIO, Ceph RGW, AWS), chosen by
`SINERGI_MEDIA_STORAGE=s3` (core/storageconfig.py), so every app server and worker reads what any
other wrote. Its objects are private (no ACL, no public URL): files are served by the views that check
access, which read them through the storage API; a signed URL, should code ever ask for one, expires in
minutes. An object store that cannot be reached or refuses the request is the 503 of an unwritable disk.
"""

from __future__ import annotations

import contextlib
import errno
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _
from storages.backends.s3 import S3Storage

FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
UNWRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


@dataclass(frozen=True)
class StorageFailure:
    status: int
    code: str
    message: str


def storage_failure(exc: BaseException) -> StorageFailure | None:
    """What to tell the person when `exc` is the file store failing, else None (a bug, not the disk)."""
    if isinstance(exc, BotoCoreError | ClientError):  # the object store: unreachable, or refusing
        return _unwritable()
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
        return _unwritable()
    return None


def _unwritable() -> StorageFailure:
    return StorageFailure(
        503,
        "storage_unavailable",
        _(
            "Penyimpanan berkas server sedang tidak dapat ditulisi, jadi tidak ada yang disimpan. Data Anda "
            "tidak berubah; coba lagi nanti."
        ),
    )


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


class S3MediaStorage(S3Storage):  # type: ignore[misc]  # django-storages is untyped
    """Uploads in a private bucket of an S3-compatible store; names never overwrite each other."""

    def __init__(self, **settings: Any) -> None:
        settings.setdefault("default_acl", None)  # the bucket's own policy: private
        settings.setdefault("querystring_auth", True)  # a URL, if ever made, is signed…
        settings.setdefault("querystring_expire", 300)  # …and short-lived
        settings.setdefault("file_overwrite", False)  # a second "laporan.csv" gets its own name, as on disk
        super().__init__(**settings)
