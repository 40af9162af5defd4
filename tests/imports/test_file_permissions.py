"""Uploaded import files (NIK, phone numbers) and the files derived from them are not world-readable."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from .factories import good_row, xlsx_bytes

pytestmark = pytest.mark.local_media  # file modes on the local disk; a bucket is private as a whole


@pytest.fixture
def open_umask() -> Any:
    """A permissive umask, as a service started without one has: the permissions must not depend on it."""
    old = os.umask(0o002)
    yield
    os.umask(old)


def mode(path: str) -> int:
    return stat.S_IMODE(Path(path).stat().st_mode)


def test_an_uploaded_import_file_is_readable_by_owner_and_group_only(run_upload: Any, open_umask: None) -> None:
    job = run_upload(xlsx_bytes([good_row(n) for n in range(1, 4)]))
    path = job.file.path
    assert mode(path) == 0o640
    assert mode(str(Path(path).parent)) == 0o750
    # The validated rows written by the worker are stored the same way.
    job.refresh_from_db()
    assert job.validated_rows
    assert mode(job.validated_rows.path) == 0o640


def test_an_upload_spooled_to_disk_keeps_the_same_permissions(run_upload: Any, open_umask: None, settings: Any) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1  # every upload goes through a temporary file, as large ones do
    job = run_upload(xlsx_bytes([good_row(1)]))
    assert mode(job.file.path) == 0o640
