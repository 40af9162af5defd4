"""UMKM size class under PP 7/2021, from capital (excluding land and buildings) and annual sales.

PP 7/2021 Pasal 35: capital criteria apply when a business is set up or registered; sales criteria
apply to a business already running. So annual sales decide when known, capital otherwise.
Thresholds come from `data/umkm_kriteria_pp7_2021.csv` (upper bounds inclusive).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "umkm_kriteria_pp7_2021.csv"
ORDER = ("mikro", "kecil", "menengah")


@cache
def thresholds() -> dict[str, list[tuple[str, Decimal]]]:
    """{'modal_usaha': [('mikro', upper), …], 'hasil_penjualan_tahunan': […]} in ascending order."""
    table: dict[str, list[tuple[str, Decimal]]] = {}
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["kriteria"], []).append((row["skala"], Decimal(row["batas_atas_inklusif_rp"])))
    for rows in table.values():
        rows.sort(key=lambda item: ORDER.index(item[0]))
    return table


def _classify(amount: Decimal, criterion: str) -> str:
    for size, upper in thresholds()[criterion]:
        if amount <= upper:
            return size
    return "besar"


def size_class(*, capital: Decimal | None, sales: Decimal | None) -> str:
    """'mikro', 'kecil', 'menengah', 'besar', or '' when neither figure is known."""
    if sales is not None:
        return _classify(sales, "hasil_penjualan_tahunan")
    if capital is not None:
        return _classify(capital, "modal_usaha")
    return ""
