"""Indonesian mobile numbers (for WhatsApp) and masking of personal data: one rule, used by the
registry (a business's published WhatsApp) and the notification layer (a person's opted-in number)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _


def clean_whatsapp(value: str) -> str:
    """An Indonesian mobile number (08…, 62 8…, +62 8…), stored as +628…."""
    cleaned = re.sub(r"[\s\-().]", "", value.strip())
    if cleaned.startswith("08"):
        cleaned = "+62" + cleaned[1:]
    elif cleaned.startswith("628"):
        cleaned = "+" + cleaned
    if not re.fullmatch(r"\+628\d{7,12}", cleaned):
        raise ValueError(_("Nomor WhatsApp harus nomor ponsel Indonesia, misalnya 0812xxxxxxx atau +62812xxxxxxx."))
    return cleaned


def mask(value: str, *, keep_start: int = 0, keep_end: int = 4) -> str:
    """Mask personal data for lists and exports: keep a few characters, hide the rest."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "•" * len(value)
    return value[:keep_start] + "•" * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_NUMBER = re.compile(r"\+?\d[\d\s-]{7,}\d")


def redact(text: str) -> str:
    """A provider's error text with any e-mail address or phone-like number in it masked, for people
    who may see that a message failed but not where it was going (office staff)."""
    text = _EMAIL.sub(lambda m: mask(m.group(0), keep_start=1, keep_end=0), text)
    return _NUMBER.sub(lambda m: mask(m.group(0), keep_start=0, keep_end=3), text)
