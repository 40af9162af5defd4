"""The command line, driven through main([...])."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from ekraf.cli import main
from tests.ekraf.conftest import write


def test_template_then_compute_ratio_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "--out", str(tmp_path / "t")]) == 0
    t = tmp_path / "t"
    assert (t / "pdrb.xlsx").exists()
    assert (t / "establishments.csv").exists()
    book = openpyxl.load_workbook(t / "pdrb.xlsx")
    assert book.sheetnames == ["petunjuk", "data"]
    out = tmp_path / "out"
    rc = main(
        [
            "compute",
            "--method",
            "ratio",
            "--pdrb",
            str(t / "pdrb.xlsx"),
            "--establishments",
            str(t / "establishments.xlsx"),
            "--population",
            str(t / "population.csv"),
            "--out",
            str(out),
        ]
    )
    assert rc == 0
    assert "provisional" in capsys.readouterr().out
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["method"] == "ratio"
    assert manifest["classification"]["provisional"] is True
    assert {i["role"] for i in manifest["inputs"]} == {"mapping", "population", "pdrb", "establishments"}
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"])
    wb = openpyxl.load_workbook(out / "pdrb_ekraf.xlsx")
    for sheet in (
        "Catatan",
        "ADHB",
        "ADHK",
        "Laju Pertumbuhan",
        "Distribusi",
        "Kontribusi ADHB",
        "Indeks Implisit",
        "Sumber Pertumbuhan",
    ):
        assert sheet in wb.sheetnames
    adhb = wb["ADHB"]
    assert "Harga Berlaku" in str(adhb["A1"].value)
    rows = {r[0]: r for r in adhb.iter_rows(values_only=True) if r and r[0]}
    assert rows["FSN"][2] == pytest.approx(400)
    assert rows["TOTAL"][3] == pytest.approx(790)
    assert "SEMENTARA" in " ".join(str(c.value) for c in wb["Catatan"]["B"] if c.value)
    with (out / "indicators.csv").open() as handle:
        ind = list(csv.DictReader(handle))
    per_capita = [r for r in ind if r["indicator"] == "per_capita" and r["code"] == "TOTAL" and r["year"] == "2021"]
    assert float(per_capita[0]["value"]) == pytest.approx(700e9 / 2_000_000)


def test_compute_extrapolation_and_survey(tmp_path: Path, examples: Path) -> None:
    e = examples
    assert (
        main(
            [
                "compute",
                "--method",
                "extrapolation",
                "--benchmark",
                str(e / "benchmark.csv"),
                "--indicator",
                str(e / "indicator.csv"),
                "--pdrb",
                str(e / "pdrb.csv"),
                "--out",
                str(tmp_path / "x"),
            ]
        )
        == 0
    )
    with (tmp_path / "x" / "levels.csv").open() as handle:
        rows = {(r["year"], r["code"], r["price_basis"]): float(r["value"]) for r in csv.DictReader(handle)}
    assert rows[("2022", "TOTAL", "ADHK")] == pytest.approx(604.5)
    assert (
        main(
            [
                "compute",
                "--method",
                "survey",
                "--establishments",
                str(e / "establishments.csv"),
                "--pdrb",
                str(e / "pdrb.csv"),
                "--subsector-list",
                "16",
                "--out",
                str(tmp_path / "s"),
            ]
        )
        == 0
    )
    with (tmp_path / "s" / "levels.csv").open() as handle:
        codes = {r["code"] for r in csv.DictReader(handle)}
    assert "APG" in codes
    assert "APL" not in codes


def test_indicators_command(tmp_path: Path) -> None:
    levels = write(
        tmp_path / "levels.csv",
        "region,year,code,price_basis,value\n"
        "Kota Depok,2021,C,ADHK,20\nKota Depok,2022,C,ADHK,21\n"
        "Kota Depok,2021,C.4,ADHK,5\nKota Depok,2022,C.4,ADHK,6\n"
        "Kota Depok,2021,G,ADHK,29.95\nKota Depok,2022,G,ADHK,31.56\n"
        "Kota Depok,2021,C,ADHB,30\nKota Depok,2022,C,ADHB,33\n"
        "Kota Depok,2021,G,ADHB,44.38\nKota Depok,2022,G,ADHB,48.17",
    )
    assert main(["indicators", "--levels", str(levels), "--out", str(tmp_path / "o")]) == 0
    with (tmp_path / "o" / "indicators.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["region", "year", "code", "indicator", "price_basis", "value", "status"]
    assert {r["indicator"] for r in rows} == {
        "growth",
        "distribution",
        "implicit_index",
        "implicit_index_growth",
        "source_of_growth",
        "average_growth_compound",
        "average_growth_mean",
    }
    get = {(r["year"], r["code"], r["indicator"], r["price_basis"]): float(r["value"]) for r in rows}
    # denominator is C + G (never C.4 twice): 49.95 → 52.56
    assert get[("2021", "C.4", "distribution", "ADHK")] == pytest.approx(5 / 49.95 * 100)
    assert get[("2022", "C", "source_of_growth", "ADHK")] + get[
        ("2022", "G", "source_of_growth", "ADHK")
    ] == pytest.approx((52.56 / 49.95 - 1) * 100)
    assert get[("2022", "C", "implicit_index", "ADHB/ADHK")] == pytest.approx(33 / 21 * 100)


def test_indicators_uses_total_row(tmp_path: Path) -> None:
    levels = write(
        tmp_path / "levels.csv",
        "region,year,code,price_basis,value,unit\n"
        "Kota Depok,2021,TOTAL,ADHK,49.95,triliun\nKota Depok,2022,TOTAL,ADHK,52.56,triliun\n"
        "Kota Depok,2021,FSN,ADHK,1,triliun\nKota Depok,2022,FSN,ADHK,1.1,triliun",
    )
    assert main(["indicators", "--levels", str(levels), "--out", str(tmp_path / "o")]) == 0
    with (tmp_path / "o" / "indicators.csv").open() as handle:
        get = {(r["year"], r["code"], r["indicator"]): float(r["value"]) for r in csv.DictReader(handle)}
    assert round(get[("2022", "TOTAL", "growth")], 2) == pytest.approx(5.24, abs=0.02)
    assert get[("2022", "FSN", "distribution")] == pytest.approx(1.1 / 52.56 * 100)


def test_bad_input_exits_1_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    levels = write(tmp_path / "levels.csv", "region,year,code,price_basis,value\nKota A,2021,C,ADHK,-1")
    assert main(["indicators", "--levels", str(levels), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("error: ")
    assert "baris 2" in err[0]


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["compute", "--method", "ratio", "--out", str(tmp_path)])
    assert exc.value.code == 2
    assert capsys.readouterr().err.startswith("error: ")
    with pytest.raises(SystemExit) as exc:
        main(["compute", "--method", "nope", "--out", str(tmp_path)])
    assert exc.value.code == 2


@pytest.mark.parametrize("argv", [[], ["template"], ["compute"], ["indicators"], ["validate"], ["mapping"]])
def test_help_everywhere(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*argv, "--help"])
    assert exc.value.code == 0
    assert "usage: sinergi pdrb" in capsys.readouterr().out


def test_mapping_convert_and_validate(tmp_path: Path, examples: Path) -> None:
    out = tmp_path / "map16.csv"
    assert main(["mapping", "convert", "--to", "16", "--out", str(out)]) == 0
    assert (
        main(
            [
                "validate",
                "--mapping",
                str(out),
                "--pdrb",
                str(examples / "pdrb.csv"),
                "--establishments",
                str(examples / "establishments.csv"),
            ]
        )
        == 0
    )
