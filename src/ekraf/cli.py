"""``sinergi pdrb …``: PDRB Ekraf from files, without a database."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ekraf._bundle import compare_outputs, engine_note, reproduce, write_bundle, write_differences
from ekraf._checks import align_units, check_benchmark_input, check_pdrb_input, harmonise_kbli, pdrb_total_for
from ekraf._classification import (
    default_mapping,
    default_mapping_path,
    load_concordance,
    load_kbli_list,
    load_mapping,
)
from ekraf._errors import EkrafError
from ekraf._establishments import EstablishmentAggregate
from ekraf._frame import LevelTable, PdrbTable
from ekraf._identities import check_indicators
from ekraf._indicators import LEVEL_INDICATORS, IndicatorTable, compute_indicators, top_level_denominator
from ekraf._manifest import fingerprint_file
from ekraf._methods import SubsectorLevels
from ekraf._outputs import write_indicators_csv, write_outputs
from ekraf._regions import check_run_regions
from ekraf._result import EkrafResult, run_extrapolation, run_ratio, run_survey
from ekraf._templates import load_population, write_templates
from ekraf._version import __version__
from ekraf._window import parse_window

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"error: {message}\n")


METHODS = ("ratio", "extrapolation", "survey")


def _run_options(p: argparse.ArgumentParser) -> None:
    """Options shared by ``compute`` and ``validate``: validate runs exactly what compute runs."""
    p.add_argument("--pdrb", type=Path, help="PDRB menurut lapangan usaha (ratio: wajib; survey: deflator)")
    p.add_argument("--establishments", type=Path, help="data usaha (ratio, survey)")
    p.add_argument("--mapping", type=Path, help="pemetaan KBLI→subsektor (bawaan: pemetaan sementara)")
    p.add_argument("--mapping-version", help="label versi pemetaan (bawaan: 12 digit SHA-256 berkas)")
    p.add_argument(
        "--kbli-list",
        type=Path,
        action="append",
        help="daftar kode KBLI versi lain (kode,judul,kategori,kbli_version), mis. KBLI 2015; boleh berulang",
    )
    p.add_argument(
        "--concordance", type=Path, help="tabel padanan KBLI (kbli_from,version_from,kbli_to,version_to,share)"
    )
    p.add_argument(
        "--benchmark-year",
        type=_years,
        action="extend",
        help="tahun acuan θ (ratio); beberapa tahun dipisah koma, mis. 2016,2020: θ diinterpolasi di antaranya",
    )
    p.add_argument(
        "--allow-creative-only-frame",
        action="store_true",
        help="ratio: izinkan data usaha yang hanya berisi usaha kreatif (θ = 1, batas atas; hasil diberi peringatan)",
    )
    p.add_argument("--year", type=int, help="tahun survei bila kolom year kosong (survey)")
    p.add_argument("--benchmark", type=Path, help="nilai acuan per subsektor (extrapolation)")
    p.add_argument("--indicator", type=Path, help="seri indikator per subsektor (extrapolation)")
    p.add_argument("--population", type=Path, help="penduduk pertengahan tahun (per kapita)")
    p.add_argument(
        "--subsector-list", choices=("17", "16"), help="17 atau 16 (APL+GAM=APG); bawaan: daftar pemetaan, atau 17"
    )
    p.add_argument(
        "--average-window",
        type=_window,
        help="rata-rata pertumbuhan juga untuk jendela tahun ini, mis. 2011-2015 (average growth over a window)",
    )
    p.add_argument(
        "--reconcile",
        action="store_true",
        help="sesuaikan kabupaten/kota agar berjumlah sama dengan provinsi (reconcile kab/kota to the province)",
    )


def _build() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sinergi pdrb",
        description="PDRB Ekonomi Kreatif: hitung dari berkas CSV/XLSX tanpa basis data (compute from files).",
    )
    parser.add_argument("--version", action="version", version=f"ekraf {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("template", help="tulis templat masukan CSV dan XLSX (write input templates)")
    p.add_argument("--out", required=True, type=Path, help="folder tujuan")

    p = sub.add_parser("compute", help="hitung PDRB ekraf dengan satu metode (run a method)")
    p.add_argument("--method", required=True, choices=METHODS)
    _run_options(p)
    p.add_argument("--out", required=True, type=Path, help="folder hasil")
    p.add_argument(
        "--bundle",
        action="store_true",
        help="tulis juga bundle.zip: masukan (data usaha diagregasi), pemetaan, manifest dan tabel terbit"
        " untuk 'sinergi pdrb reproduce' (reproduction bundle)",
    )
    p.add_argument(
        "--no-output",
        action="store_true",
        help="baca, hitung dan periksa saja, tanpa menulis hasil (compute and check only; the benchmark floor)",
    )

    p = sub.add_parser("reproduce", help="hitung ulang sebuah bundle.zip dan laporkan selisihnya (reproduce)")
    p.add_argument("bundle", type=Path, help="bundle.zip dari 'compute --bundle'")

    p = sub.add_parser("revision", help="daftar angka yang berubah antara dua rilis (figures changed in a revision)")
    p.add_argument("--previous", required=True, type=Path, help="folder hasil rilis sebelumnya")
    p.add_argument("--current", required=True, type=Path, help="folder hasil rilis ini")
    p.add_argument("--out", type=Path, help="CSV daftar revisi (table,key,previous,current)")

    p = sub.add_parser("indicators", help="indikator turunan dari level yang diberikan (derived indicators)")
    p.add_argument(
        "--levels",
        required=True,
        type=Path,
        help="CSV region,year,code,price_basis,value[,unit]; tahun boleh tidak berurutan (2010, 2015)",
    )
    p.add_argument("--pdrb", type=Path, help="PDRB wilayah (TOTAL atau 17 kategori) untuk peran terhadap PDRB")
    p.add_argument("--out", required=True, type=Path, help="folder hasil (indicators.csv)")

    p = sub.add_parser(
        "validate",
        help="periksa berkas masukan tanpa menulis hasil: pemeriksaan yang sama dengan compute (validate inputs)",
    )
    p.add_argument(
        "--method",
        choices=METHODS,
        help="metode yang akan dipakai (bawaan: ratio bila --pdrb dan --establishments, extrapolation bila"
        " --benchmark dan --indicator)",
    )
    _run_options(p)
    p.add_argument("--levels", type=Path, help="level yang sudah dihitung (CSV/XLSX)")

    p = sub.add_parser("mapping", help="pemetaan KBLI→subsektor: tampilkan, ekspor atau konversi 17→16")
    p.add_argument("action", choices=("show", "export", "convert"))
    p.add_argument("--mapping", type=Path, help="berkas pemetaan (bawaan: sementara)")
    p.add_argument("--to", choices=("17", "16"), default="16", help="daftar tujuan untuk convert")
    p.add_argument("--out", type=Path, help="berkas CSV tujuan (export, convert)")
    return parser


def _window(text: str) -> tuple[int, int]:
    try:
        return parse_window(text)
    except EkrafError as exc:
        raise argparse.ArgumentTypeError(exc.one_line()) from None


def _years(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"tahun tidak valid: {text!r} (invalid year list)") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build()
    args = parser.parse_args(argv)
    try:
        return int(_run(args, parser))
    except EkrafError as exc:
        print(f"error: {exc.one_line()}", file=sys.stderr)
        if len(exc.issues) > 1 or exc.omitted:
            print(exc.report(), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _need(parser: argparse.ArgumentParser, args: argparse.Namespace, *names: str) -> None:
    missing = [n for n in names if getattr(args, n.replace("-", "_")) is None]
    if missing:
        parser.exit(2, f"error: --method {args.method} memerlukan {' '.join('--' + n for n in missing)}\n")


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.command == "template":
        for path in write_templates(args.out):
            print(path)
        return 0
    if args.command == "indicators":
        levels, table = _level_indicators(args.levels, args.pdrb)
        args.out.mkdir(parents=True, exist_ok=True)
        write_indicators_csv(table, args.out / "indicators.csv", status=levels.status)
        print(args.out / "indicators.csv")
        return 0
    if args.command == "validate":
        return _validate(args, parser)
    if args.command == "reproduce":
        return _reproduce(args.bundle)
    if args.command == "revision":
        differences = compare_outputs(args.previous, args.current)
        if args.out is not None:
            write_differences(differences, args.out)
            print(args.out)
        print(f"{len(differences)} angka direvisi (figures revised)")
        for diff in differences[:MAX_SHOWN]:
            print(f"  {diff}")
        return 0
    if args.command == "mapping":
        mapping = load_mapping(args.mapping) if args.mapping else default_mapping()
        if args.action == "convert":
            mapping = mapping.to_subsector_list(args.to)
        if args.action == "show" or args.out is None:
            print(mapping.label)
            print(f"{len(mapping.entries)} baris, sha256 {mapping.sha256}")
        if args.out is not None:
            mapping.to_csv(args.out)
            print(args.out)
        return 0
    return _compute(args, parser)


def _reproduce(bundle: Path) -> int:
    manifest, differences = reproduce(bundle)
    note = engine_note(manifest)
    if note:
        print(note)
    print(f"metode {manifest['method']}, mesin ekraf {manifest['engine_version']}, parameter {manifest['parameters']}")
    if not differences:
        print("semua tabel terbit dihitung ulang sama persis (every published table reproduced exactly)")
        return 0
    print(f"{len(differences)} angka berbeda (figures differ):", file=sys.stderr)
    for diff in differences[:MAX_SHOWN]:
        print(f"  {diff}", file=sys.stderr)
    if len(differences) > MAX_SHOWN:
        print(f"  ... {len(differences) - MAX_SHOWN} lainnya (more)", file=sys.stderr)
    return 1


MAX_SHOWN = 50


def _validate(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """The checks ``compute`` runs, without writing anything: with a method (given or implied by the
    files), the whole computation; otherwise every check that each file gets on its own."""
    method = args.method
    if method is None and args.pdrb and args.establishments:
        method = "ratio"
    elif method is None and args.benchmark and args.indicator:
        method = "extrapolation"
    if method is not None:
        args.method = method
        result, _ = _result(args, parser)
        print(f"--method {method}: {len(result.levels.regions)} wilayah, {len(result.levels.years)} tahun, valid")
        print(f"pemetaan: {result.manifest.classification_label}")
    else:
        _load_kbli_lists(args)
        concordance = load_concordance(args.concordance) if args.concordance else None
        if concordance is not None:
            print(f"{args.concordance}: valid")
        if args.pdrb:
            pdrb = PdrbTable.from_file(args.pdrb)
            check_pdrb_input(pdrb)
            check_run_regions(pdrb.regions, source=pdrb.source)
            print(f"{args.pdrb}: {len(pdrb.regions)} wilayah, valid")
        if args.establishments:
            agg = EstablishmentAggregate.from_file(args.establishments)
            # every method that reads establishments maps them with a mapping (the default when none given)
            mapping = load_mapping(args.mapping, version=args.mapping_version) if args.mapping else default_mapping()
            harmonise_kbli(agg, mapping, concordance)
            check_run_regions(agg.regions, source=agg.source)
            print(f"{args.establishments}: {sum(c.count for c in agg.cells.values())} usaha, valid")
        if args.benchmark:
            benchmark = SubsectorLevels.from_file(args.benchmark)
            check_benchmark_input(benchmark)
            check_run_regions(benchmark.regions, source=benchmark.source)
            print(f"{args.benchmark}: valid")
        if args.indicator:
            indicator = SubsectorLevels.from_file(args.indicator)
            check_run_regions(indicator.regions, source=indicator.source)
            print(f"{args.indicator}: valid")
        if args.population:
            load_population(args.population)
            print(f"{args.population}: valid")
    if args.mapping:
        print(f"{args.mapping}: {load_mapping(args.mapping, version=args.mapping_version).label}, valid")
    if args.levels:
        _, table = _level_indicators(args.levels, args.pdrb if method is None else None)
        print(f"{args.levels}: {len(table.codes)} kode, valid")
    return 0


def _level_indicators(levels_path: Path, pdrb_path: Path | None) -> tuple[LevelTable, IndicatorTable]:
    """What ``indicators`` computes (and ``validate --levels`` checks): the levels (with their year
    status) and their indicators, with the contribution to PDRB when a PDRB is given; the years may
    have gaps."""
    levels = LevelTable.from_file(levels_path, allow_gaps=True)
    pdrb_total = None
    if pdrb_path is not None:
        pdrb = PdrbTable.from_file(pdrb_path)
        check_pdrb_input(pdrb)
        levels = align_units(levels, pdrb, what="level")
        pdrb_total = pdrb_total_for(levels, pdrb)
    den = top_level_denominator(levels)
    table = compute_indicators(levels, denominator=den, pdrb_total=pdrb_total, names=LEVEL_INDICATORS)
    check_indicators(levels, table, den)
    return levels, table


def _load_kbli_lists(args: argparse.Namespace) -> None:
    for path in args.kbli_list or ():
        load_kbli_list(path)


def _compute(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    result, est_used = _result(args, parser)
    if args.no_output:
        print(f"dihitung tanpa menulis hasil (--no-output): {len(result.levels.regions)} wilayah")
        return 0
    for path in write_outputs(result, args.out):
        print(path)
    if args.bundle:
        print(write_bundle(result, args.out, files=_bundle_files(args), establishments=est_used))
    print(f"pemetaan: {result.manifest.classification_label}")
    return 0


def _result(
    args: argparse.Namespace, parser: argparse.ArgumentParser
) -> tuple[EkrafResult, EstablishmentAggregate | None]:
    """Read the inputs and run the method: the one path shared by ``compute`` and ``validate``; also
    the establishment data as read (for the bundle), when the method reads any."""
    _load_kbli_lists(args)
    concordance = load_concordance(args.concordance) if args.concordance else None
    population = load_population(args.population) if args.population else None
    inputs = []
    mapping = None
    if args.mapping:
        mapping = load_mapping(args.mapping, version=args.mapping_version)
        inputs.append(fingerprint_file("mapping", args.mapping))
    elif args.method != "extrapolation":
        inputs.append(fingerprint_file("mapping", default_mapping_path()))
    if args.population:
        inputs.append(fingerprint_file("population", args.population))
    inputs += [fingerprint_file("kbli_list", path) for path in args.kbli_list or ()]
    if args.concordance:
        inputs.append(fingerprint_file("concordance", args.concordance))
    subsectors = args.subsector_list or (mapping.subsector_list if mapping else "17")
    if args.method == "ratio":
        _need(parser, args, "pdrb", "establishments")
        pdrb = PdrbTable.from_file(args.pdrb)
        est = EstablishmentAggregate.from_file(args.establishments)
        inputs += [fingerprint_file("pdrb", args.pdrb), fingerprint_file("establishments", args.establishments)]
        result = run_ratio(
            pdrb,
            est,
            mapping=mapping,
            benchmark_year=args.benchmark_year,
            subsector_list=subsectors,
            population=population,
            inputs=tuple(inputs),
            allow_creative_only_frame=args.allow_creative_only_frame,
            concordance=concordance,
            reconciled=args.reconcile,
            average_window=args.average_window,
        )
        return result, est
    if args.method == "extrapolation":
        _need(parser, args, "benchmark", "indicator")
        benchmark = SubsectorLevels.from_file(args.benchmark)
        indicator = SubsectorLevels.from_file(args.indicator)
        pdrb_x = PdrbTable.from_file(args.pdrb) if args.pdrb else None
        inputs += [fingerprint_file("benchmark", args.benchmark), fingerprint_file("indicator", args.indicator)]
        if args.pdrb:
            inputs.append(fingerprint_file("pdrb", args.pdrb))
        result = run_extrapolation(
            benchmark,
            indicator,
            pdrb=pdrb_x,
            population=population,
            inputs=tuple(inputs),
            reconciled=args.reconcile,
            average_window=args.average_window,
        )
        return result, None
    _need(parser, args, "establishments")
    est = EstablishmentAggregate.from_file(args.establishments)
    pdrb_s = PdrbTable.from_file(args.pdrb) if args.pdrb else None
    inputs.append(fingerprint_file("establishments", args.establishments))
    if args.pdrb:
        inputs.append(fingerprint_file("pdrb", args.pdrb))
    result = run_survey(
        est,
        pdrb=pdrb_s,
        mapping=mapping,
        year=args.year,
        subsector_list=subsectors,
        population=population,
        inputs=tuple(inputs),
        concordance=concordance,
        reconciled=args.reconcile,
        average_window=args.average_window,
    )
    return result, est


def _bundle_files(args: argparse.Namespace) -> dict[str, Path]:
    """The input files copied into the bundle as they are (establishments go in aggregated)."""
    files = {role: getattr(args, role) for role in ("pdrb", "benchmark", "indicator", "population", "concordance")}
    if args.method != "extrapolation":
        files["mapping"] = args.mapping or default_mapping_path()
    for i, path in enumerate(args.kbli_list or (), start=1):
        files[f"kbli_list_{i}"] = path
    return {role: Path(path) for role, path in files.items() if path is not None}


if __name__ == "__main__":
    sys.exit(main())
