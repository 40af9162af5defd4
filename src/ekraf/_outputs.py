"""Writers: tidy CSV, JSON and an XLSX workbook laid out like a BPS publication."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ekraf._classification import lapangan_usaha_structure, subsector_list
from ekraf._csvout import Labels, write_csv
from ekraf._frame import PRICE_BASES, TOTAL, LevelTable
from ekraf._indicators import CORE_INDICATORS, IndicatorTable
from ekraf._methods import Theta
from ekraf._reconcile import Reconciliation
from ekraf._result import EkrafResult
from ekraf._status import FOOTNOTE, MARKS
from ekraf._xlsx import BOLD, NUMBER, TITLE, XlsxWriter

__all__ = [
    "write_indicators_csv",
    "write_levels_csv",
    "write_outputs",
    "write_reconciliation_csv",
    "write_theta_csv",
    "write_xlsx",
]

FloatArray = NDArray[np.float64]
THETA_COLUMNS = ("region", "subsector", "code", "benchmark_year", "value")

INDICATOR_COLUMNS = ("region", "year", "code", "indicator", "price_basis", "value", "status")
LEVEL_COLUMNS = ("region", "year", "code", "price_basis", "value", "unit", "status")


def write_levels_csv(levels: LevelTable, path: str | Path) -> None:
    """Unrounded levels, one row per region, basis, code and year."""
    r, b, c, y = np.nonzero(~np.isnan(levels.values))
    write_csv(
        path,
        {
            "region": Labels(levels.regions, r),
            "year": np.asarray(levels.years, dtype=np.int64)[y],
            "code": Labels(levels.codes, c),
            "price_basis": Labels(PRICE_BASES, b),
            "value": levels.values[r, b, c, y],
            "unit": Labels((levels.unit,), np.zeros(len(r), dtype=np.int64)),
            "status": _status_column(levels.status, levels.years, y),
        },
    )


_STATUS_LABELS = ("final", "sementara", "sangat sementara")


def _status_column(status: tuple[tuple[int, str], ...], years: Sequence[int], y: NDArray[np.int64]) -> Labels:
    """Each row's year status: final, sementara (*) or sangat sementara (**)."""
    marks = dict(status)
    per_year = np.array([_STATUS_LABELS.index(marks.get(year, "final")) for year in years], dtype=np.int64)
    return Labels(_STATUS_LABELS, per_year[y])


def write_indicators_csv(
    table: IndicatorTable,
    path: str | Path,
    names: tuple[str, ...] | None = None,
    status: tuple[tuple[int, str], ...] = (),
) -> None:
    """Unrounded values, one row per region, year, code, indicator and price basis (in the order
    indicator, region, code, year, basis); ``status`` marks the years that are not final."""
    parts: list[tuple[NDArray[np.int64], ...]] = []
    values: list[FloatArray] = []
    labels: list[str] = []
    indicators: list[str] = []
    for name, (bases, array) in table.arrays.items():
        if names is not None and name not in names:
            continue
        moved = np.moveaxis(array, 1, 3)  # (R, C, Y, B)
        r, c, y, b = np.nonzero(~np.isnan(moved))
        base_idx = np.array([_index(labels, x) for x in bases], dtype=np.int64)
        parts.append((r, c, y, base_idx[b], np.full(len(r), _index(indicators, name), dtype=np.int64)))
        values.append(moved[r, c, y, b])
    empty = np.zeros(0, dtype=np.int64)
    r, c, y, b, n = (np.concatenate(col) for col in zip(*parts, strict=True)) if parts else (empty,) * 5
    write_csv(
        path,
        {
            "region": Labels(table.regions, r),
            "year": np.asarray(table.years, dtype=np.int64)[y],
            "code": Labels(table.codes, c),
            "indicator": Labels(indicators, n),
            "price_basis": Labels(labels, b),
            "value": np.concatenate(values) if values else np.zeros(0),
            "status": _status_column(status, table.years, y),
        },
    )


RECONCILIATION_COLUMNS = (
    "region",
    "code",
    "year",
    "price_basis",
    "province",
    "kabkota_sum",
    "difference",
    "difference_percent",
    "factor",
)


def write_reconciliation_csv(rec: Reconciliation, path: str | Path) -> None:
    """Before adjustment: the province's value, the sum of its kab/kota, province − sum, (sum −
    province)/province·100 and the factor province/sum applied to each kab/kota."""
    rows = rec.rows()
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(RECONCILIATION_COLUMNS)
        for province, code, year, basis, pv, kv, diff, pct in rows:
            factor = pv / kv if kv else float("nan")
            writer.writerow((province, code, year, basis, repr(pv), repr(kv), repr(diff), repr(pct), repr(factor)))


def _index(names: list[str], name: str) -> int:
    if name not in names:
        names.append(name)
    return names.index(name)


def write_theta_csv(thetas: Sequence[Theta], path: str | Path) -> None:
    """θ(region, subsector, lapangan usaha) of each benchmark year, zeros included, unrounded."""
    first = thetas[0]
    shape = first.values.shape
    r, s, i = (a.ravel() for a in np.indices(shape))
    years = ["" if t.benchmark_year is None else str(t.benchmark_year) for t in thetas]
    write_csv(
        path,
        {
            "region": Labels(first.regions, np.tile(r, len(thetas))),
            "subsector": Labels(first.subsectors, np.tile(s, len(thetas))),
            "code": Labels(first.codes, np.tile(i, len(thetas))),
            "benchmark_year": Labels(years, np.repeat(np.arange(len(thetas)), r.size)),
            "value": np.concatenate([t.values[[t.regions.index(x) for x in first.regions]].ravel() for t in thetas]),
        },
    )


def write_outputs(result: EkrafResult, out: str | Path) -> list[Path]:
    """Write levels.csv, indicators.csv, (pdrb_indicators.csv, theta.csv), result.json, manifest.json
    and pdrb_ekraf.xlsx into ``out``.

    Each file is written under a temporary name; the names are swapped in only when every file is
    complete, so a failure never leaves a half-written output or a mix with an earlier run's."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    writers: list[tuple[str, Callable[[Path], object]]] = [
        ("levels.csv", lambda p: write_levels_csv(result.levels, p)),
        ("indicators.csv", lambda p: write_indicators_csv(result.indicators, p, status=result.levels.status)),
        ("result.json", lambda p: p.write_text(result.to_json(), encoding="utf-8")),
        (
            "manifest.json",
            lambda p: p.write_text(
                json.dumps(result.manifest.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8"
            ),
        ),
        ("pdrb_ekraf.xlsx", lambda p: write_xlsx(result, p)),
    ]
    pind = result.pdrb_indicators
    if pind is not None:
        pstatus = result.pdrb.status if result.pdrb is not None else ()
        writers.append(("pdrb_indicators.csv", lambda p: write_indicators_csv(pind, p, CORE_INDICATORS, pstatus)))
    if result.thetas:
        writers.append(("theta.csv", lambda p: write_theta_csv(result.thetas, p)))
    rec = result.reconciliation
    if rec is not None:
        writers.append(("reconciliation.csv", lambda p: write_reconciliation_csv(rec, p)))
    # DuckDB (the CSVs) and zlib (the workbook) release the GIL, so the writers overlap in threads
    partials = [(out / f".{name}.partial", out / name, writer) for name, writer in writers]
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = [pool.submit(writer, partial) for partial, _final, writer in partials]
        wait(futures)
    failed = [f.exception() for f in futures if f.exception() is not None]
    if failed:
        for partial, _final, _writer in partials:
            partial.unlink(missing_ok=True)
        raise failed[0]  # type: ignore[misc]
    for partial, final, _writer in partials:  # only complete outputs replace those of a previous run
        partial.replace(final)
    written = [final for _partial, final, _writer in partials]
    for name in OUTPUT_NAMES:  # an earlier run's output this run does not make would mix two runs
        if out / name not in written:
            (out / name).unlink(missing_ok=True)
    return written


#: Every file a run may write into its output folder (bundle.zip by ``compute --bundle``).
OUTPUT_NAMES = (
    "levels.csv",
    "indicators.csv",
    "pdrb_indicators.csv",
    "theta.csv",
    "reconciliation.csv",
    "result.json",
    "manifest.json",
    "pdrb_ekraf.xlsx",
    "bundle.zip",
)


def _label(code: str) -> str:
    if code == TOTAL:
        return "PDRB Ekonomi Kreatif"
    for name in ("kemenparekraf_17", "bekraf_16"):
        sl = subsector_list(name)
        if code in sl.codes:
            return sl.name_of(code)
    entry = lapangan_usaha_structure().by_code.get(code)
    return entry.name_id if entry else code


TABLES = (
    ("ADHB", "PDRB Ekonomi Kreatif Atas Dasar Harga Berlaku menurut Subsektor", None, "ADHB"),
    ("ADHK", "PDRB Ekonomi Kreatif Atas Dasar Harga Konstan 2010 menurut Subsektor", None, "ADHK"),
    ("Laju Pertumbuhan", "Laju Pertumbuhan Riil PDRB Ekonomi Kreatif (ADHK, persen)", "growth", "ADHK"),
    ("Distribusi", "Distribusi PDRB Ekonomi Kreatif menurut Subsektor (ADHB, persen)", "distribution", "ADHB"),
    ("Kontribusi ADHB", "Kontribusi terhadap PDRB Wilayah, Atas Dasar Harga Berlaku (persen)", "contribution", "ADHB"),
    (
        "Kontribusi ADHK",
        "Kontribusi terhadap PDRB Wilayah, Atas Dasar Harga Konstan 2010 (persen)",
        "contribution",
        "ADHK",
    ),
    ("Indeks Implisit", "Indeks Harga Implisit PDRB Ekonomi Kreatif (2010=100)", "implicit_index", "ADHB/ADHK"),
    (
        "Pertumbuhan Indeks Implisit",
        "Laju Pertumbuhan Indeks Harga Implisit (persen)",
        "implicit_index_growth",
        "ADHB/ADHK",
    ),
    ("Sumber Pertumbuhan", "Sumber Pertumbuhan PDRB Ekonomi Kreatif (ADHK, poin persen)", "source_of_growth", "ADHK"),
    (
        "Rata-rata Pertumbuhan",
        "Rata-rata Laju Pertumbuhan Riil per Tahun, majemuk, seluruh periode (ADHK, persen; di tahun terakhir)",
        "average_growth_compound",
        "ADHK",
    ),
    (
        "Rata-rata Pertumbuhan (mean)",
        "Rata-rata Hitung Laju Pertumbuhan Riil Tahunan, seluruh periode (ADHK, persen; di tahun terakhir)",
        "average_growth_mean",
        "ADHK",
    ),
    ("Per Kapita", "PDRB Ekonomi Kreatif per Kapita Atas Dasar Harga Berlaku (rupiah)", "per_capita", "ADHB"),
    ("Tenaga Kerja", "Tenaga Kerja Ekonomi Kreatif (orang, tahun acuan/survei)", "employment", "pekerja"),
    (
        "Pangsa Tenaga Kerja",
        "Pangsa Tenaga Kerja Ekonomi Kreatif terhadap Seluruh Pekerja dalam Data Usaha (persen)",
        "employment_share",
        "pekerja",
    ),
)
_UNITS = {"implicit_index": "Satuan: indeks (2010=100)", "per_capita": "Satuan: rupiah", "employment": "Satuan: orang"}


def write_xlsx(result: EkrafResult, path: str | Path) -> None:
    """One sheet per table, subsector × year, per region; θ per benchmark; title, unit and notes on
    method and mapping. Numbers are stored unrounded and shown as ``#,##0.00``; the same result always
    gives the same bytes (:mod:`ekraf._xlsx`)."""
    m = result.manifest
    lines = [
        ("Metode", _METHODS.get(m.method, m.method)),
        ("Pemetaan KBLI→subsektor", m.classification_label),
        ("Daftar subsektor", m.subsector_list),
        ("Versi mesin (engine)", m.engine_version),
        ("Satuan", result.levels.unit),
        ("Angka", "persen dua desimal di tampilan; nilai lengkap di CSV/JSON"),
    ]
    lines += [("Parameter " + k, v) for k, v in m.parameters.items()]
    lines += [("Masukan " + i.role, f"{i.name} sha256={i.sha256}") for i in m.inputs]
    lines += [("Catatan", n) for n in m.notes]
    lv = result.levels
    with XlsxWriter(path) as book:
        notes = book.sheet("Catatan", {1: 32, 2: 100})
        notes.append([("PDRB Ekonomi Kreatif — catatan metode", TITLE)])
        for key, value in lines:
            notes.append([key, value])
        footer = [
            f"Catatan: metode {m.method}; pemetaan {m.classification_label}.",
            "Sumber: dihitung dengan Sinergi ekraf " + m.engine_version,
        ]
        marks = {y: MARKS[s] for y, s in lv.status}
        if marks:
            footer.insert(0, FOOTNOTE)
        header: list[str | tuple[str, int] | None] = [("Kode", BOLD), ("Subsektor", BOLD)]
        header += [(f"{y}{marks.get(y, '')}", BOLD) for y in lv.years]
        windows = [
            n[len("average_growth_compound_") :]
            for n in result.indicators.arrays
            if n.startswith("average_growth_compound_")
        ]
        tables = list(TABLES) + [
            (
                f"Rata-rata {w.replace('_', '-')}",
                f"Rata-rata Laju Pertumbuhan Riil per Tahun {w.replace('_', '–')}, majemuk (ADHK, persen;"
                f" di tahun {w.split('_')[1]})",
                f"average_growth_compound_{w}",
                "ADHK",
            )
            for w in windows
        ]
        for sheet_name, title, indicator, basis in tables:
            if indicator is None:
                if not lv.has_basis(basis):
                    continue
                array = lv.values[:, PRICE_BASES.index(basis)]
                unit = f"Satuan: {lv.unit}"
            else:
                if indicator not in result.indicators.arrays:
                    continue
                bases, full = result.indicators.arrays[indicator]
                if basis not in bases:
                    continue
                array = full[:, bases.index(basis)]
                unit = _UNITS.get(indicator, "Satuan: persen")
                if np.isnan(array).all():
                    continue
            ws = book.sheet(sheet_name[:31], {2: 34})
            ws.append([(title, TITLE)])
            ws.append([unit])
            ws.blank()
            labels = [(code, _label(code)) for code in lv.codes]
            for r, region in enumerate(lv.regions):
                ws.append([(region, BOLD)])
                ws.append(header)
                block = array[r].tolist()
                for (code, label), row in zip(labels, block, strict=True):
                    ws.numbers([code, label], row, NUMBER)
                ws.blank()
            ws.blank()
            for text in footer:
                ws.append([text])
        if result.thetas:
            _theta_sheet(book, result.thetas, footer)
        if result.reconciliation is not None:
            _reconciliation_sheet(book, result.reconciliation, footer)


_METHODS = {
    "ratio": "alokasi rasio (θ)",
    "extrapolation": "ekstrapolasi indikator",
    "survey": "estimasi langsung survei",
}


def _theta_sheet(book: XlsxWriter, thetas: Sequence[Theta], footer: list[str]) -> None:
    """The ekraf × lapangan usaha matrix θ: per region and benchmark year, subsectors in rows and the
    lapangan usaha θ was estimated for in columns (only those with creative activity anywhere)."""
    ws = book.sheet("Theta", {2: 34})
    ws.append([("Rasio θ: bagian subsektor ekraf dalam lapangan usaha PDRB (tahun acuan)", TITLE)])
    ws.append(["Satuan: rasio 0-1; antara dua tahun acuan θ diinterpolasi linear, setelah yang terakhir tetap"])
    ws.blank()
    for theta in thetas:
        used = [i for i in range(len(theta.codes)) if theta.values[:, :, i].any()]
        year = "tanpa tahun" if theta.benchmark_year is None else str(theta.benchmark_year)
        for r, region in enumerate(theta.regions):
            ws.append([(f"{region} — tahun acuan {year}", BOLD)])
            ws.append([("Kode", BOLD), ("Subsektor", BOLD), *((theta.codes[i], BOLD) for i in used)])
            for s, subsector in enumerate(theta.subsectors):
                ws.append([subsector, _label(subsector), *(float(theta.values[r, s, i]) for i in used)])
            ws.blank()
    ws.blank()
    for text in footer:
        ws.append([text])


def _reconciliation_sheet(book: XlsxWriter, rec: Reconciliation, footer: list[str]) -> None:
    ws = book.sheet("Rekonsiliasi", {1: 12, 2: 14, 5: 18, 6: 18, 7: 18, 8: 14, 9: 12})
    ws.append([("Rekonsiliasi kabupaten/kota terhadap provinsi (sebelum penyesuaian)", TITLE)])
    ws.append(
        [
            "Selisih = provinsi − jumlah kabupaten/kota; persen = (jumlah − provinsi)/provinsi × 100;"
            " faktor = provinsi/jumlah, dikalikan ke setiap kabupaten/kota"
        ]
    )
    ws.blank()
    head = ["Provinsi", "Kode", "Tahun", "Harga", "Provinsi", "Jumlah kab/kota", "Selisih", "Persen", "Faktor"]
    ws.append([(h, BOLD) for h in head])
    for province, code, year, basis, pv, kv, diff, pct in rec.rows():
        ws.numbers([province, code, str(year), basis], [pv, kv, diff, pct, pv / kv if kv else float("nan")])
    ws.blank()
    for text in footer:
        ws.append([text])
