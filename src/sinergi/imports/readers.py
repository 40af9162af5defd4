"""Safe readers for uploaded tables: XLSX (python-calamine, or openpyxl read-only) and CSV.

Everything here runs before a single row is validated and raises `FileRejected` with a message (gettext:
Indonesian, or English for an English-speaking uploader) that tells the user what to do. Checks, in order:

- size: over `SINERGI_MAX_IMPORT_BYTES` is refused before the file is opened;
- XLSX: it must be a ZIP with `xl/workbook.xml` (an old .xls, a CSV or a PDF renamed to .xlsx is named as
  such); the ZIP's declared uncompressed sizes are checked BEFORE parsing (zip bomb): more than
  `MAX_UNCOMPRESSED_BYTES` in total, or expanding more than `MAX_EXPANSION_RATIO` times its compressed
  size, is refused. The declared sizes bound what `zipfile` will ever inflate, so they can be trusted;
- CSV: UTF-8 (with or without BOM) is read as is; a file that is not UTF-8 but decodes as Windows-1252
  (Excel's "CSV (dipisah koma)" on Windows) is read as Windows-1252 WITH A NOTICE shown in the preview,
  so the user checks accented letters before committing; anything else is refused with instructions.
  A semicolon separator (Excel's default where the decimal mark is a comma, as in Indonesia) is
  detected from the header line and accepted, again with a notice.

XLSX engines: a workbook without formulas is read with python-calamine (a Rust reader, about 8× faster
than openpyxl on a 100,000-row file; docs/decisions/0004-xlsx-reader-and-bulk-insert.md); its values are brought to what
openpyxl gives (empty cells None, whole numbers int, dates datetime), and a test reads the same files
with both engines. Formulas are not refused here but per cell by the pipeline (row and column in the
message): a workbook with any formula element (`<f>` in a worksheet's XML, found by a streaming scan) is
read with openpyxl, whose `data_only=False` gives a formula cell's formula, which starts with '='.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from ekraf import DEFAULT_SPREADSHEET_LIMITS as DEFAULT_LIMITS
from ekraf import SpreadsheetLimits, SpreadsheetRefused, XlsxShape
from ekraf import inspect_xlsx as guard_xlsx

MAX_EXPANSION_RATIO = DEFAULT_LIMITS.max_expansion_ratio
MAX_UNCOMPRESSED_BYTES = DEFAULT_LIMITS.max_uncompressed_bytes
# Below this, expansion cannot hurt: small files with very repetitive XML are not flagged.
RATIO_FLOOR_BYTES = DEFAULT_LIMITS.ratio_floor_bytes
MAX_ROWS = DEFAULT_LIMITS.max_rows
MAX_COLUMNS = DEFAULT_LIMITS.max_columns
MAX_CELLS = DEFAULT_LIMITS.max_cells
HEADER_SEARCH_ROWS = 10
CSV_FIELD_LIMIT = 1024 * 1024


class FileRejected(Exception):
    """The file as a whole cannot be read; nothing is validated or stored."""

    def __init__(self, message: str, *, code: str = "rejected") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class Formula(str):
    """A cell that a spreadsheet would compute (`=…`), as its formula text; never a value. In XLSX only a
    formula cell is one (a text cell may start with '=', e.g. one Sinergi exported with Excel's quote
    prefix); in CSV, which has no cell types, any field starting with '=' is one."""

    __slots__ = ()


@dataclass
class Table:
    """A header row and the rows below it. `rows` yields (row number as the spreadsheet shows it, values)."""

    headers: list[str]
    header_row: int
    rows: Iterator[tuple[int, Sequence[Any]]]
    sheet: str = ""
    notices: list[str] = field(default_factory=list)
    estimated_rows: int = 0
    close: Any = None


def max_import_bytes() -> int:
    return int(getattr(settings, "SINERGI_MAX_IMPORT_BYTES", 25 * 1024 * 1024))


def human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def check_size(size: int) -> None:
    limit = max_import_bytes()
    if size > limit:
        raise FileRejected(
            _("Berkas terlalu besar (%(size)s); batasnya %(limit)s. Bagi data menjadi beberapa berkas.")
            % {"size": human_size(size), "limit": human_size(limit)},
            code="too_large",
        )
    if size == 0:
        raise FileRejected(_("Berkas kosong."), code="empty")


def format_of(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix in {".xlsx", ".csv"}:
        return suffix[1:]
    raise FileRejected(
        _("Jenis berkas '%(type)s' tidak diterima: unggah .xlsx atau .csv (gunakan templat).")
        % {"type": suffix or filename},
        code="bad_type",
    )


# ---------------------------------------------------------------- XLSX


def _describe_non_zip(content: str) -> str:
    return {
        "xls": _("berkas Excel lama (.xls) atau berkas terenkripsi/berkata sandi"),
        "pdf": _("berkas PDF"),
        "text": _("berkas teks (mungkin CSV)"),
    }.get(content, _("berkas yang tidak dikenali"))


def spreadsheet_limits() -> SpreadsheetLimits:
    """The guard's limits: the engine's defaults, with this module's constants (tests lower them)."""
    return replace(
        DEFAULT_LIMITS,
        max_uncompressed_bytes=MAX_UNCOMPRESSED_BYTES,
        max_expansion_ratio=MAX_EXPANSION_RATIO,
        ratio_floor_bytes=RATIO_FLOOR_BYTES,
        max_rows=MAX_ROWS,
        max_columns=MAX_COLUMNS,
        max_cells=MAX_CELLS,
    )


def _int(value: object) -> int:
    if not isinstance(value, int):
        raise TypeError(value)
    return value


def _count(value: object) -> str:
    """A count as Indonesian writes it: 1.048.576."""
    return f"{_int(value):,}".replace(",", ".")


def refusal_message(refused: SpreadsheetRefused) -> str:
    """The guard's refusal in the user's language, naming the limit that was passed."""
    p = refused.params
    if refused.reason == "not_xlsx":
        return _(
            "Berkas ini bukan XLSX meskipun namanya .xlsx: isinya %(content)s. Buka di Excel/LibreOffice lalu "
            "simpan sebagai 'Excel Workbook (.xlsx)', atau gunakan templat."
        ) % {"content": _describe_non_zip(str(p.get("content")))}
    if refused.reason == "not_workbook":
        return _("Berkas ini arsip ZIP, bukan buku kerja XLSX. Simpan sebagai 'Excel Workbook (.xlsx)'.")
    if refused.reason == "zip_bomb":
        return _(
            "Berkas ditolak: isinya mengembang menjadi %(uncompressed)s dari %(compressed)s (batas %(ratio)s× "
            "dan %(limit)s); kemungkinan 'zip bomb'. Jika ini data asli, bagi menjadi beberapa berkas."
        ) % {
            "uncompressed": human_size(_int(p["uncompressed"])),
            "compressed": human_size(_int(p["compressed"])),
            "ratio": p["ratio"],
            "limit": human_size(_int(p["limit"])),
        }
    if refused.reason == "too_many_rows":
        return _(
            "Berkas ditolak: lembar '%(sheet)s' mencapai baris %(rows)s, melebihi batas %(limit)s baris. Hapus "
            "baris kosong atau berformat di bawah data, atau bagi menjadi beberapa berkas."
        ) % {
            "sheet": p["sheet"],
            "rows": _count(p["rows"]),
            "limit": _count(p["limit"]),
        }
    if refused.reason == "too_many_columns":
        return _(
            "Berkas ditolak: lembar '%(sheet)s' mencapai kolom ke-%(columns)s, melebihi batas %(limit)s kolom. "
            "Hapus kolom kosong atau berformat di kanan data."
        ) % {"sheet": p["sheet"], "columns": p["columns"], "limit": p["limit"]}
    if refused.reason == "too_many_cells":
        return _(
            "Berkas ditolak: lembar '%(sheet)s' mencakup %(rows)s baris × %(columns)s kolom, melebihi batas "
            "%(limit)s sel. Hapus baris dan kolom kosong di sekitar data, atau bagi menjadi beberapa berkas."
        ) % {
            "sheet": p["sheet"],
            "rows": _count(p["rows"]),
            "columns": p["columns"],
            "limit": _count(p["limit"]),
        }
    if refused.reason == "utf16":
        return _utf16_message()
    if refused.reason == "nul":
        return _nul_message(_int(p["row"]))
    if refused.reason == "encoding":
        return _(
            "Baris %(row)s berkas CSV bukan teks UTF-8. Di Excel pilih 'Simpan Sebagai' → 'CSV UTF-8 (dipisah "
            "koma)', atau unggah .xlsx."
        ) % {"row": p["row"]}
    if refused.reason == "unreadable":
        return _("Berkas XLSX rusak dan tidak dapat dibaca. Simpan ulang dari Excel/LibreOffice, atau gunakan templat.")
    raise ValueError(f"no message for the spreadsheet guard's reason {refused.reason!r}")


def inspect_xlsx(path: Path) -> XlsxShape:
    """Refuse what is not a real XLSX, zip bombs and oversized sheets before any reader sees the file
    (`ekraf.inspect_xlsx`, the one guard of every spreadsheet read)."""
    try:
        return guard_xlsx(path, spreadsheet_limits())
    except SpreadsheetRefused as exc:
        code = {"not_workbook": "not_xlsx"}.get(exc.reason, exc.reason)
        raise FileRejected(refusal_message(exc), code=code) from exc


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _header_score(values: Sequence[Any], expected: set[str]) -> int:
    return sum(1 for v in values if normalise_header(_cell_text(v)) in expected)


def normalise_header(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").split())


# "auto": calamine unless the workbook has formulas; "openpyxl": always openpyxl (tests run both).
XLSX_ENGINE = "auto"


def has_formulas(path: Path) -> bool:
    """Whether any worksheet of the workbook holds a formula (the guard's streaming scan)."""
    return inspect_xlsx(path).has_formulas


def read_xlsx(path: Path, *, expected_headers: Sequence[str]) -> Table:
    shape = inspect_xlsx(path)
    if XLSX_ENGINE == "auto" and not shape.has_formulas:
        return _read_xlsx_calamine(path, expected_headers=expected_headers)
    return _read_xlsx_openpyxl(path, expected_headers=expected_headers)


_MAX_EXACT_FLOAT = 2**53


def _calamine_value(value: Any) -> Any:
    """A value as openpyxl gives it: empty → None, a whole number → int, a date → datetime at midnight."""
    if value == "" and isinstance(value, str):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < _MAX_EXACT_FLOAT:
        return int(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.datetime(value.year, value.month, value.day)  # noqa: DTZ001 -- spreadsheet dates are naive
    return value


def _unreadable() -> FileRejected:
    return FileRejected(
        _(
            "Berkas XLSX tidak dapat dibaca (rusak atau bukan dari Excel/LibreOffice). Simpan ulang, atau gunakan "
            "templat."
        ),
        code="unreadable",
    )


def _read_xlsx_calamine(path: Path, *, expected_headers: Sequence[str]) -> Table:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = [m.name for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    except Exception as exc:
        raise _unreadable() from exc

    def candidates() -> Iterator[tuple[Any, Iterator[Sequence[Any]]]]:
        for name in names:
            sheet = workbook.get_sheet_by_name(name)
            pad = [None] * (sheet.start[1] if sheet.start else 0)
            first = islice(sheet.iter_rows(), HEADER_SEARCH_ROWS)
            yield sheet, ([*pad, *(_calamine_value(v) for v in values)] for values in first)

    sheet, header_row, headers = _find_headers(candidates(), expected_headers, workbook.close)
    width = len(headers)
    pad = [None] * (sheet.start[1] if sheet.start else 0)

    def rows() -> Iterator[tuple[int, Sequence[Any]]]:
        for number, raw in enumerate(sheet.iter_rows(), start=1):
            if number <= header_row:
                continue
            values = [*pad, *(_calamine_value(v) for v in raw)]
            yield _fit(number, values, width)

    last_row = sheet.end[0] + 1 if sheet.end else header_row
    return Table(
        headers=headers,
        header_row=header_row,
        rows=rows(),
        sheet=sheet.name,
        estimated_rows=max(0, last_row - header_row),
        close=workbook.close,
    )


def _find_headers(
    candidates: Iterable[tuple[Any, Iterable[Sequence[Any]]]], expected_headers: Sequence[str], close: Any
) -> tuple[Any, int, list[str]]:
    """The sheet and row (within each sheet's first rows) that hold the most expected headers, and those
    headers as written (trailing empty cells dropped). Closes the workbook before refusing the file."""
    expected = {normalise_header(h) for h in expected_headers}
    best: tuple[int, Any, int, list[str]] | None = None
    try:
        for sheet, first_rows in candidates:
            for index, values in enumerate(first_rows, start=1):
                score = _header_score(values, expected)
                if score and (best is None or score > best[0]):
                    headers = [_cell_text(v) for v in values]
                    while headers and not headers[-1]:
                        headers.pop()
                    best = (score, sheet, index, headers)
    except Exception as exc:
        close()
        raise FileRejected(
            _("Lembar kerja dalam berkas XLSX rusak dan tidak dapat dibaca."), code="unreadable"
        ) from exc
    if best is None:
        close()
        raise _no_headers(expected_headers)
    return best[1], best[2], best[3]


def _no_headers(expected_headers: Sequence[str]) -> FileRejected:
    return FileRejected(
        _(
            "Tidak ditemukan baris judul kolom yang dikenali di lembar mana pun. Baris pertama harus berisi judul "
            "kolom templat, misalnya: %(headers)s, …"
        )
        % {"headers": ", ".join(list(expected_headers)[:5])},
        code="headers",
    )


def _fit(number: int, values: Sequence[Any], width: int) -> tuple[int, Sequence[Any]]:
    """The row cut or padded to the header's width; data beyond the titled columns is refused."""
    if len(values) > width and any(v not in (None, "") for v in values[width:]):
        raise FileRejected(
            _(
                "Baris %(row)s berisi data di luar kolom berjudul (kolom ke-%(column)s dan seterusnya). Beri judul "
                "kolom itu atau hapus isinya."
            )
            % {"row": number, "column": width + 1},
            code="extra_cells",
        )
    return number, values[:width] if len(values) >= width else (*values, *([None] * (width - len(values))))


def _read_xlsx_openpyxl(path: Path, *, expected_headers: Sequence[str]) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:
        raise _unreadable() from exc
    sheet, header_row, headers = _find_headers(
        ((sheet, sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)) for sheet in workbook.worksheets),
        expected_headers,
        workbook.close,
    )
    width = len(headers)

    def rows() -> Iterator[tuple[int, Sequence[Any]]]:
        for number, cells in enumerate(sheet.iter_rows(min_row=header_row + 1), start=header_row + 1):
            values = [Formula(c.value) if c.data_type == "f" else c.value for c in cells]
            yield _fit(number, values, width)

    return Table(
        headers=headers,
        header_row=header_row,
        rows=rows(),
        sheet=sheet.title,
        estimated_rows=max(0, (sheet.max_row or 0) - header_row),
        close=workbook.close,
    )


# ---------------------------------------------------------------- CSV


def _utf16_message() -> str:
    return _(
        "Berkas CSV ini berenkode UTF-16, yang tidak diterima. Di Excel pilih 'Simpan Sebagai' → "
        "'CSV UTF-8 (dipisah koma)', atau unggah .xlsx."
    )


def _nul_message(row: int) -> str:
    return _(
        "Berkas CSV berisi karakter NUL (bita 0) di baris %(row)s, yang tidak ada dalam teks biasa: berkas "
        "rusak atau bukan CSV. Buka di Excel/LibreOffice, periksa baris itu, lalu simpan ulang sebagai "
        "'CSV UTF-8 (dipisah koma)', atau unggah .xlsx."
    ) % {"row": row}


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 text has a BOM, or (mostly ASCII without one) a NUL in every other byte."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = raw[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > len(even) * 0.4 or odd.count(0) > len(odd) * 0.4


def _decode(raw: bytes) -> tuple[str, list[str]]:
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif _looks_utf16(raw):
        raise FileRejected(_utf16_message(), code="encoding")
    if (nul := raw.find(b"\x00")) != -1:
        raise FileRejected(_nul_message(raw.count(b"\n", 0, nul) + 1), code="nul")
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileRejected(
            _(
                "Enkode berkas CSV tidak dikenali (bukan UTF-8 maupun Windows-1252). Di Excel pilih "
                "'Simpan Sebagai' → 'CSV UTF-8 (dipisah koma)', atau unggah .xlsx."
            ),
            code="encoding",
        ) from exc
    return text, [
        _(
            "Berkas CSV ini bukan UTF-8; dibaca sebagai Windows-1252 (ANSI, bawaan Excel di Windows). Periksa "
            "huruf beraksen di pratinjau sebelum menyimpan. Lain kali pilih 'CSV UTF-8 (dipisah koma)'."
        )
    ]


def _sniff_delimiter(first_line: str) -> tuple[str, list[str]]:
    counts = dict.fromkeys(",;\t", 0)
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    if counts[";"] > counts[","] and counts[";"] >= counts["\t"]:
        return ";", [_("Pemisah kolom titik koma (;) terdeteksi dan diterima.")]
    if counts["\t"] > counts[","]:
        return "\t", [_("Pemisah kolom tab terdeteksi dan diterima.")]
    return ",", []


def read_csv(path: Path, *, expected_headers: Sequence[str]) -> Table:
    text, notices = _decode(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter, more = _sniff_delimiter(first_line)
    notices += more
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    expected = {normalise_header(h) for h in expected_headers}
    header_row = 0
    headers: list[str] = []
    try:
        for header_row, values in enumerate(reader, start=1):
            if _header_score(values, expected):
                headers = [v.strip() for v in values]
                break
            if header_row >= HEADER_SEARCH_ROWS:
                break
    except csv.Error as exc:
        raise FileRejected(_("Berkas CSV tidak dapat dibaca: %(error)s.") % {"error": exc}, code="unreadable") from exc
    if not headers:
        raise FileRejected(
            _(
                "Tidak ditemukan baris judul kolom yang dikenali. Baris pertama harus berisi judul kolom templat, "
                "misalnya: %(headers)s, …"
            )
            % {"headers": ", ".join(list(expected_headers)[:5])},
            code="headers",
        )
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    total_lines = text.count("\n")

    def rows() -> Iterator[tuple[int, Sequence[Any]]]:
        number = header_row
        try:
            for values in reader:
                # A quoted field may span lines; the spreadsheet's row is the record count, not the line.
                number += 1
                if len(values) > width and any(v.strip() for v in values[width:]):
                    raise FileRejected(
                        _(
                            "Baris %(row)s berisi lebih banyak kolom (%(columns)s) daripada judul (%(headers)s). "
                            "Periksa pemisah kolom dan tanda kutip."
                        )
                        % {"row": number, "columns": len(values), "headers": width},
                        code="extra_cells",
                    )
                cells = [Formula(v) if v.startswith("=") else v for v in values]
                yield number, (cells + [""] * (width - len(cells)))[:width]
        except csv.Error as exc:
            raise FileRejected(
                _("Berkas CSV rusak setelah baris %(row)s: %(error)s.") % {"row": number, "error": exc},
                code="unreadable",
            ) from exc

    return Table(
        headers=headers,
        header_row=header_row,
        rows=rows(),
        notices=notices,
        estimated_rows=max(0, total_lines - header_row),
    )


def open_table(path: Path, *, file_format: str, expected_headers: Sequence[str]) -> Table:
    check_size(path.stat().st_size)
    if file_format == "xlsx":
        return read_xlsx(path, expected_headers=expected_headers)
    return read_csv(path, expected_headers=expected_headers)
