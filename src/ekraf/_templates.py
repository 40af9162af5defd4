"""Input templates (CSV and XLSX with an Indonesian instructions sheet) and population input."""

from __future__ import annotations

import csv
import shutil
from importlib import resources
from pathlib import Path

from ekraf._errors import InputError, Issue, IssueCollector
from ekraf._result import Population
from ekraf._tabular import parse_float, parse_year, read_table

__all__ = ["TEMPLATES", "load_population", "write_templates"]

LEVEL_HELP = {
    "region": (
        "Wilayah, sama persis di semua berkas: satu wilayah boleh ditulis dengan nama ('Kota Contoh');"
        " beberapa wilayah (provinsi dan kabupaten/kotanya) dengan kode Kemendagri bertitik (64, 64.72 …),"
        " bukan kode BPS (6472): cocokkan menurut nama"
    ),
    "year": "Tahun, empat angka; semua tahun berurutan tanpa celah",
    "code": "Kode lapangan usaha PDRB 2010 (A, C, C.4, I.2, M_N, R_S_T_U …) atau TOTAL",
    "price_basis": "ADHB (harga berlaku) atau ADHK (harga konstan 2010)",
    "value": "Nilai dengan titik desimal, tanpa pemisah ribuan; tidak boleh negatif",
    "unit": "juta rupiah, miliar rupiah atau triliun rupiah — satu satuan untuk seluruh berkas",
    "status": (
        "Opsional: status angka tahun itu seperti di tabel BPS — kosong/final, * (sementara) atau"
        " ** (sangat sementara); satu status per tahun"
    ),
}
TEMPLATES: dict[str, tuple[str, dict[str, str], str]] = {
    "pdrb": (
        "PDRB menurut lapangan usaha (tabel BPS daerah Anda)",
        LEVEL_HELP,
        "pdrb.csv",
    ),
    "establishments": (
        "Data usaha (sensus/survei/registri): satu baris per usaha",
        {
            "region": "Wilayah usaha, sama dengan berkas PDRB",
            "year": "Tahun data (tahun acuan untuk metode rasio, tahun survei untuk metode survei)",
            "kbli": "Kode KBLI 2020 lima digit (mis. 14111)",
            "output": "Output atau omzet setahun, dalam satuan kolom unit",
            "intermediate": "Biaya antara setahun; kosong = rasio NTB/output dianggap 1",
            "workers": "Jumlah pekerja (boleh kosong)",
            "weight": "Penimbang sampel; 1 untuk sensus atau registri",
            "establishment_id": "Nomor usaha (opsional); baris ganda ditolak",
            "unit": "Satuan output dan biaya antara: juta, miliar atau triliun rupiah (satu untuk seluruh berkas);"
            " wajib bila berbeda dari PDRB",
        },
        "establishments.csv",
    ),
    "benchmark": (
        "Nilai acuan PDRB ekraf per subsektor pada satu tahun acuan (metode ekstrapolasi)",
        {**LEVEL_HELP, "code": "Kode subsektor ekraf (APL, GAM, FSN, KUL, …)"},
        "benchmark.csv",
    ),
    "indicator": (
        "Seri indikator per subsektor (mis. PDRB lapangan usaha induknya), ADHB dan ADHK",
        {**LEVEL_HELP, "code": "Kode subsektor ekraf yang digerakkan oleh seri ini", "unit": "Boleh kosong (indeks)"},
        "indicator.csv",
    ),
    "population": (
        "Penduduk pertengahan tahun",
        {"region": "Wilayah", "year": "Tahun", "population": "Jumlah jiwa"},
        "population.csv",
    ),
}


def _example(name: str) -> Path:
    return Path(str(resources.files("ekraf") / "data" / "examples" / name))


def write_templates(out: str | Path) -> list[Path]:
    """Write every template as CSV (with the example rows) and as XLSX (``petunjuk`` + ``data``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for key, (title, columns, example) in TEMPLATES.items():
        csv_path = out / f"{key}.csv"
        shutil.copyfile(_example(example), csv_path)
        written.append(csv_path)
        book = Workbook()
        help_sheet = book.active
        if help_sheet is None:
            raise RuntimeError("openpyxl workbook without a sheet")
        help_sheet.title = "petunjuk"
        help_sheet.append([title])
        help_sheet["A1"].font = Font(bold=True, size=12)
        help_sheet.append(["Isi lembar 'data'. Satu baris per nilai; jangan ubah nama kolom. Hapus baris contoh."])
        help_sheet.append([])
        help_sheet.append(["kolom", "petunjuk"])
        for column, text in columns.items():
            help_sheet.append([column, text])
        help_sheet.column_dimensions["A"].width = 18
        help_sheet.column_dimensions["B"].width = 100
        data = book.create_sheet("data")
        with _example(example).open(encoding="utf-8", newline="") as handle:
            for i, row in enumerate(csv.reader(handle)):
                data.append([_typed(v) if i else v for v in row])
        xlsx_path = out / f"{key}.xlsx"
        book.save(xlsx_path)
        written.append(xlsx_path)
    return written


def _typed(text: str) -> str | float:
    try:
        return float(text) if text and not text.startswith("0") else text
    except ValueError:
        return text


def load_population(path: str | Path) -> Population:
    table = read_table(path, ("region", "year", "population"), ("note",))
    issues = IssueCollector()
    values: dict[tuple[str, int], float] = {}
    for row, c in table:
        where = Issue("", file=table.file, row=row, region=c["region"] or None, column="population")
        year = parse_year(c["year"], issues, where)
        value = parse_float(c["population"], issues, where)
        if year is None or value is None:
            continue
        key = (c["region"], year)
        if key in values:
            issues.add(Issue("baris ganda (duplicated row)", file=table.file, row=row, region=c["region"], year=year))
        values[key] = value
    issues.raise_if_any(InputError)
    return Population(values, table.file)
