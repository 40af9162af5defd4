"""Every kind of bad upload is shown by row and column, and nothing invalid can be used by a run."""

from __future__ import annotations

import pytest

from sinergi.core.errors import ServiceError
from sinergi.statistics import services
from sinergi.statistics.models import DatasetStatus
from tests import crafted

from .helpers import REGION, analyst, example, upload

pytestmark = pytest.mark.django_db

HEAD = b"region,year,code,price_basis,value,unit\n"


def _issues(content: bytes, filename: str = "pdrb.csv", kind: str = "pdrb") -> list[dict]:  # type: ignore[type-arg]
    dataset = upload(analyst(), kind, content, filename)
    assert dataset.status == DatasetStatus.INVALID
    assert dataset.issues
    return dataset.issues


@pytest.mark.parametrize(
    ("content", "row", "column", "needle"),
    [
        (b"region,tahun,code,price_basis,value\nKota Contoh,2021,C,ADHB,1\n", 1, None, "tahun"),
        (HEAD + b"Kota Contoh,2021,ZZ,ADHB,1,juta rupiah\n", 2, "code", "ZZ"),
        (HEAD + b"Kota Contoh,2021,C,ADHB,-5,juta rupiah\n", 2, "value", "negatif"),
        (HEAD + b"Kota Contoh,2021,C,ADHB,1.234,5,juta rupiah\n", None, None, ""),
        (HEAD + b"Kota Contoh,2021,C,ADHB,10,juta rupiah\nKota Contoh,2021,C,ADHB,11,juta rupiah\n", 3, None, "ganda"),
        (
            HEAD + b"Kota Contoh,2021,C,ADHB,10,juta rupiah\nKota Contoh,2022,J,ADHB,11,miliar rupiah\n",
            None,
            "unit",
            "bercampur",
        ),
    ],
    ids=["wrong-header", "unknown-code", "negative", "bad-number", "duplicate-row", "mixed-units"],
)
def test_pdrb_errors_are_located(content: bytes, row: int | None, column: str | None, needle: str) -> None:
    issues = _issues(content)
    first = issues[0]
    if row is not None:
        assert first["row"] == row
    if column is not None:
        assert first["column"] == column
    assert needle in first["message"] or needle in str(issues)


def test_missing_year_is_reported() -> None:
    content = HEAD + b"".join(
        f"Kota Contoh,{y},{c},ADHB,10,juta rupiah\n".encode()
        for y, c in [(2020, "C"), (2021, "C"), (2022, "C"), (2020, "J"), (2022, "J")]
    )
    issues = _issues(content)
    assert any(i["year"] == 2021 and i["code"] == "J" for i in issues)


def test_non_xlsx_named_xlsx() -> None:
    issues = _issues(b"this is not a workbook", filename="pdrb.xlsx")
    assert "XLSX" in issues[0]["message"]


def test_establishment_errors_by_row_and_column() -> None:
    content = (
        b"region,year,kbli,output\nKota Contoh,2021,14111,100\nKota Contoh,2021,99999,5\nKota Contoh,2021,14111,-1\n"
    )
    issues = _issues(content, "usaha.csv", kind="establishments")
    located = {(i["row"], i["column"]) for i in issues}
    assert (3, "kbli") in located
    assert (4, "output") in located


def test_region_not_in_file_is_invalid() -> None:
    dataset = upload(analyst(), "pdrb", example("pdrb.csv"), "pdrb.csv", region_name="Kota Lain")
    assert dataset.status == DatasetStatus.INVALID
    assert dataset.issues[0]["column"] == "region"


def test_wrong_extension_rejected_and_nothing_saved() -> None:
    with pytest.raises(ServiceError) as exc:
        upload(analyst(), "pdrb", b"x", "pdrb.txt")
    assert "file" in exc.value.field_errors


def test_invalid_dataset_cannot_be_used_and_versions_increase() -> None:
    a = analyst()
    bad = upload(a, "pdrb", HEAD + b"Kota Contoh,2021,ZZ,ADHB,1,juta rupiah\n", "pdrb.csv", name="PDRB")
    good = upload(a, "pdrb", example("pdrb.csv"), "pdrb.csv", supersedes=bad)
    assert (bad.version, good.version) == (1, 2) and good.name == "PDRB" and good.supersedes == bad
    est = upload(a, "establishments", example("establishments.csv"), "e.csv")
    with pytest.raises(ServiceError) as exc:
        services.run_create(
            by=a, method="ratio", region_code=REGION[0], region_name=REGION[1],
            datasets={"pdrb": bad, "establishments": est}, mapping=None,
        )  # fmt: skip
    assert "pdrb" in exc.value.field_errors and "mapping" in exc.value.field_errors
    bad.refresh_from_db()
    assert not bad.locked


def test_upload_page_shows_issues_table(client) -> None:  # type: ignore[no-untyped-def]
    a = analyst()
    client.force_login(a)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/statistik/kelola/dataset/unggah/",
        {
            "kind": "pdrb",
            "name": "PDRB uji",
            "region_code": REGION[0],
            "region_name": REGION[1],
            "file": SimpleUploadedFile("pdrb.csv", HEAD + b"Kota Contoh,2021,ZZ,ADHB,1,juta rupiah\n"),
        },
        follow=True,
    )
    html = response.content.decode()
    assert 'data-status="invalid"' in html
    assert "ZZ" in html and "<td>2</td>" in html
    missing = client.post("/statistik/kelola/dataset/unggah/", {"kind": "pdrb", "name": "x"})
    assert missing.status_code == 200 and "errorlist" in missing.content.decode()


# ---------------------------------------------------------------- crafted files (the shared guard)
def _pdrb_rows() -> list[list[object]]:
    return [["region", "year", "code", "price_basis", "value", "unit"], ["Kota Contoh", 2021, "C", "ADHB", 1, "juta"]]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (crafted.dimension_bomb(_pdrb_rows()), "baris 1.048.576, melebihi batas 300.000 baris"),
        (crafted.dimension_bomb(_pdrb_rows(), ref="GR200000"), "melebihi batas 6.000.000 sel"),
        (crafted.declared_dimension(_pdrb_rows(), "A1:XFD1048576"), "melebihi batas 300.000 baris"),
        (crafted.zip_bomb(_pdrb_rows()), "zip bomb"),
        (crafted.PDF_RENAMED, "berkas PDF"),
        (crafted.BROKEN_ZIP, "rusak"),
    ],
    ids=["dimension-bomb", "cell-budget", "declared-dimension", "zip-bomb", "pdf-renamed", "broken-zip"],
)
def test_crafted_xlsx_is_refused_before_reading(content: bytes, needle: str) -> None:
    issues = _issues(content, "pdrb.xlsx")
    assert needle in issues[0]["message"], issues


def test_crafted_csv_with_nul_or_bad_encoding_is_refused_not_crashed() -> None:
    text = (HEAD + b"Kota Contoh,2021,C,ADHB,10,juta rupiah\n").decode()
    assert "karakter NUL (bita 0) di baris 2" in _issues(crafted.csv_with_nul(text, line=2))[0]["message"]
    bad = HEAD + b"Kota Contoh,2021,C,ADHB,10,juta rupiah\n".replace(b"Kota", b"K\xff\xfeota")
    assert "Baris 2 berkas CSV bukan teks UTF-8" in _issues(bad)[0]["message"]
    utf16 = (HEAD + b"Kota Contoh,2021,C,ADHB,10,juta rupiah\n").decode().encode("utf-16")
    assert "UTF-16" in _issues(utf16)[0]["message"]
    establishments = b"region,year,kbli,output\nKota\x00 Contoh,2021,14111,5\n"
    assert "baris 2" in _issues(establishments, "establishments.csv", "establishments")[0]["message"]
