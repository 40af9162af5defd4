"""The actor exporter: the staff list's filters, one row per actor, personal data masked unless allowed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from sinergi.core import audit, phones

from ..models import ActorKind
from ..selectors import actor_list
from .columns import COLUMN_NAMES, COLUMNS

if TYPE_CHECKING:
    from sinergi.accounts.models import User

EXPORT_EXTRA = ("status", "subsektor", "skala_usaha", "kecamatan", "nama_kelurahan", "slug")
PERSONAL_COLUMNS = {"nik_narahubung", "telepon_narahubung"}


def parse_filters(querydict: Mapping[str, Any]) -> dict[str, Any]:
    """The export's filters: the staff list's specification (registry.filters), strictly: an unknown
    subsector, area or status raises InvalidFilters rather than exporting an empty file."""
    from ..filters import parse_actor_filters

    parsed = parse_actor_filters(querydict, strict=True, staff=True)
    kwargs = parsed.selector_kwargs()
    del kwargs["sort"]  # an export is in name order
    return {key: value for key, value in kwargs.items() if value not in (None, "")}


class ActorExporter:
    slug = "pelaku"
    title: str | Promise = gettext_lazy("Pelaku ekraf")
    permission = "registry.export_actors"
    personal_permission = "registry.export_personal_data"

    def headers(self) -> list[str]:
        return [*COLUMN_NAMES, *EXPORT_EXTRA]

    def personal_columns(self) -> set[str]:
        return set(PERSONAL_COLUMNS)

    def text_columns(self) -> set[str]:
        return {c.name for c in COLUMNS if c.text}

    def parse_filters(self, querydict: Mapping[str, Any]) -> dict[str, Any]:
        return parse_filters(querydict)

    def rows(self, *, user: User, filters: Mapping[str, Any], masked: bool = True) -> Iterator[list[Any]]:
        qs = actor_list(user=user, **filters).prefetch_related("other_kbli", "contacts", "yearly_figures")
        for actor in qs.iterator(chunk_size=2000):
            contact = min(actor.contacts.all(), key=lambda c: c.pk, default=None)
            figure = max(actor.yearly_figures.all(), key=lambda f: f.year, default=None)
            kel = actor.kelurahan
            nik = contact.nik if contact else ""
            phone = contact.phone if contact else ""
            if masked:
                nik, phone = phones.mask(nik), phones.mask(phone)
            yield [
                actor.name,
                "perorangan" if actor.kind == ActorKind.INDIVIDUAL else "badan_usaha",
                actor.legal_form,
                actor.nib,
                actor.npwp,
                actor.primary_kbli.code if actor.primary_kbli else "",
                ";".join(sorted(k.code for k in actor.other_kbli.all())),
                actor.description,
                actor.address,
                kel.code if kel else "",
                actor.founded_year,
                actor.workers_female,
                actor.workers_male,
                figure.year if figure else None,
                int(figure.capital) if figure and figure.capital is not None else None,
                int(figure.sales) if figure and figure.sales is not None else None,
                (actor.fostered_by.short_name or actor.fostered_by.name) if actor.fostered_by else "",
                contact.full_name if contact else "",
                nik,
                phone,
                ("ya" if contact.consent_at else "tidak") if contact else "",
                actor.get_status_display(),
                ", ".join(s.name_id for s in actor.subsectors.all()),
                actor.get_size_class_display() if actor.size_class else "",
                kel.parent.name if kel and kel.parent else "",
                kel.name if kel else "",
                actor.slug,
            ]

    def record(self, *, user: User, filters: Mapping[str, Any], count: int, masked: bool, file_format: str) -> None:
        audit.record(
            by=user,
            action="registry.actor.exported",
            target=None,
            data={"filters": dict(filters), "count": count, "masked": masked, "format": file_format},
        )
