"""The active KBLI mapping as every region's registry seed starts from it: whether the registry is
seeded already or cannot be (no mapping loaded), which KBLI codes each subsector has, and the code a
business line gets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sinergi.classification.models import KbliCode, KbliMapping, KbliMappingEntry
from sinergi.classification.selectors import active_mapping
from sinergi.registry.models import Actor


def mapping_to_seed(stdout: Any) -> KbliMapping | None:
    """The active KBLI mapping the registry demo is seeded with; None (and `stdout` says why) when demo
    actors exist already (the seed is idempotent) or no mapping is loaded yet."""
    if Actor.objects.filter(is_demo=True).exists():
        stdout.write("  registri demo sudah ada; tidak ada yang ditambahkan")
        return None
    mapping = active_mapping()
    if mapping is None:
        stdout.write("  registri demo dilewati: belum ada pemetaan KBLI aktif (jalankan `sinergi load_reference`)")
    return mapping


def codes_by_subsector(mapping: KbliMapping) -> dict[str, list[str]]:
    """The KBLI codes `mapping` puts in each subsector (by subsector code), in code order."""
    found: dict[str, list[str]] = {}
    entries = KbliMappingEntry.objects.filter(mapping=mapping).select_related("subsector").order_by("kbli_code")
    for entry in entries:
        found.setdefault(entry.subsector.code, []).append(entry.kbli_code)
    return found


def kbli_for(
    *,
    subsector: str,
    preferred: str,
    codes: dict[str, list[str]],
    objects: dict[str, KbliCode],
    otherwise: Callable[[Sequence[str]], str],
) -> KbliCode:
    """The `preferred` KBLI if the mapping puts it in `subsector`, else the one `otherwise` picks among
    those it does put there."""
    candidates = codes.get(subsector, [])
    if not candidates:
        raise RuntimeError(f"Pemetaan KBLI aktif tidak punya kode untuk subsektor {subsector}.")
    return objects[preferred if preferred in candidates else otherwise(candidates)]
