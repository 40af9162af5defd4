"""The Kalimantan Timur statistics demo (SINERGI_REGION_CODE=64).

The province and its ten kab/kota in one run, reconciled to the province. PDRB totals (ADHB and ADHK
2010, 2020–2024) are BPS's as published where `statistics/data/kaltim_pdrb_published.csv` has them (copied
from the shared reference file with its source columns, one row per region, year and basis; joined to
Kemendagri codes by name, since BPS codes differ: BPS 6402 Kutai Barat = Kemendagri 64.07); every
other PDRB figure and every ekraf figure is synthetic, and the pages say which is which
(`statistics.provenance`). Idempotent: once a demo publication is published, nothing is added.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db import transaction

import ekraf
from sinergi.demo.seed.statistics import already_published, dataset, demo_analyst, demo_head
from sinergi.statistics import selectors, services
from sinergi.statistics.models import Method, RunStatus
from sinergi.statistics.provenance import KALTIM, kaltim_published

KALTIM_YEARS = tuple(range(2020, 2025))
KALTIM_BENCHMARK_YEAR = 2022
KALTIM_STATUS = {2024: "*"}  # BPS: "angka sementara PDRB Kaltim Tahun 2024"
PUBLISHED_BPS = "dipublikasikan BPS"
SYNTHETIC = "sintetis/demo"
#: Synthetic ekraf share of PDRB (%) by region: small in the mining and LNG regencies, larger in the cities.
KALTIM_EKRAF_SHARE = {
    "64": 3.4, "64.01": 2.1, "64.02": 1.9, "64.03": 2.6, "64.07": 1.7, "64.08": 1.2, "64.09": 3.1,
    "64.11": 2.2, "64.71": 5.8, "64.72": 8.9, "64.74": 2.4,
}  # fmt: skip
#: Synthetic composition of ekraf by subsector, and each subsector's drift against PDRB (per year).
KALTIM_SUBSECTORS = {"KUL": (0.42, 0.015), "FSN": (0.17, 0.0), "KRY": (0.15, -0.005), "APL": (0.08, 0.04),
                     "PNB": (0.06, -0.01), "PRK": (0.05, 0.01), "FTG": (0.04, 0.0), "DKV": (0.03, 0.02)}  # fmt: skip


def _fill(known: dict[int, float], guide: dict[int, float]) -> dict[int, float]:
    """A series over KALTIM_YEARS from its published years: geometric between two of them, and moved
    with `guide` (the province's series) before the first and after the last."""
    out = dict(known)
    years = sorted(known)
    for year in KALTIM_YEARS:
        if year in out:
            continue
        before = [y for y in years if y < year]
        after = [y for y in years if y > year]
        if before and after:
            a, b = before[-1], after[0]
            out[year] = known[a] * (known[b] / known[a]) ** ((year - a) / (b - a))
        elif before:
            out[year] = known[before[-1]] * guide[year] / guide[before[-1]]
        else:
            out[year] = known[after[0]] * guide[year] / guide[after[0]]
    return out


def kaltim_pdrb() -> dict[tuple[str, int, str], tuple[float, str]]:
    """(code, year, basis) → (PDRB TOTAL in miliar rupiah, PUBLISHED_BPS or SYNTHETIC) for the province
    and its ten kab/kota. ADHK: published, else interpolated between published years or moved with the
    province. ADHB: published, else ADHK × the province's implicit index × the region's own relation
    to it where one of its ADHB figures is published."""
    published = kaltim_published()
    codes = [KALTIM, *selectors.kabkota_codes(KALTIM)]

    def known(code: str, basis: str) -> dict[int, float]:
        return {
            y: float(published[(code, y, basis)]["value"]) * 1000 for y in KALTIM_YEARS if (code, y, basis) in published
        }

    province_k = known(KALTIM, "ADHK")
    province_b = known(KALTIM, "ADHB")
    index = {y: province_b[y] / province_k[y] for y in KALTIM_YEARS}
    out: dict[tuple[str, int, str], tuple[float, str]] = {}
    for code in codes:
        own_k = known(code, "ADHK")
        adhk = _fill(own_k, province_k)
        own_b = known(code, "ADHB")
        relation = [own_b[y] / adhk[y] / index[y] for y in own_b]
        factor = sum(relation) / len(relation) if relation else 1.0
        for year in KALTIM_YEARS:
            out[(code, year, "ADHK")] = (adhk[year], PUBLISHED_BPS if year in own_k else SYNTHETIC)
            if year in own_b:
                out[(code, year, "ADHB")] = (own_b[year], PUBLISHED_BPS)
            else:
                out[(code, year, "ADHB")] = (adhk[year] * index[year] * factor, SYNTHETIC)
    return out


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _weight(code: str, subsector: str) -> float:
    """The region's synthetic weight of a subsector: the common composition, varied by region."""
    base = KALTIM_SUBSECTORS[subsector][0]
    return base * (1 + ((sum(map(ord, code + subsector)) * 7) % 9 - 4) / 20)


def kaltim_inputs() -> dict[str, bytes]:
    """The three files of the Kaltim run: PDRB totals, benchmark ekraf values of 2022 and indicator series."""
    pdrb = kaltim_pdrb()
    codes = sorted({code for code, _y, _b in pdrb})
    unit = "miliar rupiah"
    head = ["region", "year", "code", "price_basis", "value", "unit"]
    pdrb_rows = [
        [code, year, ekraf.TOTAL, basis, f"{pdrb[(code, year, basis)][0]:.3f}", unit, KALTIM_STATUS.get(year, "")]
        for code in codes
        for year in KALTIM_YEARS
        for basis in ekraf.PRICE_BASES
    ]
    bench_rows, ind_rows = [], []
    for code in codes:
        weights = {s: _weight(code, s) for s in KALTIM_SUBSECTORS}
        total_w = sum(weights.values())
        for s, (_share, drift) in KALTIM_SUBSECTORS.items():
            for basis in ekraf.PRICE_BASES:
                value = pdrb[(code, KALTIM_BENCHMARK_YEAR, basis)][0] * KALTIM_EKRAF_SHARE[code] / 100
                bench_rows.append([code, KALTIM_BENCHMARK_YEAR, s, basis, f"{value * weights[s] / total_w:.4f}", unit])
                for year in KALTIM_YEARS:
                    moved = pdrb[(code, year, basis)][0] * (1 + drift) ** (year - KALTIM_BENCHMARK_YEAR)
                    ind_rows.append([code, year, s, basis, f"{moved:.4f}", unit])
    return {
        "pdrb": _csv([*head, "status"], pdrb_rows),
        "benchmark": _csv(head, bench_rows),
        "indicator": _csv(head, ind_rows),
    }


def seed(stdout: Any) -> None:
    """The Kaltim statistics demo: one reconciled run of the province and its ten kab/kota, and one
    publication per region, each prepared by the analyst and approved by the head (four eyes)."""
    if already_published(stdout):
        return
    head, analyst = demo_head(), demo_analyst()
    province = (KALTIM, selectors.area_name(KALTIM))
    files = kaltim_inputs()
    names = {
        "pdrb": "Demo: PDRB Kalimantan Timur dan kab/kota (BPS bila terbit, selebihnya sintetis)",
        "benchmark": "Demo: nilai acuan ekraf 2022 Kalimantan Timur (sintetis)",
        "indicator": "Demo: seri indikator ekraf Kalimantan Timur (sintetis)",
    }
    with transaction.atomic():
        datasets = {
            kind: dataset(analyst, kind, names[kind], files[kind], f"{kind}_kaltim_demo.csv", region=province)
            for kind in ("pdrb", "benchmark", "indicator")
        }
        run = services.run_create(
            by=analyst,
            method=Method.EXTRAPOLATION,
            region_code=province[0],
            region_name=province[1],
            datasets=datasets,
            parameters={"reconcile": True},
            enqueue=False,
        )
    run = services.run_execute(run_id=run.pk)
    if run.status != RunStatus.SUCCEEDED:
        stdout.write(f"statistik: demo Kalimantan Timur gagal dihitung: {run.error_summary}\n")
        return
    for code, name in selectors.run_regions(run):
        pub = services.publication_prepare(
            by=analyst,
            run=run,
            region_code=code,
            title=f"Estimasi demo PDRB Ekonomi Kreatif {name} {KALTIM_YEARS[0]}–{KALTIM_YEARS[-1]}",
            summary=(
                "Estimasi demo: total PDRB ADHB/ADHK sesuai angka BPS yang diterbitkan bila ada (ditandai"
                " 'dipublikasikan BPS'), selebihnya dan seluruh angka ekonomi kreatif sintetis/demo. Kabupaten/kota"
                " direkonsiliasi ke provinsi."
            ),
            is_demo=True,
        )
        services.publication_submit(by=analyst, publication=pub)
        services.publication_approve(
            by=head, publication=pub, comment="Demo diterbitkan otomatis oleh perintah seed_demo."
        )
    stdout.write(
        f"statistik: estimasi demo Kalimantan Timur dan {len(selectors.kabkota_codes(KALTIM))} kab/kota terbit\n"
    )
