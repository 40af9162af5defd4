"""Uploads of the registry: checked by content (not by name), stored outside the static root
(MEDIA_ROOT, no public /media/ URL) and served only through views that check access.

- Certification documents (PDF, JPEG, PNG ≤ 5 MB) are private: the profile's owner and office staff.
- Product photos (JPEG, PNG, WebP ≤ SINERGI_MAX_IMAGE_BYTES) are decoded with Pillow, re-encoded
  without metadata (EXIF, GPS), resized to at most 1600 px with a 400 px thumbnail; they are public
  once the actor is verified.
"""

from __future__ import annotations

import io
import mimetypes
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from PIL import Image, ImageOps, UnidentifiedImageError

from sinergi.core.errors import ServiceError
from sinergi.core.filekinds import HEAD_BYTES, sniff

from .models import Certification, ProductPhoto

DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 1600
THUMB_MAX_SIDE = 400
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
DOCUMENT_KINDS = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
DOCUMENT_EXTENSIONS = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}
IMAGE_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}


def _head(upload: IO[bytes], size: int = HEAD_BYTES) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _size(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    return int(size)


def validate_document(upload: Any) -> str:
    """A certification document: PDF, JPEG or PNG, at most 5 MB, judged by content. Returns the kind."""
    error = {"document": []}  # type: dict[str, list[str]]
    if _size(upload) > DOCUMENT_MAX_BYTES:
        error["document"].append(_("Berkas lebih dari 5 MB."))
        raise ServiceError(_("Dokumen terlalu besar (maksimal 5 MB)."), code="too_large", field_errors=error)
    kind = sniff(_head(upload))
    suffix = PurePath(getattr(upload, "name", "") or "").suffix.lower()
    if kind not in DOCUMENT_KINDS or DOCUMENT_EXTENSIONS.get(suffix) != kind:
        error["document"].append(_("Hanya PDF, JPG atau PNG (isi berkas harus sesuai jenisnya)."))
        raise ServiceError(_("Jenis dokumen tidak diterima."), code="bad_type", field_errors=error)
    if kind in {"jpeg", "png"}:
        _open_image(upload, field="document")
    return kind


def _open_image(upload: Any, *, field: str) -> Image.Image:
    def bad(message: str) -> ServiceError:
        return ServiceError(message, code="bad_image", field_errors={field: [message]})

    try:
        upload.seek(0)
        probe = Image.open(upload)
        width, height = probe.size
        if width * height > MAX_PIXELS:
            raise bad(_("Gambar terlalu besar ukurannya (piksel); perkecil dulu."))
        probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except ServiceError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise bad(_("Berkas ini bukan gambar yang dapat dibaca.")) from exc
    finally:
        upload.seek(0)
    return image


@dataclass(frozen=True)
class ProcessedPhoto:
    image: ContentFile[bytes]
    thumbnail: ContentFile[bytes]
    width: int
    height: int


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def process_photo(upload: Any) -> ProcessedPhoto:
    """Check a product photo by content and return it re-encoded (no EXIF), resized, with a thumbnail."""
    limit = int(settings.SINERGI_MAX_IMAGE_BYTES)
    if _size(upload) > limit:
        message = _("Foto lebih dari %(size)s MB.") % {"size": limit // (1024 * 1024)}
        raise ServiceError(message, code="too_large", field_errors={"image": [message]})
    if sniff(_head(upload)) not in {"jpeg", "png", "webp"}:
        message = _("Hanya foto JPG, PNG atau WebP.")
        raise ServiceError(message, code="bad_type", field_errors={"image": [message]})
    image = _open_image(upload, field="image")
    fmt = image.format or ""
    if fmt not in IMAGE_FORMATS:
        message = _("Hanya foto JPG, PNG atau WebP.")
        raise ServiceError(message, code="bad_type", field_errors={"image": [message]})
    # Apply the camera's rotation, then drop every metadata block by re-encoding the pixels only.
    image = ImageOps.exif_transpose(image) or image
    if image.mode not in {"RGB", "RGBA", "L", "LA"}:
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    full = image.copy()
    full.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    thumb = image.copy()
    thumb.thumbnail((THUMB_MAX_SIDE, THUMB_MAX_SIDE))
    ext = IMAGE_FORMATS[fmt][0]
    stem = PurePath(getattr(upload, "name", "") or "foto").stem[:60] or "foto"
    return ProcessedPhoto(
        image=ContentFile(_encode(full, fmt), name=f"{stem}.{ext}"),
        thumbnail=ContentFile(_encode(thumb, fmt), name=f"{stem}-400.{ext}"),
        width=full.width,
        height=full.height,
    )


# ---------------------------------------------------------------- serving


def _serve(field: FieldFile, *, download_name: str, inline: bool, public: bool) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(field.name or "")[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    # A document never runs script even if opened directly (defence in depth on top of the type check).
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response


@require_GET
def certification_document(request: HttpRequest, pk: int) -> FileResponse:
    """A certification's document: only to the profile's owner and office staff."""
    certification = get_object_or_404(Certification.objects.select_related("actor"), pk=pk)
    if not request.user.has_perm("registry.view_actor_documents", certification.actor):
        raise PermissionDenied
    suffix = PurePath(certification.document.name or "").suffix.lower()
    name = f"sertifikat-{certification.get_kind_display()}-{certification.pk}{suffix}".replace("/", "-")
    inline = suffix in {".pdf", ".jpg", ".jpeg", ".png"}
    return _serve(certification.document, download_name=name, inline=inline, public=False)


@require_GET
def product_photo(request: HttpRequest, pk: int, size: str = "full") -> FileResponse:
    """A product photo: public when its actor is verified; otherwise to the owner and staff only."""
    photo = get_object_or_404(ProductPhoto.objects.select_related("product__actor"), pk=pk)
    actor = photo.product.actor
    public = actor.is_public and not photo.product.is_archived
    if not public and not request.user.has_perm("registry.view_actor_documents", actor):
        raise PermissionDenied
    field = photo.thumbnail if size == "thumb" and photo.thumbnail else photo.image
    suffix = PurePath(field.name or "").suffix.lower()
    return _serve(field, download_name=f"foto-{photo.pk}{suffix}", inline=True, public=public)
