"""The guard's quick scan (plainly written sheets) finds what its general scan finds, refusal for refusal.

`ekraf.inspect_xlsx` reads a sheet written as Excel, LibreOffice and openpyxl write them (tags without a
namespace prefix, `r` the first attribute) with a few literal-led regex searches, reading every cell
reference only where the sheet reaches past what it has seen; anything else goes through the general
scan. Random sheets, mostly plain with the odd prefixed tag, cell without a reference, attribute out of
order, lower-case or zero-padded reference, formula and far cell, are inspected both ways, cut into
pieces of several sizes, under generous and tight limits: the shapes and refusals must be equal.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ekraf import _spreadsheet as spreadsheet


def _letters(n: int) -> str:
    text = ""
    while n:
        n, rem = divmod(n - 1, 26)
        text = chr(65 + rem) + text
    return text


def _sheet(rng: random.Random) -> bytes:
    prefix = "x:" if rng.random() < 0.1 else ""
    ns = ':x="' if prefix else '="'
    parts = [f'<{prefix}worksheet xmlns{ns}http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    if rng.random() < 0.5:
        parts.append(f'<{prefix}dimension ref="A1:{_letters(rng.randint(1, 40))}{rng.randint(1, 300)}"/>')
    parts.append(f"<{prefix}sheetData>")
    for r in range(1, rng.randint(0, 30) + 1):
        row = rng.choice([r, r, r, rng.randint(1, 500)])
        pick = rng.random()
        if pick < 0.03:
            parts.append(f"<{prefix}row>")
        elif pick < 0.06:
            parts.append(f'<{prefix}row spans="1:3" r="{row}">')
        elif pick < 0.08:
            parts.append(f"<{prefix}row r='{row}'>")
        else:
            parts.append(f'<{prefix}row r="{row}">')
        for c in range(rng.randint(0, 5)):
            letters = _letters(rng.choice([c + 1, c + 1, rng.randint(1, 800)]))
            letters = letters.lower() if rng.random() < 0.1 else letters
            at = rng.choice([row, row, row, rng.randint(1, 999)])
            zero = "0" if rng.random() < 0.05 else ""
            formula = f"<{prefix}f>1+1</{prefix}f>" if rng.random() < 0.02 else ""
            pick = rng.random()
            if pick < 0.03:
                parts.append(f"<{prefix}c>{formula}<{prefix}v>1</{prefix}v></{prefix}c>")
            elif pick < 0.06:
                parts.append(f'<{prefix}c t="n" r="{letters}{at}"/>')
            elif pick < 0.08:
                parts.append(f'<{prefix}c r="{letters}{zero}{at}x"/>')
            elif pick < 0.1:
                parts.append(f'<{prefix}c\tr="{letters}{at}"/>')
            else:
                parts.append(f'<{prefix}c r="{letters}{zero}{at}" t="n">{formula}<{prefix}v>1</{prefix}v></{prefix}c>')
        parts.append(f"</{prefix}row>")
    parts.append(f"</{prefix}sheetData></{prefix}worksheet>")
    return "".join(parts).encode()


def _inspect(path: Path, limits: spreadsheet.SpreadsheetLimits) -> Any:
    try:
        return spreadsheet.inspect_xlsx(path, limits)
    except spreadsheet.SpreadsheetRefused as exc:
        return (exc.reason, exc.params)


@pytest.mark.parametrize("seed", range(4))
def test_the_quick_scan_finds_what_the_general_scan_finds(tmp_path: Path, monkeypatch: Any, seed: int) -> None:
    rng = random.Random(seed)
    quick_scan = spreadsheet._scan_plain
    plain_pieces = 0

    def counting(work: bytes, extent: Any) -> bool | None:
        nonlocal plain_pieces
        found = quick_scan(work, extent)
        plain_pieces += found is not None
        return found

    for case in range(250):
        path = tmp_path / f"{seed}-{case}.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr("xl/worksheets/sheet1.xml", _sheet(rng))
        limits = spreadsheet.SpreadsheetLimits(
            max_rows=rng.choice([10**9, 300]),
            max_columns=rng.choice([10**9, 300]),
            max_cells=rng.choice([10**18, 9000]),
        )
        monkeypatch.setattr(spreadsheet, "SCAN_CHUNK", rng.choice([64, 200, 1 << 20]))
        monkeypatch.setattr(spreadsheet, "_scan_plain", counting)
        quick = _inspect(path, limits)
        monkeypatch.setattr(spreadsheet, "_scan_plain", lambda work, extent: None)
        general = _inspect(path, limits)
        assert quick == general, (case, quick, general)
    assert plain_pieces > 100  # the quick scan did the work on most pieces


def test_a_plain_sheet_is_scanned_without_the_general_scan(tmp_path: Path, monkeypatch: Any) -> None:
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{_letters(c)}{r}" t="n"><v>{c}</v></c>' for c in range(1, 22)) + "</row>"
        for r in range(1, 2001)
    )
    path = tmp_path / "plain.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet><dimension ref="A1:U2000"/><sheetData>{rows}</sheetData></worksheet>',
        )

    def general(*args: Any) -> None:
        raise AssertionError("the general scan read a plainly written sheet")

    monkeypatch.setattr(spreadsheet, "SCAN_CHUNK", 4096)
    monkeypatch.setattr(spreadsheet, "_scan_fast", general)
    monkeypatch.setattr(spreadsheet, "_scan_exact", general)
    cell_reads = []
    findall = spreadsheet._PLAIN_CELL_REFS

    class Counting:
        def findall(self, work: bytes) -> Any:
            cell_reads.append(len(work))
            return findall.findall(work)

    monkeypatch.setattr(spreadsheet, "_PLAIN_CELL_REFS", Counting())
    assert spreadsheet.inspect_xlsx(path) == spreadsheet.XlsxShape(rows=2000, columns=21, has_formulas=False)
    assert len(cell_reads) == 1  # every cell reference read in the first piece only; later pieces are searched
