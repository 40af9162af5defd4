"""The actor importer: validation of each row, checks against stored data, preview and commit."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core import bounds, phones
from sinergi.imports.kinds import CellError, RowOutcome
from sinergi.imports.models import ImportJob
from sinergi.wilayah.models import Level, Wilayah

from .. import identifiers, sizing
from ..models import Actor, LegalForm, Status
from .cells import _decimal, _digits_cell, _int, _kbli_code, _kelurahan_code, _money, _text, _too_long, _unknown_kbli
from .columns import (
    COLUMNS,
    CONTACT_COLUMNS,
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
from .create import actors_bulk_create
from .reference import Context, Reference

if TYPE_CHECKING:
    from sinergi.accounts.models import User


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

    def commit(self, *, by: User | None, job: ImportJob, rows: Iterable[dict[str, Any]]) -> int:
        return actors_bulk_create(by=by, rows=rows, status=Status.VERIFIED, job=job)

    def reference_sheets(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """Extra sheets in the XLSX template: the kelurahan codes (two are named Curug)."""
        rows = (
            Wilayah.objects.filter(level=Level.KELURAHAN).order_by("kode").values_list("kode", "nama", "parent__nama")
        )
        return [("kelurahan", ["kode_kelurahan", "kelurahan", "kecamatan"], [list(r) for r in rows])]
