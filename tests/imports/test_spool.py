"""The validated rows between validation and commit: signed pickle frames of the job's own (`imports.spool`).

Commit unpickles only frames whose HMAC (SECRET_KEY, the job's id, the frame's position) verifies, so a
spool changed in storage, or another job's, is refused before pickle reads it and nothing is stored; a
spool written before this format (JSON lines) still commits.
"""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from sinergi.imports import spool
from sinergi.imports.models import JobStatus
from sinergi.registry.models import Actor

from .factories import good_row, xlsx_bytes


def _stored(job: Any) -> bytes:
    """The validated rows as stored, through the storage API (the local disk or an S3-compatible store)."""
    with job.validated_rows.storage.open(job.validated_rows.name, "rb") as handle:
        return bytes(handle.read())


def _store(job: Any, data: bytes) -> None:
    """Replace the stored validated rows, as someone with access to the storage could."""
    storage, name = job.validated_rows.storage, job.validated_rows.name
    storage.delete(name)
    assert storage.save(name, ContentFile(data)) == name


def _rows(job: Any) -> list[dict[str, Any]]:
    return list(spool.read(io.BytesIO(_stored(job)), job_id=job.pk))


def test_validated_rows_are_signed_pickle_frames_read_back_in_order(run_upload: Any) -> None:
    job = run_upload(xlsx_bytes([good_row(n) for n in range(1, 4)]))
    assert job.status == JobStatus.VALIDATED
    assert _stored(job).startswith(spool.MAGIC)
    assert [r["name"] for r in _rows(job)] == ["Usaha Impor 1", "Usaha Impor 2", "Usaha Impor 3"]


def test_a_changed_spool_is_refused_and_nothing_is_stored(run_upload: Any, run_commit: Any) -> None:
    job = run_upload(xlsx_bytes([good_row(n) for n in range(1, 4)]))
    _store(job, _stored(job).replace(b"Usaha Impor 2", b"Usaha Palsu 2"))
    job = run_commit(job)
    assert job.status == JobStatus.FAILED
    assert "tidak utuh" in job.message
    assert "Tidak ada data yang disimpan" in job.message
    assert not Actor.objects.exists()


def test_a_pickle_planted_in_storage_is_never_unpickled(run_upload: Any, run_commit: Any, tmp_path: Path) -> None:
    job = run_upload(xlsx_bytes([good_row(1)]))
    marker = tmp_path / "ran"

    class Planted:
        def __reduce__(self) -> Any:
            return (marker.write_text, ("code ran",))

    payload = pickle.dumps([Planted()])
    _store(job, spool.MAGIC + len(payload).to_bytes(8, "big") + bytes(32) + payload)
    job = run_commit(job)
    assert job.status == JobStatus.FAILED
    assert not marker.exists()
    assert not Actor.objects.exists()


@pytest.mark.parametrize("kept_rows", [0, 2])
def test_a_spool_cut_at_a_frame_boundary_is_refused(run_upload: Any, run_commit: Any, kept_rows: int) -> None:
    """Frames verify one by one, so dropping whole frames from the end leaves every remaining frame valid:
    the commit counts the rows against the job's validated count and stores nothing."""
    job = run_upload(xlsx_bytes([good_row(n) for n in range(1, 4)]))
    rows = _rows(job)
    handle = io.BytesIO()
    spool.SpoolWriter(handle, job_id=job.pk).write(rows[:kept_rows])  # the first frame, as the worker wrote it
    _store(job, handle.getvalue())  # …and the rest is gone
    job = run_commit(job)
    assert job.status == JobStatus.FAILED
    assert "tidak utuh" in job.message
    assert not Actor.objects.exists()


def test_another_jobs_spool_is_refused(run_upload: Any, run_commit: Any) -> None:
    first = run_upload(xlsx_bytes([good_row(1)]))
    second = run_upload(xlsx_bytes([good_row(2)]))
    _store(second, _stored(first))
    second = run_commit(second)
    assert second.status == JobStatus.FAILED
    assert not Actor.objects.exists()


def test_a_json_lines_spool_from_before_the_upgrade_still_commits(run_upload: Any, run_commit: Any) -> None:
    job = run_upload(xlsx_bytes([good_row(n) for n in range(1, 3)]))
    rows = _rows(job)
    _store(job, "".join(json.dumps(r) + "\n" for r in rows).encode())
    job = run_commit(job)
    assert job.status == JobStatus.COMMITTED
    assert sorted(Actor.objects.values_list("name", flat=True)) == ["Usaha Impor 1", "Usaha Impor 2"]


@pytest.mark.parametrize("cut", [len(spool.MAGIC) + 3, -1])
def test_a_truncated_spool_is_refused(cut: int) -> None:
    buffer = io.BytesIO()
    writer = spool.SpoolWriter(buffer, job_id=7)
    writer.write([{"a": 1}])
    with pytest.raises(spool.SpoolDamaged):
        list(spool.read(io.BytesIO(buffer.getvalue()[:cut]), job_id=7))


def test_frames_are_read_one_chunk_at_a_time() -> None:
    buffer = io.BytesIO()
    writer = spool.SpoolWriter(buffer, job_id=3)
    writer.write([{"row": 1}, {"row": 2}])
    writer.write([{"row": 3}])
    data = buffer.getvalue()
    second_frame = data.index(pickle.dumps([{"row": 3}], protocol=pickle.HIGHEST_PROTOCOL))
    handle = io.BytesIO(data)
    rows = spool.read(handle, job_id=3)
    assert next(rows) == {"row": 1}
    assert handle.tell() < second_frame  # the second frame is not read yet
    assert list(rows) == [{"row": 2}, {"row": 3}]


def test_a_spool_signed_before_a_key_rotation_still_commits(run_upload: Any, run_commit: Any, settings: Any) -> None:
    job = run_upload(xlsx_bytes([good_row(1)]))
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-after-rotation-" + "x" * 40
    job = run_commit(job)
    assert job.status == JobStatus.COMMITTED
    assert Actor.objects.count() == 1


def test_a_spool_signed_with_a_retired_key_is_refused(
    run_upload: Any, run_commit: Any, settings: Any, staff_client: Any, staff: Any
) -> None:
    job = run_upload(xlsx_bytes([good_row(1)]))
    settings.SECRET_KEY = "a-new-key-after-rotation-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = []
    staff_client.force_login(staff)  # the old key's session is gone with it
    job = run_commit(job)
    assert job.status == JobStatus.FAILED
    assert not Actor.objects.exists()
