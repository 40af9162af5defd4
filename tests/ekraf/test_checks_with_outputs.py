"""h13a's input checks and h13b's outputs together: the bulk reader holds the row reader's rules,
validate takes compute's new options, a bundle carries what the checks need to reproduce."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import ekraf
from ekraf import InputError, PdrbTable
from ekraf._tabular import read_level_columns, read_table
from ekraf.cli import main

from .conftest import write

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = "region,year,code,price_basis,value,unit"


@pytest.fixture
def no_loaded_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """KBLI lists loaded by one test never leak into another."""
    monkeypatch.setattr(ekraf._classification, "_LOADED_LISTS", {})


def _row_by_row(path: Path, *, allow_gaps: bool) -> PdrbTable:
    table = read_table(path, ("region", "year", "code", "price_basis", "value"), ("unit", "note"))
    rows = ((n, c["region"], c["year"], c["code"], c["price_basis"], c["value"], c.get("unit", "")) for n, c in table)
    return PdrbTable._from_rows(rows, source=table.file, row_offset=0, allow_gaps=allow_gaps)


@pytest.mark.parametrize("unit", ["", "miliar rupiah"])
def test_bulk_path_holds_unit_declared_and_allow_gaps(tmp_path: Path, unit: str) -> None:
    rows = "".join(
        f"Kota A,{y},{c},{b},{v * (2 if c == 'TOTAL' else 1)},{unit}\n"
        for y, v in ((2010, 100.0), (2015, 150.0), (2020, 210.0))
        for c in ("C", "TOTAL")
        for b in ("ADHB", "ADHK")
    )
    f = write(tmp_path / "pdrb.csv", HEADER + "\n" + rows)
    assert read_level_columns(f) is not None  # a clean CSV: the bulk path reads it
    bulk = PdrbTable.from_file(f, allow_gaps=True)
    slow = _row_by_row(f, allow_gaps=True)
    assert bulk.years == slow.years == (2010, 2015, 2020)
    assert bulk.unit_declared is slow.unit_declared is bool(unit)
    assert bulk.unit == slow.unit
    assert (bulk.values == slow.values).all()
    with pytest.raises(InputError, match="missing year"):
        PdrbTable.from_file(f)  # without allow_gaps, as the row reader: every year of the span


def test_spreadsheet_guard_holds_on_the_bulk_path(tmp_path: Path) -> None:
    f = tmp_path / "pdrb.csv"
    f.write_bytes(f"{HEADER}\nKota A,2021,C,ADHB,1\x000,juta rupiah\n".encode())
    with pytest.raises(InputError, match="NUL"):
        PdrbTable.from_file(f)


def _pdrb(tmp_path: Path, regions: tuple[str, ...], status: str = "") -> Path:
    """A small valid PDRB (ADHB above ADHK, TOTAL twice C); ``status`` marks 2022."""
    head = HEADER + (",status" if status else "")
    lines = []
    for region in regions:
        for year, level in ((2021, 100.0), (2022, 110.0)):
            mark = f",{status if year == 2022 else ''}" if status else ""
            for code, k in (("C", 1.0), ("TOTAL", 2.0)):
                for basis, b in (("ADHB", 1.0), ("ADHK", 0.8)):
                    lines.append(f"{region},{year},{code},{basis},{level * k * b},juta rupiah{mark}\n")
    return write(tmp_path / "pdrb.csv", head + "\n" + "".join(lines))


def test_validate_checks_region_codes_and_year_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    named = _pdrb(tmp_path, ("Kota Samarinda", "Kota Balikpapan"))
    assert main(["validate", "--pdrb", str(named)]) == 1
    assert "Kemendagri" in capsys.readouterr().err
    coded = _pdrb(tmp_path, ("64.71", "64.72"))
    assert main(["validate", "--pdrb", str(coded)]) == 0
    capsys.readouterr()
    bad = _pdrb(tmp_path, ("Kota A",), status="kira-kira")
    assert main(["validate", "--pdrb", str(bad)]) == 1
    assert "unknown year status" in capsys.readouterr().err
    assert main(["validate", "--pdrb", str(_pdrb(tmp_path, ("Kota A",), status="*"))]) == 0


def test_validate_takes_the_options_compute_takes(
    tmp_path: Path, examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    e = examples
    args = ["validate", "--pdrb", str(e / "pdrb.csv"), "--establishments", str(e / "establishments.csv")]
    assert main([*args, "--benchmark-year", "2021", "--average-window", "2021-2022"]) == 0
    assert "valid" in capsys.readouterr().out
    # a window outside the years fails in validate exactly as in compute
    assert main([*args, "--average-window", "2001-2005"]) == 1
    assert "window" in capsys.readouterr().err


def test_bundle_of_a_kbli2015_run_reproduces(
    tmp_path: Path, no_loaded_lists: None, capsys: pytest.CaptureFixture[str]
) -> None:
    survey = write(
        tmp_path / "survei2015.csv",
        "region,year,kbli,output,intermediate,weight,kbli_version,unit\n"
        "Kota A,2016,74100,150,50,1,2015,juta rupiah\nKota A,2016,14111,30,10,1,2015,juta rupiah\n"
        "Kota A,2016,10110,90,40,1,2015,juta rupiah",
    )
    out = tmp_path / "o"
    args = ["compute", "--method", "survey", "--establishments", str(survey), "--out", str(out), "--bundle"]
    args += ["--kbli-list", str(FIXTURES / "kbli2015_sample.csv")]
    args += ["--concordance", str(FIXTURES / "kbli2015_2020_concordance_sample.csv")]
    assert main(args) == 0
    with (out / "levels.csv").open(encoding="utf-8") as handle:
        got = {(r["code"], r["price_basis"]): float(r["value"]) for r in csv.DictReader(handle)}
    assert got[("TOTAL", "ADHB")] == pytest.approx(120)
    capsys.readouterr()
    ekraf._classification._LOADED_LISTS.clear()  # reproduce loads the list from the bundle itself
    assert main(["reproduce", str(out / "bundle.zip")]) == 0
    assert "sama persis" in capsys.readouterr().out
