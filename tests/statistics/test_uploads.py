"""Every kind of bad upload is shown by row and column, and nothing invalid can be used by a run."""

from __future__ import annotations

import pytest

from sinergi.core.errors import ServiceError
from sinergi.statistics import services
from sinergi.statistics.models import Dataset, DatasetStatus
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
    assert (bad.version, good.version) == (1, 2)
    assert good.name == "PDRB"
    assert good.supersedes == bad
    est = upload(a, "establishments", example("establishments.csv"), "e.csv")
    with pytest.raises(ServiceError) as exc:
        services.run_create(
            by=a, method="ratio", region_code=REGION[0], region_name=REGION[1],
            datasets={"pdrb": bad, "establishments": est}, mapping=None,
        )  # fmt: skip
    assert "pdrb" in exc.value.field_errors
    assert "mapping" in exc.value.field_errors
    bad.refresh_from_db()
    assert not bad.locked


def test_upload_page_shows_issues_table(client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    a = analyst()
    client.force_login(a)
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/statistik/kelola/dataset/unggah/",
            {
                "kind": "pdrb",
                "name": "PDRB uji",
                "region_code": REGION[0],
                "region_name": REGION[1],
                "file": SimpleUploadedFile("pdrb.csv", HEAD + b"Kota Contoh,2021,ZZ,ADHB,1,juta rupiah\n"),
            },
        )
    html = client.get(response["Location"]).content.decode()
    assert 'data-status="invalid"' in html
    assert "ZZ" in html
    assert "<td>2</td>" in html
    missing = client.post("/statistik/kelola/dataset/unggah/", {"kind": "pdrb", "name": "x"})
    assert missing.status_code == 200
    assert "errorlist" in missing.content.decode()


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


# ---------------------------------------------------------------- validation in the task worker
def _post_upload(client, content: bytes, filename: str = "pdrb.csv"):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/statistik/kelola/dataset/unggah/",
        {
            "kind": "pdrb",
            "name": "PDRB uji",
            "region_code": REGION[0],
            "region_name": REGION[1],
            "file": SimpleUploadedFile(filename, content),
        },
    )


@pytest.mark.parametrize(
    ("content", "kind", "needle"),
    [
        (
            HEAD + b"Kota Contoh,2021,I,ADHB,100,juta rupiah\nKota Contoh,2021,I.1,ADHB,40,juta rupiah\n"
            b"Kota Contoh,2021,I.2,ADHB,65,juta rupiah\n",
            "pdrb",
            "subcategories do not sum",
        ),
        (
            HEAD + b"Kota Contoh,2010,C,ADHB,1000,juta rupiah\nKota Contoh,2010,C,ADHK,900,juta rupiah\n",
            "pdrb",
            "111.11",
        ),
        (
            HEAD + b"Kota Contoh,2021,FSN,ADHB,150,juta rupiah\nKota Contoh,2021,TOTAL,ADHB,999,juta rupiah\n",
            "benchmark",
            "benchmark TOTAL disagrees",
        ),
    ],
    ids=["subcategories", "base-year-index", "benchmark-total"],
)
def test_upload_runs_the_checks_compute_runs(content: bytes, kind: str, needle: str) -> None:
    """The web upload refuses what `sinergi pdrb compute` would refuse (issue 13 §1)."""
    issues = _issues(content, kind=kind)
    assert needle in str(issues)


def test_dataset_page_shows_the_unit_as_words(client) -> None:  # type: ignore[no-untyped-def]
    """The summary's unit was joined letter by letter ("m, i, l, i, a, r …")."""
    by = analyst()
    dataset = upload(by, "pdrb", example("pdrb.csv"), "pdrb.csv")
    client.force_login(by)
    page = client.get(f"/statistik/kelola/dataset/{dataset.pk}/").content.decode()
    assert "miliar rupiah" in page
    assert "m, i, l, i, a, r" not in page
    assert "2021–2022" in page


def test_the_request_only_stores_the_file_and_the_worker_validates(client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client.force_login(analyst())
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _post_upload(client, crafted.dimension_bomb(_pdrb_rows()), "pdrb.xlsx")
    assert response.status_code == 302
    dataset = Dataset.objects.get()
    assert dataset.status == DatasetStatus.VALIDATING
    assert not dataset.issues
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="validating"' in page
    assert "hx-trigger" in page
    fragment = client.get(f"{response['Location']}?status=1", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "HX-Refresh" not in fragment
    assert len(queued) == 1
    queued[0]()  # the task worker's turn (the immediate backend runs it here)
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.INVALID
    assert "melebihi batas 300.000 baris" in dataset.issues[0]["message"]
    done = client.get(f"{response['Location']}?status=1", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="invalid"' in page
    assert "melebihi batas 300.000 baris" in page


def test_a_dataset_never_stays_validating_when_the_engine_breaks(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from sinergi.statistics import adapters

    def broken(kind: str, path: object) -> object:
        raise RuntimeError("engine bug")

    monkeypatch.setattr(adapters, "load_engine_input", broken)
    dataset = upload(analyst(), "pdrb", example("pdrb.csv"), "pdrb.csv")
    assert dataset.status == DatasetStatus.INVALID
    assert "kesalahan sistem" in dataset.issues[0]["message"]
    assert services.dataset_validate(dataset_id=dataset.pk).status == DatasetStatus.INVALID  # runs once
