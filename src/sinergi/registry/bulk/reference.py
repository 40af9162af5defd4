"""Reference data loaded once per validation or commit (no query per row), and the validation's state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sinergi.accounts.models import Organisation, OrganisationKind
from sinergi.classification.models import KbliCode, KbliMapping, Subsector
from sinergi.wilayah.models import Level, Wilayah

from .columns import KBLI_VERSION


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
            "pk", "code", "name", "parent__name"
        ):
            kel[kode] = (pk, nama, kec or "")
            kel_by_id[pk] = (kode, nama, kec or "")
        kbli = {
            kode: (pk, judul)
            for pk, kode, judul in KbliCode.objects.filter(version=KBLI_VERSION).values_list("pk", "code", "title")
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
