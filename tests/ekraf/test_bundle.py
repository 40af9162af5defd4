"""compute --bundle and reproduce: anyone can re-derive a publication, without personal data."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ekraf.cli import main


def _compute(examples: Path, out: Path, *extra: str) -> Path:
    e = examples
    args = ["compute", "--method", "ratio", "--pdrb", str(e / "pdrb.csv"), "--establishments"]
    args += [str(e / "establishments.csv"), "--population", str(e / "population.csv"), "--bundle", "--out", str(out)]
    assert main([*args, *extra]) == 0
    return out / "bundle.zip"


def test_bundle_reproduces_exactly(tmp_path: Path, examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = _compute(examples, tmp_path / "out", "--benchmark-year", "2021")
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        text = b"".join(archive.read(n) for n in names)
    assert {"manifest.json", "inputs/pdrb.csv", "inputs/mapping.csv", "inputs/population.csv"} <= names
    assert {"inputs/establishments_aggregate.csv", "outputs/levels.csv", "outputs/theta.csv"} <= names
    assert b"U001" not in text  # no establishment identifier leaves the office
    capsys.readouterr()
    assert main(["reproduce", str(bundle)]) == 0
    assert "sama persis" in capsys.readouterr().out


def test_reproduce_reports_a_published_figure_that_differs(
    tmp_path: Path, examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = _compute(examples, tmp_path / "out")
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "outputs/levels.csv":
                lines = data.decode().splitlines(keepends=True)
                lines = [
                    ln.replace(",400.0,", ",401.0,") if ",FSN,ADHB," in ln and ",2021," in ln else ln for ln in lines
                ]
                data = "".join(lines).encode()
            dst.writestr(item, data)
    capsys.readouterr()
    assert main(["reproduce", str(tampered)]) == 1
    err = capsys.readouterr().err
    assert "1 angka berbeda" in err
    assert "Kota Contoh 2021 FSN ADHB" in err
    assert "semula value=401.0" in err
    assert "kini value=400.0" in err


def test_reproduce_refuses_what_is_not_a_bundle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.zip"
    path.write_text("not a zip", encoding="utf-8")
    assert main(["reproduce", str(path)]) == 1
    assert "bukan berkas bundel" in capsys.readouterr().err


def test_a_new_run_leaves_no_output_of_an_earlier_run(tmp_path: Path, examples: Path) -> None:
    out = tmp_path / "out"
    _compute(examples, out)  # ratio with --bundle: theta.csv and bundle.zip
    e = examples
    args = ["compute", "--method", "extrapolation", "--benchmark", str(e / "benchmark.csv")]
    assert main([*args, "--indicator", str(e / "indicator.csv"), "--out", str(out)]) == 0
    names = {p.name for p in out.iterdir()}
    assert "theta.csv" not in names
    assert "bundle.zip" not in names
    assert "levels.csv" in names
    assert not [n for n in names if n.endswith(".partial")]
