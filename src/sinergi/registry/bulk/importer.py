"""The actor importer: validation of each row, checks against stored data, preview and commit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core import bounds, phones
from sinergi.imports.kinds import CellError, RowOutcome
from sinergi.imports.models import ImportJob
from sinergi.wilayah.models import Level, Wilayah

from .. import sizing
from ..models import Actor, Status
from .cells import _decimal
from .columns import COLUMNS, name_keys
from .create import actors_bulk_create
from .reference import Context, Reference
from .rows import clean_row
from .stored import registered_nibs

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
        return clean_row(context, row, values)

    def check_chunk(self, context: Context, rows: Sequence[tuple[int, dict[str, Any]]]) -> dict[int, list[CellError]]:
        by_nib = {typed["nib"]: number for number, typed in rows if typed["nib"]}
        found: dict[int, list[CellError]] = {}
        if by_nib:
            for nib, other in registered_nibs(list(by_nib)).values_list("nib", "name"):
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
            Wilayah.objects.filter(level=Level.KELURAHAN).order_by("code").values_list("code", "name", "parent__name")
        )
        return [("kelurahan", ["kode_kelurahan", "kelurahan", "kecamatan"], [list(r) for r in rows])]
