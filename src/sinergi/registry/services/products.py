"""Products of an actor: the record, flagship status, archiving, and photos (checked in `files`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import ServiceError
from sinergi.core.writes import model_update, validate

from .. import derived
from ..files import process_photo
from ..models import Actor, Product, ProductPhoto
from .actors import actor_refresh_derived

PRODUCT_FIELDS = (
    "name",
    "subsector",
    "description",
    "price_min",
    "price_max",
    "platform",
    "store_url",
    "users_count",
    "awards",
)

MAX_PHOTOS_PER_PRODUCT = 12


def _check_product_changer(by: User | None, actor: Actor) -> None:
    check_perm(by, "registry.change_product", actor, message=_("Anda tidak berhak mengubah produk profil ini."))


@transaction.atomic
def product_save(
    *, by: User | None, actor: Actor, data: Mapping[str, Any], product: Product | None = None, is_demo: bool = False
) -> Product:
    """Add a product to the actor's profile, or change one (its slug stays once made)."""
    _check_product_changer(by, actor)
    created = product is None
    product = product or Product(actor=actor, is_demo=is_demo)
    model_update(product, fields=PRODUCT_FIELDS, data=data)
    if product.price_min is not None and product.price_max is not None and product.price_min > product.price_max:
        raise ServiceError(
            _("Harga terendah lebih besar dari harga tertinggi."),
            field_errors={"price_min": [_("Harus ≤ harga tertinggi.")]},
        )
    if created:
        product.slug = derived.slug_for(Product, f"{actor.name} {product.name}")
    validate(product, exclude=["slug"], unique=False)
    product.search_text = derived.product_search_text(
        name=product.name, description=product.description, actor_name=actor.name
    )
    product.save()
    actor_refresh_derived(actor=actor)
    audit.record(by=by, action="registry.product.created" if created else "registry.product.updated", target=product)
    return product


@transaction.atomic
def product_set_flagship(*, by: User | None, product: Product, flagship: bool, reason: str) -> Product:
    """Staff name a product flagship (produk unggulan) or take it back, with a reason."""
    check_perm(
        by,
        "registry.set_flagship",
        product.actor,
        message=_("Hanya petugas direktori yang menetapkan produk unggulan."),
    )
    if not reason.strip():
        raise ServiceError(
            _("Tuliskan alasan penetapan atau pencabutan produk unggulan."),
            field_errors={"reason": [_("Wajib diisi.")]},
        )
    product.is_flagship = flagship
    product.flagship_reason = reason.strip()
    product.save(update_fields=["is_flagship", "flagship_reason", "updated_at"])
    audit.record(
        by=by,
        action="registry.product.flagship_set" if flagship else "registry.product.flagship_unset",
        target=product,
        data={"reason": reason.strip()},
    )
    return product


@transaction.atomic
def product_archive(*, by: User | None, product: Product, reason: str) -> Product:
    """Take a product off the profile; it stays in the trail and in the actor's history."""
    _check_product_changer(by, product.actor)
    product.is_archived = True
    product.save(update_fields=["is_archived", "updated_at"])
    actor_refresh_derived(actor=product.actor)
    audit.record(by=by, action="registry.product.archived", target=product, data={"reason": reason})
    return product


@transaction.atomic
def product_photo_add(*, by: User | None, product: Product, upload: Any, alt_text: str = "") -> ProductPhoto:
    """Add a photo: decoded and re-encoded by Pillow (no EXIF), at most 1600 px, with a 400 px thumbnail."""
    _check_product_changer(by, product.actor)
    if product.photos.count() >= MAX_PHOTOS_PER_PRODUCT:
        raise ServiceError(
            ngettext(
                "Paling banyak %(count)d foto per produk.",
                "Paling banyak %(count)d foto per produk.",
                MAX_PHOTOS_PER_PRODUCT,
            )
            % {"count": MAX_PHOTOS_PER_PRODUCT},
            field_errors={"image": [_("Hapus foto lain dulu.")]},
        )
    processed = process_photo(upload)
    photo = ProductPhoto(product=product, alt_text=alt_text.strip()[:200], position=(product.photos.count()))
    photo.image.save(processed.image.name or "foto.jpg", processed.image, save=False)
    photo.thumbnail.save(processed.thumbnail.name or "foto-400.jpg", processed.thumbnail, save=False)
    photo.save()
    audit.record(
        by=by,
        action="registry.product.photo_added",
        target=product,
        data={"photo": photo.pk, "width": processed.width, "height": processed.height},
    )
    return photo


@transaction.atomic
def product_photo_remove(*, by: User | None, photo: ProductPhoto) -> None:
    product = photo.product
    _check_product_changer(by, product.actor)
    names = [f.name for f in (photo.image, photo.thumbnail) if f and f.name]
    storage = photo.image.storage
    pk = photo.pk
    photo.delete()

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    audit.record(by=by, action="registry.product.photo_removed", target=product, data={"photo": pk})
