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
