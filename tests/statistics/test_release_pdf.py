"""The statistics PDF is the publishing office's release, not BPS's (issue 11 item 7): it carries the
office's letterhead and the installation's release title, never "Berita Resmi Statistik", and its bar
chart is measured from zero."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from sinergi.core.models import InstallationProfile
from sinergi.statistics import exports, report, selectors
from tests.factories import city_office

from .helpers import analyst, head, published

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)  # noqa: S607
    return " ".join(out.stdout.decode().split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_release_carries_the_publishing_office_and_the_installation_title(client) -> None:  # type: ignore[no-untyped-def]
    InstallationProfile.objects.create(
        government_name="Pemerintah Kabupaten Contoh Raya", statistics_release_title="Statistik Ekraf Daerah"
    )
    office = city_office()
    office.letterhead_address = "Jl. Statistik No. 1"
    office.save()
    publication = published(analyst(), head())
    assert selectors.publishing_office(publication) == office
    response = client.get(f"/statistik/{publication.pk}/unduh/laporan.pdf")
    text = _text(response.content)
    assert "PEMERINTAH KABUPATEN CONTOH RAYA" in text
    assert "DINAS UJI KOTA" in text
    assert "Jl. Statistik No. 1" in text
    assert "Statistik Ekraf Daerah — Kota Contoh" in text
    assert "BERITA RESMI STATISTIK" not in text.upper()


def test_composition_bars_start_at_zero() -> None:
    table = report.Table(
        key="composition",
        title="Distribusi",
        columns=["Subsektor", "Kode", "%"],
        rows=[["Kuliner", "K", 41.0], ["Fesyen", "F", 30.0], ["Kriya", "R", 22.0]],
    )
    drawing = exports.composition_chart(table)
    drawing.chart.draw()  # lays the chart out, scaling its axes (left alone, ReportLab starts at 22)
    axis = drawing.chart.valueAxis
    assert axis._valueMin == 0
    assert axis._tickValues[0] == 0
