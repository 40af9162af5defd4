"""One actor row: spreadsheet cells → the typed row `actors_bulk_create` stores, or located errors.

This runs once per row of a 100,000-row file, so it is written for speed without changing a message or an
outcome (tests/imports and tests/registry/test_bulk.py are the contract): each cell's text is computed
once, an empty optional cell costs one test, cleaners are called directly (no closure per cell), and the
words a column accepts are looked up through small caches (the same few values repeat on every row).
Errors are appended in column order, as the report lists them; messages are translated when they occur,
in the language active for the job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from sinergi.core import bounds
from sinergi.imports.kinds import CellError, RowOutcome

from .. import identifiers
from ..models import LegalForm
from .cells import _digits_cell, _int, _kbli_code, _kelurahan_code, _money, _text, _too_long, _unknown_kbli
from .columns import (
    FIGURES_YEAR,
    FOUNDED_YEAR,
    KELURAHAN_CODE,
    KIND_VALUES,
    LEGAL_FORMS,
    NO,
    WORKERS,
    YES,
    _key,
    name_keys,
)
from .reference import Context

CONSENT_WORDS = YES | NO
KBLI_SEPARATORS = re.compile(r"[;,\s]+")


@lru_cache(maxsize=256)
def _kind(text: str) -> str | None:
    """The actor kind a (non-empty) `jenis_pelaku` names, or None."""
    key = _key(text)
    kind = KIND_VALUES.get(key) or KIND_VALUES.get(key.replace(" ", "_"))
    return None if kind is None else str(kind)


@lru_cache(maxsize=256)
def _legal_form(text: str) -> str | None:
    """The legal form a `bentuk_usaha` names (empty: perorangan), or None."""
    key = _key(text)
    legal_form = LEGAL_FORMS.get(key, LegalForm.PERORANGAN if not key else None)
    return None if legal_form is None else str(legal_form)


def _attempt(errors: list[CellError], column: str, clean: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`clean(*args)`, or None with the cleaner's message recorded on `column`."""
    try:
        return clean(*args, **kwargs)
    except ValueError as exc:
        errors.append((column, str(exc)))
        return None


def _digits(errors: list[CellError], column: str, value: Any, what: str, clean: Callable[[str], str]) -> str | None:
    """An identifier made of digits (NIB, NPWP, NIK): '' when empty, None when refused."""
    if value is None or not _text(value):
        return ""
    return _attempt(errors, column, _digits_cell, value, what, clean)  # type: ignore[no-any-return]


def clean_row(context: Context, row: int, values: Mapping[str, Any]) -> RowOutcome:
    ref = context.ref
    get = values.get
    errors: list[CellError] = []
    typed: dict[str, Any] = {"row": row}

    name = _text(get("nama_usaha"))
    kind_raw = _text(get("jenis_pelaku"))
    primary_raw = get("kbli_utama")
    primary_text = _text(primary_raw)
    kelurahan_raw = get("kode_kelurahan")
    for column, text in (
        ("nama_usaha", name),
        ("jenis_pelaku", kind_raw),
        ("kbli_utama", primary_text),
        ("kode_kelurahan", _text(kelurahan_raw)),
    ):
        if not text:
            errors.append((column, _("Wajib diisi.")))
    if len(name) > 200:
        errors.append(("nama_usaha", _too_long(len(name), 200)))
    typed["name"] = name
    if kind_raw:
        # Any text that names no kind is refused here, even one that normalises to nothing ("_").
        kind = _kind(kind_raw)
        if kind is None:
            errors.append(
                ("jenis_pelaku", _("'%(value)s' tidak dikenal; isi perorangan atau badan_usaha.") % {"value": kind_raw})
            )
        typed["kind"] = kind or ""
    form_raw = _text(get("bentuk_usaha"))
    legal_form = _legal_form(form_raw)
    if legal_form is None:
        errors.append(
            (
                "bentuk_usaha",
                _("'%(value)s' tidak dikenal; pilih salah satu: %(choices)s.")
                % {"value": form_raw, "choices": ", ".join(LegalForm.values)},
            )
        )
    typed["legal_form"] = legal_form or ""

    nib = _digits(errors, "nib", get("nib"), "NIB", identifiers.clean_nib)
    if nib:
        first = context.nib_rows.get(nib)
        if first is not None:
            errors.append(
                (
                    "nib",
                    _("NIB %(nib)s sudah dipakai di baris %(row)s berkas ini; satu NIB untuk satu usaha.")
                    % {"nib": nib, "row": first},
                )
            )
        else:
            context.nib_rows[nib] = row
    typed["nib"] = nib or ""
    typed["npwp"] = _digits(errors, "npwp", get("npwp"), "NPWP", identifiers.clean_npwp) or ""

    primary = None
    if primary_text:
        code = _attempt(errors, "kbli_utama", _kbli_code, primary_raw)
        if code:
            primary = ref.kbli.get(code)
            if primary is None:
                errors.append(("kbli_utama", _unknown_kbli(code)))
    typed["primary_kbli"] = primary[0] if primary else None
    typed["other_kbli"] = _other_kbli(errors, context, get("kbli_lain"), primary)
    typed["description"] = _text(get("deskripsi"))
    address = _text(get("alamat_usaha"))
    if len(address) > 300:
        errors.append(("alamat_usaha", _too_long(len(address), 300)))
    typed["address"] = address

    kelurahan_id = None
    code = _kelurahan_code(kelurahan_raw)
    if code:
        if not KELURAHAN_CODE.match(code):
            errors.append(
                (
                    "kode_kelurahan",
                    _("'%(code)s' bukan kode kelurahan Kemendagri (contoh 32.76.01.1006).") % {"code": code},
                )
            )
        elif code not in ref.kelurahan:
            errors.append(
                ("kode_kelurahan", _("Kode kelurahan %(code)s tidak ada dalam tabel wilayah.") % {"code": code})
            )
        else:
            kelurahan_id = ref.kelurahan[code][0]
    typed["kelurahan"] = kelurahan_id

    this_year = context.this_year
    workers: dict[str, Any] = {"low": 0, "high": bounds.WORKERS_MAX, "what": WORKERS}
    typed["founded_year"] = _number(
        errors, "tahun_berdiri", get("tahun_berdiri"), low=bounds.FOUNDED_YEAR_MIN, high=this_year, what=FOUNDED_YEAR
    )
    typed["workers_female"] = _number(errors, "tenaga_kerja_perempuan", get("tenaga_kerja_perempuan"), **workers) or 0
    typed["workers_male"] = _number(errors, "tenaga_kerja_laki_laki", get("tenaga_kerja_laki_laki"), **workers) or 0
    before = len(errors)
    capital = _attempt(errors, "modal_usaha", _money, get("modal_usaha"))
    sales = _attempt(errors, "omzet_tahunan", _money, get("omzet_tahunan"))
    money_refused = len(errors) > before
    before = len(errors)
    year = _number(
        errors, "tahun_angka", get("tahun_angka"), low=bounds.FIGURES_YEAR_MIN, high=this_year, what=FIGURES_YEAR
    )
    if year is None and (capital is not None or sales is not None) and len(errors) == before:
        errors.append(("tahun_angka", _("Wajib diisi bila modal_usaha atau omzet_tahunan diisi.")))
    if year is not None and capital is None and sales is None and not money_refused:
        errors.append(("tahun_angka", _("Isi modal_usaha atau omzet_tahunan untuk tahun ini, atau kosongkan.")))
    typed["year"] = year
    typed["capital"] = None if capital is None else str(capital)
    typed["sales"] = None if sales is None else str(sales)

    office_text = _text(get("dibina_oleh"))
    office = ref.offices.get(office_text.lower()) if office_text else None
    if office_text and office is None:
        errors.append(
            (
                "dibina_oleh",
                _("Perangkat daerah '%(office)s' tidak dikenal; tulis singkatannya seperti di Sinergi, atau kosongkan.")
                % {"office": office_text},
            )
        )
    typed["fostered_by"] = office
    typed["contact"] = _contact(errors, get)
    if errors:
        return RowOutcome(typed=None, errors=errors)
    if kelurahan_id is not None:
        _remember_name(context, row, name, kelurahan_id)
    return RowOutcome(typed=typed)


def _number(errors: list[CellError], column: str, value: Any, *, low: int, high: int, what: Any) -> int | None:
    """A whole number within bounds (`cells._int`), with a shortcut for the plain number a spreadsheet gives."""
    if value is None:
        return None
    if value.__class__ is int and low <= value <= high:
        return value
    return _attempt(errors, column, _int, value, low=low, high=high, what=what)  # type: ignore[no-any-return]


def _other_kbli(errors: list[CellError], context: Context, raw: Any, primary: tuple[int, str] | None) -> list[int]:
    if raw is None:
        return []
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        parts = [_kbli_code(raw)]
    else:
        parts = [p for p in KBLI_SEPARATORS.split(_text(raw)) if p]
    others: list[int] = []
    for part in parts:
        try:
            code = identifiers.clean_kbli_format(part)
        except ValueError as exc:
            errors.append(("kbli_lain", _("'%(value)s': %(error)s") % {"value": part, "error": exc}))
            continue
        found = context.ref.kbli.get(code)
        if found is None:
            errors.append(("kbli_lain", _unknown_kbli(code)))
        elif found[0] not in others and (primary is None or found[0] != primary[0]):
            others.append(found[0])
    return others


def _contact(errors: list[CellError], get: Callable[[str], Any]) -> dict[str, str] | None:
    full_name = _text(get("nama_narahubung"))
    nik_raw = get("nik_narahubung")
    phone_raw = get("telepon_narahubung")
    phone_text = _text(phone_raw)
    consent_text = _text(get("persetujuan_narahubung")).lower()
    if consent_text and consent_text not in CONSENT_WORDS:
        errors.append(
            ("persetujuan_narahubung", _("'%(value)s' tidak dikenal; isi ya atau tidak.") % {"value": consent_text})
        )
        return None
    if not (full_name or _text(nik_raw) or phone_text):
        return None
    if not full_name:
        errors.append(("nama_narahubung", _("Wajib diisi bila NIK atau telepon narahubung diisi.")))
    elif len(full_name) > 200:
        errors.append(("nama_narahubung", _("Terlalu panjang; paling banyak 200 huruf.")))
    if consent_text not in YES:
        errors.append(
            (
                "persetujuan_narahubung",
                _(
                    "Data narahubung hanya boleh disimpan dengan persetujuannya (isi ya), atau kosongkan kolom "
                    "narahubung."
                ),
            )
        )
    nik = _digits(errors, "nik_narahubung", nik_raw, "NIK", identifiers.clean_nik)
    phone = _attempt(errors, "telepon_narahubung", identifiers.clean_phone, phone_text) if phone_text else ""
    return {"full_name": full_name, "nik": nik or "", "phone": phone or ""}


def _remember_name(context: Context, row: int, name: str, kelurahan_id: int) -> None:
    """Likely duplicates within the file (same kelurahan, alike names): warned about before commit."""
    keys = name_keys(name)
    context.rows_by_kelurahan.setdefault(kelurahan_id, []).append((row, name, keys))
    for key in keys:
        earlier = context.name_rows.get((kelurahan_id, key))
        if earlier is not None:
            context.likely.append(
                {
                    "row": row,
                    "column": "nama_usaha",
                    "message": _("Mirip '%(name)s' di baris %(row)s (kelurahan sama).")
                    % {"name": earlier[1], "row": earlier[0]},
                }
            )
            break
    for key in keys:
        context.name_rows.setdefault((kelurahan_id, key), (row, name))
