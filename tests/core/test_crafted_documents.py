"""The crafted-file suite on the document upload paths (certification documents, initiative attachments):
wrong type renamed, oversize, empty, NUL-laden and HTML/script disguised as PDF or image are refused on the
file field, by content, before anything is stored."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.collaboration.files import validate_upload
from sinergi.core.errors import ServiceError
from sinergi.registry.files import validate_document
from tests import crafted


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 72, "Sertifikat")
    pdf.save()
    return buffer.getvalue()


PNG = _png()
PDF = _pdf()

CRAFTED = [
    ("html-as-pdf", "laporan.pdf", b"<html><script>alert(1)</script></html>"),
    ("svg-as-png", "foto.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("zip-as-pdf", "dokumen.pdf", crafted.zip_bomb([["a"]], padding=1024)),
    ("xlsx-as-png", "foto.png", crafted.workbook_bytes([["a"]])),
    ("png-as-pdf", "dokumen.pdf", PNG),
    ("pdf-as-jpg", "foto.jpg", PDF),
    ("exe-renamed", "dokumen.pdf", b"MZ\x90\x00" + b"\x00" * 64),
    ("nul-only", "dokumen.pdf", b"\x00" * 128),
    ("empty", "dokumen.pdf", b""),
    ("bom-text", "dokumen.pdf", b"\xef\xbb\xbf%PDF-1.7 but a text file"),
]

VALIDATORS: list[tuple[str, Callable[[Any], Any], str, int]] = [
    ("certification", validate_document, "document", 5 * 1024 * 1024),
    ("attachment", validate_upload, "file", 10 * 1024 * 1024),
]


@pytest.mark.parametrize("upload_path", VALIDATORS, ids=[v[0] for v in VALIDATORS])
@pytest.mark.parametrize(("case", "name", "content"), CRAFTED, ids=[c[0] for c in CRAFTED])
def test_crafted_documents_are_refused_on_the_field(
    upload_path: tuple[str, Callable[[Any], Any], str, int], case: str, name: str, content: bytes
) -> None:
    _path, validate, field, _limit = upload_path
    with pytest.raises(ServiceError) as caught:
        validate(SimpleUploadedFile(name, content))
    assert field in caught.value.field_errors, caught.value.field_errors


@pytest.mark.parametrize(("path", "validate", "field", "limit"), VALIDATORS, ids=[v[0] for v in VALIDATORS])
def test_oversize_is_refused_by_size_before_content(
    path: str, validate: Callable[[Any], Any], field: str, limit: int
) -> None:
    with pytest.raises(ServiceError) as caught:
        validate(SimpleUploadedFile("dokumen.pdf", PDF + b"0" * limit))
    assert caught.value.code == "too_large"
    assert field in caught.value.field_errors


@pytest.mark.parametrize(("path", "validate", "field", "limit"), VALIDATORS, ids=[v[0] for v in VALIDATORS])
def test_real_documents_pass(path: str, validate: Callable[[Any], Any], field: str, limit: int) -> None:
    validate(SimpleUploadedFile("dokumen.pdf", PDF))
    validate(SimpleUploadedFile("foto.png", PNG))
