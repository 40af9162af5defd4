"""Reading a DCAT catalogue (JSON-LD as Sinergi's `statistik/dcat.jsonld` writes it: compact `dcat:`/`dct:`
keys; plain keys as in a CKAN/DCAT-US `data.json` are read too) into entries, or one located error.

A catalogue is taken whole or not at all: one bad dataset refuses the harvest (`CatalogError`, naming
the dataset and the field), so a province never shows half of a kab/kota's list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

MAX_DATASETS = 2000
LIMITS = {"identifier": 500, "title": 500, "publisher": 300, "spatial": 200, "landing_url": 1000}


class CatalogError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Entry:
    identifier: str
    title: str
    description: str
    landing_url: str
    publisher: str
    spatial: str
    issued: datetime | None
    modified: datetime | None


def _get(node: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if key in node and node[key] not in (None, ""):
            return node[key]
    return None


def _text(value: Any) -> str:
    """A literal: a string, a {"@value": …} object, or a list of those (the Indonesian one first)."""
    if value is None:
        return ""
    if isinstance(value, list):
        texts = [v for v in value if isinstance(v, dict) and v.get("@language") == "id"] or value
        return _text(texts[0]) if texts else ""
    if isinstance(value, dict):
        return _text(value.get("@value") or value.get("@id") or value.get("foaf:name") or value.get("name"))
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _date(value: Any, where: str, field: str) -> datetime | None:
    text = _text(value)
    if not text:
        return None
    try:
        if "T" in text or " " in text:
            parsed = datetime.fromisoformat(text)
        else:  # a date alone: its midnight where the catalogue was published is unknown; take ours
            parsed = datetime.combine(date.fromisoformat(text), time(0))
    except ValueError as exc:
        raise CatalogError(
            _("%(where)s: tanggal %(field)s tidak terbaca: %(value)s")
            % {"where": where, "field": field, "value": text[:40]}
        ) from exc
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _http_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in {"http", "https"} and bool(parts.hostname)


def parse_catalog(data: Any) -> list[Entry]:
    if not isinstance(data, dict):
        raise CatalogError(_("Katalog harus berupa objek JSON dengan daftar dataset (dcat:dataset)."))
    datasets = _get(data, "dcat:dataset", "dataset", "http://www.w3.org/ns/dcat#dataset")
    if datasets is None:
        if _get(data, "@type", "type") in {"dcat:Catalog", "Catalog"}:
            return []  # a catalogue with nothing published yet
        raise CatalogError(_("Ini bukan katalog DCAT: tidak ada dcat:dataset."))
    if isinstance(datasets, dict):
        datasets = [datasets]
    if not isinstance(datasets, list):
        raise CatalogError(_("dcat:dataset harus berupa daftar."))
    if len(datasets) > MAX_DATASETS:
        raise CatalogError(
            _("Katalog memuat %(count)s dataset; batasnya %(limit)s.") % {"count": len(datasets), "limit": MAX_DATASETS}
        )
    entries: list[Entry] = []
    seen: set[str] = set()
    for number, node in enumerate(datasets, start=1):
        where = _("Dataset ke-%(number)s") % {"number": number}
        if not isinstance(node, dict):
            raise CatalogError(_("%(where)s bukan objek JSON.") % {"where": where})
        landing = _text(_get(node, "dcat:landingPage", "landingPage", "@id"))
        values = {
            "title": _text(_get(node, "dct:title", "title")),
            "identifier": _text(_get(node, "dct:identifier", "identifier", "@id")) or landing,
            "landing_url": landing,
            "publisher": _text(_get(node, "dct:publisher", "publisher")),
            "spatial": _text(_get(_get(node, "dct:spatial", "spatial") or {}, "rdfs:label", "label"))
            if isinstance(_get(node, "dct:spatial", "spatial"), dict)
            else _text(_get(node, "dct:spatial", "spatial")),
        }
        if not values["title"]:
            raise CatalogError(_("%(where)s: judul (dct:title) kosong.") % {"where": where})
        if not _http_url(landing):
            raise CatalogError(
                _("%(where)s (%(title)s): halaman publikasi (dcat:landingPage) harus alamat http(s).")
                % {"where": where, "title": values["title"][:80]}
            )
        for field, limit in LIMITS.items():
            if len(values[field]) > limit:
                raise CatalogError(
                    _("%(where)s: %(field)s lebih panjang dari %(limit)s karakter.")
                    % {"where": where, "field": field, "limit": limit}
                )
        if values["identifier"] in seen:
            raise CatalogError(
                _("%(where)s: pengenal %(identifier)s sudah dipakai dataset lain di katalog ini.")
                % {"where": where, "identifier": values["identifier"][:80]}
            )
        seen.add(values["identifier"])
        entries.append(
            Entry(
                description=_text(_get(node, "dct:description", "description")),
                issued=_date(_get(node, "dct:issued", "issued"), where, "dct:issued"),
                modified=_date(_get(node, "dct:modified", "modified"), where, "dct:modified"),
                **values,
            )
        )
    return entries
