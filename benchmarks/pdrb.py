"""PDRB Ekraf engine benchmark: prints each figure with its target and PASS/FAIL.

    .venv/bin/python benchmarks/pdrb.py [--quick] [--only-cli]

Phase 0 (the real command line, end to end): a national run — 514 regions × 15 years × 57 PDRB codes ×
ADHB/ADHK (878,940 PDRB rows) and 922,000 establishment rows as CSV files — through
``sinergi pdrb compute --method ratio`` in a child process, with every output (CSVs, JSON, workbook),
against a floor: the same command with ``--no-output`` (read, compute, check; write nothing). Wall time
and the child's peak RSS; target ≤ 10 s and ≤ 1 GiB (issue 13 §6).

Phase 1 (national scale): 514 regions × 15 years × every lapangan usaha code × 17 subsectors, ratio
method plus every indicator, from in-memory inputs. Phase 2: a generated establishment CSV of 10 million
rows → θ for every region and subsector with DuckDB, against the idiomatic pandas baseline in the same
(child) process on the same file (read_csv, one merge with the KBLI mapping, one groupby(...).sum(), the
division — as the issue describes it; an earlier version merged and grouped twice); peak memory is
the child's ru_maxrss after the DuckDB phase.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

N_REGIONS, N_YEARS = 514, 15


def _kabkota_codes() -> list[str]:
    """The 514 kab/kota by their Kemendagri codes."""
    from ekraf._regions import wilayah

    regions = sorted(w.code for w in wilayah().values() if w.level != "provinsi")
    assert len(regions) == N_REGIONS
    return regions


def national() -> dict[str, float]:
    import ekraf
    from ekraf._establishments import Cell

    structure = ekraf.lapangan_usaha_structure()
    codes = [e.code for e in structure.entries]
    regions = _kabkota_codes()  # a national run names its regions by Kemendagri code, as the engine requires
    years = list(range(2010, 2010 + N_YEARS))
    rng = np.random.default_rng(1)
    values = np.empty((N_REGIONS, 2, len(codes), N_YEARS))
    adhk = rng.uniform(100, 1000, (N_REGIONS, len(codes), 1)) * np.cumprod(
        rng.uniform(1.0, 1.08, (N_REGIONS, len(codes), N_YEARS)), axis=2
    )
    values[:, 1] = adhk
    values[:, 0] = adhk * np.linspace(1.0, 1.6, N_YEARS)
    for cat in structure.categories:  # categories are the sum of their subcategories
        subs = structure.subcategories(cat)
        if subs:
            values[:, :, codes.index(cat)] = values[:, :, [codes.index(s) for s in subs]].sum(axis=2)
    mapping = ekraf.default_mapping()
    kbli = ekraf.kbli_codes()
    cell_codes = sorted({e.kbli_code for e in mapping.entries} | set(list(kbli.titles)[::12]))
    ntb = rng.uniform(1, 100, (N_REGIONS, len(cell_codes)))
    cells = {
        (region, 2015, k): Cell(float(ntb[r, j]), 3.0, 1)
        for r, region in enumerate(regions)
        for j, k in enumerate(cell_codes)
    }
    est = ekraf.EstablishmentAggregate.from_cells(cells, "generated")
    start = time.perf_counter()
    pdrb = ekraf.PdrbTable.from_array(regions, codes, years, values, unit="juta rupiah")
    # a synthetic frame: some industries hold only creative codes, which a real run refuses (issue 13)
    result = ekraf.run_ratio(pdrb, est, benchmark_year=2015, allow_creative_only_frame=True)
    elapsed = time.perf_counter() - start
    n_ind = sum(int((~np.isnan(a)).sum()) for _, a in result.indicators.arrays.values())
    n_ind += sum(
        int((~np.isnan(a)).sum()) for _, a in (result.pdrb_indicators.arrays.values() if result.pdrb_indicators else ())
    )
    return {"seconds": elapsed, "pdrb_values": float(np.isfinite(values).sum()), "indicator_values": float(n_ind)}


N_ESTABLISHMENTS = 922_000


def generate_national(folder: Path) -> tuple[Path, Path]:
    """pdrb.csv (every code of the 2010 structure and TOTAL, consistent hierarchy) and establishments.csv."""
    import duckdb

    import ekraf

    structure = ekraf.lapangan_usaha_structure()
    codes = [e.code for e in structure.entries]
    regions = _kabkota_codes()
    years = list(range(2010, 2010 + N_YEARS))
    rng = np.random.default_rng(1)
    values = np.empty((N_REGIONS, 2, len(codes), N_YEARS))
    adhk = rng.uniform(100, 1000, (N_REGIONS, len(codes), 1)) * np.cumprod(
        rng.uniform(1.0, 1.08, (N_REGIONS, len(codes), N_YEARS)), axis=2
    )
    values[:, 1] = adhk
    values[:, 0] = adhk * np.linspace(1.0, 1.6, N_YEARS)
    for cat in structure.categories:
        subs = structure.subcategories(cat)
        if subs:
            values[:, :, codes.index(cat)] = values[:, :, [codes.index(s) for s in subs]].sum(axis=2)
    total = values[:, :, [codes.index(c) for c in structure.categories]].sum(axis=2)
    pdrb = folder / "pdrb.csv"
    with pdrb.open("w", encoding="utf-8") as handle:
        handle.write("region,year,code,price_basis,value,unit\n")
        for r, region in enumerate(regions):
            for b, basis in enumerate(("ADHB", "ADHK")):
                for y, year in enumerate(years):
                    for c, code in enumerate(codes):
                        handle.write(f"{region},{year},{code},{basis},{float(values[r, b, c, y])!r},juta rupiah\n")
                    handle.write(f"{region},{year},TOTAL,{basis},{float(total[r, b, y])!r},juta rupiah\n")
    mapping = ekraf.default_mapping()
    kbli = sorted({e.kbli_code for e in mapping.entries} | set(list(ekraf.kbli_codes().titles)[::12]))
    est = folder / "establishments.csv"
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute("CREATE TABLE codes AS SELECT unnest(?) AS kbli, generate_subscripts(?, 1) - 1 AS i", [kbli, kbli])
    con.execute(
        "CREATE TABLE regions AS SELECT unnest(?) AS region, generate_subscripts(?, 1) - 1 AS i", [regions, regions]
    )
    con.execute(
        f"""COPY (  -- generated benchmark data, no user input
            SELECT g.region, 2015 AS year, c.kbli,
                   round(10 + (r * 7919 % 100000) / 10.0, 1) AS output,
                   round((10 + (r * 7919 % 100000) / 10.0) * ((r % 61) / 100.0), 1) AS intermediate,
                   1 + r % 9 AS workers, 1 + (r % 4) * 0.5 AS weight
            FROM range({N_ESTABLISHMENTS}) t(r) JOIN codes c ON c.i = (r * 104729) % {len(kbli)}
            JOIN regions g ON g.i = r % {N_REGIONS}
        ) TO '{est}' (HEADER, DELIMITER ',')"""  # noqa: S608  generated data, no user input
    )
    con.close()
    return pdrb, est


def run_cli(pdrb: Path, est: Path, out: Path, *, no_output: bool) -> tuple[float, int, float]:
    """Wall time of ``sinergi pdrb compute`` in a fresh child process, the child's peak RSS and its CPU
    time (user + system: less sensitive than wall time to other work on a shared machine)."""

    args = [sys.executable, "-m", "sinergi", "pdrb", "compute", "--method", "ratio", "--pdrb", str(pdrb)]
    args += ["--establishments", str(est), "--benchmark-year", "2015", "--out", str(out)]
    # The generated frame has industries with only creative units (θ = 1); a speed run allows them.
    args.append("--allow-creative-only-frame")
    if no_output:
        args.append("--no-output")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    code = (
        "import resource, subprocess, sys, time, json;"
        "t = time.perf_counter(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(json.dumps([time.perf_counter() - t, u.ru_maxrss, u.ru_utime + u.ru_stime]))"
    )
    done = subprocess.run([sys.executable, "-c", code, *args], check=False, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"sinergi pdrb compute failed:\n{done.stderr[-4000:]}")
    seconds, rss_kib, cpu = json.loads(done.stdout.strip().splitlines()[-1])
    return float(seconds), int(rss_kib) * 1024, float(cpu)


def generate(path: Path, rows: int) -> None:
    import duckdb

    import ekraf

    mapping = ekraf.default_mapping()
    codes = sorted({e.kbli_code for e in mapping.entries} | set(list(ekraf.kbli_codes().titles)[::5]))
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute("CREATE TABLE codes AS SELECT unnest(?) AS kbli, generate_subscripts(?, 1) - 1 AS i", [codes, codes])
    con.execute(
        f"""COPY (  -- generated benchmark data, no user input
            SELECT 'R' || lpad(CAST(r % {N_REGIONS} AS VARCHAR), 3, '0') AS region, 2020 AS year, c.kbli,
                   round(10 + (r * 7919 % 100000) / 10.0, 1) AS output,
                   round((10 + (r * 7919 % 100000) / 10.0) * ((r % 61) / 100.0), 1) AS intermediate,
                   1 + r % 9 AS workers, 1 + (r % 4) * 0.5 AS weight
            FROM range({rows}) t(r) JOIN codes c ON c.i = (r * 104729) % {len(codes)}
        ) TO '{path}' (HEADER, DELIMITER ',')"""  # noqa: S608  generated data, no user input
    )
    con.close()


def establishments_child(path: str) -> None:
    """Runs in a child process: DuckDB engine first (time, peak RSS), then the pandas baseline."""
    import ekraf

    start = time.perf_counter()
    agg = ekraf.EstablishmentAggregate.from_file(path)
    theta = ekraf.estimate_theta(agg, ekraf.default_mapping(), allow_creative_only_frame=True)  # synthetic frame
    engine = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    import pandas as pd

    structure = ekraf.lapangan_usaha_structure()
    kbli = ekraf.kbli_codes()
    mapping = ekraf.default_mapping()
    _codes, sub_level = ekraf._methods.allocation_codes(None)
    lookup = pd.DataFrame(
        [
            (k, structure.host(k, kbli.kategori[k], sub_level), s, c)
            for k in kbli.titles
            for s, c in (mapping.shares.get(k) or ((None, 0.0),))
        ],
        columns=["kbli", "lu", "subsector", "share"],
    )
    # The baseline, exactly: read_csv, one merge with the mapping, one groupby(...).sum() and the
    # division (the denominator Σ over subsectors of the grouped ntb is a division step on ~15k rows).
    # The default mapping has one subsector per KBLI code, so the merge does not duplicate rows.
    assert lookup["kbli"].is_unique
    start = time.perf_counter()
    df = pd.read_csv(path, dtype={"region": str, "kbli": str})
    m = df.merge(lookup, on="kbli", how="left")
    m["ntb"] = m["weight"] * (m["output"] - m["intermediate"].fillna(0))
    m["creative"] = m["ntb"] * m["share"]
    g = m.groupby(["region", "lu", "subsector"], dropna=False)[["creative", "ntb"]].sum()
    theta_pd = (g["creative"] / g["ntb"].groupby(level=["region", "lu"]).transform("sum")).dropna()
    baseline = time.perf_counter() - start
    # the two agree
    r, s, i = theta.regions[0], "FSN", "C"
    pd_value = float(theta_pd.loc[(r, i, s)])
    assert abs(pd_value - theta.get(r, s, i)) < 1e-9 * max(1.0, abs(pd_value)), (pd_value, theta.get(r, s, i))
    print(json.dumps({"engine": engine, "baseline": baseline, "peak_bytes": peak, "regions": len(theta.regions)}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1 million establishment rows instead of 10 million")
    parser.add_argument("--only-cli", action="store_true", help="only phase 0 (the national command-line run)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        establishments_child(args.child)
        return 0
    failed = False

    def report(name: str, value: float, unit: str, target: str, ok: bool) -> None:
        nonlocal failed
        failed |= not ok
        print(f"{name:<58} {value:>10.2f} {unit:<4} target {target:<12} {'PASS' if ok else 'FAIL'}")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdrb, est = generate_national(folder)
        floor, floor_rss, floor_cpu = run_cli(pdrb, est, folder / "floor", no_output=True)
        full, full_rss, full_cpu = run_cli(pdrb, est, folder / "out", no_output=False)
        load = os.getloadavg()[0]
        size = sum(p.stat().st_size for p in (folder / "out").iterdir())
    print(
        f"(national CLI run wrote {size / 2**20:.0f} MiB; load average {load:.1f} on {os.cpu_count()} CPUs:"
        " timings on a shared machine are noisy)"
    )
    report("national CLI floor: read + compute + checks, --no-output", floor, "s", "reference", True)
    report("national CLI end to end, every output incl. workbook", full, "s", "<= 10 s", full <= 10)
    report("national CLI peak memory (RSS)", full_rss / 2**30, "GiB", "<= 1 GiB", full_rss <= 2**30)
    report("national CLI floor peak memory (RSS)", floor_rss / 2**30, "GiB", "reference", True)
    report("national CLI floor CPU time (user + system)", floor_cpu, "s", "reference", True)
    report("national CLI end to end CPU time (user + system)", full_cpu, "s", "reference", True)
    if args.only_cli:
        return 1 if failed else 0
    fig = national()
    report(
        f"national ratio + indicators ({int(fig['pdrb_values'])} PDRB values)",
        fig["seconds"],
        "s",
        "<= 2 s",
        fig["seconds"] <= 2.0,
    )
    rows = 1_000_000 if args.quick else 10_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "establishments.csv"
        start = time.perf_counter()
        generate(path, rows)
        print(
            f"(generated {rows:,} rows, {path.stat().st_size / 2**20:.0f} MiB, in {time.perf_counter() - start:.1f} s)"
        )
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(path)], check=True, capture_output=True, text=True
        ).stdout
        res = json.loads(out.strip().splitlines()[-1])
    report(
        f"establishments {rows:,} rows → θ, DuckDB (read included)", res["engine"], "s", "<= 15 s", res["engine"] <= 15
    )
    report("pandas baseline (read_csv, merge, groupby, divide)", res["baseline"], "s", "reference", True)
    speedup = res["baseline"] / res["engine"]
    report("speed-up over pandas", speedup, "x", ">= 5x", speedup >= 5)
    report("peak memory, DuckDB phase", res["peak_bytes"] / 2**30, "GiB", "<= 3 GiB", res["peak_bytes"] <= 3 * 2**30)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
