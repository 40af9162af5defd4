"""One content check for every app's uploads (core.filekinds), whatever the file is called."""

from __future__ import annotations

import pytest

from sinergi.core.filekinds import HEAD_BYTES, sniff


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),  # a RIFF that is not an image
        (b"PK\x03\x04\x14\x00", None),  # an office document or any zip
        (b"<svg xmlns=", None),  # scripts can hide in SVG: never an accepted image
        (b"", None),
    ],
)
def test_a_file_is_what_its_first_bytes_say(head: bytes, kind: str | None) -> None:
    assert sniff(head[:HEAD_BYTES]) == kind
