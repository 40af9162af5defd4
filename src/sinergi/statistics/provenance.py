"""Where the figures of a demo (synthetic) publication come from, said on its pages: the figures BPS
published that the demo is calibrated to, with their sources (`data/*.csv`, real published figures).

The demo app (`sinergi.demo`, installed only for demo and test settings) writes demo publications; their
pages (`views.detail`, `report.province_comparison`) read this module, so it stays in the product.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from django.utils.translation import gettext

from .models import Publication

DATA_DIR = Path(__file__).parent / "data"
#: The province whose demo reconciles its kab/kota (the Kalimantan Timur demo).
KALTIM = "64"


def notice(publication: Publication) -> str:
    """What is real and what is synthetic in a demo publication (its page says it under "Estimasi demo")."""
    if publication.region_code.split(".")[0] == KALTIM:
        return gettext(
            'bukan angka resmi. Yang nyata hanya total PDRB ADHB/ADHK yang ditandai "dipublikasikan BPS" (tercantum'
            ' di bawah beserta sumbernya); total PDRB lainnya dan seluruh angka ekonomi kreatif SINTETIS ("sintetis/'
            'demo"). Kabupaten/kota direkonsiliasi ke provinsi. Tabel resmi yang dimuat analis menggantikannya.'
        )
    return gettext(
        "bukan angka resmi. Yang nyata hanya angka terbitan BPS yang tercantum di bawah beserta sumbernya. PDRB"
        " lapangan usaha lainnya dan tahun-tahun lain SINTETIS, dikalibrasi ke angka itu; data usaha dari direktori"
        " demo ditambah usaha sintetis. Tabel resmi yang dimuat analis menggantikannya."
    )


def published_sources(publication: Publication) -> list[dict[str, str]]:
    """The real figures a demo publication is calibrated to, with their sources (shown on its page):
    for the Kaltim demo the published PDRB totals of its region, else the PDRB totals and shares published
    for the publication's region (`data/pdrb_published_<code>.csv`, `data/figures_published_<code>.csv`;
    none shipped for the region: none to show)."""
    rows: list[dict[str, str]] = []
    if publication.region_code.split(".")[0] == KALTIM:
        return [
            {
                "what": f"PDRB {r['region']} {year} {basis}",
                "value": f"{r['value']} T",
                "url": r["source_url"],
            }
            for (code, year, basis), r in sorted(kaltim_published().items())
            if code == publication.region_code
        ]
    code = publication.region_code
    totals, shares = DATA_DIR / f"pdrb_published_{code}.csv", DATA_DIR / f"figures_published_{code}.csv"
    if totals.exists():
        with totals.open(encoding="utf-8") as handle:
            rows += [
                {"what": f"PDRB {r['year']} {r['price_basis']}", "value": f"{r['value']} T", "url": r["source_url"]}
                for r in csv.DictReader(handle)
            ]
    if not shares.exists():
        return rows
    with shares.open(encoding="utf-8") as handle:
        rows += [
            {
                "what": f"{gettext('Peran')} {r['subsector_or_category']} {r['year']}",
                "value": f"{r['value']} %",
                "url": r["source_url"],
            }
            for r in csv.DictReader(handle)
            if r["measure"] == "distribution_pdrb"
        ]
    return rows


@functools.cache
def kaltim_published() -> dict[tuple[str, int, str], dict[str, str]]:
    """(Kemendagri code, year, ADHB|ADHK) → the published row (value in triliun rupiah, source_url …)."""
    with (DATA_DIR / "kaltim_pdrb_published.csv").open(encoding="utf-8") as handle:
        return {
            (r["kemendagri_code"], int(r["year"]), "ADHK" if r["price_basis"].startswith("ADHK") else "ADHB"): r
            for r in csv.DictReader(handle)
        }


def pdrb_source(code: str, year: int, basis: str) -> str:
    """How a PDRB total of the Kaltim demo came about, in words for a page: "dipublikasikan BPS" or "sintetis/demo"."""
    found = (code, year, basis) in kaltim_published()
    return gettext("dipublikasikan BPS") if found else gettext("sintetis/demo")
