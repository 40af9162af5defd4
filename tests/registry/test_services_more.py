"""Services added for the workspace: certifications with documents, photos, links, hub residents,
communities with a leader; and the upload checks in registry/files.py."""

from __future__ import annotations

import io
import zlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sinergi.accounts.models import Role
from sinergi.accounts.services import membership_set
from sinergi.core.errors import ServiceError
from sinergi.core.models import AuditEntry
from sinergi.registry import files, services
from sinergi.registry.models import Certification, ProductPhoto, Status
from tests.factories import UserFactory, make_actor

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\ntrailer<<>>\n%%EOF\n"


def image_bytes(size: tuple[int, int], fmt: str, mode: str = "RGB", *, gps: bool = False) -> bytes:
    image = Image.new(mode, size, (10, 120, 90, 128)[: len(mode)] if mode != "L" else 100)
    out = io.BytesIO()
    kwargs: dict[str, Any] = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "KameraUji"
        exif[0x0112] = 6  # rotated 90°: the photo must come out upright
        kwargs["exif"] = exif.tobytes()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def photo_upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def test_certification_with_document_and_removal_deletes_the_file(django_capture_on_commit_callbacks: Any) -> None:
    actor = make_actor()
    cert = services.certification_add(
        by=None,
        actor=actor,
        data={"kind": "pirt", "number": " 123456789012345 "},
        document=SimpleUploadedFile("pirt.pdf", PDF),
    )
    assert cert.number == "123456789012345"
    storage, name = cert.document.storage, cert.document.name
    with storage.open(name, "rb") as stored:  # through the storage: the disk or S3
        assert stored.read() == PDF
    entry = AuditEntry.objects.get(action="registry.certification.added")
    assert entry.data == {"kind": "pirt", "certification": cert.pk, "document": True}
    with django_capture_on_commit_callbacks(execute=True):
        services.certification_remove(by=None, certification=cert)
    assert not Certification.objects.exists()
    assert not storage.exists(name)
    assert AuditEntry.objects.filter(action="registry.certification.removed").exists()


def test_certification_rules() -> None:
    actor = make_actor()
    with pytest.raises(ServiceError, match="nama sertifikat"):
        services.certification_add(by=None, actor=actor, data={"kind": "other", "number": "X-1"})
    with pytest.raises(ServiceError) as caught:
        services.certification_add(by=None, actor=actor, data={"kind": "halal", "number": ""})
    assert "number" in caught.value.field_errors
    other_product = services.product_save(by=None, actor=make_actor(name="Lain"), data={"name": "Bukan milik"})
    with pytest.raises(ServiceError, match="Produk bukan milik"):
        services.certification_add(by=None, actor=actor, data={"kind": "sni", "number": "1"}, product=other_product)
    services.actor_archive(by=None, actor=actor, reason="Tutup")
    with pytest.raises(ServiceError, match="diarsipkan"):
        services.certification_add(by=None, actor=actor, data={"kind": "sni", "number": "1"})
    assert not Certification.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("a.pdf", PDF, True),
        ("a.PDF", PDF, True),
        ("a.png", image_bytes((20, 20), "PNG"), True),
        ("a.jpeg", image_bytes((20, 20), "JPEG"), True),
        ("a.pdf", image_bytes((20, 20), "PNG"), False),  # content and name disagree
        ("a.png", b"\x89PNG\r\n\x1a\n broken", False),  # looks like PNG, does not decode
        ("a.html", b"<html></html>", False),
        ("a.pdf", b"", False),
    ],
)
def test_documents_are_judged_by_content(name: str, content: bytes, ok: bool) -> None:
    upload = SimpleUploadedFile(name, content)
    if ok:
        assert files.validate_document(upload) in {"pdf", "png", "jpeg"}
    else:
        with pytest.raises(ServiceError) as caught:
            files.validate_document(upload)
        assert caught.value.field_errors["document"]


def test_photo_is_resized_upright_without_metadata_with_a_thumbnail() -> None:
    owner = UserFactory()
    actor = make_actor(by=owner)
    product = services.product_save(by=owner, actor=actor, data={"name": "Tas Anyaman"})
    photo = services.product_photo_add(
        by=owner,
        product=product,
        upload=photo_upload("tas.jpg", image_bytes((3000, 1000), "JPEG", gps=True)),
        alt_text="  Tas dari depan ",
    )
    assert photo.alt_text == "Tas dari depan"
    with photo.image.open("rb"), Image.open(photo.image) as full:
        # EXIF orientation 6 turns 3000×1000 into 1000×3000, then the long side is capped at 1600.
        assert full.size == (533, 1600)
        assert not full.getexif()
        assert "exif" not in full.info
    with photo.thumbnail.open("rb"), Image.open(photo.thumbnail) as thumb:
        assert max(thumb.size) == 400
    data = AuditEntry.objects.get(action="registry.product.photo_added").data
    assert data["width"] == 533


@pytest.mark.parametrize(("fmt", "mode", "ext"), [("PNG", "RGBA", "png"), ("WEBP", "RGB", "webp"), ("PNG", "P", "png")])
def test_png_and_webp_keep_their_format(fmt: str, mode: str, ext: str) -> None:
    actor = make_actor()
    product = services.product_save(by=None, actor=actor, data={"name": "Stiker"})
    raw = image_bytes((500, 300), fmt, "RGB" if mode == "P" else mode)
    if mode == "P":
        buffer = io.BytesIO()
        Image.open(io.BytesIO(raw)).convert("P").save(buffer, "PNG")
        raw = buffer.getvalue()
    photo = services.product_photo_add(by=None, product=product, upload=photo_upload(f"s.{ext}", raw))
    assert photo.image.name.endswith(f".{ext}")
    with photo.image.open("rb"), Image.open(photo.image) as image:
        assert image.format == fmt
        assert image.size == (500, 300)  # never enlarged


def test_photo_limits(settings: Any) -> None:
    actor = make_actor()
    product = services.product_save(by=None, actor=actor, data={"name": "Stiker"})
    with pytest.raises(ServiceError, match="Hanya foto"):
        services.product_photo_add(by=None, product=product, upload=photo_upload("a.bmp", image_bytes((5, 5), "BMP")))
    settings.SINERGI_MAX_IMAGE_BYTES = 100
    with pytest.raises(ServiceError, match="Foto lebih dari"):
        services.product_photo_add(by=None, product=product, upload=photo_upload("a.png", image_bytes((50, 50), "PNG")))
    settings.SINERGI_MAX_IMAGE_BYTES = 5 * 1024 * 1024
    for n in range(services.MAX_PHOTOS_PER_PRODUCT):
        services.product_photo_add(
            by=None, product=product, upload=photo_upload(f"{n}.png", image_bytes((8, 8), "PNG"))
        )
    with pytest.raises(ServiceError, match="Paling banyak"):
        services.product_photo_add(by=None, product=product, upload=photo_upload("x.png", image_bytes((8, 8), "PNG")))


def test_decompression_bombs_are_refused_before_decoding() -> None:
    # A PNG header announcing 7 000 × 7 000 pixels (49 M, over our 40 M cap) with almost no data.
    raw = image_bytes((1, 1), "PNG")
    ihdr = b"IHDR" + (7000).to_bytes(4, "big") + (7000).to_bytes(4, "big") + raw[24:29]
    bomb = raw[:12] + ihdr + zlib.crc32(ihdr).to_bytes(4, "big") + raw[33:]
    with pytest.raises(ServiceError, match="piksel"):
        files.process_photo(photo_upload("bom.png", bomb))


def test_photo_removal_deletes_both_files(django_capture_on_commit_callbacks: Any) -> None:
    actor = make_actor()
    product = services.product_save(by=None, actor=actor, data={"name": "Stiker"})
    photo = services.product_photo_add(
        by=None, product=product, upload=photo_upload("a.png", image_bytes((9, 9), "PNG"))
    )
    storage, names = photo.image.storage, [photo.image.name, photo.thumbnail.name]
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        services.product_photo_remove(by=None, photo=photo)
    assert not ProductPhoto.objects.exists()
    assert not any(storage.exists(name) for name in names)


def test_link_removal_is_logged() -> None:
    actor = make_actor()
    link = services.actor_add_link(by=None, actor=actor, kind="website", url="https://contoh.id")
    services.actor_remove_link(by=None, link=link)
    assert not actor.links.exists()
    assert AuditEntry.objects.get(action="registry.actor.link_removed").data == {"kind": "website"}


def test_hub_residents() -> None:
    hub = services.hub_save(by=None, data={"name": "Margonda Hub"})
    actor = make_actor()
    services.hub_resident_add(by=None, hub=hub, actor=actor)
    assert list(hub.residents.all()) == [actor]
    services.hub_resident_remove(by=None, hub=hub, actor=actor)
    assert not hub.residents.exists()
    archived = make_actor(name="Tutup", status=Status.ARCHIVED)
    with pytest.raises(ServiceError):
        services.hub_resident_add(by=None, hub=hub, actor=archived)


def test_community_with_leader_and_leader_removal() -> None:
    leader = UserFactory()
    community = services.community_create_with_leader(by=None, data={"name": "Depok Creative Woman"}, leader=leader)
    assert leader.has_perm("registry.manage_community_members", community)
    assert community.organisation.memberships.get().role == Role.LEADER
    services.community_leader_remove(by=None, community=community, user=leader)
    assert not community.organisation.memberships.exists()
    assert not leader.has_perm("registry.manage_community_members", community)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "registry.community.created",
        "registry.community.leader_set",
        "registry.community.leader_removed",
    } <= actions


def test_leader_removal_goes_through_accounts_membership_remove() -> None:
    """Removing a leader is accounts' membership removal (audited as such) limited to the leader roles: an
    ordinary member of the community's organisation stays a member."""
    leader, member = UserFactory(), UserFactory()
    community = services.community_create_with_leader(by=None, data={"name": "Komunitas Ilustrator"}, leader=leader)
    membership_set(by=None, user=member, organisation=community.organisation, role=Role.MEMBER)
    services.community_leader_remove(by=None, community=community, user=member)
    assert community.organisation.memberships.filter(user=member, role=Role.MEMBER).exists()
    assert not AuditEntry.objects.filter(action="accounts.membership.removed").exists()
    services.community_leader_remove(by=None, community=community, user=leader)
    assert not community.organisation.memberships.filter(user=leader).exists()
    removed = AuditEntry.objects.get(action="accounts.membership.removed")
    assert removed.data == {"user": leader.pk}
    assert AuditEntry.objects.filter(action="registry.community.leader_removed").count() == 1


def test_community_with_leader_is_all_or_nothing() -> None:
    from sinergi.registry.models import Community

    unsaved = UserFactory.build()  # the leader step fails: the community must not stay half-made
    with pytest.raises(ValueError, match="must be saved"):
        services.community_create_with_leader(by=None, data={"name": "Gekrafs Depok"}, leader=unsaved)
    assert not Community.objects.filter(name="Gekrafs Depok").exists()
