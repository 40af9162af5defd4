"""Product photos show on the public product pages (the route the portal links must exist: a wrong
name used to be turned into '' by a swallowing template tag, so no photo ever showed)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from sinergi.registry import services
from tests.factories import UserFactory, make_actor

pytestmark = pytest.mark.django_db


def jpeg(size: tuple[int, int] = (900, 600)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "JPEG")
    return SimpleUploadedFile("tas.jpg", out.getvalue(), content_type="image/jpeg")


def test_a_verified_actors_product_photo_shows_publicly(client: Client) -> None:
    owner = UserFactory()
    actor = make_actor(by=owner, name="Anyaman Bu Tini")
    product = services.product_save(by=owner, actor=actor, data={"name": "Tas Anyaman Pandan"})
    photo = services.product_photo_add(by=owner, product=product, upload=jpeg(), alt_text="Tas dari depan")

    detail = client.get(f"/produk/{product.slug}/").content.decode()
    full_url = f"/direktori/kelola/berkas/foto/{photo.pk}/"
    assert f'src="{full_url}" alt="Tas dari depan"' in detail
    listing = client.get("/produk/").content.decode()
    thumb_url = f"/direktori/kelola/berkas/foto/{photo.pk}/kecil/"
    assert f'src="{thumb_url}"' in listing

    for url, longest in ((full_url, 900), (thumb_url, 400)):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
            assert max(image.size) == longest


def test_a_product_without_photos_shows_its_initial() -> None:
    owner = UserFactory()
    actor = make_actor(by=owner)
    product = services.product_save(by=owner, actor=actor, data={"name": "Kopi Robusta"})
    page = Client().get(f"/produk/{product.slug}/").content.decode()
    assert "/berkas/foto/" not in page
