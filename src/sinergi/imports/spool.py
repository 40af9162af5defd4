"""The job's private spools: rows written a chunk at a time during validation, read back the same way.

Validation writes two spools: the typed valid rows (kept in storage as the job's `validated_rows` and
read at commit, so the spreadsheet is not parsed again) and every row as the user wrote it (a temporary
file, for the error report). Both used JSON lines, encoded per row at validation and decoded per row at
commit; they are now frames of pickled chunks (one frame per validation chunk of 5,000 rows, so writing
and reading hold one chunk at a time), about a third of the cost.

Why unpickling them is safe: pickle runs code named by its input, so it must never read bytes someone
else could have written. A spool is written by the worker itself, never uploaded, and every frame carries
an HMAC-SHA256 over the job's id, the frame's position and its bytes, keyed by SECRET_KEY
(`salted_hmac`; a frame signed with a key in SECRET_KEY_FALLBACKS still verifies after a rotation). A
frame is unpickled only after its MAC verifies, so a file changed, truncated, reordered or taken from
another job in storage is refused (`SpoolDamaged`) before pickle sees a byte of it. A
validated-rows file written before this format (JSON lines, starting with ``{``) is still read as JSON,
which runs no code, so jobs validated before an upgrade still commit.
"""

from __future__ import annotations

import hmac
import json
import pickle
import struct
from collections.abc import Iterator, Sequence
from typing import IO, Any

from django.conf import settings
from django.utils.crypto import salted_hmac

MAGIC = b"SINERGI-SPOOL/1\n"
_LENGTH = struct.Struct(">Q")
_MAC_BYTES = 32
_SALT = "sinergi.imports.spool"
_PLAIN = (str, int, float, bool)


class SpoolDamaged(Exception):
    """The spool is not what this worker wrote for this job (changed, truncated or another job's)."""


def _mac(job_id: int, index: int, payload: bytes, secret: str | bytes | None = None) -> bytes:
    return salted_hmac(f"{_SALT}:{job_id}:{index}", payload, secret=secret, algorithm="sha256").digest()


def _verifies(mac: bytes, job_id: int, index: int, payload: bytes) -> bool:
    """Signed with SECRET_KEY, or with one of SECRET_KEY_FALLBACKS (a job validated before a key rotation)."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(hmac.compare_digest(mac, _mac(job_id, index, payload, secret)) for secret in secrets)


class SpoolWriter:
    """Appends chunks of rows to a binary file as signed pickle frames."""

    def __init__(self, handle: IO[bytes], *, job_id: int) -> None:
        self.handle = handle
        self.job_id = job_id
        self.frames = 0
        handle.write(MAGIC)

    def write(self, rows: Sequence[Any]) -> None:
        if not rows:
            return
        payload = pickle.dumps(list(rows), protocol=pickle.HIGHEST_PROTOCOL)
        self.handle.write(_LENGTH.pack(len(payload)))
        self.handle.write(_mac(self.job_id, self.frames, payload))
        self.handle.write(payload)
        self.frames += 1


def _read_exactly(handle: IO[bytes], size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise SpoolDamaged("truncated frame")
    return data


def read(handle: IO[bytes], *, job_id: int) -> Iterator[Any]:
    """Every row in the order written; a chunk at a time in memory. Raises SpoolDamaged at the first
    frame that does not verify, before unpickling it."""
    head = handle.read(len(MAGIC))
    if head.startswith(b"{"):  # validated before the pickle spool: JSON lines, no code runs
        handle.seek(0)
        for line in handle:
            yield json.loads(line)
        return
    if head != MAGIC:
        raise SpoolDamaged("not a spool")
    index = 0
    while header := handle.read(_LENGTH.size):
        if len(header) != _LENGTH.size:
            raise SpoolDamaged("truncated frame")
        (size,) = _LENGTH.unpack(header)
        mac = _read_exactly(handle, _MAC_BYTES)
        payload = _read_exactly(handle, size)
        if not _verifies(mac, job_id, index, payload):
            raise SpoolDamaged(f"frame {index} does not verify")
        yield from pickle.loads(payload)  # noqa: S301 -- verified above: written by this worker for this job
        index += 1


def as_written(value: Any) -> Any:
    """A cell as the error report gets it: what a JSON round trip gave (None, str, int, float, bool as
    they are; a str subclass as plain str; anything else, a date for one, as its text)."""
    if value is None or type(value) in _PLAIN:
        return value
    for kind in (str, bool, int, float):
        if isinstance(value, kind):
            return kind(value)
    return str(value)
