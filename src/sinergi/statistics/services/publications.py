"""Preparing publications from a succeeded run: the draft, its figures and headline, one per region."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

import ekraf
from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.errors import Conflict, ServiceError
from sinergi.core.writes import validate

from .. import adapters, selectors
from ..models import (
    Method,
    Publication,
    PublicationStatus,
    PublishedFigure,
    Run,
    RunStatus,
)
from ._common import _require
from .computation import run_result


def _headline(publication: Publication) -> dict[str, Any]:
    fmap = selectors.figure_map(publication, ("level", "contribution", "growth"))
    years = sorted({k[3] for k in fmap if k[0] == "level" and k[2] == ekraf.TOTAL})
    if not years:
        return {}
    last = years[-1]
    return {
        "year": last,
        "value_adhb": fmap.get(("level", "ADHB", ekraf.TOTAL, last)),
        "value_adhk": fmap.get(("level", "ADHK", ekraf.TOTAL, last)),
        "share_adhb": fmap.get(("contribution", "ADHB", ekraf.TOTAL, last)),
        "growth_adhk": fmap.get(("growth", "ADHK", ekraf.TOTAL, last)),
        "unit": (publication.run.result or {}).get("levels", {}).get("unit", "juta rupiah"),
        "first_year": years[0],
    }


def _write_figures(publication: Publication, run: Run) -> None:
    result = run_result(run)
    key = adapters.result_region(result, publication.region_code, publication.region_name)
    if key is None:
        raise ServiceError(_("Wilayah ini tidak ada dalam hasil proses hitung."))
    rows = list(adapters.figure_rows(result, key))
    if publication.region_code == run.region_code:  # the run's registry shares are of its own region
        rows += list(adapters.kecamatan_rows(result, key, adapters.kecamatan_shares_by_year(run.kecamatan_shares)))
    PublishedFigure.objects.bulk_create(
        [
            PublishedFigure(
                publication=publication,
                region_code=publication.region_code,
                area=area,
                year=year,
                code=code,
                indicator=indicator,
                price_basis=basis,
                value=value,
            )
            for area, year, code, indicator, basis, value in rows
        ],
        batch_size=2000,
    )


def publication_prepare(
    *,
    by: User,
    run: Run,
    title: str,
    summary: str = "",
    revision_of: Publication | None = None,
    revision_reason: str = "",
    is_demo: bool = False,
    is_comparison: bool = False,
    region_code: str | None = None,
) -> Publication:
    """A draft from a succeeded run; a revision names the published publication it will replace and why.

    A run of a province and its kab/kota publishes each of them separately (`region_code`; the run's own
    region when omitted), each through its own review."""
    _require(by, "statistics.prepare_publication", message=_("Anda tidak berhak menyiapkan publikasi."))
    if run.status != RunStatus.SUCCEEDED:
        raise ServiceError(_("Hanya proses hitung yang berhasil dapat diterbitkan."))
    regions = dict(selectors.run_regions(run))
    code = run.region_code if region_code is None else region_code.strip()
    if code not in regions:
        raise ServiceError(
            _("Wilayah %(code)s tidak ada dalam hasil proses hitung ini.") % {"code": code},
            field_errors={"region_code": [_("Pilih salah satu wilayah hasil proses hitung.")]},
        )
    region_name = regions[code]
    if revision_of is not None:
        _require(
            by, "statistics.revise_publication", revision_of, message=_("Anda tidak berhak merevisi publikasi ini.")
        )
        if revision_of.status != PublicationStatus.PUBLISHED:
            raise Conflict(_("Hanya publikasi yang sedang terbit yang dapat direvisi."))
        if not revision_reason.strip():
            raise ServiceError(_("Alasan revisi wajib diisi."), field_errors={"revision_reason": [_("Wajib diisi.")]})
        if revision_of.region_code != code:
            raise ServiceError(_("Revisi harus untuk wilayah yang sama."))
    with transaction.atomic():
        publication = Publication(
            run=run,
            region_code=code,
            region_name=region_name,
            title=title.strip() or _("PDRB Ekonomi Kreatif %(region)s") % {"region": region_name},
            summary=summary,
            revision_of=revision_of,
            revision_reason=revision_reason.strip(),
            is_demo=is_demo,
            is_comparison=is_comparison or run.method == Method.LEVELS,
            prepared_by=by if getattr(by, "is_authenticated", False) else None,
        )
        validate(publication)
        publication.save()
        _write_figures(publication, run)
        publication.headline = _headline(publication)
        publication.save(update_fields=["headline"])
        audit.record(
            by=by,
            action="statistics.publication.prepared",
            target=publication,
            data={"run": run.pk, "region": code, "revision_of": revision_of.pk if revision_of else None},
        )
    return publication


def publications_prepare_regions(*, by: User, run: Run, summary: str = "") -> list[Publication]:
    """One draft per region of a run of a province and its kab/kota (standard titles), in one
    transaction; a region that already has a draft, one in review or a published publication from this
    run is skipped. Each draft then goes through its own review."""
    _require(by, "statistics.prepare_publication", message=_("Anda tidak berhak menyiapkan publikasi."))
    with transaction.atomic():
        Run.objects.select_for_update().get(pk=run.pk)  # two analysts pressing at once make one set
        taken = set(run.publications.exclude(status=PublicationStatus.SUPERSEDED).values_list("region_code", flat=True))
        return [
            publication_prepare(by=by, run=run, region_code=code, title="", summary=summary)
            for code, _name in selectors.run_regions(run)
            if code not in taken
        ]
