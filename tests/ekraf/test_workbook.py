"""The publication workbook holds every BPS table, with units and the source footnote."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ekraf.cli import main


def test_workbook_has_every_bps_table(tmp_path: Path, examples: Path) -> None:
    e = examples
    args = ["compute", "--method", "ratio", "--pdrb", str(e / "pdrb.csv"), "--establishments"]
    args += [str(e / "establishments.csv"), "--population", str(e / "population.csv"), "--out", str(tmp_path)]
    assert main(args) == 0
    book = openpyxl.load_workbook(tmp_path / "pdrb_ekraf.xlsx")
    for name in ("Rata-rata Pertumbuhan", "Rata-rata Pertumbuhan (mean)", "Per Kapita", "Tenaga Kerja", "Theta"):
        assert name in book.sheetnames, name

    def row(sheet: str, code: str) -> tuple[object, ...]:
        return next(r for r in book[sheet].iter_rows(values_only=True) if r and r[0] == code)

    assert row("Per Kapita", "TOTAL")[2] == pytest.approx(700e9 / 2_000_000)  # 700 miliar / 2 juta jiwa
    assert row("Tenaga Kerja", "FSN")[2] == pytest.approx(24)  # 12 workers × weight 2, benchmark 2021
    assert row("Rata-rata Pertumbuhan", "TOTAL")[3] == pytest.approx((604.5 / 560 - 1) * 100)
    assert book["Per Kapita"]["A2"].value == "Satuan: rupiah"
    footer = [r[0] for r in book["Per Kapita"].iter_rows(values_only=True) if r and r[0]]
    assert any(str(f).startswith("Sumber: dihitung dengan Sinergi ekraf") for f in footer)


def test_average_growth_over_a_chosen_window(tmp_path: Path) -> None:
    # FSN grows 10 % a year 2010-2013, then 2 % a year: the 2010-2013 average is 10 %, not the series'
    levels = [100.0 * 1.1**k for k in range(4)] + [100.0 * 1.1**3 * 1.02**k for k in range(1, 4)]
    head = "region,year,code,price_basis,value\n"
    rows = "".join(f"Kota A,{2010 + k},FSN,ADHK,{v!r}\n" for k, v in enumerate(levels))
    (tmp_path / "benchmark.csv").write_text(head + "Kota A,2010,FSN,ADHK,100.0\n", encoding="utf-8")
    (tmp_path / "indicator.csv").write_text(head + rows, encoding="utf-8")
    out = tmp_path / "out"
    args = ["compute", "--method", "extrapolation", "--benchmark", str(tmp_path / "benchmark.csv")]
    args += ["--indicator", str(tmp_path / "indicator.csv"), "--average-window", "2010-2013", "--out", str(out)]
    assert main(args) == 0
    book = openpyxl.load_workbook(out / "pdrb_ekraf.xlsx")
    fsn = next(r for r in book["Rata-rata 2010-2013"].iter_rows(values_only=True) if r and r[0] == "FSN")
    assert fsn[2 + 3] == pytest.approx(10.0)
    assert fsn[2 + 6] is None
    whole = next(r for r in book["Rata-rata Pertumbuhan"].iter_rows(values_only=True) if r and r[0] == "FSN")
    assert whole[2 + 6] == pytest.approx(((1.1**3 * 1.02**3) ** (1 / 6) - 1) * 100)
    assert main([*args[:-4], "--average-window", "2013-2020", "--out", str(out)]) == 1
