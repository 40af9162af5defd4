"""Identifier rules (domain.md §5), as plain functions shared by forms, imports and the API.

Each `clean_*` returns the normalised value or raises ValueError with an Indonesian message.
Certification numbers are validated loosely: a real number must never be rejected. NIK and NPWP are
checked with python-stdnum (the NIK's birth date, the NPWP's check digit); a NIK's province digits must
be a province (wilayah.PROVINCE_CODES), and a NIK from a city whose kecamatan the wilayah table holds
(the installation's own) must name one of them. python-stdnum's own list of regencies is not used: it
lacks provinces and regencies formed since 2012 (Kalimantan Utara, Pangandaran), whose NIKs are real.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumInvalid
from stdnum.id import nik as stdnum_nik
from stdnum.id import npwp as stdnum_npwp

from sinergi.core import bounds
from sinergi.wilayah.models import PROVINCE_CODES, Wilayah
from sinergi.wilayah.selectors import kecamatan_digits


def _digits_only(value: str) -> str:
    return re.sub(r"[\s.\-/]", "", value.strip())


def clean_nib(value: str) -> str:
    cleaned = _digits_only(value)
    if not re.fullmatch(r"\d{13}", cleaned):
        raise ValueError(_("NIB harus 13 angka."))
    return cleaned


def clean_npwp(value: str) -> str:
    """16 digits; the old 15-digit form converts by a leading 0. A number that starts with 0 carries a
    check digit (the 9th of the old form, Luhn); one that does not is a NIK (NPWP since 2024)."""
    cleaned = _digits_only(value)
    if re.fullmatch(r"\d{15}", cleaned):
        cleaned = "0" + cleaned
    if not re.fullmatch(r"\d{16}", cleaned):
        raise ValueError(_("NPWP harus 16 angka (atau 15 angka format lama)."))
    if not cleaned.startswith("0"):
        try:
            return clean_nik(cleaned)
        except ValueError as exc:
            raise ValueError(_("NPWP yang tidak diawali 0 adalah NIK: %(error)s") % {"error": exc}) from exc
    try:
        stdnum_npwp.validate(cleaned)
    except InvalidChecksum as exc:
        raise ValueError(_("NPWP tidak sah: digit pemeriksa tidak cocok. Periksa lagi angkanya.")) from exc
    except StdnumInvalid as exc:
        raise ValueError(_("NPWP harus 16 angka (atau 15 angka format lama).")) from exc
    return cleaned


def clean_nik(value: str) -> str:
    """16 digits: province, city, kecamatan of first registration, birth date (day + 40 for women), serial."""
    cleaned = _digits_only(value)
    if not re.fullmatch(r"\d{16}", cleaned):
        raise ValueError(_("NIK harus 16 angka."))
    try:
        stdnum_nik.get_birth_date(cleaned)
    except StdnumInvalid as exc:
        raise ValueError(_("NIK tidak sah: tanggal lahir di digit 7–12 tidak mungkin.")) from exc
    if cleaned[12:] == "0000":
        raise ValueError(_("NIK tidak sah: nomor urut (4 digit terakhir) tidak boleh 0000."))
    if cleaned[:2] not in PROVINCE_CODES:
        raise ValueError(_("NIK tidak sah: kode provinsi %(code)s (digit 1–2) tidak ada.") % {"code": cleaned[:2]})
    known = kecamatan_digits(cleaned[:4])
    if known and cleaned[4:6] not in known:
        city = Wilayah.objects.filter(code=f"{cleaned[:2]}.{cleaned[2:4]}").values_list("name", flat=True).first()
        raise ValueError(
            _("NIK tidak sah: kode kecamatan %(code)s (digit 5–6) tidak ada di %(city)s.")
            % {"code": cleaned[4:6], "city": city or cleaned[:4]}
        )
    return cleaned


def clean_kbli_format(value: str) -> str:
    cleaned = value.strip()
    if not re.fullmatch(r"\d{5}", cleaned):
        raise ValueError(_("KBLI harus 5 angka (kelompok), misalnya 14111."))
    return cleaned


def clean_phone(value: str) -> str:
    cleaned = re.sub(r"[\s\-()]", "", value.strip())
    if cleaned.startswith("08"):
        cleaned = "+62" + cleaned[1:]
    elif cleaned.startswith("62"):
        cleaned = "+" + cleaned
    if not re.fullmatch(r"\+?\d{8,15}", cleaned):
        raise ValueError(_("Nomor telepon harus 8–15 angka, misalnya 0812xxxxxxx."))
    return cleaned


def whatsapp_url(number: str) -> str:
    """The wa.me chat link of a stored WhatsApp number (+628… → https://wa.me/628…)."""
    return "https://wa.me/" + number.removeprefix("+")


def clean_money(value: object, *, maximum: Decimal = bounds.MONEY_MAX) -> Decimal:
    """Rupiah amounts: whole, non-negative, at most `maximum` (core.bounds). Accepts 1.500.000 and 1500000
    (Indonesian thousands dots) and 1.500.000,00; a value with sen, or beyond the bound, is refused before
    any arithmetic, so 1e30 is a clear error and never an overflow."""
    if isinstance(value, bool):
        raise ValueError(_("Nilai uang harus angka."))
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(str(value))
    else:
        text = str(value).strip().replace("Rp", "").replace("rp", "").strip()
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
            text = text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"-?\d+,\d{1,2}", text):
            text = text.replace(",", ".")
        try:
            amount = Decimal(text)
        except ArithmeticError as exc:
            raise ValueError(
                _("'%(value)s' bukan nilai uang; tulis angka saja, misalnya 15000000.") % {"value": value}
            ) from exc
    problem = bounds.money_problem(amount, maximum=maximum)
    if problem:
        raise ValueError(problem)
    return amount.quantize(Decimal(1))


def mask_address(value: str) -> str:
    """Keep only the last part of an address (usually the area), hide the street and number."""
    if not value:
        return ""
    tail = value.rsplit(",", 1)[-1].strip() if "," in value else ""
    return f"••• {tail}" if tail else "•••"
