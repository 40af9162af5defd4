"""Uploads of collaboration (attachments, decision minutes, result evidence): checked by content and
size, stored under MEDIA_ROOT (no public URL) and served only by `views.attachment_download`.
"""

from __future__ import annotations

import io
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from sinergi.core.errors import ServiceError
from sinergi.core.filekinds import HEAD_BYTES, sniff

MAX_BYTES = 10 * 1024 * 1024
KINDS = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}


def validate_upload(upload: Any, *, field: str = "file") -> tuple[str, int]:
    """(content type, size) of an acceptable upload: PDF, JPEG or PNG up to 10 MB, judged by content."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    upload.seek(0)
    if size > MAX_BYTES:
        raise ServiceError(
            _("Berkas terlalu besar (maksimal 10 MB)."), code="too_large", field_errors={field: [_("Maksimal 10 MB.")]}
        )
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = sniff(head)
    suffix = PurePath(getattr(upload, "name", "") or "").suffix.lower()
    if kind is None or EXTENSIONS.get(suffix) != kind:
        raise ServiceError(
            _("Jenis berkas tidak diterima."),
            code="bad_type",
            field_errors={field: [_("Hanya PDF, JPG atau PNG (isi berkas harus sesuai jenisnya).")]},
        )
    return KINDS[kind], int(size)
