"""What an uploaded file really is, judged by its first bytes (never by its name): the one check every
app's uploads make before they accept a document or an image."""

from __future__ import annotations

HEAD_BYTES = 16  # enough for every signature below


def sniff(head: bytes) -> str | None:
    """The file's kind ("pdf", "jpeg", "png", "webp") from its first `HEAD_BYTES` bytes, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None
