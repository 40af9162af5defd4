"""The public site: no models; composes the registry's selectors.

Only public data reaches these templates: profiles are verified and not archived, and contact persons,
NIK, NPWP, phone numbers, home addresses and owners' e-mail are never put in a context here.
Filter forms are plain GET forms; with HTMX (`request.htmx`) the list views answer with only the
results partial of the same template (`core.htmx.render_page`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render as django_render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from sinergi.core.htmx import HtmxHttpRequest, render_page, wants_fragment
from sinergi.core.replica import lag_tolerant_reads
from sinergi.registry import filters, selectors
from sinergi.registry.models import CertificationKind, HubProgramme, SizeClass

from .cache import csrf_context, public_page

PER_PAGE = 20
CATALOGUE_PER_PAGE = 24

KIND_LABELS = {
    "actor": _("Pelaku"),
    "community": _("Komunitas"),
    "hub": _("Ruang kreatif"),
    "product": _("Produk"),
}
ACTOR_SORT_LABELS = {
    "relevance": _("Paling relevan"),
    "name": _("Nama A–Z"),
    "-name": _("Nama Z–A"),
    "newest": _("Terbaru diverifikasi"),
    "kecamatan": _("Kecamatan"),
}
# The relevance choice when a broad search is shown in name order (the directory past its count limit).
NAME_ORDER_PAST_LIMIT_LABEL = _("Menurut nama (terlalu banyak hasil untuk relevansi)")
PRODUCT_SORT_LABELS = {
    "relevance": _("Paling relevan"),
    "name": _("Nama A–Z"),
    "newest": _("Terbaru"),
    "price": _("Harga terendah"),
    "-price": _("Harga tertinggi"),
}


def render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Django's render, with the CSRF token as a placeholder when the page is rendered for the page cache."""
    return django_render(request, template, {**context, **csrf_context(request)})


def _page(qs: QuerySet[Any], number: int, per_page: int = PER_PAGE) -> Page[Any]:
    return Paginator(qs, per_page).get_page(number)


def _render(request: HtmxHttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The whole list page, or only its results partial for an HTMX request (`core.htmx.render_page`)."""
    return render_page(request, template, {**context, **csrf_context(request)}, partial="results")


@lru_cache(maxsize=4096)
def _options_html(choices: tuple[tuple[str, str], ...], selected: str) -> str:
    """`<option>` elements for a select, built once per (choices, selected value) in each process."""
    return "".join(
        f'<option value="{escape(value)}"{" selected" if value == selected else ""}>{escape(label)}</option>'
        for value, label in choices
    )


def _choices(items: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(v), str(label)) for v, label in items)


def sort_items(labels: dict[str, Any], f: filters.ActorFilters) -> list[tuple[str, Any]]:
    """The sort choices a list offers (relevance only with a word). While the visitor has chosen none, the
    default is offered with the value "" (`ActorFilters.default_sort`), so the form does not pin it: a word
    typed into a list first shown by name is then ranked by relevance, and name order returns without one."""
    return [
        ("" if not f.sort and key == f.default_sort else key, label)
        for key, label in labels.items()
        if key != "relevance" or f.q
    ]


def _options_for(f: filters.ActorFilters, kind: str, *, name_order: bool = False) -> dict[str, SafeString]:
    """The filter form's option lists as HTML: reference data changes rarely, so rendering them through
    the template language on every request was a large share of the directory page's CPU. Labels are
    translated with the active language before the memo, so each language has its own entries.
    `name_order`: a relevance search is shown in name order (the directory past its count limit): the
    relevance choice, still the one sent with the next search so that a narrower one is ranked, says so
    instead of claiming relevance."""
    sorts = PRODUCT_SORT_LABELS if kind == "product" else ACTOR_SORT_LABELS
    if name_order:
        sorts = {**sorts, "relevance": NAME_ORDER_PAST_LIMIT_LABEL}
    lists = {
        "subsector": (filters.option_choices("subsector"), f.subsector),
        "kabkota": (filters.option_choices("kabkota"), f.kabkota),
        "kecamatan": (filters.option_choices("kecamatan", f.kabkota), f.kecamatan),
        "kelurahan": (filters.option_choices("kelurahan", f.kecamatan), f.kelurahan),
        "size": (_choices(SizeClass.choices), f.size_class),
        "certification": (_choices(CertificationKind.choices), f.certification),
        "sort": (_choices(sort_items(sorts, f)), f.sort),
        "kind": (_choices(KIND_LABELS.items()), kind),
    }
    return {name: mark_safe(_options_html(choices, selected or "")) for name, (choices, selected) in lists.items()}  # noqa: S308 -- built with escape()


def _filter_context(f: filters.ActorFilters, *, name_order: bool = False) -> dict[str, Any]:
    return {
        "options_html": _options_for(f, f.kind, name_order=name_order),
        "f": f,
        "params": f.active,
        "subsector_options": filters.subsector_options(),
        "kabkota_options": filters.kabkota_options(),
        "kecamatan_options": filters.kecamatan_options(f.kabkota),
        "kelurahan_options": filters.kelurahan_options(f.kecamatan),
        "size_options": SizeClass.choices,
        "certification_options": CertificationKind.choices,
        "actor_sorts": sort_items(ACTOR_SORT_LABELS, f),
        "product_sorts": sort_items(PRODUCT_SORT_LABELS, f),
    }


# ---------------------------------------------------------------- home


@require_GET
@public_page
@lag_tolerant_reads
def home(request: HttpRequest) -> HttpResponse:
    summary = selectors.kecamatan_summary()
    top = sorted(summary, key=lambda row: (-row.total, row.name))[:5]
    context = {
        "counts": selectors.directory_counts(),
        "flagship": list(selectors.product_list(flagship=True, sort="newest")[:6]),
        "communities": list(selectors.community_list(sort="members")[:6]),
        "top_kecamatan": top,
        "chart_rows": [(row.name, row.total) for row in top],
        "subsector_options": filters.subsector_options(),
    }
    return render(request, "portal/home.html", context)


# ---------------------------------------------------------------- directory


def _other_kind_list(f: filters.ActorFilters) -> QuerySet[Any]:
    sort = f.sort_or_default
    if f.kind == "community":
        return selectors.community_list(
            q=f.q, subsector=f.subsector, kabkota=f.kabkota, kecamatan=f.kecamatan, sort=sort
        )
    if f.kind == "hub":
        return selectors.hub_list(q=f.q, kabkota=f.kabkota, kecamatan=f.kecamatan)
    return selectors.product_list(
        q=f.q,
        subsector=f.subsector,
        kabkota=f.kabkota,
        kecamatan=f.kecamatan,
        certification=f.certification,
        flagship=f.flagship,
        sort=sort if sort in PRODUCT_SORT_LABELS else "name",
    )


def _actor_page(f: filters.ActorFilters) -> Page[Any]:
    """The directory's busiest path: plain rows from one lean selector, wrapped as a Django Page."""
    result = selectors.actor_directory_page(page=f.page, per_page=PER_PAGE, **f.selector_kwargs())
    paginator: Paginator[Any] = Paginator([], PER_PAGE)
    paginator.__dict__["count"] = result.count  # the count is already known; Paginator caches it here
    # Past the directory's count limit the count is a lower bound: "lebih dari 10.000" (the pagination
    # component and the tab read this).
    paginator.count_is_lower_bound = result.count_is_lower_bound  # type: ignore[attr-defined]
    # …and a word search asked in relevance order is then in name order (the selector's rule).
    paginator.name_order_past_limit = result.name_order_past_limit  # type: ignore[attr-defined]
    # The template reads each row's fields as a dict's: Django's variable lookup tries `row[key]` first,
    # which on a dataclass raises (and is caught) before it tries the attribute — for some 200 lookups a
    # page. `vars()` is the row's own field dict, not a copy.
    return Page([vars(row) for row in result.rows], result.number, paginator)


def _count_is_lower_bound(page: Page[Any]) -> bool:
    return bool(getattr(page.paginator, "count_is_lower_bound", False))


@require_GET
@public_page
@lag_tolerant_reads
def directory(request: HtmxHttpRequest) -> HttpResponse:
    f = filters.parse_actor_filters(request.GET)
    page = _actor_page(f) if f.kind == "actor" else _page(_other_kind_list(f), f.page)
    # Past the count limit a relevance search is shown in name order: the note says so and the sort
    # control shows the order the results are in (swapped out of band when HTMX swaps the results).
    name_order = bool(getattr(page.paginator, "name_order_past_limit", False))
    context = {
        **_filter_context(f, name_order=name_order),
        "page": page,
        "name_order_past_limit": name_order,
        "swap_sort_field": wants_fragment(request),
        "kind": f.kind,
        "tabs": [
            (k, v, page.paginator.count if k == f.kind else None, k == f.kind and _count_is_lower_bound(page))
            for k, v in KIND_LABELS.items()
        ],
        "params_with_kind": {**f.active, "jenis": f.kind if f.kind != "actor" else ""},
        "actor_base": reverse("portal:actor_detail", kwargs={"slug": "x"})[:-2],
    }
    return _render(request, "portal/directory.html", context)


@require_GET
@public_page
@lag_tolerant_reads
def kecamatan_options(request: HttpRequest) -> HttpResponse:
    """The kecamatan <select> for the chosen kab/kota of a province installation (HTMX swaps it in;
    without JS the form reloads), and on the directory an emptied kelurahan <select> beside it."""
    f = filters.parse_actor_filters({"kabkota": request.GET.get("kabkota", "")})
    with_kelurahan = request.GET.get("dengan_kelurahan") == "ya"
    return render(
        request,
        "portal/_area_fields.html#area-swap",
        {**_filter_context(f), "f": f, "with_kelurahan": with_kelurahan},
    )


@require_GET
@public_page
@lag_tolerant_reads
def kelurahan_options(request: HttpRequest) -> HttpResponse:
    """The kelurahan <select> for the chosen kecamatan (HTMX swaps it in; without JS the form reloads)."""
    f = filters.parse_actor_filters({"kecamatan": request.GET.get("kecamatan", "")})
    return render(
        request,
        "portal/directory.html#kelurahan-field",
        {**_filter_context(f), "f": f},
    )


@require_GET
@public_page
@lag_tolerant_reads
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = selectors.actor_get(slug=slug)  # public view: verified only, whoever asks
    if actor is None:
        target = selectors.actor_merged_target(slug=slug)
        if target is not None:
            return HttpResponsePermanentRedirect(reverse("portal:actor_detail", kwargs={"slug": target.slug}))
        raise Http404
    context = {"actor": actor, **selectors.actor_public_profile(actor=actor)}
    return render(request, "portal/actor_detail.html", context)


# ---------------------------------------------------------------- communities and hubs


@require_GET
@public_page
@lag_tolerant_reads
def community_list(request: HtmxHttpRequest) -> HttpResponse:
    f = filters.parse_actor_filters(request.GET)
    sort = "members" if request.GET.get("urut") == "anggota" else "name"
    communities = selectors.community_list(
        q=f.q, subsector=f.subsector, kabkota=f.kabkota, kecamatan=f.kecamatan, sort=sort
    )
    page = _page(communities, f.page)
    context = {**_filter_context(f), "page": page, "sort": sort}
    return _render(request, "portal/community_list.html", context)


@require_GET
@public_page
@lag_tolerant_reads
def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(slug=slug)
    if community is None or community.status != "verified":
        raise Http404
    activities = community.activities.order_by("-date", "-id")[:10]
    return render(request, "portal/community_detail.html", {"community": community, "activities": activities})


@require_GET
@public_page
@lag_tolerant_reads
def hub_list(request: HtmxHttpRequest) -> HttpResponse:
    f = filters.parse_actor_filters(request.GET)
    page = _page(selectors.hub_list(q=f.q, kabkota=f.kabkota, kecamatan=f.kecamatan), f.page)
    return _render(request, "portal/hub_list.html", {**_filter_context(f), "page": page})


@require_GET
@public_page
@lag_tolerant_reads
def hub_detail(request: HttpRequest, slug: str) -> HttpResponse:
    hub = selectors.hub_get(slug=slug)
    if hub is None or hub.status != "verified":
        raise Http404
    programme_labels = dict(HubProgramme.choices)
    context = {
        "hub": hub,
        "facilities": [line.strip() for line in hub.facilities.splitlines() if line.strip()],
        "programmes": [programme_labels.get(p, p) for p in (hub.programmes or [])],
    }
    return render(request, "portal/hub_detail.html", context)


# ---------------------------------------------------------------- products


@require_GET
@public_page
@lag_tolerant_reads
def product_list(request: HtmxHttpRequest) -> HttpResponse:
    f = filters.parse_product_filters(request.GET)
    sort = f.sort_or_default
    qs = selectors.product_list(
        q=f.q,
        subsector=f.subsector,
        kabkota=f.kabkota,
        kecamatan=f.kecamatan,
        flagship=f.flagship,
        certification=f.certification,
        sort=sort,
    )
    page = _page(qs, f.page, CATALOGUE_PER_PAGE)
    return _render(request, "portal/product_list.html", {**_filter_context(f), "page": page})


@require_GET
@public_page
@lag_tolerant_reads
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product = selectors.product_get(slug=slug)
    if product is None:
        raise Http404
    return render(request, "portal/product_detail.html", {"product": product})


# ---------------------------------------------------------------- kecamatan summary


@require_GET
@public_page
@lag_tolerant_reads
def kecamatan_summary(request: HttpRequest) -> HttpResponse:
    """Verified actors per area and subsector. A kab/kota installation shows its kecamatan; a province
    shows its kab/kota, and `?wilayah=<kab/kota code>` drills down to that kab/kota's kecamatan."""
    from sinergi.wilayah.models import Level
    from sinergi.wilayah.selectors import is_province, kabkota_get

    parent = None
    code = request.GET.get("wilayah", "").strip()
    if code:
        parent = kabkota_get(code)
        if parent is None:
            raise Http404(_("Wilayah itu tidak ada di ringkasan ini."))
    summary = selectors.area_summary(parent=parent)
    rows = summary.rows
    by_kabkota = summary.level == Level.KOTA
    subsectors = filters.subsector_options()
    chosen = request.GET.get("subsektor", "").upper()
    chosen_option = next((s for s in subsectors if s.code == chosen), None)
    if chosen_option is not None:
        chart_rows = [(row.name, row.by_subsector.get(chosen_option.code, 0)) for row in rows]
    else:
        chart_rows = [(row.name, row.total) for row in rows]
    subsector_param = {"subsektor": chosen_option.code} if chosen_option else {}
    directory = reverse("portal:directory")
    here = reverse("portal:kecamatan_summary")

    def directory_link(row: selectors.KecamatanRow) -> str:
        place = {"kabkota": row.code} if by_kabkota else {"kecamatan": row.code}
        return f"{directory}?" + urlencode({**place, **subsector_param})

    def drill_link(row: selectors.KecamatanRow) -> str:
        return f"{here}?" + urlencode({"wilayah": row.code, **subsector_param})

    centroids = {a.code: (a.centroid_lon, a.centroid_lat) for a in _summary_areas(rows)}
    map_points = [
        (
            row.name,
            *centroids.get(row.code, (None, None)),
            value,
            drill_link(row) if by_kabkota else directory_link(row),
        )
        for row, (_label, value) in zip(rows, chart_rows, strict=True)
    ]
    totals = {s.code: sum(row.by_subsector.get(s.code, 0) for row in rows) for s in subsectors}
    table = [
        (
            row,
            [row.by_subsector.get(s.code, 0) for s in subsectors],
            drill_link(row) if by_kabkota else "",
            directory_link(row),
        )
        for row in rows
    ]
    context = {
        "rows": rows,
        "table": table,
        "summary": summary,
        "by_kabkota": by_kabkota,
        "parent": parent,
        "province": is_province(),
        "up_link": here + (f"?{urlencode(subsector_param)}" if subsector_param else ""),
        "subsectors": subsectors,
        "subsector_totals": [totals[s.code] for s in subsectors],
        "grand_total": summary.total,
        "chart_rows": chart_rows,
        "map_points": map_points,
        "chosen": chosen_option,
        "chart_title": chosen_option.label if chosen_option is not None else _("Semua subsektor"),
        "subsector_options": subsectors,
    }
    return render(request, "portal/kecamatan_summary.html", context)


def _summary_areas(rows: list[selectors.KecamatanRow]) -> Any:
    from sinergi.wilayah.models import Wilayah

    return Wilayah.objects.filter(code__in=[row.code for row in rows]).only("code", "centroid_lon", "centroid_lat")
