"""Reads: datasets, runs, publications, published figures, and what the registry says about establishments."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from sinergi.accounts.models import Organisation, OrganisationKind
from sinergi.wilayah import reference

from .models import (
    PUBLIC_STATUSES,
    Dataset,
    DatasetStatus,
    Publication,
    PublicationStatus,
    PublishedFigure,
    Run,
)


def dataset_list(*, kind: str | None = None, valid_only: bool = False) -> QuerySet[Dataset]:
    qs = Dataset.objects.select_related("uploaded_by")
    if kind:
        qs = qs.filter(kind=kind)
    if valid_only:
        qs = qs.filter(status=DatasetStatus.VALID)
    return qs.order_by("-created_at")


def run_list() -> QuerySet[Run]:
    return Run.objects.select_related("mapping", "created_by").prefetch_related("inputs__dataset")


def publication_list(*, public_only: bool = False) -> QuerySet[Publication]:
    qs = Publication.objects.select_related("run", "run__mapping", "revision_of", "prepared_by", "approved_by")
    if public_only:
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    return qs


def publications_awaiting_approval() -> QuerySet[Publication]:
    """Submitted publications, oldest submission first (the head's queue)."""
    return publication_list().filter(status=PublicationStatus.IN_REVIEW).order_by("submitted_at", "pk")


def publication_public_list() -> QuerySet[Publication]:
    return publication_list().filter(status=PublicationStatus.PUBLISHED).order_by("region_name", "-published_at")


def publication_latest_for_region(region_code: str) -> Publication | None:
    return (
        publication_list()
        .filter(region_code=region_code, status=PublicationStatus.PUBLISHED)
        .order_by("-published_at")
        .first()
    )


def publication_previous(publication: Publication) -> Publication | None:
    """The publication this one revised (kept visible, superseded)."""
    return publication.revision_of


def area_name(code: str) -> str:
    """A province or kab/kota by its Kemendagri code as a page names it ("Provinsi Kalimantan Timur",
    "Kota Samarinda"); the code itself when the shipped map does not know it."""
    found = reference.regions().get(code)
    if found is None:
        return code
    return _("Provinsi %(name)s") % {"name": found.name} if found.level == "provinsi" else found.name


def kabkota_codes(province_code: str) -> list[str]:
    """The Kemendagri codes of a province's kabupaten/kota, in code order (none for a kab/kota)."""
    return sorted(r.code for r in reference.regions().values() if r.parent_code == province_code)


def is_province(code: str) -> bool:
    found = reference.regions().get(code)
    return found is not None and found.level == "provinsi"


def province_of(code: str) -> tuple[str, str] | None:
    """(code, name) of the province whose kab/kota comparison a region's page links to: the province
    itself, or a kab/kota's province; None for a region the shipped map does not know, or when nothing
    of that province but `code` itself is published (the comparison would show one region)."""
    found = reference.regions().get(code)
    if found is None:
        return None
    province = found.code if found.level == "provinsi" else found.parent_code
    others = (
        publication_public_list()
        .filter(region_code__in=[province, *kabkota_codes(province)])
        .exclude(region_code=code)
        .exists()
    )
    return (province, area_name(province)) if others else None


def published_areas(publications: list[Publication]) -> list[tuple[str, str]]:
    """(code, name) of every region with a published publication, for the area chooser: each province
    before its kab/kota, in code order."""
    codes = sorted({p.region_code for p in publications})
    names = {p.region_code: p.region_name for p in publications}
    return [(code, names[code]) for code in codes]


def provinces_with_kabkota(publications: list[Publication]) -> list[tuple[str, str]]:
    """(code, name) of the provinces with a comparison page worth showing: the province itself is
    published, or at least two of its kab/kota are (one kab/kota alone compares with nothing)."""
    codes = {p.region_code for p in publications}
    known = reference.regions()
    kabkota: dict[str, int] = defaultdict(int)
    for code in codes:
        if code in known and known[code].level != "provinsi":
            kabkota[known[code].parent_code] += 1
    provinces = {c for c in codes if is_province(c)} | {p for p, n in kabkota.items() if n >= 2}
    return [(code, area_name(code)) for code in sorted(provinces)]


def run_regions(run: Run) -> list[tuple[str, str]]:
    """(code, name) of every region a succeeded run can publish: its own region, or for a run of a
    province and its kab/kota (Kemendagri codes in the inputs) each of them, the province first."""
    regions = [str(r) for r in ((run.result or {}).get("levels") or {}).get("regions", [])]
    if len(regions) <= 1:
        return [(run.region_code, run.region_name)] if run.result else []
    return [(code, area_name(code)) for code in sorted(regions)]


def publications_latest_by_region(codes: list[str]) -> dict[str, Publication]:
    """The latest published publication of each region in `codes` (regions without one are absent)."""
    out: dict[str, Publication] = {}
    for p in publication_public_list().filter(region_code__in=codes).order_by("region_code", "-published_at"):
        out.setdefault(p.region_code, p)
    return out


def comparison_candidates(publication: Publication) -> QuerySet[Publication]:
    return publication_public_list().exclude(region_code=publication.region_code)


def figures(
    publication: Publication,
    *,
    indicator: str | None = None,
    price_basis: str | None = None,
    code: str | None = None,
    year: int | None = None,
    area: str | None = "",
) -> QuerySet[PublishedFigure]:
    qs = PublishedFigure.objects.filter(publication=publication)
    if area is not None:
        qs = qs.filter(area=area)
    if indicator:
        qs = qs.filter(indicator=indicator)
    if price_basis:
        qs = qs.filter(price_basis=price_basis)
    if code:
        qs = qs.filter(code=code)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("indicator", "price_basis", "code", "year", "area")


def figure_map(publication: Publication, indicators: tuple[str, ...]) -> dict[tuple[str, str, str, int], float]:
    """(indicator, basis, code, year) → value for the region as a whole, in one query."""
    rows = PublishedFigure.objects.filter(publication=publication, area="", indicator__in=indicators).values_list(
        "indicator", "price_basis", "code", "year", "value"
    )
    return {(i, b, c, y): v for i, b, c, y, v in rows}


def region_figures(publication: Publication) -> dict[tuple[str, str, str, int], float]:
    """Every region-wide figure of a publication: (indicator, basis, code, year) → value, one query."""
    rows = PublishedFigure.objects.filter(publication=publication, area="").values_list(
        "indicator", "price_basis", "code", "year", "value"
    )
    return {(i, b, c, y): v for i, b, c, y, v in rows}


def kecamatan_figures(publication: Publication, *, year: int, price_basis: str = "ADHB") -> dict[str, dict[str, float]]:
    """area → code → value for one year (experimental estimates)."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    rows = (
        PublishedFigure.objects.filter(
            publication=publication, indicator="kecamatan_level", price_basis=price_basis, year=year
        )
        .exclude(area="")
        .values_list("area", "code", "value")
    )
    for area, code, value in rows:
        out[area][code] = value
    return dict(out)


def latest_year(publication: Publication) -> int | None:
    year: int | None = PublishedFigure.objects.filter(publication=publication, indicator="level", area="").aggregate(
        y=Max("year")
    )["y"]
    return year


# ---------------------------------------------------------------- registry as a source
def registry_establishments(*, year: int, region_code: str | None = None) -> list[dict[str, Any]]:
    """Verified actors with a primary KBLI: sales of `year` (else their latest year) in juta rupiah,
    workers, and their kecamatan. No personal data. With `region_code` (a Kemendagri kab/kota code such as
    "32.76"), only actors whose kelurahan lies in that region."""
    from sinergi.registry.models import Actor, ActorYearlyFigure, Status

    figure = ActorYearlyFigure.objects.filter(actor=OuterRef("pk"), year__lte=year, sales__isnull=False).order_by(
        "-year"
    )
    actors = Actor.objects.filter(status=Status.VERIFIED, primary_kbli__isnull=False)
    if region_code is not None:
        actors = actors.filter(kelurahan__code__startswith=f"{region_code}.")
    rows = actors.annotate(sales=Subquery(figure.values("sales")[:1])).values(
        "pk",
        "primary_kbli__code",
        "sales",
        "workers_female",
        "workers_male",
        "kelurahan__parent__code",
    )
    return [
        {
            "id": r["pk"],
            "kbli": r["primary_kbli__code"],
            "output": float(r["sales"]) / 1e6 if r["sales"] is not None else None,
            "workers": (r["workers_female"] or 0) + (r["workers_male"] or 0),
            "kecamatan": r["kelurahan__parent__code"] or "",
        }
        for r in rows
    ]


def registry_kecamatan_shares(
    *, year: int, region_code: str, kbli_to_subsectors: dict[str, list[tuple[str, float]]]
) -> dict[str, Any]:
    """subsector → kecamatan kode → share of the subsector's registry sales in `year` (actor counts when a
    subsector has no sales at all), over the actors of the region `region_code` only. The basis used per
    subsector is returned under "basis"."""
    sales: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for est in registry_establishments(year=year, region_code=region_code):
        if not est["kecamatan"]:
            continue
        for code, share in kbli_to_subsectors.get(est["kbli"], []):
            counts[code][est["kecamatan"]] += share
            if est["output"]:
                sales[code][est["kecamatan"]] += share * est["output"]
    shares: dict[str, Any] = {}
    basis: dict[str, str] = {}
    for code, by_count in counts.items():
        source = sales[code] if sum(sales[code].values()) > 0 else by_count
        total = sum(source.values())
        if total <= 0:
            continue
        shares[code] = {area: v / total for area, v in source.items()}
        basis[code] = "sales" if source is sales[code] else "count"
    return {"shares": shares, "basis": basis}


def publishing_office(publication: Publication) -> Organisation | None:
    """The office a publication is released by: the statistics office of the head who approved it (of the
    analyst who prepared it, for a draft), else the installation's only active statistics office; None
    when that cannot be told (no statistics office, or several and no approver among them)."""
    offices = Organisation.objects.filter(kind=OrganisationKind.OFFICE, produces_statistics=True, is_active=True)
    for person in (publication.approved_by_id, publication.prepared_by_id):
        if person is not None:
            theirs = offices.filter(memberships__user_id=person).order_by("pk").first()
            if theirs is not None:
                return theirs
    only = list(offices[:2])
    return only[0] if len(only) == 1 else None
