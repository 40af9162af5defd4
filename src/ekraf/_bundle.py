"""The reproduction bundle of a publication, and ``sinergi pdrb reproduce BUNDLE``.

``bundle.zip`` holds what anyone needs to re-derive every published figure:

* ``manifest.json`` — engine version, method, parameters, mapping and the SHA-256 of every input;
* ``inputs/`` — the PDRB, benchmark, indicator, population and mapping files byte for byte, and the
  establishment data **aggregated** to (region, year, KBLI) sums (``establishments_aggregate.csv``:
  no establishment, name, identifier or note leaves the office — θ and the survey estimate need the
  sums only, and the exact sums make the aggregate give the same results as the records);
* ``outputs/`` — the published tables: levels, indicators, PDRB indicators, θ, reconciliation.

``reproduce`` recomputes from ``inputs/`` with the manifest's method and parameters and compares
every output table, value by value.
"""

from __future__ import annotations

import csv
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ekraf._classification import default_mapping, load_concordance, load_kbli_list, load_mapping
from ekraf._errors import InputError, Issue
from ekraf._establishments import Cell, EstablishmentAggregate
from ekraf._frame import PdrbTable
from ekraf._methods import SubsectorLevels
from ekraf._outputs import write_outputs
from ekraf._result import EkrafResult, run_extrapolation, run_ratio, run_survey
from ekraf._templates import load_population
from ekraf._version import __version__
from ekraf._window import parse_window
from ekraf._xlsx import FIXED_TIME

__all__ = ["Difference", "compare_outputs", "reproduce", "write_bundle"]

AGGREGATE = "establishments_aggregate.csv"
COMPARED = ("levels.csv", "indicators.csv", "pdrb_indicators.csv", "theta.csv", "reconciliation.csv")
_KEYS = {  # columns identifying a row of each table
    "levels.csv": ("region", "year", "code", "price_basis"),
    "indicators.csv": ("region", "year", "code", "indicator", "price_basis"),
    "pdrb_indicators.csv": ("region", "year", "code", "indicator", "price_basis"),
    "theta.csv": ("region", "subsector", "code", "benchmark_year"),
    "reconciliation.csv": ("region", "code", "year", "price_basis"),
}


def write_bundle(
    result: EkrafResult,
    out: Path,
    *,
    files: dict[str, Path],
    establishments: EstablishmentAggregate | None,
) -> Path:
    """Write ``bundle.zip`` next to the outputs already in ``out`` (``files``: role → input file)."""
    path = out / "bundle.zip"
    partial = out / ".bundle.zip.partial"
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as bundle:

            def add(name: str, data: bytes) -> None:
                info = zipfile.ZipInfo(name, FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                bundle.writestr(info, data)

            add("manifest.json", json.dumps(result.manifest.to_dict(), ensure_ascii=False, indent=2).encode())
            roles = {}
            for role, file in sorted(files.items()):
                name = f"{role}{file.suffix.lower()}"
                roles[role] = name
                add(f"inputs/{name}", file.read_bytes())
            if establishments is not None:
                roles["establishments"] = AGGREGATE
                add(f"inputs/{AGGREGATE}", _aggregate_csv(establishments).encode())
            add("inputs/roles.json", json.dumps(roles, indent=2, sort_keys=True).encode())
            for name in COMPARED:
                if (out / name).exists():
                    add(f"outputs/{name}", (out / name).read_bytes())
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return path


def _aggregate_csv(est: EstablishmentAggregate) -> str:
    rows = sorted(est.cells.items(), key=lambda kv: (kv[0][0], -1 if kv[0][1] is None else kv[0][1], kv[0][2]))
    lines = ["region,year,kbli,ntb,workers,count,unit,kbli_version"]
    tail = f"{est.unit or ''},{est.kbli_version}"
    for (region, year, kbli), cell in rows:
        lines.append(
            f"{_q(region)},{'' if year is None else year},{kbli},{cell.ntb!r},{cell.workers!r},{cell.count},{tail}"
        )
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n\r') else text


def _read_aggregate(path: Path) -> EstablishmentAggregate:
    """The aggregate of :func:`_aggregate_csv`; its unit and KBLI version (columns added with engine
    0.3.0; an older bundle has neither: no stated unit, KBLI 2020)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cells = {
        (r["region"], int(r["year"]) if r["year"] else None, r["kbli"]): Cell(
            float(r["ntb"]), float(r["workers"]), int(r["count"])
        )
        for r in rows
    }
    unit = rows[0].get("unit") or None if rows else None
    version = rows[0].get("kbli_version") or "2020" if rows else "2020"
    return EstablishmentAggregate.from_cells(cells, "establishments", unit, version)


@dataclass(frozen=True, slots=True)
class Difference:
    table: str
    key: str
    published: str
    recomputed: str

    def __str__(self) -> str:
        return f"{self.table} {self.key}: semula {self.published or '—'}, kini {self.recomputed or '—'}"


def reproduce(bundle: str | Path) -> tuple[dict[str, object], list[Difference]]:
    """Recompute a bundle; return its manifest and every difference from its published tables."""
    bundle = Path(bundle)
    if not zipfile.is_zipfile(bundle):
        raise InputError([Issue("bukan berkas bundel ZIP (not a bundle)", file=bundle.name)])
    with tempfile.TemporaryDirectory(prefix="ekraf-reproduce-") as tmp:
        root = Path(tmp)
        with zipfile.ZipFile(bundle) as archive:
            for name in archive.namelist():
                if name.startswith("/") or ".." in Path(name).parts:
                    raise InputError([Issue(f"nama berkas tidak aman di bundel: {name}", file=bundle.name)])
            archive.extractall(root)
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        roles = json.loads((root / "inputs" / "roles.json").read_text(encoding="utf-8"))
        result = _recompute(manifest, {role: root / "inputs" / name for role, name in roles.items()})
        write_outputs(result, root / "recomputed")
        differences: list[Difference] = []
        for name in COMPARED:
            published, again = root / "outputs" / name, root / "recomputed" / name
            if published.exists() or again.exists():
                differences += _compare(name, published, again)
    return manifest, differences


def _recompute(manifest: dict[str, object], files: dict[str, Path]) -> EkrafResult:
    params = manifest["parameters"]
    cl = manifest["classification"]
    if not isinstance(params, dict) or not isinstance(cl, dict):
        raise InputError([Issue("manifest.json tidak sesuai (unexpected manifest)")])
    for role in sorted(r for r in files if r.startswith("kbli_list_")):
        load_kbli_list(files[role])
    concordance = load_concordance(files["concordance"]) if "concordance" in files else None
    population = load_population(files["population"]) if "population" in files else None
    mapping = None
    if "mapping" in files:
        default = default_mapping()
        same = cl.get("sha256") == default.sha256
        mapping = default if same else load_mapping(files["mapping"], version=str(cl["version"]))
    reconciled = "reconcile" in params
    window = parse_window(str(params["average_window"])) if "average_window" in params else None
    method = manifest["method"]
    if method == "ratio":
        years = [int(y) for y in str(params.get("benchmark_year", "")).split(",") if y]
        return run_ratio(
            PdrbTable.from_file(files["pdrb"]),
            _read_aggregate(files["establishments"]),
            mapping=mapping,
            benchmark_year=years or None,
            subsector_list=str(params.get("subsector_list", "17")),
            population=population,
            allow_creative_only_frame=params.get("allow_creative_only_frame") == "true",
            concordance=concordance,
            reconciled=reconciled,
            average_window=window,
        )
    if method == "extrapolation":
        return run_extrapolation(
            SubsectorLevels.from_file(files["benchmark"]),
            SubsectorLevels.from_file(files["indicator"]),
            pdrb=PdrbTable.from_file(files["pdrb"]) if "pdrb" in files else None,
            population=population,
            reconciled=reconciled,
            average_window=window,
        )
    if method == "survey":
        year = str(params.get("year", ""))
        return run_survey(
            _read_aggregate(files["establishments"]),
            pdrb=PdrbTable.from_file(files["pdrb"]) if "pdrb" in files else None,
            mapping=mapping,
            year=int(year) if year else None,
            subsector_list=str(params.get("subsector_list", "17")),
            population=population,
            concordance=concordance,
            reconciled=reconciled,
            average_window=window,
        )
    raise InputError([Issue(f"metode tidak dikenal di manifest: {method}")])


def _rows(path: Path, keys: tuple[str, ...]) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {" ".join(r[k] for k in keys): r for r in csv.DictReader(handle)}


def _compare(name: str, published: Path, again: Path) -> list[Difference]:
    if published.exists() and again.exists() and published.read_bytes() == again.read_bytes():
        return []
    keys = _KEYS[name]
    old, new = _rows(published, keys), _rows(again, keys)
    out = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a != b:
            value_a = "" if a is None else ", ".join(f"{k}={v}" for k, v in a.items() if k not in keys)
            value_b = "" if b is None else ", ".join(f"{k}={v}" for k, v in b.items() if k not in keys)
            out.append(Difference(name, key, value_a, value_b))
    return out


def compare_outputs(previous: Path, current: Path) -> list[Difference]:
    """The figures of two output folders (or two releases of a publication) that differ, table by
    table: a revision lists what changed, including a year whose status moved from ** to * or final."""
    out: list[Difference] = []
    for name in COMPARED:
        if (previous / name).exists() or (current / name).exists():
            out += _compare(name, previous / name, current / name)
    return out


def write_differences(differences: list[Difference], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("table", "key", "previous", "current"))
        for d in differences:
            writer.writerow((d.table, d.key, d.published, d.recomputed))


def engine_note(manifest: dict[str, object]) -> str | None:
    version = str(manifest.get("engine_version", ""))
    if version != __version__:
        return (
            f"bundel dibuat dengan mesin ekraf {version}, sekarang {__version__}: hasil dapat berbeda karena"
            " metode berubah (engine version differs)"
        )
    return None
