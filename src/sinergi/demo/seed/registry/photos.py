"""Generated photos for the Depok demo's products: plainly labelled tiles, never mistaken for a real
product photo, added through the photo service as an upload would be."""

from __future__ import annotations

import io
import textwrap
import zlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from PIL import Image, ImageColor, ImageDraw, ImageFont

from sinergi.demo.seed.accounts import demo_user
from sinergi.registry import services
from sinergi.registry.models import Actor, Product, Status

PHOTO_SIZE = (960, 720)
PHOTOS_FROM_ACTORS = 60  # besides the flagship and the demo owner's products: the first product of so many actors
PHOTO_LABEL = "CONTOH · DEMO"
PHOTO_NOTE = "Gambar dibuat otomatis, bukan foto produk asli"


def _photo_products() -> list[Product]:
    """Which demo products get a photo: flagship ones, the demo owner's, and one product each of the first
    verified actors (so lists and the public directory show photos without uploading hundreds)."""
    demo_products = Product.objects.filter(is_demo=True, actor__is_demo=True).order_by("pk")
    chosen: dict[int, Product] = {p.pk: p for p in demo_products.filter(is_flagship=True)}
    owner = demo_user("pelaku")
    if owner is not None:
        chosen |= {p.pk: p for p in demo_products.filter(actor__owner=owner)}
    actor_ids = list(
        Actor.objects.filter(is_demo=True, status=Status.VERIFIED, products__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()[:PHOTOS_FROM_ACTORS]
    )
    first_of_actor: dict[int, Product] = {}
    for product in demo_products.filter(actor_id__in=actor_ids):
        first_of_actor.setdefault(product.actor_id, product)
    for product in first_of_actor.values():
        chosen.setdefault(product.pk, product)
    return sorted(chosen.values(), key=lambda p: p.pk)


def demo_photo(name: str, subsector_code: str) -> ContentFile[bytes]:
    """A generated JPEG tile with the product's name and a plain "CONTOH · DEMO" label: never mistaken for
    a real product photo."""
    hue = zlib.crc32(subsector_code.encode()) % 360
    background = ImageColor.getrgb(f"hsl({hue}, 45%, 42%)")
    image = Image.new("RGB", PHOTO_SIZE, background)
    draw = ImageDraw.Draw(image)
    width, height = PHOTO_SIZE
    draw.rectangle((24, 24, width - 24, height - 24), outline=(255, 255, 255), width=4)
    title = ImageFont.load_default(size=52)
    small = ImageFont.load_default(size=26)
    lines = textwrap.wrap(name, width=26)[:4]
    y = height // 2 - len(lines) * 34
    for line in lines:
        draw.text((width // 2, y), line, font=title, fill=(255, 255, 255), anchor="ma")
        y += 68
    draw.rectangle((48, 48, 330, 100), fill=(255, 255, 255))
    draw.text((62, 58), PHOTO_LABEL, font=small, fill=background)
    draw.text((width // 2, height - 80), PHOTO_NOTE, font=small, fill=(255, 255, 255), anchor="ma")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return ContentFile(buffer.getvalue(), name=f"demo-{slugify(name)[:40] or 'produk'}.jpg")


def seed_photos(stdout: Any) -> None:
    """One generated photo for each chosen demo product that has none, through the photo service (so it is
    checked, re-encoded, thumbnailed and audited as an upload would be). Safe to run again."""
    added = 0
    with transaction.atomic():
        for product in _photo_products():
            if product.photos.exists():
                continue
            services.product_photo_add(
                by=None,
                product=product,
                upload=demo_photo(product.name, product.subsector.code if product.subsector else ""),
                alt_text=f"Gambar contoh (demo) untuk {product.name}",
            )
            added += 1
    if added:
        stdout.write(f"  foto produk demo: {added} baru (gambar contoh berlabel demo)")
    else:
        stdout.write("  foto produk demo sudah ada; tidak ada yang ditambahkan")
