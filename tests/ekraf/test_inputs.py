"""Every bad input is an error naming file, row, region, year and code."""

from __future__ import annotations

from pathlib import Path

import pytest

import ekraf
from ekraf import ClassificationError, EstablishmentAggregate, IdentityError, InputError, PdrbTable
from tests.ekraf.conftest import write

HEADER = "region,year,code,price_basis,value,unit"


def test_missing_year(tmp_path: Path) -> None:
    f = write(
        tmp_path / "pdrb.csv",
        f"{HEADER}\nKota A,2020,C,ADHB,10,juta\nKota A,2022,C,ADHB,12,juta\nKota A,2021,I,ADHB,5,juta\n"
        "Kota A,2020,I,ADHB,5,juta\nKota A,2022,I,ADHB,5,juta",
    )
    with pytest.raises(InputError) as err:
        PdrbTable.from_file(f)
    issue = err.value.issues[0]
    assert (issue.file, issue.region, issue.year, issue.code) == ("pdrb.csv", "Kota A", 2021, "C")
    assert "missing year" in str(err.value)


def test_unknown_code(tmp_path: Path) -> None:
    f = write(tmp_path / "pdrb.csv", f"{HEADER}\nKota A,2020,C.99,ADHB,10,juta\nKota A,2020,Z,ADHB,1,juta")
    with pytest.raises(InputError) as err:
        PdrbTable.from_file(f)
    assert [i.row for i in err.value.issues] == [2, 3]  # all problems collected, not only the first
    assert err.value.issues[0].code == "C.99"
    assert "unknown code" in err.value.issues[0].message


def test_mixed_units(tmp_path: Path) -> None:
    f = write(tmp_path / "pdrb.csv", f"{HEADER}\nKota A,2020,C,ADHB,10,juta rupiah\nKota A,2020,I,ADHB,1,miliar")
    with pytest.raises(InputError, match="mixed units"):
        PdrbTable.from_file(f)


def test_unknown_unit_and_basis(tmp_path: Path) -> None:
    f = write(tmp_path / "pdrb.csv", f"{HEADER}\nKota A,2020,C,ADHX,10,juta\nKota A,2020,I,ADHB,1,dolar")
    with pytest.raises(InputError) as err:
        PdrbTable.from_file(f)
    assert {i.column for i in err.value.issues} == {"price_basis", "unit"}


def test_negative_value(tmp_path: Path) -> None:
    f = write(tmp_path / "pdrb.csv", f"{HEADER}\nKota A,2020,C,ADHB,-10,juta")
    with pytest.raises(InputError, match="negative value") as err:
        PdrbTable.from_file(f)
    assert err.value.issues[0].row == 2
    assert err.value.issues[0].column == "value"


def test_comma_decimal_is_explained(tmp_path: Path) -> None:
    f = write(tmp_path / "pdrb.csv", f'{HEADER}\nKota A,2020,C,ADHB,"1.234,5",juta')
    with pytest.raises(InputError, match="titik sebagai pemisah desimal"):
        PdrbTable.from_file(f)


def test_duplicated_rows(tmp_path: Path) -> None:
    f = write(tmp_path / "pdrb.csv", f"{HEADER}\nKota A,2020,C,ADHB,10,juta\nKota A,2020,C,ADHB,11,juta")
    with pytest.raises(InputError, match="duplicated row") as err:
        PdrbTable.from_file(f)
    assert err.value.issues[0].row == 3
    assert "baris 2" in err.value.issues[0].message


def test_unknown_column(tmp_path: Path) -> None:
    f = write(tmp_path / "pdrb.csv", "region,year,code,price_basis,valeu\nKota A,2020,C,ADHB,10")
    with pytest.raises(InputError) as err:
        PdrbTable.from_file(f)
    assert "'valeu'" in err.value.report()
    assert "'value'" in err.value.report()


def test_subcategories_must_sum_to_category() -> None:
    recs = [ekraf.PdrbRecord("Kota A", 2020, "I", "ADHB", 100)]
    recs += [ekraf.PdrbRecord("Kota A", 2020, "I.1", "ADHB", 30), ekraf.PdrbRecord("Kota A", 2020, "I.2", "ADHB", 60)]
    recs.append(ekraf.PdrbRecord("Kota A", 2020, "TOTAL", "ADHB", 1000))
    pdrb = PdrbTable.from_records(recs)
    est = EstablishmentAggregate.from_records([ekraf.EstablishmentRecord("Kota A", "56101", 10, 4, year=2020)])
    with pytest.raises(IdentityError, match="subcategories do not sum") as err:
        ekraf.run_ratio(pdrb, est)
    assert err.value.issues[0].code == "I"


def test_ekraf_cannot_exceed_pdrb() -> None:
    recs = [ekraf.PdrbRecord("Kota A", 2020, "I", "ADHB", 100), ekraf.PdrbRecord("Kota A", 2020, "TOTAL", "ADHB", 50)]
    est = EstablishmentAggregate.from_records(
        [
            ekraf.EstablishmentRecord("Kota A", "56101", 10, 4, year=2020),
            ekraf.EstablishmentRecord("Kota A", "55110", 1, year=2020),  # a hotel: θ(KUL, I) = 6/7
        ]
    )
    with pytest.raises(IdentityError, match="exceeds PDRB"):
        ekraf.run_ratio(PdrbTable.from_records(recs), est)


def test_establishment_problems_located_in_csv(tmp_path: Path) -> None:
    f = write(
        tmp_path / "usaha.csv",
        "region,year,kbli,output,intermediate,workers,weight\n"
        "Kota A,2020,14111,100,50,3,1\n"
        "Kota A,2020,99999,100,50,3,1\n"
        "Kota A,2020,56101,-5,0,3,1\n"
        "Kota A,2020,56101,10,20,3,1\n"
        "Kota A,2020,56101,10,2,3,0",
    )
    with pytest.raises(InputError) as err:
        EstablishmentAggregate.from_file(f)
    rows = {(i.row, i.column) for i in err.value.issues}
    assert rows == {(3, "kbli"), (4, "output"), (5, "intermediate"), (6, "weight")}
    assert "not in KBLI 2020" in err.value.issues[0].message


def test_establishment_duplicated_id(tmp_path: Path) -> None:
    f = write(
        tmp_path / "usaha.csv",
        "region,year,kbli,output,establishment_id\nKota A,2020,14111,100,U1\nKota A,2020,14111,100,U1",
    )
    with pytest.raises(InputError, match="duplicated row"):
        EstablishmentAggregate.from_file(f)


def test_region_without_establishments() -> None:
    pdrb = PdrbTable.from_records([ekraf.PdrbRecord("Kota B", 2020, "TOTAL", "ADHB", 50)])
    est = EstablishmentAggregate.from_records(
        [
            ekraf.EstablishmentRecord("Kota A", "56101", 10, 4, year=2020),
            ekraf.EstablishmentRecord("Kota A", "55110", 1, year=2020),
        ]
    )
    with pytest.raises(InputError, match="no establishment data"):
        ekraf.run_ratio(pdrb, est)


MAP_HEADER = "kbli_code,kbli_version,judul,subsector_code,creative_share,basis,rule,confidence,source_url"


def test_mapping_bad_shares(tmp_path: Path) -> None:
    f = write(
        tmp_path / "map.csv",
        f"{MAP_HEADER}\n14111,2020,x,FSN,0.7,,,,\n14111,2020,x,KRY,0.5,,,,\n56101,2020,x,KUL,1.5,,,,",
    )
    with pytest.raises(ClassificationError) as err:
        ekraf.load_mapping(f)
    messages = " | ".join(str(i) for i in err.value.issues)
    assert "outside [0, 1]" in messages
    assert "sum to more than 1" in messages


def test_mapping_code_not_in_kbli_2020(tmp_path: Path) -> None:
    f = write(tmp_path / "map.csv", f"{MAP_HEADER}\n74194,2020,x,DKV,,,,,\n1411,2020,x,FSN,,,,,")
    with pytest.raises(ClassificationError, match="not in KBLI 2020") as err:
        ekraf.load_mapping(f)
    assert err.value.issues[0].row == 2
    assert err.value.issues[0].code == "74194"


def test_mapping_unknown_subsector_and_version(tmp_path: Path) -> None:
    f = write(tmp_path / "map.csv", f"{MAP_HEADER}\n14111,2020,x,XYZ,,,,,\n14112,2025,x,FSN,,,,,")
    with pytest.raises(ClassificationError) as err:
        ekraf.load_mapping(f)
    text = str(err.value) + err.value.report()
    assert "unknown subsector" in text
    assert "mixed KBLI versions" in text


def test_user_mapping_with_shares(tmp_path: Path) -> None:
    f = write(tmp_path / "map.csv", f"{MAP_HEADER}\n14111,2020,x,FSN,0.5,,,,\n14111,2020,x,KRY,0.25,,,,")
    mapping = ekraf.load_mapping(f, version="uji-1")
    assert not mapping.provisional
    assert mapping.version == "uji-1"
    assert dict(mapping.shares["14111"]) == {"FSN": 0.5, "KRY": 0.25}


def test_default_mapping_is_provisional_and_valid() -> None:
    mapping = ekraf.default_mapping()
    assert mapping.provisional
    assert len(mapping.entries) == 156
    assert "provisional" in mapping.label
    sixteen = mapping.to_subsector_list("16")
    assert {e.subsector_code for e in sixteen.entries} <= set(ekraf.subsector_list("16").codes)
    assert ekraf.convert_subsector_code("GAM", "17", "16") == "APG"
    with pytest.raises(ClassificationError):
        ekraf.convert_subsector_code("APG", "16", "17")


def test_xlsx_input(tmp_path: Path) -> None:
    ekraf.write_templates(tmp_path)
    pdrb = PdrbTable.from_file(tmp_path / "pdrb.xlsx")
    assert pdrb.unit == "miliar rupiah"
    assert "C" in pdrb.codes
    est = EstablishmentAggregate.from_file(tmp_path / "establishments.xlsx")
    assert sum(c.count for c in est.cells.values()) == 6


def test_bad_rows_deep_in_a_large_csv_are_located(tmp_path: Path) -> None:
    f = tmp_path / "besar.csv"
    lines = ["region,year,kbli,output,intermediate,workers,weight"]
    lines += [f"Kota {i % 7},2020,{'14111' if i % 2 else '56101'},100,40,2,1" for i in range(200_000)]
    lines[150_000] = "Kota 1,2020,14111,100,140,2,1"  # file row 150001: intermediate > output
    lines[180_000] = " ,2020,56101,100,40,2,1"  # file row 180001: blank region (a group key)
    lines[190_000] = "Kota 2,2020,12345,100,40,2,1"  # file row 190001: unknown KBLI code
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        EstablishmentAggregate.from_file(f)
    found = {(i.row, i.column, i.code) for i in err.value.issues}
    assert found == {(150_001, "intermediate", "14111"), (180_001, "region", "56101"), (190_001, "kbli", "12345")}
    assert next(i for i in err.value.issues if i.row == 150_001).region == "Kota 1"


def test_large_csv_aggregates_like_records(tmp_path: Path) -> None:
    f = tmp_path / "besar.csv"
    rows = [
        (f"Kota {i % 5}", "14111" if i % 3 else "56101", 10.0 + i % 11, float(i % 4), 1 + i % 2) for i in range(50_000)
    ]
    f.write_text(
        "region,year,kbli,output,intermediate,workers,weight\n"
        + "".join(f"{r},2020,{k},{o},{m},3,{w}\n" for r, k, o, m, w in rows),
        encoding="utf-8",
    )
    est = EstablishmentAggregate.from_file(f)
    ref = EstablishmentAggregate.from_records(
        ekraf.EstablishmentRecord(r, k, o, m, workers=3, weight=w, year=2020) for r, k, o, m, w in rows
    )
    assert est.cells.keys() == ref.cells.keys()
    for key, cell in ref.cells.items():
        assert est.cells[key].count == cell.count
        assert est.cells[key].ntb == pytest.approx(cell.ntb, rel=1e-12)
        assert est.cells[key].workers == pytest.approx(cell.workers, rel=1e-12)
