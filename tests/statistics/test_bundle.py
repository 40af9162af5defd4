"""The publication's reproducibility bundle: produced by the run, downloadable, reproduces exactly."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

import ekraf
from sinergi.statistics import services

from .helpers import analyst, example, head, published, ratio_run

pytestmark = pytest.mark.django_db


def test_published_bundle_downloads_and_reproduces_exactly(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    publication = published(analyst(), head())
    page = client.get(f"/statistik/{publication.pk}/").content.decode()
    url = f"/statistik/{publication.pk}/unduh/bundel-reproduksi.zip"
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert hashlib.sha256(body).hexdigest() == publication.run.bundle_sha256
    path = tmp_path / "bundle.zip"
    path.write_bytes(body)
    manifest, differences = ekraf.reproduce(path)
    assert manifest["method"] == "ratio"
    assert differences == []
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert "inputs/establishments_aggregate.csv" in names
    assert "outputs/levels.csv" in names
    assert "outputs/theta.csv" in names
    assert any(n.startswith("inputs/mapping") for n in names)


def test_bundle_holds_no_establishment_records(client) -> None:  # type: ignore[no-untyped-def]
    """Identifiers of the uploaded establishments never leave the office: only their sums."""
    run = ratio_run(analyst())
    lines = example("establishments.csv").decode().splitlines()
    column = lines[0].split(",").index("establishment_id")
    ids = [line.split(",")[column] for line in lines[1:]]
    assert ids
    with run.bundle.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as bundle:
        text = "".join(bundle.read(n).decode("utf-8") for n in bundle.namelist() if not n.endswith(".xlsx"))
    assert not [i for i in ids if i in text]


def test_dcat_lists_the_bundle(client) -> None:  # type: ignore[no-untyped-def]
    publication = published(analyst(), head())
    data = client.get(f"/statistik/{publication.pk}/dcat.jsonld").json()
    zips = [d for d in data["dcat:distribution"] if d["dcat:mediaType"] == "application/zip"]
    assert len(zips) == 1
    assert zips[0]["dcat:downloadURL"].endswith(f"/statistik/{publication.pk}/unduh/bundel-reproduksi.zip")
    assert zips[0]["spdx:checksum"]["spdx:checksumValue"] == publication.run.bundle_sha256


def test_bundle_is_public_only_once_published(client) -> None:  # type: ignore[no-untyped-def]
    a, h = analyst(), head()
    draft = services.publication_prepare(by=a, run=ratio_run(a), title="Draf")
    url = f"/statistik/{draft.pk}/unduh/bundel-reproduksi.zip"
    assert client.get(url).status_code == 404
    services.publication_submit(by=a, publication=draft)
    assert client.get(url).status_code == 404
    services.publication_approve(by=h, publication=draft)
    assert client.get(url).status_code == 200


def test_write_bundles_backfills_runs_made_before_bundles(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A publication whose run predates stored bundles gets one from `sinergi write_bundles`: its
    published tables from the stored result, and it reproduces exactly."""
    from django.core.management import call_command

    publication = published(analyst(), head())
    run = publication.run
    run.bundle.delete(save=False)
    run.bundle_sha256 = ""
    run.save(update_fields=["bundle", "bundle_sha256"])
    url = f"/statistik/{publication.pk}/unduh/bundel-reproduksi.zip"
    assert url not in client.get(f"/statistik/{publication.pk}/").content.decode()
    assert client.get(url).status_code == 404

    out = io.StringIO()
    call_command("write_bundles", stdout=out)
    assert "bundles written: 1, failed: 0" in out.getvalue()
    assert url in client.get(f"/statistik/{publication.pk}/").content.decode()
    path = tmp_path / "bundle.zip"
    path.write_bytes(client.get(url).content)
    _, differences = ekraf.reproduce(path)
    assert differences == []
    again = io.StringIO()
    call_command("write_bundles", stdout=again)
    assert "bundles written: 0, failed: 0" in again.getvalue()
