"""θ as an output (theta.csv, workbook sheet) and several benchmark years with θ interpolated."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import openpyxl
import pytest

import ekraf
from ekraf import EstablishmentAggregate, PdrbTable
from ekraf._establishments import Cell
from ekraf.cli import main

YEARS = list(range(2019, 2027))  # benchmarks 2020 and 2024; 2019 before, 2025-2026 after


def _pdrb() -> PdrbTable:
    codes = ["C", "I", "J"]
    values = np.empty((1, 2, len(codes), len(YEARS)))
    for c in range(len(codes)):
        values[0, 1, c] = 100.0 * (c + 1) * 1.05 ** np.arange(len(YEARS))
        values[0, 0, c] = values[0, 1, c] * np.linspace(1.0, 1.4, len(YEARS))
    return PdrbTable.from_array(["Kota Contoh"], codes, YEARS, values, unit="miliar rupiah")


def _establishments() -> EstablishmentAggregate:
    # fesyen (14111) in C: 40 of 100 in 2020, 60 of 100 in 2024; kuliner (56101) in I: half, both years
    cells = {}
    for year, fesyen in ((2020, 40.0), (2024, 60.0)):
        cells[("Kota Contoh", year, "14111")] = Cell(fesyen, 1.0, 1)
        cells[("Kota Contoh", year, "10110")] = Cell(100.0 - fesyen, 1.0, 1)
        cells[("Kota Contoh", year, "56101")] = Cell(50.0, 1.0, 1)
        cells[("Kota Contoh", year, "55110")] = Cell(50.0, 1.0, 1)
    return EstablishmentAggregate.from_cells(cells, "est")


def test_theta_interpolated_between_benchmarks_and_carried_after_the_last() -> None:
    pdrb = _pdrb()
    result = ekraf.run_ratio(pdrb, _establishments(), benchmark_year=[2020, 2024])
    expected_theta = {2019: 0.4, 2020: 0.4, 2021: 0.45, 2022: 0.5, 2023: 0.55, 2024: 0.6, 2025: 0.6, 2026: 0.6}
    for year, theta in expected_theta.items():
        for basis in ("ADHB", "ADHK"):
            host = pdrb.get("Kota Contoh", basis, "C", year)
            assert host is not None
            assert result.levels.get("Kota Contoh", basis, "FSN", year) == pytest.approx(theta * host, rel=1e-12)
    # so fesyen no longer grows exactly as its host industry
    growth = result.indicators.get("growth", "Kota Contoh", "FSN", 2022, "ADHK")
    assert growth == pytest.approx((0.5 / 0.45 * 1.05 - 1) * 100)
    assert [t.benchmark_year for t in result.thetas] == [2020, 2024]
    assert result.manifest.parameters["benchmark_year"] == "2020,2024"
    again = ekraf.EkrafResult.from_json(result.to_json())
    assert again.to_json() == result.to_json()
    assert again.thetas[1].get("Kota Contoh", "FSN", "C") == 0.6


def test_one_benchmark_still_applies_its_theta_to_every_year() -> None:
    pdrb = _pdrb()
    result = ekraf.run_ratio(pdrb, _establishments(), benchmark_year=2024)
    host = pdrb.get("Kota Contoh", "ADHK", "C", 2019)
    assert host is not None
    assert result.levels.get("Kota Contoh", "ADHK", "FSN", 2019) == pytest.approx(0.6 * host)


def test_duplicated_or_missing_benchmark_year_is_refused() -> None:
    with pytest.raises(ekraf.InputError, match="ganda"):
        ekraf.run_ratio(_pdrb(), _establishments(), benchmark_year=[2020, 2020])
    with pytest.raises(ekraf.InputError, match="tahun acuan 2022"):
        ekraf.run_ratio(_pdrb(), _establishments(), benchmark_year=[2020, 2022])


def test_cli_writes_theta_csv_and_theta_sheet(tmp_path: Path, examples: Path) -> None:
    out = tmp_path / "out"
    args = ["compute", "--method", "ratio", "--pdrb", str(examples / "pdrb.csv")]
    args += ["--establishments", str(examples / "establishments.csv"), "--benchmark-year", "2021", "--out", str(out)]
    assert main(args) == 0
    with (out / "theta.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["region", "subsector", "code", "benchmark_year", "value"]
    theta = {(r["subsector"], r["code"]): float(r["value"]) for r in rows}
    assert theta[("FSN", "C")] == 0.4
    assert theta[("KUL", "I")] == 0.5
    assert theta[("APL", "J")] == 0.5
    assert theta[("FSN", "I")] == 0.0
    assert {r["benchmark_year"] for r in rows} == {"2021"}
    sheet = openpyxl.load_workbook(out / "pdrb_ekraf.xlsx")["Theta"]
    table = [r for r in sheet.iter_rows(values_only=True) if r and r[0]]
    header = next(r for r in table if r[0] == "Kode")
    fsn = next(r for r in table if r[0] == "FSN")
    assert fsn[header.index("C")] == 0.4
    assert "2021" in str(table[2][0])


def test_cli_accepts_several_benchmark_years(tmp_path: Path, examples: Path) -> None:
    rows = (examples / "establishments.csv").read_text(encoding="utf-8").splitlines()
    later = [r.replace(",2021,", ",2022,").replace("U0", "V0") for r in rows[1:]]
    later = [r.replace("14111,100,60", "14111,200,60") for r in later]  # fesyen NTB 140·2 = 280 of 400
    est = tmp_path / "est.csv"
    est.write_text("\n".join([*rows, *later]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["compute", "--method", "ratio", "--pdrb", str(examples / "pdrb.csv"), "--establishments", str(est)]
    assert main([*args, "--benchmark-year", "2021,2022", "--out", str(out)]) == 0
    with (out / "levels.csv").open(encoding="utf-8") as handle:
        levels = {(r["year"], r["code"], r["price_basis"]): float(r["value"]) for r in csv.DictReader(handle)}
    assert levels[("2021", "FSN", "ADHB")] == pytest.approx(0.4 * 1000)
    assert levels[("2022", "FSN", "ADHB")] == pytest.approx(280 / 400 * 1100)
