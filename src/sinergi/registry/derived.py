"""Values derived from registry records, never typed: the one place each rule is written.

Services (`actor_refresh_derived`, the save services), the bulk import and the demo all call these, so
a profile found by the search, its size class, its slug and what it still lacks read the same whoever
wrote it. The `*_search_text` functions take plain field values and touch no database, so a bulk writer
can call them per row; `actor_search_text_of`, `size_class_of` and `checklist` read an actor's related
rows, and `next_step` (what the owner does next, on their pages and dashboard) reads the checklist.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext as _

from sinergi.core.writes import unique_slug

from . import sizing
from .models import Status

if TYPE_CHECKING:
    from .models import Actor

# A name that slugifies to nothing (only punctuation or non-Latin script) still gets a readable slug.
SLUG_FALLBACK = "profil"
SLUG_MAX_LENGTH = 200


def slug_for(
    model: type[models.Model], text: str, *, exclude_pk: int | None = None, taken: Container[str] | None = None
) -> str:
    """A slug for an actor, community, hub or product that no other row of `model` has (`taken`: the slugs
    in use, when a bulk writer already holds them)."""
    return unique_slug(
        model, text, exclude_pk=exclude_pk, fallback=SLUG_FALLBACK, max_length=SLUG_MAX_LENGTH, taken=taken
    )


def actor_search_text(
    *,
    name: str,
    description: str = "",
    address: str = "",
    kelurahan: str = "",
    kecamatan: str = "",
    kbli: str = "",
    subsectors: Iterable[str] = (),
    products: Iterable[str] = (),
) -> str:
    """The words the directory finds an actor by: its name, description and address, the names of its
    kelurahan and kecamatan, its primary KBLI's title, its subsectors' names and its live products'
    names, in that order, empty parts left out."""
    parts = [name, description, address, kelurahan, kecamatan, kbli, *subsectors, *products]
    return " ".join(p for p in parts if p)


def actor_search_text_of(actor: Actor) -> str:
    """`actor_search_text` of a stored actor, reading its place, KBLI, subsectors and products."""
    kelurahan = actor.kelurahan if actor.kelurahan_id else None
    return actor_search_text(
        name=actor.name,
        description=actor.description,
        address=actor.address,
        kelurahan=kelurahan.name if kelurahan is not None else "",
        kecamatan=kelurahan.parent.name if kelurahan is not None and kelurahan.parent is not None else "",
        kbli=actor.primary_kbli.title if actor.primary_kbli_id and actor.primary_kbli is not None else "",
        subsectors=[s.name_id for s in actor.subsectors.all()],
        products=list(actor.products.filter(is_archived=False).values_list("name", flat=True)),
    )


def product_search_text(*, name: str, description: str, actor_name: str) -> str:
    """The words a product is found by: its name and description and its maker's name."""
    return " ".join([name, description, actor_name])


def hub_search_text(*, name: str, description: str, facilities: str, operator_name: str) -> str:
    """The words a creative hub is found by."""
    return " ".join([name, description, facilities, operator_name])


def community_search_text(*, name: str, description: str, focus_subsectors: Iterable[str]) -> str:
    """The words a community is found by: its name, description and the names of its focus subsectors."""
    return " ".join([name, description, *focus_subsectors])


def size_class_of(actor: Actor) -> str:
    """The UMKM size class (PP 7/2021, `sizing`) from the actor's latest yearly figures; '' with none."""
    latest = actor.yearly_figures.order_by("-year").first()
    return sizing.size_class(capital=latest.capital, sales=latest.sales) if latest is not None else ""


@dataclass(frozen=True)
class CheckItem:
    """One thing a profile has or lacks: `label` heads the owner's checklist, `noun` names it in a
    sentence ("Lengkapi dulu sebelum mengajukan: deskripsi.")."""

    label: str
    noun: str
    done: bool
    required: bool


def _required(actor: Actor) -> list[CheckItem]:
    return [
        CheckItem(_("Nama usaha"), _("nama"), bool(actor.name), True),
        CheckItem(_("Kelurahan"), _("kelurahan"), bool(actor.kelurahan_id), True),
        CheckItem(_("KBLI utama"), _("KBLI utama"), bool(actor.primary_kbli_id), True),
        CheckItem(_("Deskripsi usaha"), _("deskripsi"), bool(actor.description.strip()), True),
    ]


def checklist(actor: Actor) -> list[CheckItem]:
    """What a profile needs before it can be submitted (required) and what makes it useful (advised)."""
    return [
        *_required(actor),
        CheckItem(_("NIB"), _("NIB"), bool(actor.nib), False),
        CheckItem(_("Angka tahunan (modal/omzet)"), _("angka tahunan"), actor.yearly_figures.exists(), False),
        CheckItem(_("Narahubung"), _("narahubung"), actor.contacts.exists(), False),
        CheckItem(_("Produk"), _("produk"), actor.products.filter(is_archived=False).exists(), False),
    ]


def missing_for_submission(actor: Actor) -> list[str]:
    """The nouns of what a profile still lacks before it may be submitted (none: [])."""
    return [item.noun for item in _required(actor) if not item.done]


def next_step(actor: Actor) -> str:
    """One sentence telling the owner what to do next."""
    if actor.status == Status.DRAFT:
        missing = [item.label for item in _required(actor) if not item.done]
        if missing:
            return _("Lengkapi: %(items)s, lalu ajukan verifikasi.") % {"items": ", ".join(missing)}
        return _("Profil siap: ajukan verifikasi.")
    if actor.status == Status.SUBMITTED:
        return _("Menunggu verifikasi petugas.")
    if actor.status == Status.REJECTED:
        return _("Perbaiki sesuai catatan petugas, lalu ajukan kembali.")
    if actor.status == Status.VERIFIED:
        return _("Tampil di direktori publik. Jaga data tetap mutakhir.")
    return _("Diarsipkan: tidak tampil di direktori.")
