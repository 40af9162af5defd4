"""Cell cleaners: one spreadsheet cell to a typed value, or ValueError with a message for the person."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import identifiers
from .columns import KBLI_VERSION


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _digits_cell(value: Any, what: str, cleaner: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        if len(digits) > 15 or (isinstance(value, float) and not value.is_integer()):
            # Spreadsheets keep 15 significant digits: a 16-digit number has already lost its last digit.
            raise ValueError(
                _(
                    "%(what)s ditulis sebagai angka sehingga digit terakhirnya hilang; format kolom sebagai Teks "
                    "lalu ketik ulang."
                )
                % {"what": what}
            )
        return str(cleaner(digits))
    return str(cleaner(_text(value)))


def _int(value: Any, *, low: int, high: int, what: str | Promise) -> int | None:
    text = _text(value)
    if not text:
        return None
    if isinstance(value, bool) or not re.fullmatch(r"\d+", text.replace(".", "") if len(text) > 4 else text):
        raise ValueError(_("%(what)s harus bilangan bulat, bukan '%(value)s'.") % {"what": what, "value": text})
    number = int(text.replace(".", ""))
    if not low <= number <= high:
        raise ValueError(_("%(what)s harus antara %(low)s dan %(high)s.") % {"what": what, "low": low, "high": high})
    return number


def _money(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return identifiers.clean_money(value)


def _too_long(length: int, limit: int) -> str:
    return ngettext(
        "Terlalu panjang (%(count)s huruf); paling banyak %(limit)s.",
        "Terlalu panjang (%(count)s huruf); paling banyak %(limit)s.",
        length,
    ) % {"count": length, "limit": limit}


def _unknown_kbli(code: str) -> str:
    return _("Kode KBLI %(code)s tidak ada dalam KBLI %(version)s.") % {"code": code, "version": KBLI_VERSION}


def _kelurahan_code(value: Any) -> str:
    text = _text(value)
    if re.fullmatch(r"\d{10}", text):
        text = f"{text[:2]}.{text[2:4]}.{text[4:6]}.{text[6:]}"
    return text


def _kbli_code(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)).zfill(5)
    return identifiers.clean_kbli_format(_text(value))


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)
