"""Writers: tidy CSV, JSON and an XLSX workbook laid out like a BPS publication."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

from ekraf._classification import lapangan_usaha_structure, subsector_list
from ekraf._frame import PRICE_BASES, TOTAL, LevelTable
from ekraf._indicators import CORE_INDICATORS, IndicatorTable
from ekraf._result import EkrafResult

__all__ = ["write_indicators_csv", "write_levels_csv", "write_outputs", "write_xlsx"]

INDICATOR_COLUMNS = ("region", "year", "code", "indicator", "price_basis", "value")
LEVEL_COLUMNS = ("region", "year", "code", "price_basis", "value", "unit")
ID_NUMBER = "#,##0.00"  # rendered with Indonesian separators (1.234,56) by a spreadsheet in id-ID locale


def write_levels_csv(levels: LevelTable, path: str | Path) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(LEVEL_COLUMNS)
        for rec in levels.records():
            writer.writerow((rec.region, rec.year, rec.code, rec.price_basis, repr(rec.value), rec.unit))


def write_indicators_csv(table: IndicatorTable, path: str | Path, names: tuple[str, ...] | None = None) -> None:
    """Unrounded values, one row per region, year, code, indicator and price basis."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(INDICATOR_COLUMNS)
        for rec in table.records(names):
            writer.writerow((rec.region, rec.year, rec.code, rec.indicator, rec.price_basis, repr(rec.value)))


def write_outputs(result: EkrafResult, out: str | Path) -> list[Path]:
    """Write levels.csv, indicators.csv, (pdrb_indicators.csv), result.json, manifest.json and
    pdrb_ekraf.xlsx into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = [
        out / "levels.csv",
        out / "indicators.csv",
        out / "result.json",
        out / "manifest.json",
        out / "pdrb_ekraf.xlsx",
    ]
    write_levels_csv(result.levels, written[0])
    write_indicators_csv(result.indicators, written[1])
    written[2].write_text(result.to_json(), encoding="utf-8")
    written[3].write_text(json.dumps(result.manifest.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    write_xlsx(result, written[4])
    if result.pdrb_indicators is not None:
        path = out / "pdrb_indicators.csv"
        write_indicators_csv(result.pdrb_indicators, path, CORE_INDICATORS)
        written.append(path)
    return written


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
)


def write_xlsx(result: EkrafResult, path: str | Path) -> None:
    """One sheet per table, subsector × year, per region; title, unit and notes on method and mapping."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    notes_sheet = book.active
    if notes_sheet is None:
        raise RuntimeError("openpyxl workbook without a sheet")
    notes_sheet.title = "Catatan"
    m = result.manifest
    lines = [
        ("PDRB Ekonomi Kreatif — catatan metode", ""),
        (
            "Metode",
            {
                "ratio": "alokasi rasio (θ)",
                "extrapolation": "ekstrapolasi indikator",
                "survey": "estimasi langsung survei",
            }.get(m.method, m.method),
        ),
        ("Pemetaan KBLI→subsektor", m.classification_label),
        ("Daftar subsektor", m.subsector_list),
        ("Versi mesin (engine)", m.engine_version),
        ("Satuan", result.levels.unit),
        ("Angka", "persen dua desimal di tampilan; nilai lengkap di CSV/JSON"),
    ]
    lines += [("Parameter " + k, v) for k, v in m.parameters.items()]
    lines += [("Masukan " + i.role, f"{i.name} sha256={i.sha256}") for i in m.inputs]
    lines += [("Catatan", n) for n in m.notes]
    for line in lines:
        notes_sheet.append(list(line))
    notes_sheet["A1"].font = Font(bold=True, size=13)
    notes_sheet.column_dimensions["A"].width = 32
    notes_sheet.column_dimensions["B"].width = 100
    lv = result.levels
    for sheet_name, title, indicator, basis in TABLES:
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
            unit = "Satuan: persen" if indicator != "implicit_index" else "Satuan: indeks (2010=100)"
            if np.isnan(array).all():
                continue
        ws = book.create_sheet(sheet_name[:31])
        ws.append([title])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append([unit])
        row = 3
        for r, region in enumerate(lv.regions):
            row += 1
            ws.cell(row=row, column=1, value=region).font = Font(bold=True)
            row += 1
            header = ["Kode", "Subsektor", *[str(y) for y in lv.years]]
            for col, text in enumerate(header, start=1):
                ws.cell(row=row, column=col, value=text).font = Font(bold=True)
            for c, code in enumerate(lv.codes):
                row += 1
                ws.cell(row=row, column=1, value=code)
                ws.cell(row=row, column=2, value=_label(code))
                for y in range(len(lv.years)):
                    v = array[r, c, y]
                    if not np.isnan(v):
                        cell = ws.cell(row=row, column=3 + y, value=float(v))
                        cell.number_format = ID_NUMBER
            row += 1
        row += 1
        ws.cell(row=row, column=1, value=f"Catatan: metode {m.method}; pemetaan {m.classification_label}.")
        ws.cell(row=row + 1, column=1, value="Sumber: dihitung dengan Sinergi ekraf " + m.engine_version)
        ws.column_dimensions["B"].width = 34
    book.save(path)
