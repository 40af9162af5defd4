"""Year status (final, sementara *, sangat sementara **) from the inputs to every output."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from ekraf import InputError, PdrbTable
from ekraf.cli import main


def _pdrb_with_status(examples: Path, folder: Path, status_2022: str) -> Path:
    lines = (examples / "pdrb.csv").read_text(encoding="utf-8").splitlines()
    out = [lines[0] + ",status"] + [ln + ("," + status_2022 if ",2022," in ln else ",") for ln in lines[1:]]
    path = folder / "pdrb.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_a_preliminary_year_is_marked_in_every_output(tmp_path: Path, examples: Path) -> None:
    pdrb = _pdrb_with_status(examples, tmp_path, "**")
    out = tmp_path / "out"
    args = ["compute", "--method", "ratio", "--pdrb", str(pdrb), "--establishments"]
    assert main([*args, str(examples / "establishments.csv"), "--out", str(out)]) == 0
    for name in ("levels.csv", "indicators.csv", "pdrb_indicators.csv"):
        with (out / name).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert {r["status"] for r in rows if r["year"] == "2022"} == {"sangat sementara"}, name
        assert {r["status"] for r in rows if r["year"] == "2021"} == {"final"}, name
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["year_status"] == "2022 sangat sementara (**)"
    sheet = openpyxl.load_workbook(out / "pdrb_ekraf.xlsx")["Laju Pertumbuhan"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "2022**" in cells
    assert "2021" in cells
    assert any("** Angka sangat sementara" in str(c) for c in cells)


def test_status_words_and_marks_are_accepted_and_one_status_per_year(tmp_path: Path, examples: Path) -> None:
    table = PdrbTable.from_file(_pdrb_with_status(examples, tmp_path, "angka sementara"))
    assert table.status == ((2022, "sementara"),)
    lines = (tmp_path / "pdrb.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].rsplit(",", 1)[0] + ",**"  # 2022 C ADHB now ** while the rest of 2022 is *
    (tmp_path / "pdrb.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="satu status per tahun") as err:
        PdrbTable.from_file(tmp_path / "pdrb.csv")
    assert err.value.issues[0].column == "status"
    lines[2] = lines[2].rsplit(",", 1)[0] + ",kira-kira"
    (tmp_path / "pdrb.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="status 'kira-kira' tidak dikenal") as err:
        PdrbTable.from_file(tmp_path / "pdrb.csv")
    assert err.value.issues[0].row == 3


def test_a_revision_lists_the_figures_that_changed(tmp_path: Path, examples: Path) -> None:
    est = str(examples / "establishments.csv")
    first = _pdrb_with_status(examples, tmp_path, "**")
    args = ["compute", "--method", "ratio", "--establishments", est, "--pdrb"]
    assert main([*args, str(first), "--out", str(tmp_path / "rilis1")]) == 0
    # next release: 2022 C ADHB revised from 1100 to 1120, the year now sementara (*)
    text = first.read_text(encoding="utf-8").replace("2022,C,ADHB,1100,", "2022,C,ADHB,1120,").replace(",**", ",*")
    second = tmp_path / "pdrb2.csv"
    second.write_text(text, encoding="utf-8")
    assert main([*args, str(second), "--out", str(tmp_path / "rilis2")]) == 0
    report = tmp_path / "revisi.csv"
    assert (
        main(
            [
                "revision",
                "--previous",
                str(tmp_path / "rilis1"),
                "--current",
                str(tmp_path / "rilis2"),
                "--out",
                str(report),
            ]
        )
        == 0
    )
    with report.open(encoding="utf-8") as handle:
        rows = {(r["table"], r["key"]): r for r in csv.DictReader(handle)}
    fsn = rows[("levels.csv", "Kota Contoh 2022 FSN ADHB")]
    assert "value=440.0" in fsn["previous"]
    assert "value=448.0" in fsn["current"]
    assert "sangat sementara" in fsn["previous"]
    assert "status=sementara" in fsn["current"]
    assert ("levels.csv", "Kota Contoh 2021 FSN ADHB") not in rows  # 2021 did not change
