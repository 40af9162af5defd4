"""Uploads in an S3-compatible store (SINERGI_MEDIA_STORAGE=s3), tested against moto's S3 server.

Every upload goes through Django's storage API, so a file saved by one app server is read by another
server or a worker on another machine; the bucket stays private (files are served by the views that
check access); an unreachable store is a 503 page and stores nothing. The whole file-handling suite also
runs this way with SINERGI_TEST_MEDIA_STORAGE=s3 (tests/conftest.py).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from sinergi.accounts.models import Role
from sinergi.core.storage import S3MediaStorage
from sinergi.core.storageconfig import media_storage
from sinergi.registry import services
from sinergi.registry.models import Certification, ProductPhoto
from tests.factories import UserFactory, make_actor, user_with_role
from tests.servers import free_port, s3_bucket

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (900, 600), (200, 120, 40)).save(out, "JPEG")
    return SimpleUploadedFile("tas.jpg", out.getvalue(), content_type="image/jpeg")


def _bucket(environ: dict[str, str]) -> Any:
    return boto3.resource(
        "s3",
        endpoint_url=environ["SINERGI_S3_ENDPOINT_URL"],
        aws_access_key_id=environ["SINERGI_S3_ACCESS_KEY"],
        aws_secret_access_key=environ["SINERGI_S3_SECRET_KEY"],
        region_name=environ["SINERGI_S3_REGION"],
    ).Bucket(environ["SINERGI_S3_BUCKET"])


@pytest.fixture
def s3_media(settings: Any, s3_endpoint: str) -> Any:
    """Uploads go to a fresh bucket of the test's S3 server; yields that bucket (boto3)."""
    environ = s3_bucket(s3_endpoint)
    settings.STORAGES = {**settings.STORAGES, "default": media_storage("s3", environ, location="")}
    bucket = _bucket(environ)
    bucket.environ = environ
    return bucket


def _local_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_photo_is_stored_in_the_bucket_served_by_the_view_and_removed_with_it(
    client: Client, s3_media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    before = _local_files()
    owner = UserFactory()
    actor = make_actor(by=owner, name="Anyaman Bu Tini")
    product = services.product_save(by=owner, actor=actor, data={"name": "Tas Anyaman Pandan"})
    photo = services.product_photo_add(by=owner, product=product, upload=jpeg(), alt_text="Tas dari depan")

    keys = sorted(obj.key for obj in s3_media.objects.all())
    assert keys == sorted([photo.image.name, photo.thumbnail.name])
    assert all(key.startswith("produk/") for key in keys)
    assert _local_files() == before  # nothing on this machine's disk

    # Another server: its own storage object, its own connection, the same bucket.
    other_server = S3MediaStorage(**media_storage("s3", s3_media.environ, location="")["OPTIONS"])
    with other_server.open(photo.image.name, "rb") as handle, Image.open(handle) as image:
        assert max(image.size) == 900

    response = client.get(f"/direktori/kelola/berkas/foto/{photo.pk}/")
    assert response.status_code == 200
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as served:
        assert max(served.size) == 900

    with django_capture_on_commit_callbacks(execute=True):
        services.product_photo_remove(by=owner, photo=photo)
    assert not ProductPhoto.objects.exists()
    assert list(s3_media.objects.all()) == []


def test_the_same_file_name_twice_gets_two_objects(s3_media: Any) -> None:
    actor = make_actor()
    first = services.certification_add(
        by=None,
        actor=actor,
        data={"kind": "pirt", "number": "123456789012345"},
        document=SimpleUploadedFile("s.pdf", PDF),
    )
    second = services.certification_add(
        by=None,
        actor=actor,
        data={"kind": "halal", "number": "ID32110000123450124"},
        document=SimpleUploadedFile("s.pdf", PDF + b"%second"),
    )
    assert first.document.name != second.document.name
    with first.document.open("rb") as handle:
        assert handle.read() == PDF  # not overwritten by the second


def test_personal_documents_stay_private_in_the_bucket(client: Client, s3_media: Any) -> None:
    """No public ACL and no unsigned URL: the object is reachable only with the keys, and people get
    it through the view that checks their permission."""
    owner = UserFactory()
    actor = make_actor(by=owner)
    cert = services.certification_add(
        by=owner,
        actor=actor,
        data={"kind": "pirt", "number": "123456789012345"},
        document=SimpleUploadedFile("s.pdf", PDF),
    )
    grants = s3_media.Object(cert.document.name).Acl().grants
    assert all("AllUsers" not in str(grant.get("Grantee", {})) for grant in grants)
    assert "X-Amz-Signature=" in cert.document.url
    assert "X-Amz-Expires=300" in cert.document.url

    url = f"/direktori/kelola/berkas/sertifikat/{cert.pk}/"
    assert Client().get(url).status_code == 403
    staff = Client()
    staff.force_login(user_with_role(Role.STAFF))
    response = staff.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"


def test_the_api_links_photos_to_the_view_never_to_the_bucket(s3_media: Any) -> None:
    owner = UserFactory()
    actor = make_actor(by=owner)
    product = services.product_save(by=owner, actor=actor, data={"name": "Tas Anyaman"})
    photo = services.product_photo_add(by=owner, product=product, upload=jpeg())
    body = Client().get(f"/api/v1/products/{product.slug}").json()
    assert body["photos"] == [f"/direktori/kelola/berkas/foto/{photo.pk}/"]
    served = Client().get(body["photos"][0])
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"\xff\xd8")  # a JPEG (and the file is closed)


def test_an_unreachable_store_answers_503_and_stores_nothing(settings: Any, s3_media: Any) -> None:
    environ = {**s3_media.environ, "SINERGI_S3_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}"}
    storage = media_storage("s3", environ, location="")
    storage["OPTIONS"]["client_config"] = Config(retries={"max_attempts": 1}, connect_timeout=2)
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    owner = UserFactory()
    actor = make_actor(by=owner)
    client = Client()
    client.force_login(owner)
    response = client.post(
        reverse("registry:certification_add", kwargs={"slug": actor.slug}),
        {"kind": "pirt", "number": "123456789012345", "document": SimpleUploadedFile("s.pdf", PDF)},
    )
    assert response.status_code == 503
    assert "Penyimpanan berkas server sedang tidak dapat ditulisi" in response.content.decode()
    assert not Certification.objects.exists()


@pytest.mark.parametrize(
    ("kind", "environ", "message"),
    [
        ("nfs", {}, "SINERGI_MEDIA_STORAGE: 'nfs' is neither 'local' nor 's3'."),
        (
            "s3",
            {"SINERGI_S3_BUCKET": "sinergi"},
            "SINERGI_MEDIA_STORAGE=s3 needs SINERGI_S3_ENDPOINT_URL, SINERGI_S3_ACCESS_KEY, SINERGI_S3_SECRET_KEY",
        ),
    ],
)
def test_an_unknown_or_incomplete_media_storage_stops_the_start(
    kind: str, environ: dict[str, str], message: str
) -> None:
    with pytest.raises(ImproperlyConfigured) as refused:
        media_storage(kind, environ, location="/srv/sinergi/var/media")
    assert str(refused.value).startswith(message)


def test_local_disk_stays_the_default() -> None:
    assert media_storage("", {}, location="/srv/sinergi/var/media") == {
        "BACKEND": "sinergi.core.storage.MediaStorage",
        "OPTIONS": {"location": "/srv/sinergi/var/media", "base_url": "/berkas/"},
    }
