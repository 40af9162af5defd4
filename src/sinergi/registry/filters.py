"""The directory's one filter specification: pages, staff list, export and API parse through it.

`parse_actor_filters(request.GET)` turns query parameters (Indonesian names, as in the page URLs) into
a typed, validated `ActorFilters`. Invalid values are dropped from the filter and reported in
`errors` (parameter → message in Indonesian), so a page can still show results and say what was
wrong; `strict=True` raises `InvalidFilters` (a ServiceError with field errors) instead — the export
(`staff=True`) and the API (`parse_api_filters`, which reads the API's English parameter names,
`API_PARAMS`, with `wording=Wording.API`). What each parsed filter selects is written once, in
`selectors.actor_list`.

In a province installation the places form three levels, kab/kota → kecamatan → kelurahan (`kabkota`
first; a kecamatan narrows to its kab/kota, a kelurahan to its kecamatan); in a kab/kota installation
there is no kab/kota level and its filter offers nothing.

Option lists (subsectors, kab/kota, kecamatan, kelurahan) are reference data that change only when reference
data is reloaded; they are kept per process for a few minutes so each request does not query them.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sinergi.classification.models import subsector_name
from sinergi.core.errors import ServiceError

from .models import ActorKind, CertificationKind, Community, SizeClass, Status

PARAMS = {
    "q": "q",
    "kind": "jenis",
    "subsector": "subsektor",
    "kabkota": "kabkota",
    "kecamatan": "kecamatan",
    "kelurahan": "kelurahan",
    "size_class": "skala",
    "community": "komunitas",
    "certification": "sertifikasi",
    "fostered": "binaan",
    "fostered_by": "dibina_oleh",
    "status": "status",
    "actor_kind": "jenis_pelaku",
    "flagship": "unggulan",
    "sort": "urut",
    "page": "halaman",
}
# The API's query parameters (English, as its schemas name them) for the filters it offers; the same
# parser reads them (`parse_api_filters`), so a filter and its checks are written once.
API_PARAMS = {
    "q": "q",
    "subsector": "subsector",
    "kabkota": "kabkota",
    "kecamatan": "kecamatan",
    "kelurahan": "kelurahan",
    "size_class": "size_class",
    "community": "community",
    "certification": "certification",
    "fostered": "fostered",
    "flagship": "flagship",
    "sort": "ordering",
}
# The filters of `ActorFilters`, in the order their parameters appear in a page's URL.
FILTERS = (
    "q",
    "subsector",
    "kabkota",
    "kecamatan",
    "kelurahan",
    "size_class",
    "community",
    "certification",
    "fostered",
    "flagship",
    "fostered_by",
    "status",
    "actor_kind",
)
KINDS = ("actor", "community", "hub", "product")
ACTOR_SORT_CHOICES = ("relevance", "name", "-name", "newest", "kecamatan")
PRODUCT_SORT_CHOICES = ("relevance", "name", "newest", "price", "-price")
MAX_QUERY_LENGTH = 200
MAX_PAGE = 10_000
OPTIONS_TTL_SECONDS = 300


class InvalidFilters(ServiceError):
    code = "invalid_filter"


# ---------------------------------------------------------------- reference options (cached per process)


@dataclass(frozen=True)
class Option:
    code: str
    name: str
    pk: int
    name_en: str = ""  # subsectors: the reference list's English name

    @property
    def label(self) -> str:
        """In the active language (the cache holds both names; it is shared by every request)."""
        return subsector_name(self.name, self.name_en) if self.name_en else self.name


@dataclass(frozen=True)
class _Options:
    subsectors: tuple[Option, ...]
    kabkota: tuple[Option, ...]  # empty in a kab/kota installation (no level above the kecamatan)
    kecamatan: tuple[Option, ...]
    kecamatan_by_kabkota: dict[str, tuple[Option, ...]]  # kab/kota code → its kecamatan
    kelurahan: dict[str, tuple[Option, ...]]  # kecamatan code → its kelurahan
    places: dict[int, tuple[str, str]]  # kelurahan pk → (kelurahan name, kecamatan name)
    loaded_at: float
    # (kind, parent code, language) → (code, label) pairs for a form's select (`option_choices`).
    choices: dict[tuple[str, str, str | None], tuple[tuple[str, str], ...]] = field(default_factory=dict)


_options: _Options | None = None


def _load_options() -> _Options:
    from sinergi.classification.selectors import current_subsectors
    from sinergi.wilayah.selectors import is_province, kabkota_list, kecamatan_list, kelurahan_list

    kecamatan = tuple(Option(k.code, k.name, k.pk) for k in kecamatan_list())
    by_kabkota: dict[str, list[Option]] = {}
    for option in kecamatan:
        by_kabkota.setdefault(option.code.rsplit(".", 1)[0], []).append(option)
    kelurahan: dict[str, list[Option]] = {}
    places: dict[int, tuple[str, str]] = {}
    for k in kelurahan_list():
        kelurahan.setdefault(k.parent.code, []).append(Option(k.code, k.name, k.pk))  # type: ignore[union-attr]
        places[k.pk] = (k.name, k.parent.name)  # type: ignore[union-attr]
    return _Options(
        subsectors=tuple(Option(s.code, s.name_id, s.pk, s.name_en) for s in current_subsectors()),
        kabkota=tuple(Option(k.code, k.name, k.pk) for k in kabkota_list()) if is_province() else (),
        kecamatan=kecamatan,
        kecamatan_by_kabkota={code: tuple(items) for code, items in by_kabkota.items()},
        kelurahan={code: tuple(items) for code, items in kelurahan.items()},
        places=places,
        loaded_at=time.monotonic(),
    )


def options() -> _Options:
    global _options  # noqa: PLW0603 -- a per-process memo of reference data
    if _options is None or time.monotonic() - _options.loaded_at > OPTIONS_TTL_SECONDS:
        _options = _load_options()
    return _options


def clear_options_cache() -> None:
    global _options  # noqa: PLW0603 -- see options()
    _options = None


def subsector_options() -> tuple[Option, ...]:
    return options().subsectors


def kabkota_options() -> tuple[Option, ...]:
    """The kab/kota of a province installation; empty in a kab/kota installation."""
    return options().kabkota


def kecamatan_options(kabkota: str | None = None) -> tuple[Option, ...]:
    """Every kecamatan of a kab/kota installation; in a province, those of the chosen kab/kota (empty
    when none is chosen: the list depends on the kab/kota)."""
    opts = options()
    if not opts.kabkota:
        return opts.kecamatan
    return opts.kecamatan_by_kabkota.get(kabkota or "", ())


def kelurahan_options(kecamatan: str | None) -> tuple[Option, ...]:
    """The kelurahan of one kecamatan (empty when none is chosen: the list depends on the kecamatan)."""
    return options().kelurahan.get(kecamatan or "", ())


_OPTION_LISTS = {
    "subsector": lambda parent: subsector_options(),
    "kabkota": lambda parent: kabkota_options(),
    "kecamatan": kecamatan_options,
    "kelurahan": kelurahan_options,
}


def option_choices(kind: str, parent: str | None = None) -> tuple[tuple[str, str], ...]:
    """(code, label) pairs of one list of options for a form's select, labels in the active language:
    `kind` "subsector", "kabkota", "kecamatan" (of the kab/kota `parent` in a province) or "kelurahan" (of
    the kecamatan `parent`). Built once per load of the reference data and language, and kept with the
    options they come from: every directory request shows them (issue 17)."""
    opts = options()
    key = (kind, parent or "", get_language())
    found = opts.choices.get(key)
    if found is None:
        found = opts.choices[key] = tuple((o.code, str(o.label)) for o in _OPTION_LISTS[kind](parent))
    return found


def subsector_pk(code: str) -> int | None:
    return next((o.pk for o in options().subsectors if o.code == code), None)


def kelurahan_pks(
    *, kabkota: str | None = None, kecamatan: str | None = None, kelurahan: str | None = None
) -> list[int]:
    """Primary keys of one kelurahan, or of every kelurahan of a kecamatan or of a kab/kota (filters by
    id avoid joins)."""
    opts = options()
    if kelurahan:
        return [o.pk for items in opts.kelurahan.values() for o in items if o.code == kelurahan]
    if kecamatan:
        return [o.pk for o in opts.kelurahan.get(kecamatan, ())]
    return [o.pk for kec in opts.kecamatan_by_kabkota.get(kabkota or "", ()) for o in opts.kelurahan.get(kec.code, ())]


PROVINCE_LEVEL = "provinsi"


def parse_organiser_level(value: str) -> tuple[str | None, str]:
    """The public event and program lists' filter by organising office's level in a province
    installation: "provinsi" (offices of the whole province) or a kab/kota (code or name). Returns
    (value, "") or (None, an error in the active language); ("", "") → (None, "")."""
    value = value.strip()
    if not value:
        return None, ""
    if value.casefold() == PROVINCE_LEVEL:
        return PROVINCE_LEVEL, ""
    kabkota = options().kabkota
    found = _match(value, kabkota) or [o for o in kabkota if _key(o.name).endswith(" " + _key(value))]
    if len(found) == 1:
        return found[0].code, ""
    return None, _("Kabupaten/kota “%(code)s” tidak ada di wilayah ini.") % {"code": value}


def organiser_level_filter(value: str) -> tuple[str | None, dict[str, Any]]:
    """The organiser-level filter of the public event and program lists: the parsed level and the context
    of components/organiser_level_filter.html (its options, the value chosen, an error to show)."""
    level, error = parse_organiser_level(value)
    return level, {"kabkota_options": kabkota_options(), "level": level or "", "level_error": error}


# ---------------------------------------------------------------- parsed filters


@dataclass(frozen=True)
class ActorFilters:
    q: str = ""
    kind: str = "actor"
    subsector: str | None = None
    kabkota: str | None = None  # a province installation's kab/kota (Kemendagri code)
    kecamatan: str | None = None
    kelurahan: str | None = None
    size_class: str | None = None
    community: str | None = None
    certification: str | None = None
    fostered: bool | None = None
    fostered_by: str | None = None  # an office's slug (staff filters)
    status: str | None = None  # a profile status (staff filters; the public sees verified profiles only)
    actor_kind: str | None = None  # individual or business (staff filters)
    flagship: bool | None = None
    sort: str = ""
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def default_sort(self) -> str:
        """The order a list takes when the visitor chose none: by relevance with a word, else by name."""
        return "relevance" if self.q else "name"

    @property
    def sort_or_default(self) -> str:
        return self.sort or self.default_sort

    def selector_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `selectors.actor_list` (every filter it takes, and the sort)."""
        kwargs = {name: getattr(self, name) for name in FILTERS if name != "flagship"}
        return {**kwargs, "sort": self.sort_or_default}

    @property
    def active(self) -> dict[str, str]:
        """The filters in use, as the pages' query parameters (without page and sort)."""
        words: dict[str, dict[Any, str]] = {
            "fostered": {True: "ya", False: "tidak"},
            "flagship": {True: "ya", False: ""},
            "actor_kind": {"individual": "perorangan", "business": "badan_usaha"},
        }
        values = {name: getattr(self, name) for name in FILTERS}
        shown = {name: words[name].get(value, "") if name in words else value for name, value in values.items()}
        return {PARAMS[name]: str(value) for name, value in shown.items() if value}

    def with_page(self, page: int) -> ActorFilters:
        return replace(self, page=page)


def _first(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name, "")
    if isinstance(value, list):  # a plain dict of lists
        value = value[0] if value else ""
    if isinstance(value, bool):  # the API's schema has typed it already
        return "true" if value else "false"
    return str(value if value is not None else "").strip()


def _yes_no(value: str) -> bool | None:
    return {"ya": True, "tidak": False, "1": True, "0": False, "true": True, "false": False}.get(value.lower())


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _match(value: str, choices: tuple[Option, ...]) -> list[Option]:
    """The options a typed value names: its code, or its name in either language (case-insensitive)."""
    key = _key(value)
    by_code = [o for o in choices if o.code.casefold() == key]
    return by_code or [o for o in choices if key in {_key(o.name), _key(o.name_en)}]


def _api_unknown(key: str, value: str) -> str:
    """The API's words for a code or slug that names nothing (they point to the endpoint listing them)."""
    if key == "subsector":
        return _("Kode subsektor '%(code)s' tidak dikenal; lihat /api/v1/subsectors.") % {"code": value}
    if key == "kabkota":
        return _("Kode kabupaten/kota '%(kode)s' tidak dikenal; lihat /api/v1/wilayah/kabkota.") % {"kode": value}
    if key == "kecamatan":
        return _("Kode kecamatan '%(kode)s' tidak dikenal; lihat /api/v1/wilayah/kecamatan.") % {"kode": value}
    if key == "kelurahan":
        return _("Kode kelurahan '%(kode)s' tidak dikenal; lihat /api/v1/wilayah/kelurahan.") % {"kode": value}
    return _("Komunitas '%(slug)s' tidak ditemukan.") % {"slug": value}


def _api_outside(key: str, value: str, parent: str) -> str:
    """The API's words for a place outside the kab/kota or kecamatan chosen with it."""
    return _("Kode %(name)s '%(kode)s' tidak berada di wilayah '%(parent)s' yang dipilih.") % {
        "name": key,
        "kode": value,
        "parent": parent,
    }


class Wording(enum.Enum):
    """Whose words a refusal is in: the pages' (the value as typed, in a sentence) or the API's (the
    code, and the endpoint that lists the known ones)."""

    PAGES = "pages"
    API = "api"


def parse_actor_filters(
    data: Mapping[str, Any],
    *,
    strict: bool = False,
    sorts: tuple[str, ...] = ACTOR_SORT_CHOICES,
    staff: bool = False,
    names: Mapping[str, str] = PARAMS,
    wording: Wording = Wording.PAGES,
) -> ActorFilters:
    """Validated filters from query parameters; unknown codes are reported, never silently used.

    Subsector, kab/kota, kecamatan and kelurahan accept a code or a name ("FSN" or "Fesyen", "Kuliner",
    "Samarinda" or "Kota Samarinda"); a place below a chosen parent must lie inside it, and the parents
    of a chosen place are filled in;
    `staff=True` also reads the staff-only filters (status, kind of actor, fostering office).

    `names` maps each filter to the query parameter it is read from (`PARAMS`, the pages' Indonesian
    names, or `API_PARAMS`); a filter it does not name is not read, and `errors` is keyed by the
    parameter's name. `wording` says whose words the refusals are in (`Wording.API` for the API)."""
    errors: dict[str, str] = {}  # by filter; keyed by parameter name on the way out
    values: dict[str, Any] = {}

    def read(key: str) -> str:
        return _first(data, names[key]) if key in names else ""

    api = wording is Wording.API

    q = read("q")
    if len(q) > MAX_QUERY_LENGTH:
        errors["q"] = _("Kata kunci terlalu panjang (paling banyak %(n)s karakter).") % {"n": MAX_QUERY_LENGTH}
        q = q[:MAX_QUERY_LENGTH]
    values["q"] = q

    kind = read("kind") or "actor"
    if kind not in KINDS:
        errors["kind"] = _("Jenis tidak dikenal; pilih pelaku, komunitas, ruang kreatif atau produk.")
        kind = "actor"
    values["kind"] = kind

    opts = options()
    subsector = read("subsector")
    if subsector:
        found = _match(subsector, opts.subsectors)
        if found:
            values["subsector"] = found[0].code
        else:
            errors["subsector"] = (
                _api_unknown("subsector", subsector)
                if api
                else _("Subsektor “%(code)s” tidak dikenal.") % {"code": subsector}
            )

    kabkota = read("kabkota")
    if kabkota:
        found = _match(kabkota, opts.kabkota) or [o for o in opts.kabkota if _key(o.name).endswith(" " + _key(kabkota))]
        if len(found) == 1:
            kabkota = values["kabkota"] = found[0].code
        else:
            errors["kabkota"] = (
                _api_unknown("kabkota", kabkota)
                if api
                else _("Kabupaten/kota “%(code)s” tidak ada di wilayah ini.") % {"code": kabkota}
            )
            kabkota = ""

    kecamatan = read("kecamatan")
    if kecamatan:
        found = _match(kecamatan, opts.kecamatan)
        if kabkota:
            within = [o for o in found if o.code.startswith(f"{kabkota}.")]
            if found and not within:
                errors["kecamatan"] = (
                    _api_outside("kecamatan", kecamatan, kabkota)
                    if api
                    else _("Kecamatan itu tidak berada di kabupaten/kota yang dipilih.")
                )
            found = within
        if "kecamatan" in errors:
            kecamatan = ""
        elif len(found) == 1:
            kecamatan = values["kecamatan"] = found[0].code
            if opts.kabkota:
                values["kabkota"] = kecamatan.rsplit(".", 1)[0]
        elif len(found) > 1:
            errors["kecamatan"] = _("Ada beberapa kecamatan bernama “%(name)s”; pilih kabupaten/kotanya juga.") % {
                "name": kecamatan
            }
            kecamatan = ""
        else:
            errors["kecamatan"] = (
                _api_unknown("kecamatan", kecamatan)
                if api
                else _("Kecamatan “%(code)s” tidak ada.") % {"code": kecamatan}
            )
            kecamatan = ""

    kelurahan = read("kelurahan")
    if kelurahan:
        places = [(kec, o) for kec, items in opts.kelurahan.items() for o in _match(kelurahan, items)]
        if kabkota and not kecamatan:
            inside = [(kec, o) for kec, o in places if kec.startswith(f"{kabkota}.")]
            if places and not inside:
                errors["kelurahan"] = (
                    _api_outside("kelurahan", kelurahan, kabkota)
                    if api
                    else _("Kelurahan itu tidak berada di kabupaten/kota yang dipilih.")
                )
            places = inside
        if kecamatan and "kelurahan" not in errors:
            inside = [(kec, o) for kec, o in places if kec == kecamatan]
            if places and not inside:
                errors["kelurahan"] = (
                    _api_outside("kelurahan", kelurahan, kecamatan)
                    if api
                    else _("Kelurahan itu tidak berada di kecamatan yang dipilih.")
                )
            places = inside
        if "kelurahan" in errors:
            pass
        elif not places:
            errors["kelurahan"] = (
                _api_unknown("kelurahan", kelurahan)
                if api
                else _("Kelurahan “%(code)s” tidak ada.") % {"code": kelurahan}
            )
        elif len(places) > 1:
            errors["kelurahan"] = _("Ada beberapa kelurahan bernama “%(name)s”; pilih kecamatannya juga.") % {
                "name": kelurahan
            }
        else:
            values["kecamatan"], values["kelurahan"] = places[0][0], places[0][1].code
            if opts.kabkota:
                values["kabkota"] = places[0][0].rsplit(".", 1)[0]

    size_class = read("size_class").lower()
    if size_class:
        if size_class in SizeClass.values:
            values["size_class"] = size_class
        else:
            errors["size_class"] = _("Skala usaha harus mikro, kecil, menengah atau besar.")

    community = read("community")
    if community:
        if Community.objects.filter(slug=community, status=Status.VERIFIED).exists():
            values["community"] = community
        else:
            errors["community"] = (
                _api_unknown("community", community)
                if api
                else _("Komunitas “%(slug)s” tidak ditemukan.") % {"slug": community}
            )

    certification = read("certification").lower()
    if certification:
        if certification in CertificationKind.values:
            values["certification"] = certification
        else:
            errors["certification"] = _("Jenis sertifikasi tidak dikenal.")

    for key in ("fostered", "flagship"):
        raw = read(key)
        if raw:
            parsed = _yes_no(raw)
            if parsed is None:
                errors[key] = _("Pilih “ya” atau “tidak”.")
            else:
                values[key] = parsed

    if staff:
        status = read("status").lower()
        if status:
            if status in Status.values:
                values["status"] = status
            else:
                errors["status"] = _("Status profil tidak dikenal.")
        actor_kind = read("actor_kind").lower().replace(" ", "_")
        if actor_kind:
            actor_kind = {"perorangan": ActorKind.INDIVIDUAL, "badan_usaha": ActorKind.BUSINESS}.get(
                actor_kind, actor_kind
            )
            if actor_kind in ActorKind.values:
                values["actor_kind"] = str(actor_kind)
            else:
                errors["actor_kind"] = _("Jenis pelaku harus perorangan atau badan usaha.")
        office = read("fostered_by")
        if office:
            from sinergi.accounts.models import Organisation

            if Organisation.objects.filter(slug=office).exists():
                values["fostered_by"] = office
            else:
                errors["fostered_by"] = _("Instansi pembina “%(slug)s” tidak ditemukan.") % {"slug": office}

    sort = read("sort")
    if sort:
        if sort in sorts:
            values["sort"] = sort
        else:
            errors["sort"] = _("Urutan tidak dikenal.")

    page_raw = read("page")
    if page_raw:
        if page_raw.isdigit() and 1 <= int(page_raw) <= MAX_PAGE:
            values["page"] = int(page_raw)
        else:
            errors["page"] = _("Nomor halaman harus bilangan bulat positif.")

    errors = {names[key]: message for key, message in errors.items()}
    if strict and errors:
        raise InvalidFilters(_("Filter tidak valid."), field_errors={k: [v] for k, v in errors.items()})
    return ActorFilters(errors=errors, **values)


def parse_product_filters(data: Mapping[str, Any], *, strict: bool = False) -> ActorFilters:
    """The product catalogue's filters (q, subsektor, kecamatan, sertifikasi, unggulan, urut, halaman)."""
    return parse_actor_filters(data, strict=strict, sorts=PRODUCT_SORT_CHOICES)


def parse_api_filters(data: Mapping[str, Any], *, sorts: tuple[str, ...]) -> ActorFilters:
    """The API's list filters (`API_PARAMS`, values already typed by its schema) through the same parser,
    strictly: a value that names nothing known raises InvalidFilters keyed by the API's parameter."""
    return parse_actor_filters(data, strict=True, sorts=sorts, names=API_PARAMS, wording=Wording.API)
