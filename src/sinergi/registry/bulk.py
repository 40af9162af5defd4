"""Bulk import and export of creative actors (pelaku ekraf): the registry's rows for sinergi.imports.

Columns and rules are documented for users in docs/operations/import.md. Validation makes no query per
row: reference tables (kelurahan, KBLI 2020, the active KBLI → subsector mapping, offices) are loaded
once, and stored NIBs are checked a chunk at a time. `actors_bulk_create` writes what `actor_create`
would, for many rows at once: actors, KBLI and subsector links, yearly figures, contact persons,
derived size class and search text, duplicate flags, and ONE audit entry for the whole import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sinergi.accounts.models import Organisation, OrganisationKind
from sinergi.classification.models import KbliCode, KbliMapping, Subsector
from sinergi.core import audit, bounds, phones
from sinergi.core.bulkinsert import insert_rows
from sinergi.core.errors import Conflict
from sinergi.imports.kinds import CellError, Column, RowOutcome, register
from sinergi.wilayah.models import Level, Wilayah

from . import identifiers, sizing
from .models import (
    Actor,
    ActorKind,
    ActorYearlyFigure,
    ContactPerson,
    DuplicateFlag,
    DuplicateReason,
    LegalForm,
    Status,
)
from .selectors import actor_list
from .services import normalise_name

KBLI_VERSION = "2020"
# What a number is, named in its error message ("Tahun berdiri harus antara …").
FOUNDED_YEAR = gettext_lazy("Tahun berdiri")
WORKERS = gettext_lazy("Tenaga kerja")
FIGURES_YEAR = gettext_lazy("Tahun angka")
KELURAHAN_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
YES = {"ya", "y", "yes", "setuju", "1", "true"}
NO = {"tidak", "t", "no", "tidak setuju", "0", "false"}

COLUMNS: tuple[Column, ...] = (
    Column(
        "nama_usaha",
        required=True,
        help=gettext_lazy("Nama usaha atau nama pelaku, paling banyak 200 huruf."),
        example="Batik Tulis Sawangan",
    ),
    Column(
        "jenis_pelaku",
        required=True,
        help=gettext_lazy("perorangan atau badan_usaha."),
        example="badan_usaha",
        choices=("perorangan", "badan_usaha"),
    ),
    Column(
        "bentuk_usaha",
        help=gettext_lazy(
            "perorangan, ud, cv, pt, pt_perorangan, koperasi, firma, yayasan atau lainnya; kosong = perorangan."
        ),
        example="cv",
        choices=tuple(LegalForm.values),
    ),
    Column(
        "nib",
        text=True,
        help=gettext_lazy("Nomor Induk Berusaha dari OSS, 13 angka; satu NIB untuk satu usaha."),
        example="1234567890123",
    ),
    Column(
        "npwp",
        text=True,
        help=gettext_lazy("16 angka (NPWP lama 15 angka diterima dan diberi 0 di depan)."),
        example="0123456782012345",
    ),
    Column(
        "kbli_utama",
        required=True,
        text=True,
        help=gettext_lazy("Kode KBLI 2020, 5 angka, yang ada di tabel KBLI."),
        example="14111",
    ),
    Column(
        "kbli_lain", text=True, help=gettext_lazy("Kode KBLI 2020 lain, dipisah titik koma (;)."), example="13134;47711"
    ),
    Column("deskripsi", help=gettext_lazy("Apa yang dibuat atau dijual."), example="Batik tulis motif flora."),
    Column(
        "alamat_usaha",
        help=gettext_lazy("Alamat tempat usaha (bukan alamat rumah), paling banyak 300 huruf."),
        example="Jl. Raya Sawangan No. 10",
    ),
    Column(
        "kode_kelurahan",
        required=True,
        text=True,
        help=gettext_lazy(
            "Kode Kemendagri kelurahan, misalnya 32.76.01.1006 (lihat lembar 'kelurahan'); nama saja tidak "
            "cukup karena ada dua kelurahan Curug."
        ),
        example="32.76.01.1006",
    ),
    Column("tahun_berdiri", help=gettext_lazy("Tahun, misalnya 2015."), example="2015"),
    Column("tenaga_kerja_perempuan", help=gettext_lazy("Jumlah orang, bilangan bulat ≥ 0."), example="3"),
    Column("tenaga_kerja_laki_laki", help=gettext_lazy("Jumlah orang, bilangan bulat ≥ 0."), example="2"),
    Column(
        "tahun_angka",
        help=gettext_lazy("Tahun modal dan omzet di bawah ini; wajib bila salah satunya diisi."),
        example="2024",
    ),
    Column(
        "modal_usaha",
        help=gettext_lazy(
            "Rupiah, tanpa tanah dan bangunan; angka saja (15000000 atau 15.000.000), tidak boleh negatif."
        ),
        example="15000000",
    ),
    Column(
        "omzet_tahunan", help=gettext_lazy("Rupiah per tahun; angka saja, tidak boleh negatif."), example="120000000"
    ),
    Column(
        "dibina_oleh",
        help=gettext_lazy("Singkatan perangkat daerah pembina (misalnya DISDAGIN); boleh kosong."),
        example="",
    ),
    Column(
        "nama_narahubung",
        personal=True,
        help=gettext_lazy("Nama narahubung; bila diisi, persetujuan_narahubung harus ya."),
        example="Siti Aminah",
    ),
    Column(
        "nik_narahubung",
        text=True,
        personal=True,
        help=gettext_lazy("NIK 16 angka (data pribadi: disamarkan di ekspor)."),
        example="",
    ),
    Column(
        "telepon_narahubung",
        text=True,
        personal=True,
        help=gettext_lazy("Nomor telepon/WhatsApp, misalnya 081234567890."),
        example="081234567890",
    ),
    Column(
        "persetujuan_narahubung",
        help=gettext_lazy(
            "ya bila narahubung menyetujui pemrosesan data pribadinya (UU 27/2022); wajib ya bila ada data narahubung."
        ),
        example="ya",
        choices=("ya", "tidak"),
    ),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
CONTACT_COLUMNS = ("nama_narahubung", "nik_narahubung", "telepon_narahubung")
KIND_VALUES = {
    "perorangan": ActorKind.INDIVIDUAL,
    "individual": ActorKind.INDIVIDUAL,
    "badan_usaha": ActorKind.BUSINESS,
    "badan usaha": ActorKind.BUSINESS,
    "business": ActorKind.BUSINESS,
}


def _key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").split())


LEGAL_FORMS = {
    **{_key(value): value for value in LegalForm.values},
    **{_key(str(label)): value for value, label in LegalForm.choices},
    "usaha dagang": LegalForm.UD,
    "pt perseorangan": LegalForm.PT_PERORANGAN,
}


def name_keys(name: str) -> tuple[str, str]:
    """Set-based likeness for bulk work: the normalised name without spaces, and its words sorted."""
    words = normalise_name(name).split()
    return "".join(words), " ".join(sorted(words))


# ---------------------------------------------------------------- reference data, loaded once


@dataclass
class Reference:
    kelurahan: dict[str, tuple[int, str, str]]  # kode → (id, nama, kecamatan nama)
    kelurahan_by_id: dict[int, tuple[str, str, str]]  # id → (kode, nama, kecamatan nama)
    kbli: dict[str, tuple[int, str]]  # kode → (id, judul)
    kbli_by_id: dict[int, tuple[str, str]]
    mapping: dict[str, set[int]]  # KBLI kode → subsector ids, from the active mapping
    subsector_names: dict[int, str]
    offices: dict[str, int]  # lower-case short name or name → organisation id
    office_names: dict[int, str]

    @classmethod
    def load(cls) -> Reference:
        kel: dict[str, tuple[int, str, str]] = {}
        kel_by_id: dict[int, tuple[str, str, str]] = {}
        for pk, kode, nama, kec in Wilayah.objects.filter(level=Level.KELURAHAN).values_list(
            "pk", "kode", "nama", "parent__nama"
        ):
            kel[kode] = (pk, nama, kec or "")
            kel_by_id[pk] = (kode, nama, kec or "")
        kbli = {
            kode: (pk, judul)
            for pk, kode, judul in KbliCode.objects.filter(version=KBLI_VERSION).values_list("pk", "kode", "judul")
        }
        mapping: dict[str, set[int]] = {}
        active = KbliMapping.objects.filter(is_active=True).first()
        if active is not None:
            for kode, subsector_id in active.entries.values_list("kbli_code", "subsector_id"):
                mapping.setdefault(kode, set()).add(subsector_id)
        offices: dict[str, int] = {}
        office_names: dict[int, str] = {}
        for pk, name, short in Organisation.objects.filter(kind=OrganisationKind.OFFICE, is_active=True).values_list(
            "pk", "name", "short_name"
        ):
            offices[name.strip().lower()] = pk
            if short:
                offices[short.strip().lower()] = pk
            office_names[pk] = short or name
        return cls(
            kelurahan=kel,
            kelurahan_by_id=kel_by_id,
            kbli=kbli,
            kbli_by_id={pk: (kode, judul) for kode, (pk, judul) in kbli.items()},
            mapping=mapping,
            subsector_names=dict(Subsector.objects.values_list("pk", "name_id")),
            offices=offices,
            office_names=office_names,
        )

    def subsectors_for(self, kbli_ids: Iterable[int]) -> list[int]:
        found: set[int] = set()
        for pk in kbli_ids:
            found |= self.mapping.get(self.kbli_by_id[pk][0], set())
        return sorted(found)


@dataclass
class Context:
    ref: Reference
    this_year: int
    nib_rows: dict[str, int] = field(default_factory=dict)
    # (kelurahan id, name key) → (row, name), for likely duplicates within the file
    name_rows: dict[tuple[int, str], tuple[int, str]] = field(default_factory=dict)
    likely: list[dict[str, Any]] = field(default_factory=list)
    rows_by_kelurahan: dict[int, list[tuple[int, str, tuple[str, str]]]] = field(default_factory=dict)


# ---------------------------------------------------------------- cell cleaners


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


# ---------------------------------------------------------------- the importer


class ActorImporter:
    slug = "pelaku"
    title: str | Promise = gettext_lazy("Pelaku ekraf")
    permission = "registry.import_actors"
    columns = COLUMNS

    def start(self) -> Context:
        return Context(ref=Reference.load(), this_year=bounds.this_year())

    def clean_row(self, context: Context, row: int, values: Mapping[str, Any]) -> RowOutcome:
        ref = context.ref
        errors: list[CellError] = []
        typed: dict[str, Any] = {"row": row}

        def check(column: str, fn: Any) -> Any:
            try:
                return fn(values.get(column))
            except ValueError as exc:
                errors.append((column, str(exc)))
                return None

        for column in ("nama_usaha", "jenis_pelaku", "kbli_utama", "kode_kelurahan"):
            if not _text(values.get(column)):
                errors.append((column, _("Wajib diisi.")))
        name = _text(values.get("nama_usaha"))
        if len(name) > 200:
            errors.append(("nama_usaha", _too_long(len(name), 200)))
        typed["name"] = name
        kind_text = _key(_text(values.get("jenis_pelaku")))
        if kind_text:
            kind = KIND_VALUES.get(kind_text) or KIND_VALUES.get(kind_text.replace(" ", "_"))
            if kind is None:
                errors.append(
                    (
                        "jenis_pelaku",
                        _("'%(value)s' tidak dikenal; isi perorangan atau badan_usaha.")
                        % {"value": _text(values.get("jenis_pelaku"))},
                    )
                )
            typed["kind"] = str(kind or "")
        form_text = _key(_text(values.get("bentuk_usaha")))
        legal_form = LEGAL_FORMS.get(form_text, LegalForm.PERORANGAN if not form_text else None)
        if legal_form is None:
            errors.append(
                (
                    "bentuk_usaha",
                    _("'%(value)s' tidak dikenal; pilih salah satu: %(choices)s.")
                    % {"value": _text(values.get("bentuk_usaha")), "choices": ", ".join(LegalForm.values)},
                )
            )
        typed["legal_form"] = str(legal_form or "")
        nib = check("nib", lambda v: _digits_cell(v, "NIB", identifiers.clean_nib) if _text(v) else "")
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
        typed["npwp"] = (
            check("npwp", lambda v: _digits_cell(v, "NPWP", identifiers.clean_npwp) if _text(v) else "") or ""
        )
        primary = None
        if _text(values.get("kbli_utama")):
            code = check("kbli_utama", _kbli_code)
            if code:
                primary = ref.kbli.get(code)
                if primary is None:
                    errors.append(("kbli_utama", _unknown_kbli(code)))
        typed["primary_kbli"] = primary[0] if primary else None
        others: list[int] = []
        raw_others = values.get("kbli_lain")
        if isinstance(raw_others, int | float) and not isinstance(raw_others, bool):
            parts = [_kbli_code(raw_others)]
        else:
            parts = [p for p in re.split(r"[;,\s]+", _text(raw_others)) if p]
        for part in parts:
            try:
                code = identifiers.clean_kbli_format(part)
            except ValueError as exc:
                errors.append(("kbli_lain", _("'%(value)s': %(error)s") % {"value": part, "error": exc}))
                continue
            found = ref.kbli.get(code)
            if found is None:
                errors.append(("kbli_lain", _unknown_kbli(code)))
            elif found[0] not in others and (primary is None or found[0] != primary[0]):
                others.append(found[0])
        typed["other_kbli"] = others
        typed["description"] = _text(values.get("deskripsi"))
        address = _text(values.get("alamat_usaha"))
        if len(address) > 300:
            errors.append(("alamat_usaha", _too_long(len(address), 300)))
        typed["address"] = address
        kelurahan_id = None
        code = _kelurahan_code(values.get("kode_kelurahan"))
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
        typed["founded_year"] = check(
            "tahun_berdiri", lambda v: _int(v, low=bounds.FOUNDED_YEAR_MIN, high=context.this_year, what=FOUNDED_YEAR)
        )
        typed["workers_female"] = (
            check("tenaga_kerja_perempuan", lambda v: _int(v, low=0, high=bounds.WORKERS_MAX, what=WORKERS)) or 0
        )
        typed["workers_male"] = (
            check("tenaga_kerja_laki_laki", lambda v: _int(v, low=0, high=bounds.WORKERS_MAX, what=WORKERS)) or 0
        )
        capital = check("modal_usaha", _money)
        sales = check("omzet_tahunan", _money)
        year = check(
            "tahun_angka", lambda v: _int(v, low=bounds.FIGURES_YEAR_MIN, high=context.this_year, what=FIGURES_YEAR)
        )
        if (
            year is None
            and (capital is not None or sales is not None)
            and not any(c == "tahun_angka" for c, _ in errors)
        ):
            errors.append(("tahun_angka", _("Wajib diisi bila modal_usaha atau omzet_tahunan diisi.")))
        if (
            year is not None
            and capital is None
            and sales is None
            and not any(c in {"modal_usaha", "omzet_tahunan"} for c, _ in errors)
        ):
            errors.append(("tahun_angka", _("Isi modal_usaha atau omzet_tahunan untuk tahun ini, atau kosongkan.")))
        typed["year"] = year
        typed["capital"] = None if capital is None else str(capital)
        typed["sales"] = None if sales is None else str(sales)
        office_text = _text(values.get("dibina_oleh"))
        office = ref.offices.get(office_text.lower()) if office_text else None
        if office_text and office is None:
            errors.append(
                (
                    "dibina_oleh",
                    _(
                        "Perangkat daerah '%(office)s' tidak dikenal; tulis singkatannya seperti di Sinergi, atau "
                        "kosongkan."
                    )
                    % {"office": office_text},
                )
            )
        typed["fostered_by"] = office
        typed["contact"] = self._contact(values, errors, check)
        if errors:
            return RowOutcome(typed=None, errors=errors)
        if kelurahan_id is not None:
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
        return RowOutcome(typed=typed)

    @staticmethod
    def _contact(values: Mapping[str, Any], errors: list[CellError], check: Any) -> dict[str, str] | None:
        filled = [c for c in CONTACT_COLUMNS if _text(values.get(c))]
        consent_text = _text(values.get("persetujuan_narahubung")).lower()
        if consent_text and consent_text not in YES | NO:
            errors.append(
                ("persetujuan_narahubung", _("'%(value)s' tidak dikenal; isi ya atau tidak.") % {"value": consent_text})
            )
            return None
        if not filled:
            return None
        full_name = _text(values.get("nama_narahubung"))
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
        nik = check("nik_narahubung", lambda v: _digits_cell(v, "NIK", identifiers.clean_nik) if _text(v) else "")
        phone = check("telepon_narahubung", lambda v: identifiers.clean_phone(_text(v)) if _text(v) else "")
        return {"full_name": full_name, "nik": nik or "", "phone": phone or ""}

    def check_chunk(self, context: Context, rows: Sequence[tuple[int, dict[str, Any]]]) -> dict[int, list[CellError]]:
        by_nib = {typed["nib"]: number for number, typed in rows if typed["nib"]}
        found: dict[int, list[CellError]] = {}
        if by_nib:
            for nib, other in (
                Actor.objects.filter(nib__in=list(by_nib)).exclude(status=Status.ARCHIVED).values_list("nib", "name")
            ):
                found.setdefault(by_nib[nib], []).append(
                    (
                        "nib",
                        _("NIB %(nib)s sudah terdaftar pada profil '%(name)s'; satu NIB untuk satu usaha.")
                        % {"nib": nib, "name": other},
                    )
                )
        return found

    def finish(self, context: Context) -> list[dict[str, Any]]:
        warnings = list(context.likely)
        if not context.rows_by_kelurahan:
            return warnings
        stored: dict[tuple[int, str], str] = {}
        for kelurahan_id, name in (
            Actor.objects.filter(kelurahan_id__in=list(context.rows_by_kelurahan))
            .exclude(status=Status.ARCHIVED)
            .values_list("kelurahan_id", "name")
            .iterator(chunk_size=5000)
        ):
            for key in name_keys(name):
                stored.setdefault((kelurahan_id, key), name)
        for kelurahan_id, entries in context.rows_by_kelurahan.items():
            for row, _name, keys in entries:
                match = next((stored[(kelurahan_id, k)] for k in keys if (kelurahan_id, k) in stored), None)
                if match is not None:
                    warnings.append(
                        {
                            "row": row,
                            "column": "nama_usaha",
                            "message": _("Mirip profil tersimpan '%(name)s' di kelurahan yang sama.") % {"name": match},
                        }
                    )
        warnings.sort(key=lambda w: w["row"])
        return warnings

    def preview_headers(self) -> list[str]:
        return ["baris", "nama_usaha", "nib", "kbli_utama", "kelurahan", "subsektor", "skala", "narahubung"]

    def preview_row(self, context: Context, typed: Mapping[str, Any]) -> list[str]:
        ref = context.ref
        kbli_ids = [typed["primary_kbli"], *typed["other_kbli"]]
        kel = ref.kelurahan_by_id.get(typed["kelurahan"])
        contact = typed["contact"]
        return [
            str(typed["row"]),
            typed["name"],
            typed["nib"],
            ref.kbli_by_id[typed["primary_kbli"]][0],
            f"{kel[1]}, {kel[2]}" if kel else "",
            ", ".join(ref.subsector_names[s] for s in ref.subsectors_for(kbli_ids)),
            sizing.size_class(capital=_decimal(typed["capital"]), sales=_decimal(typed["sales"])),
            (contact["full_name"] + (" · " + phones.mask(contact["phone"]) if contact["phone"] else ""))
            if contact
            else "",
        ]

    def commit(self, *, by: Any, job: Any, rows: Iterable[dict[str, Any]]) -> int:
        return actors_bulk_create(by=by, rows=rows, status=Status.VERIFIED, job=job)

    def reference_sheets(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """Extra sheets in the XLSX template: the kelurahan codes (two are named Curug)."""
        rows = (
            Wilayah.objects.filter(level=Level.KELURAHAN).order_by("kode").values_list("kode", "nama", "parent__nama")
        )
        return [("kelurahan", ["kode_kelurahan", "kelurahan", "kecamatan"], [list(r) for r in rows])]


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


# ---------------------------------------------------------------- the bulk service


class _Slugs:
    """Unique slugs for many new actors with one query (the same rule as services.unique_slug)."""

    def __init__(self) -> None:
        self.taken = set(Actor.objects.values_list("slug", flat=True))
        self.next: dict[str, int] = {}

    def make(self, text: str) -> str:
        base = slugify(text)[:200] or "profil"
        candidate, n = base, self.next.get(base, 1)
        if n > 1:
            candidate = f"{base}-{n}"
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(candidate)
        self.next[base] = n
        return candidate


def _batches(rows: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


@transaction.atomic
def actors_bulk_create(
    *,
    by: Any,
    rows: Iterable[Mapping[str, Any]],
    status: str = Status.VERIFIED,
    job: Any | None = None,
    batch_size: int = 2000,
) -> int:
    """Create many actors at once, as `actor_create` would one by one, in one transaction.

    `rows` are validated rows (ids for kelurahan, KBLI and office; money as strings). NIBs are checked
    again against stored profiles here, inside the transaction: if one was taken since validation,
    nothing is stored. Imported actors flagged as likely duplicates get a DuplicateFlag like any other.
    """
    ref = Reference.load()
    slugs = _Slugs()
    now = timezone.now()
    other_kbli = Actor.other_kbli.through
    actor_subsectors = Actor.subsectors.through
    names: dict[tuple[int, str], int] = {}
    for pk, kelurahan_id, name in (
        Actor.objects.exclude(status=Status.ARCHIVED)
        .exclude(kelurahan=None)
        .values_list("pk", "kelurahan_id", "name")
        .iterator(chunk_size=5000)
    ):
        for key in name_keys(name):
            names.setdefault((kelurahan_id, key), pk)
    count = 0
    for batch in _batches(rows, batch_size):
        nibs = [r["nib"] for r in batch if r["nib"]]
        taken = list(
            Actor.objects.filter(nib__in=nibs).exclude(status=Status.ARCHIVED).values_list("nib", flat=True)[:5]
        )
        if taken:
            raise Conflict(
                ngettext(
                    "NIB %(nibs)s sudah terdaftar sejak berkas diperiksa; unggah ulang berkasnya.",
                    "NIB %(nibs)s sudah terdaftar sejak berkas diperiksa; unggah ulang berkasnya.",
                    len(taken),
                )
                % {"nibs": ", ".join(taken)},
                code="duplicate_nib",
            )
        actor_rows: list[dict[str, Any]] = []
        subsectors_of: list[list[int]] = []
        for r in batch:
            kbli_ids = [r["primary_kbli"], *r["other_kbli"]]
            subsectors = ref.subsectors_for(kbli_ids)
            kel = ref.kelurahan_by_id.get(r["kelurahan"]) if r["kelurahan"] else None
            capital, sales = _decimal(r["capital"]), _decimal(r["sales"])
            parts = [r["name"], r["description"], r["address"]]
            if kel:
                parts += [kel[1], kel[2]]
            parts.append(ref.kbli_by_id[r["primary_kbli"]][1])
            parts += [ref.subsector_names[s] for s in subsectors]
            actor_rows.append(
                {
                    "name": r["name"],
                    "slug": slugs.make(r["name"]),
                    "kind": r["kind"],
                    "legal_form": r["legal_form"],
                    "nib": r["nib"],
                    "npwp": r["npwp"],
                    "description": r["description"],
                    "founded_year": r["founded_year"],
                    "primary_kbli_id": r["primary_kbli"],
                    "address": r["address"],
                    "kelurahan_id": r["kelurahan"],
                    "workers_female": r["workers_female"],
                    "workers_male": r["workers_male"],
                    "size_class": sizing.size_class(capital=capital, sales=sales) if r["year"] else "",
                    "fostered_by_id": r["fostered_by"],
                    "status": status,
                    "verified_at": now if status == Status.VERIFIED else None,
                    "search_text": " ".join(p for p in parts if p),
                }
            )
            subsectors_of.append(subsectors)
        # COPY on PostgreSQL, bulk_create elsewhere (core/bulkinsert.py): ids first, then the linked rows.
        actor_ids = insert_rows(Actor, actor_rows, ids=True)
        links: list[dict[str, Any]] = []
        subs: list[dict[str, Any]] = []
        figures: list[dict[str, Any]] = []
        contacts: list[dict[str, Any]] = []
        flags = []
        for actor_id, subsectors, r in zip(actor_ids, subsectors_of, batch, strict=True):
            links += [{"actor_id": actor_id, "kblicode_id": k} for k in r["other_kbli"]]
            subs += [{"actor_id": actor_id, "subsector_id": s} for s in subsectors]
            if r["year"]:
                figures.append(
                    {
                        "actor_id": actor_id,
                        "year": r["year"],
                        "capital": _decimal(r["capital"]),
                        "sales": _decimal(r["sales"]),
                    }
                )
            if r["contact"]:
                contacts.append(
                    {
                        "actor_id": actor_id,
                        "full_name": r["contact"]["full_name"],
                        "nik": r["contact"]["nik"],
                        "phone": r["contact"]["phone"],
                        "legal_basis": "consent",
                        "consent_at": now,
                    }
                )
            if r["kelurahan"]:
                keys = name_keys(r["name"])
                other = next((names[(r["kelurahan"], k)] for k in keys if (r["kelurahan"], k) in names), None)
                if other is not None:
                    flags.append(
                        DuplicateFlag(actor_id=other, other_id=actor_id, reason=DuplicateReason.SIMILAR_NAME, score=1.0)
                    )
                for key in keys:
                    names.setdefault((r["kelurahan"], key), actor_id)
        insert_rows(other_kbli, links)
        insert_rows(actor_subsectors, subs)
        insert_rows(ActorYearlyFigure, figures)
        insert_rows(ContactPerson, contacts)
        DuplicateFlag.objects.bulk_create(flags, batch_size=batch_size, ignore_conflicts=True)
        count += len(actor_rows)
    from .cache import bump_directory_version_on_commit  # bulk inserts send no signals: refresh cached pages

    bump_directory_version_on_commit()
    audit.record(
        actor=by,
        action="registry.actor.imported",
        target=job,
        data={"job": getattr(job, "pk", None), "count": count, "status": status},
    )
    return count


# ---------------------------------------------------------------- export

EXPORT_EXTRA = ("status", "subsektor", "skala_usaha", "kecamatan", "nama_kelurahan", "slug")
PERSONAL_COLUMNS = {"nik_narahubung", "telepon_narahubung"}


def parse_filters(querydict: Mapping[str, Any]) -> dict[str, Any]:
    """The export's filters: the staff list's specification (registry.filters), strictly: an unknown
    subsector, area or status raises InvalidFilters rather than exporting an empty file."""
    from .filters import parse_actor_filters

    parsed = parse_actor_filters(querydict, strict=True, staff=True)
    kwargs = parsed.selector_kwargs()
    del kwargs["sort"]  # an export is in name order
    return {key: value for key, value in kwargs.items() if value not in (None, "")}


class ActorExporter:
    slug = "pelaku"
    title: str | Promise = gettext_lazy("Pelaku ekraf")
    permission = "registry.export_actors"
    personal_permission = "registry.export_personal_data"

    def headers(self) -> list[str]:
        return [*COLUMN_NAMES, *EXPORT_EXTRA]

    def personal_columns(self) -> set[str]:
        return set(PERSONAL_COLUMNS)

    def text_columns(self) -> set[str]:
        return {c.name for c in COLUMNS if c.text}

    def parse_filters(self, querydict: Mapping[str, Any]) -> dict[str, Any]:
        return parse_filters(querydict)

    def rows(self, *, user: Any, filters: Mapping[str, Any], masked: bool = True) -> Iterator[list[Any]]:
        qs = actor_list(user=user, **filters).prefetch_related("other_kbli", "contacts", "yearly_figures")
        for actor in qs.iterator(chunk_size=2000):
            contact = min(actor.contacts.all(), key=lambda c: c.pk, default=None)
            figure = max(actor.yearly_figures.all(), key=lambda f: f.year, default=None)
            kel = actor.kelurahan
            nik = contact.nik if contact else ""
            phone = contact.phone if contact else ""
            if masked:
                nik, phone = phones.mask(nik), phones.mask(phone)
            yield [
                actor.name,
                "perorangan" if actor.kind == ActorKind.INDIVIDUAL else "badan_usaha",
                actor.legal_form,
                actor.nib,
                actor.npwp,
                actor.primary_kbli.kode if actor.primary_kbli else "",
                ";".join(sorted(k.kode for k in actor.other_kbli.all())),
                actor.description,
                actor.address,
                kel.kode if kel else "",
                actor.founded_year,
                actor.workers_female,
                actor.workers_male,
                figure.year if figure else None,
                int(figure.capital) if figure and figure.capital is not None else None,
                int(figure.sales) if figure and figure.sales is not None else None,
                (actor.fostered_by.short_name or actor.fostered_by.name) if actor.fostered_by else "",
                contact.full_name if contact else "",
                nik,
                phone,
                ("ya" if contact.consent_at else "tidak") if contact else "",
                actor.get_status_display(),
                ", ".join(s.name_id for s in actor.subsectors.all()),
                actor.get_size_class_display() if actor.size_class else "",
                kel.parent.nama if kel and kel.parent else "",
                kel.nama if kel else "",
                actor.slug,
            ]

    def record(self, *, user: Any, filters: Mapping[str, Any], count: int, masked: bool, file_format: str) -> None:
        audit.record(
            actor=user,
            action="registry.actor.exported",
            target=None,
            data={"filters": dict(filters), "count": count, "masked": masked, "format": file_format},
        )


register(importer=ActorImporter(), exporter=ActorExporter())
