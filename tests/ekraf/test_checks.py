"""Nothing meaningless is computed silently: validate refuses what compute refuses (issue 13 §1)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

import ekraf
from ekraf import InputError, PdrbTable
from ekraf.cli import main
from tests.ekraf.conftest import write

HEADER = "region,year,code,price_basis,value,unit"


def _full_pdrb(tmp_path: Path, *, total_factor: float = 1.0, i2_factor: float = 1.0) -> Path:
    """All 17 categories (I split into I.1 + I.2) for 2021–2022, both bases, in miliar rupiah."""
    cats = ekraf.lapangan_usaha_structure().categories
    lines = [HEADER]
    for year, grow in ((2021, 1.0), (2022, 1.1)):
        for basis, price in (("ADHB", 1.25), ("ADHK", 1.0)):
            total = 0.0
            for cat in cats:
                value = 100 * grow * price
                total += value
                lines.append(f"Kota Contoh,{year},{cat},{basis},{value!r},miliar rupiah")
            lines.append(f"Kota Contoh,{year},I.1,{basis},{40 * grow * price!r},miliar rupiah")
            lines.append(f"Kota Contoh,{year},I.2,{basis},{60 * grow * price * i2_factor!r},miliar rupiah")
            lines.append(f"Kota Contoh,{year},TOTAL,{basis},{total * total_factor!r},miliar rupiah")
    return write(tmp_path / "pdrb.csv", "\n".join(lines))


def _establishments(tmp_path: Path) -> Path:
    return write(
        tmp_path / "usaha.csv",
        "region,year,kbli,output,intermediate,workers,weight\n"
        "Kota Contoh,2021,14111,100,60,3,1\nKota Contoh,2021,10110,300,100,3,1\n"
        "Kota Contoh,2021,56101,50,30,3,1\nKota Contoh,2021,55110,80,20,3,1",
    )


def _validate(*args: str | Path) -> int:
    return main(["validate", *(str(a) for a in args)])


def _compute(out: Path, *args: str | Path) -> int:
    return main(["compute", *(str(a) for a in args), "--out", str(out)])


def test_validate_refuses_subcategories_off_their_category(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdrb = _full_pdrb(tmp_path, i2_factor=1.05)
    est = _establishments(tmp_path)
    assert _compute(tmp_path / "out", "--method", "ratio", "--pdrb", pdrb, "--establishments", est) == 1
    capsys.readouterr()
    assert _validate("--pdrb", pdrb) == 1
    assert "subcategories do not sum" in capsys.readouterr().err
    assert _validate("--pdrb", pdrb, "--establishments", est) == 1
    assert "subcategories do not sum" in capsys.readouterr().err


def test_validate_refuses_total_off_its_categories(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdrb = _full_pdrb(tmp_path, total_factor=1.005)
    assert _validate("--pdrb", pdrb) == 1
    err = capsys.readouterr().err
    assert "categories do not sum to TOTAL" in err
    assert "kode TOTAL" in err
    good = _full_pdrb(tmp_path)
    assert _validate("--pdrb", good, "--establishments", _establishments(tmp_path)) == 0
    assert "--method ratio" in capsys.readouterr().out


def test_validate_runs_the_whole_computation(
    tmp_path: Path, examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A cross-file problem (region only in the PDRB) is found by validate as by compute."""
    est = write(tmp_path / "usaha.csv", "region,year,kbli,output\nKota Lain,2021,56101,10\nKota Lain,2021,55110,10")
    args = ("--pdrb", examples / "pdrb.csv", "--establishments", est)
    assert _compute(tmp_path / "out", "--method", "ratio", *args) == 1
    compute_err = capsys.readouterr().err
    assert _validate(*args) == 1
    assert capsys.readouterr().err == compute_err
    assert "no establishment data for region" in compute_err


def test_base_year_implicit_index_must_be_100(tmp_path: Path) -> None:
    f = write(
        tmp_path / "pdrb.csv",
        f"{HEADER}\nKota A,2010,C,ADHB,1000,juta\nKota A,2010,C,ADHK,900,juta\n"
        "Kota A,2011,C,ADHB,1100,juta\nKota A,2011,C,ADHK,950,juta",
    )
    with pytest.raises(InputError, match=r"111\.11") as err:
        ekraf.check_pdrb_input(PdrbTable.from_file(f))
    assert (err.value.issues[0].year, err.value.issues[0].code) == (2010, "C")
    assert _validate("--pdrb", f) == 1


def test_swapped_price_bases_are_refused(tmp_path: Path) -> None:
    f = write(
        tmp_path / "pdrb.csv",
        f"{HEADER}\nKota A,2011,TOTAL,ADHB,951,juta\nKota A,2011,TOTAL,ADHK,1000,juta\n"
        "Kota A,2012,TOTAL,ADHB,990,juta\nKota A,2012,TOTAL,ADHK,1080,juta",
    )
    with pytest.raises(InputError, match="price bases swapped") as err:
        ekraf.check_pdrb_input(PdrbTable.from_file(f))
    assert "95.10" in err.value.issues[0].message
    # one year of falling prices (a commodity region) is not the swapped pattern
    ok = write(
        tmp_path / "ok.csv",
        f"{HEADER}\nKota A,2011,TOTAL,ADHB,951,juta\nKota A,2011,TOTAL,ADHK,1000,juta\n"
        "Kota A,2012,TOTAL,ADHB,1100,juta\nKota A,2012,TOTAL,ADHK,1080,juta",
    )
    ekraf.check_pdrb_input(PdrbTable.from_file(ok))


def test_benchmark_total_disagreeing_with_subsectors_is_refused(
    tmp_path: Path, examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bm = tmp_path / "benchmark.csv"
    shutil.copy(examples / "benchmark.csv", bm)
    with bm.open("a", encoding="utf-8") as handle:
        handle.write("Kota Contoh,2021,TOTAL,ADHB,999,miliar rupiah\nKota Contoh,2021,TOTAL,ADHK,560,miliar rupiah\n")
    args = ("--method", "extrapolation", "--benchmark", bm, "--indicator", examples / "indicator.csv")
    assert _compute(tmp_path / "out", *args) == 1
    err = capsys.readouterr().err
    assert "benchmark TOTAL disagrees" in err
    assert "999" in err
    assert "700" in err
    assert _validate("--benchmark", bm) == 1
    assert _validate("--benchmark", bm, "--indicator", examples / "indicator.csv") == 1


@pytest.mark.parametrize("suffix", ["csv", "records"])
def test_region_names_are_trimmed_in_establishments(tmp_path: Path, examples: Path, suffix: str) -> None:
    """'Kota Contoh ' in the establishment file is the PDRB's 'Kota Contoh', not a second region."""
    text = (examples / "establishments.csv").read_text(encoding="utf-8").replace("Kota Contoh,", "Kota Contoh ,")
    if suffix == "csv":
        est = ekraf.EstablishmentAggregate.from_file(write(tmp_path / "usaha.csv", text))
    else:
        rows = [line.split(",") for line in text.strip().splitlines()[1:]]
        est = ekraf.EstablishmentAggregate.from_records(
            ekraf.EstablishmentRecord(r[0], r[2], float(r[3]), float(r[4]), float(r[5]), float(r[6]), int(r[1]))
            for r in rows
        )
    assert est.regions == ("Kota Contoh",)
    result = ekraf.run_ratio(PdrbTable.from_file(examples / "pdrb.csv"), est)
    assert result.levels.get("Kota Contoh", "ADHB", "TOTAL", 2021) == pytest.approx(700)


def _benchmark_in(tmp_path: Path, examples: Path, unit: str, factor: float) -> Path:
    lines = (examples / "benchmark.csv").read_text(encoding="utf-8").strip().splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        *head, value, _unit = line.split(",")
        out.append(",".join([*head, repr(float(value) * factor), unit]))
    return write(tmp_path / f"benchmark-{unit.split(maxsplit=1)[0]}.csv", "\n".join(out))


@pytest.mark.parametrize(("unit", "factor"), [("triliun rupiah", 1e-3), ("juta rupiah", 1e3)])
def test_benchmark_unit_is_converted_to_the_pdrb_unit(tmp_path: Path, examples: Path, unit: str, factor: float) -> None:
    """A benchmark in triliun (or juta) with PDRB in miliar: contribution 2021 = 700/5000 = 14 %."""
    benchmark = ekraf.SubsectorLevels.from_file(_benchmark_in(tmp_path, examples, unit, factor))
    indicator = ekraf.SubsectorLevels.from_file(examples / "indicator.csv")
    pdrb = PdrbTable.from_file(examples / "pdrb.csv")
    result = ekraf.run_extrapolation(benchmark, indicator, pdrb=pdrb)
    assert result.levels.unit == "miliar rupiah"
    assert result.levels.get("Kota Contoh", "ADHB", "TOTAL", 2021) == pytest.approx(700)
    assert result.indicators.get("contribution", "Kota Contoh", "TOTAL", 2021, "ADHB") == pytest.approx(14.0)


def test_undeclared_unit_that_differs_is_refused(tmp_path: Path, examples: Path) -> None:
    text = (examples / "pdrb.csv").read_text(encoding="utf-8").replace(",miliar rupiah", ",").replace(",unit", ",unit")
    pdrb = PdrbTable.from_file(write(tmp_path / "pdrb.csv", text))
    assert not pdrb.unit_declared
    benchmark = ekraf.SubsectorLevels.from_file(_benchmark_in(tmp_path, examples, "triliun rupiah", 1e-3))
    indicator = ekraf.SubsectorLevels.from_file(examples / "indicator.csv")
    with pytest.raises(InputError, match="units differ and one file does not state its unit") as err:
        ekraf.run_extrapolation(benchmark, indicator, pdrb=pdrb)
    assert err.value.issues[0].column == "unit"


def test_survey_establishment_unit_is_converted_or_refused(tmp_path: Path, examples: Path) -> None:
    pdrb = PdrbTable.from_file(examples / "pdrb.csv")  # miliar rupiah
    lines = (examples / "establishments.csv").read_text(encoding="utf-8").strip().splitlines()
    in_juta = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        cells[3], cells[4] = repr(float(cells[3]) * 1e3), repr(float(cells[4]) * 1e3)
        cells[-1] = "juta rupiah"
        in_juta.append(",".join(cells))
    est = ekraf.EstablishmentAggregate.from_file(write(tmp_path / "usaha.csv", "\n".join(in_juta)))
    assert est.unit == "juta rupiah"
    levels = ekraf.run_survey(est, pdrb=pdrb).levels
    assert levels.unit == "miliar rupiah"
    assert levels.get("Kota Contoh", "ADHB", "FSN", 2021) == pytest.approx(80)
    # the same values without a unit column are 1,000× too large for a PDRB in miliar: refused
    no_unit = "\n".join(line.rsplit(",", 1)[0] for line in in_juta)
    est = ekraf.EstablishmentAggregate.from_file(write(tmp_path / "usaha2.csv", no_unit))
    assert est.unit is None
    with pytest.raises(InputError, match="data usaha tanpa kolom unit, PDRB dalam miliar rupiah"):
        ekraf.run_survey(est, pdrb=pdrb)


def test_establishment_units_must_be_one_known_unit(tmp_path: Path) -> None:
    f = write(
        tmp_path / "usaha.csv",
        "region,year,kbli,output,unit\nKota A,2021,14111,10,juta rupiah\nKota A,2021,56101,10,miliar\n"
        "Kota A,2021,56101,10,dolar",
    )
    with pytest.raises(InputError) as err:
        ekraf.EstablishmentAggregate.from_file(f)
    text = err.value.report()
    assert "dolar" in text
    assert "mixed units" in text


def test_survey_cannot_exceed_its_host_industry(tmp_path: Path) -> None:
    """A survey kuliner of 2,500 in I.2 against PDRB I.2 = 307.56 is refused (issue 13 §1)."""
    lines = [HEADER]
    for basis, k in (("ADHB", 1.0), ("ADHK", 0.8)):
        for code, value in (("I", 507.56), ("I.1", 200.0), ("I.2", 307.56), ("TOTAL", 50000.0)):
            lines.append(f"Kota A,2021,{code},{basis},{value * k!r},miliar rupiah")
    pdrb = PdrbTable.from_file(write(tmp_path / "pdrb.csv", "\n".join(lines)))
    est = ekraf.EstablishmentAggregate.from_file(
        write(
            tmp_path / "survei.csv",
            "region,year,kbli,output,intermediate,weight,unit\n"
            "Kota A,2021,56101,100,0,25,miliar rupiah\nKota A,2021,55110,10,0,1,miliar rupiah",
        )
    )
    with pytest.raises(ekraf.IdentityError, match="ekraf exceeds its host industry") as err:
        ekraf.run_survey(est, pdrb=pdrb)
    issue = err.value.issues[0]
    assert (issue.region, issue.year, issue.code) == ("Kota A", 2021, "I.2")
    assert "2500" in issue.message
    assert "307.56" in issue.message


def test_creative_only_frame_is_refused_unless_allowed(
    tmp_path: Path, examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A registry holds only creative units: θ = 1 would count all of C, I and J as creative."""
    lines = (examples / "establishments.csv").read_text(encoding="utf-8").strip().splitlines()
    creative = [lines[0]] + [line for line in lines[1:] if line.split(",")[2] in {"14111", "56101", "62012"}]
    est = write(tmp_path / "registri.csv", "\n".join(creative))
    args = ("--method", "ratio", "--pdrb", examples / "pdrb.csv", "--establishments", est)
    assert _compute(tmp_path / "out", *args) == 1
    err = capsys.readouterr().err
    assert "only creative units" in err
    assert "SE2016/SE2026" in err
    assert "--allow-creative-only-frame" in err
    assert _validate("--pdrb", examples / "pdrb.csv", "--establishments", est) == 1
    capsys.readouterr()
    assert _compute(tmp_path / "out", *args, "--allow-creative-only-frame") == 0
    manifest = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")
    assert "upper bound, not an estimate" in manifest
    assert "C (Kota Contoh)" in manifest
    # a census frame with the non-creative units of each industry is accepted without the flag
    assert _compute(tmp_path / "census", *args[:-1], examples / "establishments.csv") == 0
    assert "upper bound" not in (tmp_path / "census" / "manifest.json").read_text(encoding="utf-8")


def test_indicators_command_gives_contribution_and_average_growth_over_a_gap(tmp_path: Path) -> None:
    """National PDB Ekraf 525.96 T (2010) → 852.24 T (2015), the two published years only: the compound
    rate is 10.13 % a year (published "rata-rata 10,14 %", the mean of the unpublished annual rates);
    contribution against the PDB of the years given."""
    levels = write(
        tmp_path / "levels.csv",
        "region,year,code,price_basis,value,unit\n"
        "Indonesia,2010,TOTAL,ADHB,525.96,triliun rupiah\nIndonesia,2015,TOTAL,ADHB,852.24,triliun rupiah",
    )
    pdrb = write(
        tmp_path / "pdb.csv",
        "region,year,code,price_basis,value,unit\n"
        + "\n".join(f"Indonesia,{y},TOTAL,ADHB,{v},miliar rupiah" for y, v in ((2010, 6864133.1), (2011, 7831726))),
    )
    out = tmp_path / "o"
    assert main(["indicators", "--levels", str(levels), "--pdrb", str(pdrb), "--out", str(out)]) == 0
    with (out / "indicators.csv").open(encoding="utf-8") as handle:
        get = {(r["year"], r["indicator"]): float(r["value"]) for r in csv.DictReader(handle)}
    assert round(get[("2015", "average_growth_compound")], 2) == 10.13
    assert ("2015", "growth") not in get  # no annual rate across a five-year gap
    assert ("2015", "average_growth_mean") not in get  # the mean of annual rates needs every year
    # 525.96 T / 6,864,133.1 miliar = 7.66 % (published 7.66 % for 2010); no PDB for 2015 → no value
    assert round(get[("2010", "contribution")], 2) == 7.66
    assert ("2015", "contribution") not in get


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def no_loaded_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """KBLI lists loaded by one test never leak into another."""
    monkeypatch.setattr(ekraf._classification, "_LOADED_LISTS", {})


def _survey_2015(tmp_path: Path, version: str = "2015") -> Path:
    return write(
        tmp_path / "survei2015.csv",
        "region,year,kbli,output,intermediate,weight,kbli_version\n"
        f"Kota A,2016,74100,150,50,1,{version}\nKota A,2016,14111,30,10,1,{version}\n"
        f"Kota A,2016,10110,90,40,1,{version}",
    )


def test_kbli2015_code_is_not_read_as_kbli2020(tmp_path: Path, no_loaded_lists: None) -> None:
    """74100 (KBLI 2015 desain khusus) sits in the OSS dump of KBLI 2020 and was counted as non-creative."""
    f = write(tmp_path / "usaha.csv", "region,year,kbli,output\nKota A,2016,74100,100\nKota A,2016,14111,10")
    with pytest.raises(InputError, match="earlier KBLI version") as err:
        ekraf.EstablishmentAggregate.from_file(f)
    assert (err.value.issues[0].row, err.value.issues[0].column) == (2, "kbli")
    assert "74100" not in ekraf.kbli_codes("2020")


def test_other_kbli_version_needs_its_list_then_a_concordance(
    tmp_path: Path, no_loaded_lists: None, capsys: pytest.CaptureFixture[str]
) -> None:
    survey = _survey_2015(tmp_path)
    args = ["compute", "--method", "survey", "--establishments", str(survey), "--out", str(tmp_path / "o")]
    assert main(args) == 1
    assert "KBLI 2015 list not loaded" in capsys.readouterr().err
    kbli2015 = ["--kbli-list", str(FIXTURES / "kbli2015_sample.csv")]
    assert main([*args, *kbli2015]) == 1
    assert "KBLI versions differ" in capsys.readouterr().err
    assert main(["validate", "--method", "survey", "--establishments", str(survey), *kbli2015]) == 1
    concordance = ["--concordance", str(FIXTURES / "kbli2015_2020_concordance_sample.csv")]
    assert main([*args, *kbli2015, *concordance]) == 0
    with (tmp_path / "o" / "levels.csv").open(encoding="utf-8") as handle:
        got = {(r["code"], r["price_basis"]): float(r["value"]) for r in csv.DictReader(handle)}
    # 74100's NTB 100 → 74120 (DIN) 50, 74130 (DKV) 30, 74113 (FSN) 20; 14111 (FSN) 20; 10110 not creative
    assert got[("DIN", "ADHB")] == pytest.approx(50)
    assert got[("DKV", "ADHB")] == pytest.approx(30)
    assert got[("FSN", "ADHB")] == pytest.approx(40)
    assert got[("TOTAL", "ADHB")] == pytest.approx(120)
    manifest = (tmp_path / "o" / "manifest.json").read_text(encoding="utf-8")
    assert '"role": "concordance"' in manifest
    assert '"role": "kbli_list"' in manifest


def test_mapping_in_kbli2015_is_validated_against_the_loaded_list(tmp_path: Path, no_loaded_lists: None) -> None:
    header = "kbli_code,kbli_version,judul,subsector_code,creative_share,basis,rule,confidence,source_url"
    mapping = write(tmp_path / "bps2015.csv", f"{header}\n74100,2015,desain,DPR,,,,,\n14111,2015,pakaian,FSN,,,,,")
    with pytest.raises(ekraf.ClassificationError, match="KBLI 2015 list not loaded"):
        ekraf.load_mapping(mapping)
    ekraf.load_kbli_list(FIXTURES / "kbli2015_sample.csv")
    loaded = ekraf.load_mapping(mapping)
    assert loaded.kbli_version == "2015"
    est = ekraf.EstablishmentAggregate.from_file(_survey_2015(tmp_path))
    levels = ekraf.run_survey(est, mapping=loaded).levels  # same version: no concordance needed
    assert levels.get("Kota A", "ADHB", "DPR", 2016) == pytest.approx(100)
    bad = write(tmp_path / "bad.csv", f"{header}\n99999,2015,x,DPR,,,,,")
    with pytest.raises(ekraf.ClassificationError, match="not in KBLI 2015"):
        ekraf.load_mapping(bad)


def test_concordance_shares_must_sum_to_one(tmp_path: Path, no_loaded_lists: None) -> None:
    ekraf.load_kbli_list(FIXTURES / "kbli2015_sample.csv")
    f = write(
        tmp_path / "padanan.csv",
        "kbli_from,version_from,kbli_to,version_to,share\n74100,2015,74120,2020,0.5\n74100,2015,74130,2020,0.4",
    )
    with pytest.raises(ekraf.ClassificationError, match="must sum to 1") as err:
        ekraf.load_concordance(f)
    assert err.value.issues[0].code == "74100"


def test_low_confidence_codes_are_flagged_in_results_that_depend_on_them(tmp_path: Path, examples: Path) -> None:
    """62022 (IT consultancy → APL) is a low-confidence code of the provisional mapping: a result whose APL
    rests on it says so, with the share; one without it says nothing."""
    text = (examples / "establishments.csv").read_text(encoding="utf-8").strip()
    text += "\nKota Contoh,2021,62022,40,10,5,1,U007,miliar rupiah"  # NTB 30, as much as 62012's
    pdrb = PdrbTable.from_file(examples / "pdrb.csv")
    result = ekraf.run_ratio(pdrb, ekraf.EstablishmentAggregate.from_file(write(tmp_path / "u.csv", text)))
    notes = [n for n in result.manifest.notes if "Keyakinan rendah" in n]
    assert len(notes) == 1
    assert "APL di Kota Contoh" in notes[0]
    assert "50.0 %" in notes[0]
    assert "62022" in notes[0]
    survey = ekraf.run_survey(ekraf.EstablishmentAggregate.from_file(tmp_path / "u.csv"), pdrb=pdrb)
    assert any("62022" in n for n in survey.manifest.notes)
    clean = ekraf.run_ratio(pdrb, ekraf.EstablishmentAggregate.from_file(examples / "establishments.csv"))
    assert not any("Keyakinan rendah" in n for n in clean.manifest.notes)


def test_mapping_export_shows_every_creative_share_and_round_trips(tmp_path: Path) -> None:
    header = "kbli_code,kbli_version,judul,subsector_code,creative_share,basis,rule,confidence,source_url"
    f = write(tmp_path / "map.csv", f"{header}\n18111,2020,cetak,PNB,0.4,,,,\n14111,2020,pakaian,FSN,,,,,")
    assert main(["mapping", "export", "--mapping", str(f), "--out", str(tmp_path / "out.csv")]) == 0
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        shares = {r["kbli_code"]: r["creative_share"] for r in csv.DictReader(handle)}
    assert shares == {"18111": "0.4", "14111": "1.0"}
    assert ekraf.load_mapping(tmp_path / "out.csv").sha256 == ekraf.load_mapping(f).sha256


def test_validate_alone_loads_the_kbli_list_it_is_given(tmp_path: Path, no_loaded_lists: None) -> None:
    survey = _survey_2015(tmp_path)
    assert main(["validate", "--establishments", str(survey)]) == 1
    kbli2015 = ["--kbli-list", str(FIXTURES / "kbli2015_sample.csv")]
    assert main(["validate", "--establishments", str(survey), *kbli2015]) == 1  # KBLI 2015 vs the 2020 mapping
    concordance = ["--concordance", str(FIXTURES / "kbli2015_2020_concordance_sample.csv")]
    assert main(["validate", "--establishments", str(survey), *kbli2015, *concordance]) == 0


def test_validate_levels_accepts_what_indicators_accepts(tmp_path: Path) -> None:
    levels = write(
        tmp_path / "levels.csv",
        "region,year,code,price_basis,value,unit\n"
        "Indonesia,2010,TOTAL,ADHB,525.96,triliun rupiah\nIndonesia,2015,TOTAL,ADHB,852.24,triliun rupiah",
    )
    assert main(["indicators", "--levels", str(levels), "--out", str(tmp_path / "o")]) == 0
    assert main(["validate", "--levels", str(levels)]) == 0
