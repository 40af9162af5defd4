"""A province and its kab/kota in one run, by Kemendagri code; --reconcile on real Kaltim totals."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

import ekraf
from ekraf._regions import wilayah
from ekraf.cli import main

KALTIM = Path("/work/shared/reference/kaltim_pdrb_published.csv")
SUBSECTORS = ("FSN", "KRY", "KUL", "APL")


def _kemendagri_code(bps_name: str) -> str:
    """BPS names 'Kab. Berau' / 'Kota Bontang'; Kemendagri 'Kabupaten Berau'. Joined by name: BPS codes
    differ from Kemendagri's for some kabupaten (BPS 6402 Kutai Barat = Kemendagri 64.07)."""
    name = bps_name.replace("Kab. ", "Kabupaten ").replace("Provinsi ", "")
    (code,) = [w.code for w in wilayah().values() if w.name == name and w.code.startswith("64")]
    return code


def _kaltim_2020() -> dict[str, float]:
    """PDRB ADHK 2010 of 2020 (triliun rupiah) for the province (BPS 'PDRB Kab/Kota 2020-2024',
    the later vintage) and its ten kab/kota, keyed by Kemendagri code."""
    out: dict[str, float] = {}
    with KALTIM.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if (row["year"], row["code"], row["price_basis"]) != ("2020", "TOTAL", "ADHK2010"):
                continue
            if row["region_code"] == "64" and "later vintage" not in row["note"]:
                continue
            out[_kemendagri_code(row["region"])] = float(row["value"])
    return out


def _share(region: str, s: int) -> float:
    return (1 + (sum(map(ord, region)) * (s + 3)) % 9) / 100  # 1-9 % of PDRB, varying by region


def _write_inputs(folder: Path, totals: dict[str, float]) -> tuple[Path, Path]:
    bench, ind = folder / "benchmark.csv", folder / "indicator.csv"
    head = "region,year,code,price_basis,value,unit\n"
    bench.write_text(
        head
        + "".join(
            f"{r},2020,{c},ADHK,{_share(r, s) * v!r},triliun rupiah\n"
            for r, v in totals.items()
            for s, c in enumerate(SUBSECTORS)
        ),
        encoding="utf-8",
    )
    ind.write_text(
        head + "".join(f"{r},2020,{c},ADHK,{v!r},triliun rupiah\n" for r, v in totals.items() for c in SUBSECTORS),
        encoding="utf-8",
    )
    return bench, ind


def test_reconcile_kaltim_kabkota_to_the_province(tmp_path: Path) -> None:
    totals = _kaltim_2020()
    assert len(totals) == 11
    assert totals["64"] == 472.39
    assert totals["64.07"] == 20.64
    bench, ind = _write_inputs(tmp_path, totals)
    out = tmp_path / "out"
    args = ["compute", "--method", "extrapolation", "--benchmark", str(bench), "--indicator", str(ind)]
    assert main([*args, "--reconcile", "--out", str(out)]) == 0
    with (out / "reconciliation.csv").open(encoding="utf-8") as handle:
        rec = {(r["code"], r["price_basis"]): r for r in csv.DictReader(handle)}
    kids = [r for r in totals if r != "64"]
    for s, code in enumerate(SUBSECTORS):
        province = _share("64", s) * totals["64"]
        summed = sum(_share(r, s) * totals[r] for r in kids)
        row = rec[(code, "ADHK")]
        assert row["region"] == "64"
        assert row["year"] == "2020"
        assert float(row["province"]) == pytest.approx(province, rel=1e-12)
        assert float(row["kabkota_sum"]) == pytest.approx(summed, rel=1e-12)
        assert float(row["difference_percent"]) == pytest.approx((summed - province) / province * 100, rel=1e-9)
    with (out / "levels.csv").open(encoding="utf-8") as handle:
        levels = {(r["region"], r["code"]): float(r["value"]) for r in csv.DictReader(handle)}
    for code in (*SUBSECTORS, "TOTAL"):
        assert sum(levels[(r, code)] for r in kids) == pytest.approx(levels[("64", code)], rel=1e-12)
    # each kab/kota keeps its share of the kab/kota sum
    s = SUBSECTORS.index("KUL")
    before = {r: _share(r, s) * totals[r] for r in kids}
    assert levels[("64.72", "KUL")] / levels[("64", "KUL")] == pytest.approx(
        before["64.72"] / sum(before.values()), rel=1e-12
    )
    assert "Rekonsiliasi" in openpyxl.load_workbook(out / "pdrb_ekraf.xlsx").sheetnames


def test_without_reconcile_the_kabkota_keep_their_own_values(tmp_path: Path) -> None:
    totals = _kaltim_2020()
    bench, ind = _write_inputs(tmp_path, totals)
    result = ekraf.run_extrapolation(ekraf.SubsectorLevels.from_file(bench), ekraf.SubsectorLevels.from_file(ind))
    assert result.reconciliation is None
    assert result.levels.get("64.72", "ADHK", "FSN", 2020) == pytest.approx(_share("64.72", 0) * 45.04)


def test_reconcile_needs_every_kabkota(tmp_path: Path) -> None:
    totals = _kaltim_2020()
    del totals["64.11"]  # Mahakam Ulu
    bench, ind = _write_inputs(tmp_path, totals)
    with pytest.raises(ekraf.InputError, match="Mahakam Ulu"):
        ekraf.run_extrapolation(
            ekraf.SubsectorLevels.from_file(bench), ekraf.SubsectorLevels.from_file(ind), reconciled=True
        )


def test_several_regions_need_kemendagri_codes_and_bps_codes_are_explained(tmp_path: Path) -> None:
    totals = {"Kota Samarinda": 45.04, "6474": 39.32}
    bench, ind = _write_inputs(tmp_path, totals)
    with pytest.raises(ekraf.InputError, match="kode Kemendagri") as err:
        ekraf.run_extrapolation(ekraf.SubsectorLevels.from_file(bench), ekraf.SubsectorLevels.from_file(ind))
    assert {i.region for i in err.value.issues} == {"Kota Samarinda", "6474"}
    assert "kode BPS" in str(err.value.issues[0]) + str(err.value.issues[1])
    # a single region may still be a name
    one = {"Kota Samarinda": 45.04}
    bench, ind = _write_inputs(tmp_path, one)
    ekraf.run_extrapolation(ekraf.SubsectorLevels.from_file(bench), ekraf.SubsectorLevels.from_file(ind))


def test_reconciled_publication_reproduces_from_its_bundle(tmp_path: Path) -> None:
    bench, ind = _write_inputs(tmp_path, _kaltim_2020())
    out = tmp_path / "out"
    args = ["compute", "--method", "extrapolation", "--benchmark", str(bench), "--indicator", str(ind)]
    assert main([*args, "--reconcile", "--bundle", "--out", str(out)]) == 0
    assert main(["reproduce", str(out / "bundle.zip")]) == 0
