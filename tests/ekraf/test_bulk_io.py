"""Bulk reading of level CSVs (DuckDB) and bulk CSV writing give what the row-by-row code gives."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import numpy as np
import pytest

from ekraf import InputError, PdrbTable
from ekraf._csvout import Labels, write_csv
from ekraf._tabular import read_level_columns, read_table

HEADER = "region,year,code,price_basis,value,unit"


def _rows() -> list[str]:
    rng = np.random.default_rng(5)
    out = []
    for region in ("Kota A", '"Kab. B, Utara"', " Kota C "):
        for year in (2019, 2020, 2021):
            for code in ("C", "i", "J", "TOTAL"):
                for basis in ("ADHB", "adhk 2010"):
                    value = float(rng.uniform(0, 1e6)) * (10.0 if code == "TOTAL" else 1.0)
                    text = f"{value:.6e}" if year == 2020 else repr(value)
                    out.append(f"{region},{year},{code},{basis},{text},miliar\n")
    return out


def _row_by_row(path: Path) -> PdrbTable:
    table = read_table(path, ("region", "year", "code", "price_basis", "value"), ("unit", "note"))
    rows = ((n, c["region"], c["year"], c["code"], c["price_basis"], c["value"], c.get("unit", "")) for n, c in table)
    return PdrbTable._from_rows(rows, source=table.file, row_offset=0)


def test_bulk_read_equals_row_by_row_read_in_any_row_order(tmp_path: Path) -> None:
    rows = _rows()
    random.Random(3).shuffle(rows)
    path = tmp_path / "pdrb.csv"
    path.write_text("\ufeff" + HEADER + "\n" + "".join(rows), encoding="utf-8")
    assert read_level_columns(path) is not None  # the bulk path is taken
    bulk, slow = PdrbTable.from_file(path), _row_by_row(path)
    assert bulk.regions == slow.regions == ("Kab. B, Utara", "Kota A", "Kota C")
    assert bulk.codes == slow.codes
    assert bulk.years == slow.years
    assert bulk.unit == slow.unit == "miliar rupiah"
    assert np.array_equal(bulk.values, slow.values, equal_nan=True)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("Kota A,2022,C,ADHB,1.234,5,juta", "kolom"),
        ("Kota A,2022,C,ADHB,-5,juta", "negative value"),
        ('Kota A,2022,C,ADHB,"1.234,5",juta', "pemisah desimal"),
        ("Kota A,2022,C,ADHB,inf,juta", "terhingga"),
        ("Kota A,20x2,C,ADHB,5,juta", "tahun"),
        ("Kota A,2022,Z9,ADHB,5,juta", "tidak dikenal"),
        ("Kota A,2022,C,ADHX,5,juta", "ADHB atau ADHK"),
        ("Kota A,2022,C,ADHB,5,kuintal", "satuan"),
        ("Kota A,2022,C,ADHB,5,triliun", "bercampur"),
        ("Kota A,2020,C,ADHB,7,juta", "baris ganda"),
        (",2022,C,ADHB,5,juta", "wilayah kosong"),
    ],
)
def test_any_problem_is_reported_by_the_row_reader_with_its_row(tmp_path: Path, bad: str, message: str) -> None:
    good = [f"Kota A,{y},C,{b},{v},juta\n" for y in (2020, 2021) for b, v in (("ADHB", 10), ("ADHK", 8))]
    path = tmp_path / "pdrb.csv"
    path.write_text(HEADER + "\n" + "".join(good) + bad + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        PdrbTable.from_file(path)
    assert any(i.row in (2, 6) or i.row is None for i in err.value.issues)


def test_what_the_row_reader_accepts_is_accepted_whichever_path_reads_it(tmp_path: Path) -> None:
    # "1_000" is a number to Python's float(); the bulk path leaves such a file to the row reader
    path = tmp_path / "pdrb.csv"
    path.write_text(f"{HEADER}\nKota A,2020,C,ADHB,1_000,juta\nKota A,2021,C,ADHB,1100,juta\n", encoding="utf-8")
    assert read_level_columns(path) is not None
    assert PdrbTable.from_file(path).get("Kota A", "ADHB", "C", 2020) == 1000.0


def test_bulk_csv_writer_quotes_and_formats_as_the_csv_module(tmp_path: Path) -> None:
    values = np.array([0.1, 1e-05, 1e16, 123456.0, 2.5e-320, 1 / 3])
    path = tmp_path / "out.csv"
    names = ("Kota A", 'Kab. "B", Utara', "")
    write_csv(path, {"region": Labels(names, np.array([0, 1, 2, 0, 1, 2])), "value": values})
    expected = tmp_path / "expected.csv"
    with expected.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["region", "value"])
        writer.writerows([names[i], repr(float(v))] for i, v in zip([0, 1, 2, 0, 1, 2], values, strict=True))
    assert path.read_bytes() == expected.read_bytes()
