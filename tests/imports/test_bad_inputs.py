"""Every bad input of the import: a clear message (row and column where it applies), nothing stored."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from sinergi.imports import readers
from sinergi.imports.models import ImportJob, JobStatus
from sinergi.registry.models import Actor, ContactPerson
from tests.factories import make_actor

from .factories import HEADERS, csv_bytes, good_row, xlsx_bytes


@pytest.fixture
def stored(db: Any) -> dict[str, int]:
    make_actor(name="Sudah Ada", nib="9129999999999")
    return {"actors": Actor.objects.count(), "contacts": ContactPerson.objects.count()}


def assert_nothing_changed(stored: dict[str, int]) -> None:
    assert Actor.objects.count() == stored["actors"]
    assert ContactPerson.objects.count() == stored["contacts"]


def errors_of(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in job.errors]


def test_wrong_and_missing_headers(run_upload: Any, stored: dict[str, int]) -> None:
    headers = [h for h in HEADERS if h != "kode_kelurahan"] + ["kelurahan"]
    job = run_upload(xlsx_bytes([good_row()], headers=headers))
    assert job.status == JobStatus.INVALID
    assert "kolom hilang: kode_kelurahan" in job.message
    assert "judul kolom tidak dikenal: kelurahan" in job.message
    assert_nothing_changed(stored)


def test_header_row_not_found(run_upload: Any, stored: dict[str, int]) -> None:
    job = run_upload(xlsx_bytes([{"a": 1}], headers=["a", "b"]))
    assert job.status == JobStatus.INVALID
    assert "judul kolom" in job.message
    assert_nothing_changed(stored)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"nama_usaha,jenis_pelaku\nA,perorangan\n", "bukan XLSX meskipun namanya .xlsx: isinya berkas teks"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "berkas Excel lama (.xls)"),
        (b"%PDF-1.7\n" + b"\x00" * 100, "berkas PDF"),
        (b"PK\x03\x04broken zip", "rusak"),
    ],
)
def test_non_xlsx_named_xlsx(run_upload: Any, stored: dict[str, int], content: bytes, expected: str) -> None:
    job = run_upload(content)
    assert job.status == JobStatus.INVALID
    assert expected in job.message
    assert_nothing_changed(stored)


def test_zip_without_workbook(run_upload: Any, stored: dict[str, int]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("foto.txt", "bukan buku kerja")
    job = run_upload(buffer.getvalue())
    assert "arsip ZIP, bukan buku kerja XLSX" in job.message
    assert_nothing_changed(stored)


def _bomb(size: int) -> bytes:
    """A real workbook whose sheet XML is padded with `size` bytes of whitespace (compresses ~1000×)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([good_row()])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * size)
            archive.writestr(info.filename, data)
    return buffer.getvalue()


def test_zip_bomb_by_ratio(run_upload: Any, stored: dict[str, int]) -> None:
    content = _bomb(8 * 1024 * 1024)
    assert len(content) < 100 * 1024
    job = run_upload(content)
    assert job.status == JobStatus.INVALID
    assert "zip bomb" in job.message
    assert_nothing_changed(stored)


def test_zip_bomb_by_absolute_size(run_upload: Any, stored: dict[str, int], monkeypatch: Any) -> None:
    # The same check with a lower ceiling, so the test need not inflate 200 MB.
    monkeypatch.setattr(readers, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    monkeypatch.setattr(readers, "MAX_EXPANSION_RATIO", 10_000)
    job = run_upload(_bomb(2 * 1024 * 1024))
    assert "zip bomb" in job.message
    assert_nothing_changed(stored)


def test_file_over_the_size_limit(staff_client: Any, stored: dict[str, int], settings: Any) -> None:
    settings.SINERGI_MAX_IMPORT_BYTES = 2000
    from .factories import upload

    response = staff_client.post("/impor/pelaku/", {"file": upload(xlsx_bytes([good_row(i) for i in range(50)]))})
    assert response.status_code == 400
    assert "Berkas terlalu besar" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert_nothing_changed(stored)


def test_wrong_extension(staff_client: Any, stored: dict[str, int]) -> None:
    from .factories import upload

    response = staff_client.post("/impor/pelaku/", {"file": upload(b"data", "pelaku.xls")})
    assert response.status_code == 400
    assert "tidak diterima: unggah .xlsx atau .csv" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_formula_cells(run_upload: Any, stored: dict[str, int]) -> None:
    job = run_upload(xlsx_bytes([good_row(1), good_row(2)], formulas={(1, "modal_usaha"): "=1000*1000"}))
    assert job.status == JobStatus.INVALID
    assert (3, "modal_usaha", "Sel berisi rumus; rumus tidak diterima. Ketik nilainya saja.") in errors_of(job)
    assert_nothing_changed(stored)


def test_text_starting_with_equals_exported_by_sinergi_imports_back(
    run_upload: Any, run_commit: Any, stored: dict[str, int]
) -> None:
    """An exported cell of text that starts with '=' is text with Excel's quote prefix, not a formula: the
    file imports back with the text as it was (a formula cell in the same workbook is still refused)."""
    from sinergi.imports import exports

    row = good_row(1, nama_usaha="=Kreasi Tanpa Batas")
    handle = io.BytesIO()
    exports.write_xlsx(handle, list(HEADERS), [[row.get(h) for h in HEADERS]])
    job = run_commit(run_upload(handle.getvalue()))
    assert job.status == JobStatus.COMMITTED, (job.message, job.errors)
    assert Actor.objects.filter(name="=Kreasi Tanpa Batas").exists()


def test_empty_row_in_the_middle(run_upload: Any, stored: dict[str, int]) -> None:
    job = run_upload(xlsx_bytes([good_row(1), None, good_row(2), None, None]))
    assert job.status == JobStatus.INVALID
    # Row 3 is empty between data; the trailing empty rows 5 and 6 are ignored.
    assert errors_of(job) == [(3, "", "Baris kosong di tengah data; hapus baris ini.")]
    assert_nothing_changed(stored)


def test_no_data_rows(run_upload: Any, stored: dict[str, int]) -> None:
    job = run_upload(xlsx_bytes([]))
    assert job.message == "Berkas tidak berisi baris data di bawah judul kolom."
    assert_nothing_changed(stored)


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        ({"nib": "12345"}, "nib", "NIB harus 13 angka."),
        ({"nik_narahubung": "3276011399900001"}, "nik_narahubung", "NIK tidak sah: tanggal lahir"),
        ({"nik_narahubung": "12345"}, "nik_narahubung", "NIK harus 16 angka."),
        (
            {"nik_narahubung": "3276994506900001"},
            "nik_narahubung",
            "kode kecamatan 99 (digit 5–6) tidak ada di Kota Depok",
        ),
        ({"nik_narahubung": "9976014506900001"}, "nik_narahubung", "kode provinsi 99 (digit 1–2) tidak ada"),
        ({"npwp": "0123456789012345"}, "npwp", "NPWP tidak sah: digit pemeriksa tidak cocok."),
        ({"kbli_utama": "1411"}, "kbli_utama", "KBLI harus 5 angka"),
        ({"kbli_utama": "99999"}, "kbli_utama", "Kode KBLI 99999 tidak ada dalam KBLI 2020."),
        ({"kbli_lain": "14111;00000"}, "kbli_lain", "Kode KBLI 00000 tidak ada dalam KBLI 2020."),
        ({"kode_kelurahan": "32.76.01.9999"}, "kode_kelurahan", "Kode kelurahan 32.76.01.9999 tidak ada dalam tabel"),
        ({"kode_kelurahan": "Curug"}, "kode_kelurahan", "'Curug' bukan kode kelurahan Kemendagri"),
        ({"modal_usaha": -5000}, "modal_usaha", "Nilai uang tidak boleh negatif."),
        ({"omzet_tahunan": "lima juta"}, "omzet_tahunan", "'lima juta' bukan nilai uang"),
        ({"nama_usaha": ""}, "nama_usaha", "Wajib diisi."),
        ({"jenis_pelaku": "koperasi"}, "jenis_pelaku", "tidak dikenal; isi perorangan atau badan_usaha"),
        ({"jenis_pelaku": "_"}, "jenis_pelaku", "tidak dikenal; isi perorangan atau badan_usaha"),
        ({"telepon_narahubung": "12"}, "telepon_narahubung", "Nomor telepon harus 8–15 angka"),
        ({"persetujuan_narahubung": "tidak"}, "persetujuan_narahubung", "hanya boleh disimpan dengan persetujuannya"),
        ({"tahun_angka": None}, "tahun_angka", "Wajib diisi bila modal_usaha atau omzet_tahunan diisi."),
        ({"dibina_oleh": "DINAS ANTAH"}, "dibina_oleh", "Perangkat daerah 'DINAS ANTAH' tidak dikenal"),
    ],
)
def test_invalid_cells(
    run_upload: Any, stored: dict[str, int], overrides: dict[str, Any], column: str, message: str
) -> None:
    job = run_upload(xlsx_bytes([good_row(1), good_row(2, **overrides)]))
    assert job.status == JobStatus.INVALID
    assert job.rows_invalid == 1
    assert any(row == 3 and col == column and message in text for row, col, text in errors_of(job)), job.errors
    assert_nothing_changed(stored)


def test_nik_typed_as_a_number_is_explained(run_upload: Any, stored: dict[str, int]) -> None:
    job = run_upload(xlsx_bytes([good_row(1, nik_narahubung=3276014508900000)]))
    assert any("format kolom sebagai Teks" in e["message"] for e in job.errors)
    assert_nothing_changed(stored)


def test_duplicate_nib_within_the_file(run_upload: Any, stored: dict[str, int]) -> None:
    job = run_upload(xlsx_bytes([good_row(1), good_row(2), good_row(3, nib=good_row(1)["nib"])]))
    assert errors_of(job) == [
        (4, "nib", f"NIB {good_row(1)['nib']} sudah dipakai di baris 2 berkas ini; satu NIB untuk satu usaha.")
    ]
    assert_nothing_changed(stored)


def test_duplicate_nib_against_the_database(run_upload: Any, stored: dict[str, int]) -> None:
    job = run_upload(xlsx_bytes([good_row(1), good_row(2, nib="9129999999999")]))
    assert errors_of(job) == [
        (3, "nib", "NIB 9129999999999 sudah terdaftar pada profil 'Sudah Ada'; satu NIB untuk satu usaha.")
    ]
    assert_nothing_changed(stored)


def test_headers_as_written_are_reported(run_upload: Any, stored: dict[str, int]) -> None:
    headers = [h.upper() if h == "nib" else h for h in HEADERS]
    row = good_row(1, nib="123")
    row["NIB"] = row.pop("nib")
    job = run_upload(xlsx_bytes([row], headers=headers))
    assert errors_of(job)[0][:2] == (2, "NIB")
    assert_nothing_changed(stored)


# ---------------------------------------------------------------- CSV


def test_csv_windows_1252_is_read_with_a_notice(run_upload: Any, run_commit: Any, stored: dict[str, int]) -> None:
    job = run_upload(csv_bytes([good_row(1, nama_usaha="Café Batik Señora")], encoding="cp1252"), "pelaku.csv")
    assert job.status == JobStatus.VALIDATED, (job.message, job.errors)
    assert any("Windows-1252" in n for n in job.notices)
    run_commit(job)
    assert Actor.objects.filter(name="Café Batik Señora").exists()


def test_csv_in_an_unknown_encoding_is_refused(run_upload: Any, stored: dict[str, int]) -> None:
    content = csv_bytes([good_row(1)]) + b"\x81\x8d\x90\n"
    job = run_upload(content, "pelaku.csv")
    assert job.status == JobStatus.INVALID
    assert "Enkode berkas CSV tidak dikenali" in job.message
    assert "CSV UTF-8" in job.message
    assert_nothing_changed(stored)


def test_csv_utf16_is_refused_with_instructions(run_upload: Any, stored: dict[str, int]) -> None:
    job = run_upload(csv_bytes([good_row(1)], encoding="utf-16"), "pelaku.csv")
    assert "UTF-16" in job.message
    assert_nothing_changed(stored)


def test_csv_with_semicolons_is_read_with_a_notice(run_upload: Any, run_commit: Any, stored: dict[str, int]) -> None:
    job = run_upload(csv_bytes([good_row(1, kbli_lain="13134;47711")], delimiter=";"), "pelaku.csv")
    assert job.status == JobStatus.VALIDATED, (job.message, job.errors)
    assert any("titik koma" in n for n in job.notices)
    run_commit(job)
    actor = Actor.objects.get(nib=good_row(1)["nib"])
    assert sorted(actor.other_kbli.values_list("code", flat=True)) == ["13134", "47711"]


def test_csv_utf8_with_bom(run_upload: Any, stored: dict[str, int]) -> None:
    job = run_upload(csv_bytes([good_row(1)], encoding="utf-8-sig"), "pelaku.csv")
    assert job.status == JobStatus.VALIDATED
    assert job.notices == []


def test_csv_formula_and_extra_columns(run_upload: Any, stored: dict[str, int]) -> None:
    job = run_upload(csv_bytes([good_row(1, nama_usaha='=HYPERLINK("http://x")')]), "pelaku.csv")
    assert (2, "nama_usaha", "Sel berisi rumus; rumus tidak diterima. Ketik nilainya saja.") in errors_of(job)
    content = csv_bytes([good_row(1)]).replace(b"\r\n", b",lebih\r\n", 2).split(b"\r\n", 1)
    job = run_upload(content[0].replace(b",lebih", b"") + b"\r\n" + content[1], "pelaku.csv")
    assert "lebih banyak kolom" in job.message
    assert_nothing_changed(stored)
