"""A full or read-only media folder: a page that says so (507/503), nothing half-written, nothing stored.

The disk faults are raised where the kernel raises them (os.write / os.open inside Django's file storage);
everything above runs for real: the storage, the service's transaction, the middleware and the page.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage

from sinergi.accounts.models import Role
from sinergi.imports.models import ImportJob
from tests.factories import user_with_role
from tests.imports.factories import HEADERS, csv_bytes, good_row, upload

pytestmark = [pytest.mark.django_db, pytest.mark.local_media]  # a full or read-only disk; S3 failures: test_s3_media


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def staff_client(client: Any) -> Any:
    client.force_login(user_with_role(Role.STAFF))
    return client


def _content() -> bytes:
    # Over Django's in-memory limit is not needed: a small upload is streamed through os.write too.
    return csv_bytes([good_row(i) for i in range(1, 40)], headers=HEADERS)


def test_a_full_disk_answers_507_and_leaves_no_partial_file(staff_client: Any, monkeypatch: Any) -> None:
    from django.core.files.storage import filesystem

    root = Path(default_storage.location)
    before = set(_files(root))
    real_fdopen = os.fdopen

    class FillsUp:
        """The file the storage writes to: part of the first chunk reaches the disk, then it is full."""

        def __init__(self, fd: int, mode: str) -> None:
            self.real = real_fdopen(fd, mode)

        def write(self, chunk: bytes) -> int:
            self.real.write(chunk[: len(chunk) // 2])
            self.real.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            self.real.close()

    monkeypatch.setattr(filesystem.os, "fdopen", FillsUp)
    response = staff_client.post("/impor/pelaku/", {"file": upload(_content(), "pelaku.csv")})
    assert response.status_code == 507
    page = response.content.decode()
    assert "Penyimpanan berkas server penuh" in page
    assert response["Retry-After"]
    assert not ImportJob.objects.exists()
    assert set(_files(root)) == before


def test_a_read_only_disk_answers_503(staff_client: Any, monkeypatch: Any) -> None:
    from django.core.files.storage import filesystem

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(filesystem.os, "open", refuse)
    response = staff_client.post("/impor/pelaku/", {"file": upload(_content(), "pelaku.csv")})
    assert response.status_code == 503
    assert "tidak dapat ditulisi" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_other_os_errors_are_still_bugs(staff_client: Any, monkeypatch: Any) -> None:
    from django.core.files.storage import filesystem

    def broken(*args: Any, **kwargs: Any) -> int:
        raise OSError(errno.EBADF, "Bad file descriptor")

    monkeypatch.setattr(filesystem.os, "open", broken)
    with pytest.raises(OSError, match="Bad file descriptor"):
        staff_client.post("/impor/pelaku/", {"file": upload(_content(), "pelaku.csv")})
