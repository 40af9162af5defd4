"""Byte-identical outputs across runs and row orders, and an engine version that moves with results."""

from __future__ import annotations

import csv
import hashlib
import random
import time
import zipfile
from pathlib import Path

import numpy as np

import ekraf
from ekraf.cli import main

#: SHA-256 of the reference outputs (see _reference_digest) for each engine version. When a change
#: makes this test fail, results can change: bump ekraf._version.__version__, add a line here for the
#: new version (never edit an old one) and say in CHANGELOG.md what changed.
RESULTS_BY_VERSION = {
    "0.2.0": "60e85d254688b5281ea16bf9e9fb9c80f8fb3b232c194d4c042e514c138c5e91",
    "0.3.0": "a6a4d8443c59bb7b24f84604e5f3e0042b01c2932b15e73a0ee8c22ccf96aad4",
}
KBLI = ("14111", "10110", "56101", "55110", "62012", "61100", "58110", "90002")


def _establishments(path: Path, rows: list[str]) -> Path:
    path.write_text("region,year,kbli,output,intermediate,workers,weight\n" + "".join(rows), encoding="utf-8")
    return path


def _many_rows(n: int = 3000) -> list[str]:
    """Many establishments per (region, KBLI), of very different sizes, so a float sum depends on order."""
    rng = np.random.default_rng(13)
    out = []
    for _ in range(n):
        k = KBLI[int(rng.integers(0, 6))]
        output = float(rng.uniform(1, 10) * 10.0 ** int(rng.integers(-2, 7)))
        inter = output * float(rng.uniform(0, 0.9))
        out.append(f"Kota Contoh,2021,{k},{output!r},{inter!r},{int(rng.integers(1, 50))},{rng.uniform(1, 3)!r}\n")
    return out


def _compute(examples: Path, est: Path, out: Path) -> None:
    args = ["compute", "--method", "ratio", "--pdrb", str(examples / "pdrb.csv"), "--establishments", str(est)]
    assert main([*args, "--benchmark-year", "2021", "--out", str(out)]) == 0


def _sheets(path: Path) -> dict[str, bytes]:
    """Workbook parts, without the notes sheet (it names each input file's SHA-256)."""
    with zipfile.ZipFile(path) as book:
        return {n: book.read(n) for n in book.namelist() if n != "xl/worksheets/sheet1.xml"}


def test_outputs_are_byte_identical_across_runs(tmp_path: Path, examples: Path) -> None:
    est = examples / "establishments.csv"
    _compute(examples, est, tmp_path / "a")
    time.sleep(2.1)  # a ZIP timestamp has a 2-second resolution; a clock in the output would show
    _compute(examples, est, tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert "pdrb_ekraf.xlsx" in names
    assert "theta.csv" in names


def test_outputs_do_not_depend_on_the_order_of_input_rows(tmp_path: Path, examples: Path) -> None:
    rows = _many_rows()
    _compute(examples, _establishments(tmp_path / "e1.csv", rows), tmp_path / "a")
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    _compute(examples, _establishments(tmp_path / "e2.csv", shuffled), tmp_path / "b")
    for name in ("levels.csv", "indicators.csv", "pdrb_indicators.csv", "theta.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert _sheets(tmp_path / "a" / "pdrb_ekraf.xlsx") == _sheets(tmp_path / "b" / "pdrb_ekraf.xlsx")
    # the XLSX path (Python sums) agrees with the CSV path (DuckDB sums) on the shuffled rows too
    records = [r.rstrip("\n").split(",") for r in shuffled]
    agg = ekraf.EstablishmentAggregate.from_records(
        ekraf.EstablishmentRecord(r[0], r[2], float(r[3]), float(r[4]), float(r[5]), float(r[6]), int(r[1]))
        for r in records
    )
    csv_agg = ekraf.EstablishmentAggregate.from_file(tmp_path / "e1.csv")
    assert sorted(agg.cells.items()) == sorted(csv_agg.cells.items())


def _in_juta(source: Path, target: Path) -> Path:
    """``source`` (a file in miliar rupiah) with every money column ×1000 and its unit juta rupiah."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    money = ("value", "output", "intermediate")
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            row.update({k: repr(float(row[k]) * 1000) for k in money if row.get(k)})
            writer.writerow({**row, "unit": "juta rupiah"})
    return target


def _reference_digest(tmp_path: Path, examples: Path) -> str:
    """Every method on the worked example (also with inputs in another unit than the PDRB), and the
    ratio method on many rows and two benchmarks."""
    digest = hashlib.sha256()
    e = examples
    runs = {
        "ratio": [
            "--method",
            "ratio",
            "--pdrb",
            str(e / "pdrb.csv"),
            "--establishments",
            str(e / "establishments.csv"),
        ],
        "extrapolation": [
            "--method",
            "extrapolation",
            "--benchmark",
            str(e / "benchmark.csv"),
            "--indicator",
            str(e / "indicator.csv"),
            "--pdrb",
            str(e / "pdrb.csv"),
        ],
        "survey": [
            "--method",
            "survey",
            "--establishments",
            str(e / "establishments.csv"),
            "--pdrb",
            str(e / "pdrb.csv"),
        ],
    }
    # the same benchmark and establishments in juta instead of miliar rupiah: converted to the PDRB's
    # unit (0.3.0; 0.2.0 took the benchmark's numbers as they were and refused the run)
    bench_juta = _in_juta(e / "benchmark.csv", tmp_path / "benchmark_juta.csv")
    runs["extrapolation-units"] = ["--method", "extrapolation", "--benchmark", str(bench_juta)]
    runs["extrapolation-units"] += ["--indicator", str(e / "indicator.csv"), "--pdrb", str(e / "pdrb.csv")]
    est_juta = _in_juta(e / "establishments.csv", tmp_path / "establishments_juta.csv")
    runs["survey-units"] = ["--method", "survey", "--establishments", str(est_juta), "--pdrb", str(e / "pdrb.csv")]
    rows = _many_rows()
    later = [r.replace(",2021,", ",2022,") for r in _many_rows(500)]
    est = _establishments(tmp_path / "many.csv", rows + later)
    runs["ratio-two-benchmarks"] = ["--method", "ratio", "--pdrb", str(e / "pdrb.csv"), "--establishments", str(est)]
    runs["ratio-two-benchmarks"] += ["--benchmark-year", "2021,2022"]
    for name, args in runs.items():
        out = tmp_path / name
        assert main(["compute", *args, "--population", str(e / "population.csv"), "--out", str(out)]) == 0
        for path in sorted(out.glob("*.csv")):
            digest.update(f"{name}/{path.name}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_engine_version_changes_whenever_results_change(tmp_path: Path, examples: Path) -> None:
    digest = _reference_digest(tmp_path, examples)
    recorded = RESULTS_BY_VERSION.get(ekraf.__version__)
    assert recorded == digest, (
        f"the engine's results changed (reference digest {digest}) but its version is still "
        f"{ekraf.__version__} (recorded {recorded}): bump ekraf._version.__version__ and record the digest"
    )
    assert len(set(RESULTS_BY_VERSION.values())) == len(RESULTS_BY_VERSION), "two versions, one set of results"
