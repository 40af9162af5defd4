"""Workspace pages: status codes, forms that keep input and show Indonesian errors, uploads, protected files."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from sinergi.accounts.models import OrganisationKind, Role
from sinergi.core.models import AuditEntry
from sinergi.registry import services
from sinergi.registry.models import (
    Actor,
    Certification,
    ClaimStatus,
    Community,
    CommunityMember,
    ContactPerson,
    CreativeHub,
    DuplicateFlag,
    ProductPhoto,
    ProfileClaim,
    Status,
)
from tests.factories import UserFactory, kelurahan, make_actor, user_with_role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def jpeg_bytes(size: tuple[int, int] = (2400, 1200), *, exif: bool = False, fmt: str = "JPEG") -> bytes:
    image = Image.new("RGB", size, (200, 80, 40))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "KameraUji"  # Make
        data[0x0131] = "rahasia-lokasi"  # Software, stands in for any metadata block
        image.save(out, fmt, exif=data.tobytes())
    else:
        image.save(out, fmt)
    return out.getvalue()


def consume(response: Any) -> bytes:
    """Read a streamed response to the end: the test client then closes it (and the file) itself."""
    return b"".join(response.streaming_content)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


VALID_PROFILE = {
    "name": "Batik Tulis Kenanga",
    "kind": "business",
    "legal_form": "ud",
    "nib": "1234567890123",
    "npwp": "",
    "founded_year": "2019",
    "kbli_primary": "13134",
    "kbli_others": "14111",
    "address": "Jl. Kenanga 5",
    "kelurahan": "32.76.01.1006",
    "latitude": "",
    "longitude": "",
    "workers_female": "3",
    "workers_male": "1",
    "description": "Batik tulis motif Depok.",
}


# ---------------------------------------------------------------- access


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(reverse("registry:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_workspace_home_and_nav_for_a_signed_in_user() -> None:
    user = UserFactory()
    make_actor(by=user, name="Kopi Margonda", status=Status.REJECTED)
    response = login(user).get(reverse("registry:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kopi Margonda" in body
    assert "Perbaiki sesuai catatan petugas" in body
    assert 'href="/direktori/kelola/"' in body  # "Kelola direktori" in the navigation


def test_dashboard_card_shows_my_profiles_and_staff_counts() -> None:
    owner = UserFactory()
    make_actor(by=owner, name="Rajut Cinere", status=Status.SUBMITTED)
    assert "Rajut Cinere" in login(owner).get(reverse("core:dashboard")).content.decode()
    staff = user_with_role(Role.STAFF)
    body = login(staff).get(reverse("core:dashboard")).content.decode()
    assert "menunggu verifikasi" in body
    assert reverse("registry:queue") in body


# ---------------------------------------------------------------- profile form


def test_profile_form_groups_kelurahan_by_kecamatan_and_names_both_curug() -> None:
    body = login(UserFactory()).get(reverse("registry:actor_create")).content.decode()
    assert "Curug (Kec. Cimanggis)" in body
    assert "Curug (Kec. Bojongsari)" in body
    assert '<optgroup label="Kecamatan Cimanggis">' in body


def test_bad_profile_input_keeps_what_was_typed_and_shows_errors_inline() -> None:
    client = login(UserFactory())
    data = VALID_PROFILE | {"nib": "12345", "kbli_primary": "99999", "kelurahan": "32.76.99.9999", "latitude": "1"}
    response = client.post(reverse("registry:actor_create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "NIB harus 13 angka." in body
    assert "KBLI 99999 tidak ada di KBLI 2020." in body
    assert "Kelurahan tidak dikenal" in body
    assert 'value="Batik Tulis Kenanga"' in body
    assert 'value="12345"' in body
    assert "Batik tulis motif Depok." in body
    assert not Actor.objects.exists()


def test_create_edit_and_submit_a_profile() -> None:
    user = UserFactory()
    client = login(user)
    response = client.post(reverse("registry:actor_create"), VALID_PROFILE)
    actor = Actor.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:actor", kwargs={"slug": actor.slug})
    assert actor.owner == user
    assert actor.status == Status.DRAFT
    assert actor.primary_kbli.code == "13134"  # type: ignore[union-attr]
    assert [k.code for k in actor.other_kbli.all()] == ["14111"]
    page = client.get(response["Location"]).content.decode()
    assert "Ajukan verifikasi" in page
    assert "Riwayat" in page
    assert "registry.actor.created" in page

    edit = client.get(reverse("registry:actor_edit", kwargs={"slug": actor.slug})).content.decode()
    assert 'value="13134"' in edit
    assert 'value="32.76.01.1006" selected' in edit
    client.post(reverse("registry:actor_edit", kwargs={"slug": actor.slug}), VALID_PROFILE | {"workers_male": "4"})
    actor.refresh_from_db()
    assert actor.workers_male == 4

    client.post(reverse("registry:actor_submit", kwargs={"slug": actor.slug}))
    actor.refresh_from_db()
    assert actor.status == Status.SUBMITTED


def test_submitting_an_incomplete_profile_explains_what_is_missing() -> None:
    user = UserFactory()
    actor = services.actor_create(by=user, data={"name": "Setengah Jadi"}, owner=user)
    client = login(user)
    response = client.post(reverse("registry:actor_submit", kwargs={"slug": actor.slug}), follow=True)
    assert "Lengkapi dulu sebelum mengajukan" in response.content.decode()
    actor.refresh_from_db()
    assert actor.status == Status.DRAFT


def test_kbli_picker_answers_codes_and_words() -> None:
    client = login(UserFactory())
    body = client.get(reverse("registry:kbli_search"), {"q": "1411", "target": "kbli_primary"}).content.decode()
    assert 'data-kbli-code="14111"' in body
    body = client.get(reverse("registry:kbli_search"), {"q": "batik", "target": "kbli_others"}).content.decode()
    assert 'data-kbli-target="kbli_others"' in body
    assert "data-kbli-code" in body


def test_strangers_cannot_open_or_change_someone_elses_profile() -> None:
    actor = make_actor(by=UserFactory(), status=Status.VERIFIED)
    client = login(UserFactory())
    assert client.get(reverse("registry:actor", kwargs={"slug": actor.slug})).status_code == 403
    assert client.get(reverse("registry:actor_edit", kwargs={"slug": actor.slug})).status_code == 403
    assert client.post(reverse("registry:actor_submit", kwargs={"slug": actor.slug})).status_code == 403
    assert client.post(reverse("registry:actor_verify", kwargs={"slug": actor.slug})).status_code == 403


# ---------------------------------------------------------------- figures


def test_yearly_figures_compute_the_size_class_and_bad_money_is_kept() -> None:
    user = UserFactory()
    actor = make_actor(by=user, status=Status.DRAFT)
    client = login(user)
    url = reverse("registry:figure_set", kwargs={"slug": actor.slug})
    response = client.post(url, {"year": "2024", "capital": "banyak", "sales": ""})
    assert response.status_code == 400
    assert "bukan nilai uang" in response.content.decode()
    assert 'value="banyak"' in response.content.decode()
    client.post(url, {"year": "2024", "capital": "50.000.000", "sales": "3.000.000.000"})
    actor.refresh_from_db()
    assert actor.size_class == "kecil"
    page = client.get(reverse("registry:actor", kwargs={"slug": actor.slug})).content.decode()
    assert "Kecil" in page
    assert "Bagaimana skala dihitung?" in page


# ---------------------------------------------------------------- certifications and protected documents


def test_certification_document_is_checked_by_content_and_served_only_to_owner_and_staff() -> None:
    owner = UserFactory()
    actor = make_actor(by=owner, status=Status.VERIFIED)
    client = login(owner)
    url = reverse("registry:certification_add", kwargs={"slug": actor.slug})
    base = {"kind": "halal", "number": "ID32110000123450124", "issued_on": "2024-01-10", "valid_until": "2028-01-10"}

    renamed = client.post(url, base | {"document": upload("sertifikat.pdf", b"MZ\x90\x00 not a pdf at all")})
    assert renamed.status_code == 400
    assert "Hanya PDF, JPG atau PNG" in renamed.content.decode()
    assert 'value="ID32110000123450124"' in renamed.content.decode()

    big = client.post(url, base | {"document": upload("besar.pdf", PDF + b"0" * (5 * 1024 * 1024))})
    assert big.status_code == 400
    assert "5 MB" in big.content.decode()

    wrong_extension = client.post(url, base | {"document": upload("sertifikat.exe", PDF)})
    assert wrong_extension.status_code == 400

    ok = client.post(url, base | {"document": upload("sertifikat.pdf", PDF)})
    assert ok.status_code == 302
    cert = Certification.objects.get()
    doc_url = reverse("registry:certification_document", kwargs={"pk": cert.pk})
    assert doc_url.startswith("/direktori/kelola/berkas/")

    response = client.get(doc_url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sertifikat-" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert consume(response).startswith(b"%PDF-")

    assert login(UserFactory()).get(doc_url).status_code == 403
    assert Client().get(doc_url).status_code == 403
    staff_response = login(user_with_role(Role.STAFF)).get(doc_url)
    assert staff_response.status_code == 200
    consume(staff_response)


def test_certification_dates_are_checked() -> None:
    owner = UserFactory()
    actor = make_actor(by=owner)
    response = login(owner).post(
        reverse("registry:certification_add", kwargs={"slug": actor.slug}),
        {"kind": "pirt", "number": "123456789012345", "issued_on": "2024-05-01", "valid_until": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "Harus sesudah tanggal terbit." in response.content.decode()


# ---------------------------------------------------------------- products and photos


def test_product_with_photos_resized_thumbnail_and_no_exif() -> None:
    owner = UserFactory()
    actor = make_actor(by=owner, status=Status.DRAFT)
    client = login(owner)
    bad = client.post(
        reverse("registry:product_create", kwargs={"slug": actor.slug}),
        {"name": "Kemeja Batik", "price_min": "300000", "price_max": "100000"},
    )
    assert bad.status_code == 400
    assert "Harga terendah harus" in bad.content.decode()
    assert 'value="Kemeja Batik"' in bad.content.decode()
    client.post(
        reverse("registry:product_create", kwargs={"slug": actor.slug}),
        {"name": "Kemeja Batik", "price_min": "100.000", "price_max": "300000"},
    )
    product = actor.products.get()
    assert product.price_min == 100000

    photo_url = reverse("registry:photo_add", kwargs={"slug": actor.slug, "pk": product.pk})
    response = client.post(photo_url, {"image": upload("kemeja.jpg", jpeg_bytes(exif=True)), "alt_text": "Depan"})
    assert response.status_code == 302
    photo = ProductPhoto.objects.get()
    with photo.image.open("rb"), Image.open(photo.image) as full:  # through the storage (disk or S3)
        assert max(full.size) == 1600
        assert full.format == "JPEG"
        assert not full.getexif()
    with photo.thumbnail.open("rb"), Image.open(photo.thumbnail) as thumb:
        assert max(thumb.size) == 400
    product_page = client.get(reverse("registry:product", kwargs={"slug": actor.slug, "pk": product.pk}))
    assert product_page.status_code == 200
    assert reverse("registry:photo_thumb", kwargs={"pk": photo.pk}) in product_page.content.decode()
    assert "registry.product.photo_added" in product_page.content.decode()
    assert "Produk unggulan (petugas)" not in product_page.content.decode()

    # Not public while the profile is a draft; the owner still sees it.
    serve = reverse("registry:photo_thumb", kwargs={"pk": photo.pk})
    assert Client().get(serve).status_code == 403
    own = client.get(serve)
    assert own.status_code == 200
    consume(own)
    services.actor_submit(by=owner, actor=actor)
    services.actor_verify(by=None, actor=actor)
    public = Client().get(serve)
    assert public.status_code == 200
    assert public["X-Content-Type-Options"] == "nosniff"
    assert public["Content-Type"] == "image/jpeg"
    assert consume(public)[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("foto.jpg", b"<html><script>alert(1)</script></html>", "Hanya foto JPG, PNG atau WebP."),
        ("foto.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "Hanya foto JPG, PNG atau WebP."),
        ("foto.jpg", b"\xff\xd8\xff\xe0 truncated jpeg", "bukan gambar yang dapat dibaca"),
    ],
)
def test_photo_upload_rejects_files_that_are_not_images(name: str, content: bytes, message: str) -> None:
    owner = UserFactory()
    actor = make_actor(by=owner)
    product = services.product_save(by=owner, actor=actor, data={"name": "Tas Rajut"})
    response = login(owner).post(
        reverse("registry:photo_add", kwargs={"slug": actor.slug, "pk": product.pk}), {"image": upload(name, content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProductPhoto.objects.exists()


def test_photo_upload_rejects_oversized_files(settings: Any) -> None:
    settings.SINERGI_MAX_IMAGE_BYTES = 10_000
    owner = UserFactory()
    actor = make_actor(by=owner)
    product = services.product_save(by=owner, actor=actor, data={"name": "Tas Rajut"})
    response = login(owner).post(
        reverse("registry:photo_add", kwargs={"slug": actor.slug, "pk": product.pk}),
        {"image": upload("besar.png", jpeg_bytes((800, 800), fmt="PNG") + b"\0" * 20_000)},
    )
    assert response.status_code == 400
    assert "Foto lebih dari" in response.content.decode()


def test_flagship_is_staff_only_and_needs_a_reason() -> None:
    owner = UserFactory()
    actor = make_actor(by=owner)
    product = services.product_save(by=owner, actor=actor, data={"name": "Dodol Belimbing"})
    url = reverse("registry:product_flagship", kwargs={"slug": actor.slug, "pk": product.pk})
    assert login(owner).post(url, {"flagship": "on", "reason": "saya suka"}).status_code == 403
    staff = login(user_with_role(Role.STAFF))
    assert staff.post(url, {"flagship": "on", "reason": ""}).status_code == 400
    assert staff.post(url, {"flagship": "on", "reason": "Juara kurasi Dekranasda 2025"}).status_code == 302
    product.refresh_from_db()
    assert product.is_flagship


# ---------------------------------------------------------------- links (HTMX) and contacts


def test_links_are_added_and_removed_inline_with_htmx_and_without() -> None:
    owner = UserFactory()
    actor = make_actor(by=owner)
    client = login(owner)
    url = reverse("registry:link_add", kwargs={"slug": actor.slug})
    fragment = client.post(url, {"kind": "instagram", "url": "instagram.com/batik"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert body.lstrip().startswith('<section id="tautan"')
    assert "https://instagram.com/batik" in body
    bad = client.post(url, {"kind": "instagram", "url": "bukan url"}, HTTP_HX_REQUEST="true")
    assert "Masukkan URL yang valid." in bad.content.decode() or "Enter a valid URL." in bad.content.decode()
    link = actor.links.get()
    removed = client.post(reverse("registry:link_remove", kwargs={"slug": actor.slug, "pk": link.pk}))
    assert removed.status_code == 302
    assert not actor.links.exists()


def test_contact_needs_consent_is_masked_revealed_with_a_log_and_erased() -> None:
    owner = UserFactory()
    actor = make_actor(by=owner)
    client = login(owner)
    url = reverse("registry:contact_create", kwargs={"slug": actor.slug})
    data = {
        "full_name": "Siti Aminah",
        "phone": "0812-3456-7890",
        "nik": "3276014506900001",
        "home_address": "Jl. Mawar 3, Pancoran Mas",
        "legal_basis": "consent",
        "purpose": "Pembinaan dan komunikasi program ekonomi kreatif",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Wajib dicentang." in refused.content.decode()
    assert "Siti Aminah" in refused.content.decode()
    bad_nik = client.post(url, data | {"consent": "on", "nik": "1234"})
    assert "NIK harus 16 angka." in bad_nik.content.decode()
    assert client.post(url, data | {"consent": "on"}).status_code == 302
    contact = ContactPerson.objects.get()
    assert contact.phone == "+6281234567890"
    assert contact.consent_at is not None

    page = client.get(reverse("registry:actor", kwargs={"slug": actor.slug})).content.decode()
    assert "3276014506900001" not in page
    assert "+6281234567890" not in page
    assert "Jl. Mawar" not in page
    assert "0001" in page  # last digits of the masked NIK

    reveal = reverse("registry:contact_reveal", kwargs={"slug": actor.slug, "pk": contact.pk})
    assert login(UserFactory()).post(reveal).status_code == 403
    full = client.post(reveal, HTTP_HX_REQUEST="true")
    assert full.status_code == 200
    assert "3276014506900001" in full.content.decode()
    assert full.content.decode().lstrip().startswith("<tr")
    entry = AuditEntry.objects.filter(action="registry.contact.viewed").get()
    assert "3276014506900001" not in str(entry.data)

    erase = reverse("registry:contact_erase", kwargs={"slug": actor.slug, "pk": contact.pk})
    assert client.get(erase).status_code == 200
    assert client.post(erase, {"reason": "Permintaan narahubung"}).status_code == 302
    assert not ContactPerson.objects.exists()
    assert AuditEntry.objects.filter(action="registry.contact.erased").exists()


# ---------------------------------------------------------------- staff: queue, verify, reject, archive, override


def test_staff_verify_and_reject_from_the_queue() -> None:
    owner = UserFactory()
    first = make_actor(by=owner, name="Studio Animasi Beji", status=Status.SUBMITTED)
    second = make_actor(by=owner, name="Kriya Bambu Limo", status=Status.SUBMITTED)
    staff = login(user_with_role(Role.STAFF))
    queue = staff.get(reverse("registry:queue"))
    assert queue.status_code == 200
    assert "Studio Animasi Beji" in queue.content.decode()
    assert login(owner).get(reverse("registry:queue")).status_code == 403

    verify = staff.post(reverse("registry:actor_verify", kwargs={"slug": first.slug}), {"decision": "verify"})
    assert verify.status_code == 302
    first.refresh_from_db()
    assert first.status == Status.VERIFIED

    url = reverse("registry:actor_verify", kwargs={"slug": second.slug})
    missing = staff.post(url, {"decision": "reject", "reject-reason": ""})
    assert missing.status_code == 400
    assert "Bidang ini tidak boleh kosong." in missing.content.decode() or "wajib" in missing.content.decode()
    staff.post(url, {"decision": "reject", "reject-reason": "Foto produk belum ada."})
    second.refresh_from_db()
    assert second.status == Status.REJECTED
    owner_page = login(owner).get(reverse("registry:actor", kwargs={"slug": second.slug})).content.decode()
    assert "Foto produk belum ada." in owner_page


def test_staff_archive_restore_override_and_fostering() -> None:
    actor = make_actor(by=UserFactory(), kbli_code="14111")
    staff_user = user_with_role(Role.STAFF)
    office = staff_user.memberships.get().organisation
    staff = login(staff_user)
    slug = actor.slug
    assert (
        staff.post(
            reverse("registry:actor_archive", kwargs={"slug": slug}), {"action": "archive", "archive-reason": ""}
        ).status_code
        == 400
    )
    staff.post(
        reverse("registry:actor_archive", kwargs={"slug": slug}), {"action": "archive", "archive-reason": "Usaha tutup"}
    )
    actor.refresh_from_db()
    assert actor.status == Status.ARCHIVED
    staff.post(
        reverse("registry:actor_archive", kwargs={"slug": slug}),
        {"action": "restore", "restore-reason": "Buka kembali"},
    )
    actor.refresh_from_db()
    assert actor.status == Status.VERIFIED

    url = reverse("registry:actor_subsectors", kwargs={"slug": slug})
    kriya = actor.subsectors.model.objects.get(code="KRY", subsector_list__is_current=True)
    assert staff.post(url, {"subsectors": [kriya.pk], "reason": ""}).status_code == 400
    staff.post(url, {"subsectors": [kriya.pk], "reason": "Produk utamanya kerajinan"})
    assert [s.code for s in actor.subsectors.all()] == ["KRY"]
    staff.post(url, {"derived": "on"})
    actor.refresh_from_db()
    assert [s.code for s in actor.subsectors.all()] == ["FSN"]
    assert not actor.subsectors_overridden

    staff.post(reverse("registry:actor_fostering", kwargs={"slug": slug}), {"office": office.pk, "since": "2024-02-01"})
    actor.refresh_from_db()
    assert actor.fostered_by == office
    assert str(actor.fostered_since) == "2024-02-01"


# ---------------------------------------------------------------- claims and duplicates


def test_claim_a_verified_profile_and_staff_approve() -> None:
    actor = make_actor(by=None, name="Sanggar Tari Sukmajaya")
    claimant = UserFactory()
    client = login(claimant)
    url = reverse("registry:claim", kwargs={"slug": actor.slug})
    assert client.get(url).status_code == 200
    empty = client.post(url, {"message": ""})
    assert empty.status_code == 400
    assert client.post(url, {"message": "Saya ketua sanggar; NIB 1234567890123."}).status_code == 302
    claim = ProfileClaim.objects.get()
    staff = login(user_with_role(Role.STAFF))
    assert "Sanggar Tari Sukmajaya" in staff.get(reverse("registry:claims")).content.decode()
    decide = reverse("registry:claim_decide", kwargs={"pk": claim.pk})
    assert staff.post(decide, {"decision": "reject", "reason": ""}).status_code == 400
    assert staff.post(decide, {"decision": "approve", "reason": ""}).status_code == 302
    claim.refresh_from_db()
    actor.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert actor.owner == claimant


def test_drafts_cannot_be_claimed() -> None:
    actor = make_actor(by=UserFactory(), status=Status.DRAFT)
    assert login(UserFactory()).get(reverse("registry:claim", kwargs={"slug": actor.slug})).status_code == 404


def test_duplicates_are_compared_side_by_side_and_merged() -> None:
    first = make_actor(name="Batik Sawangan Asri", kelurahan=kelurahan("32.76.03.1001"))
    second = make_actor(name="Batik Sawangan Asri.", kelurahan=kelurahan("32.76.03.1001"))
    services.product_save(by=None, actor=second, data={"name": "Selendang"})
    flag = DuplicateFlag.objects.get()
    staff = login(user_with_role(Role.STAFF))
    assert "Batik Sawangan Asri" in staff.get(reverse("registry:duplicates")).content.decode()
    detail = staff.get(reverse("registry:duplicate", kwargs={"pk": flag.pk}))
    assert detail.status_code == 200
    assert "Nama mirip" in detail.content.decode()
    url = reverse("registry:duplicate", kwargs={"pk": flag.pk})
    assert staff.post(url, {"action": "merge", "keep": str(first.pk), "reason": ""}).status_code == 400
    staff.post(url, {"action": "merge", "keep": str(first.pk), "reason": "Satu usaha yang sama"})
    second.refresh_from_db()
    assert second.status == Status.ARCHIVED
    assert second.merged_into == first
    assert first.products.filter(name="Selendang").exists()
    assert login(UserFactory()).get(url).status_code == 403


def test_a_duplicate_flag_can_be_dismissed() -> None:
    make_actor(name="Kue Lapis Depok", kelurahan=kelurahan("32.76.03.1001"))
    make_actor(name="Kue Lapis Depok!", kelurahan=kelurahan("32.76.03.1001"))
    flag = DuplicateFlag.objects.get()
    staff = login(user_with_role(Role.STAFF))
    url = reverse("registry:duplicate", kwargs={"pk": flag.pk})
    staff.post(url, {"action": "dismiss", "dismiss-reason": "Dua cabang berbeda"})
    flag.refresh_from_db()
    assert flag.resolved
    assert flag.resolution == "dismissed"


# ---------------------------------------------------------------- communities and hubs


def test_staff_create_a_community_with_a_leader_who_manages_only_its_members() -> None:
    leader = UserFactory(email="ketua@komunitas.id")
    staff = login(user_with_role(Role.STAFF))
    bad = staff.post(
        reverse("registry:community_create"), {"name": "Komunitas Fesyen Depok", "leader_email": "belum@terdaftar.id"}
    )
    assert bad.status_code == 400
    assert "minta ia mendaftar dulu" in bad.content.decode()
    assert 'value="Komunitas Fesyen Depok"' in bad.content.decode()
    staff.post(
        reverse("registry:community_create"), {"name": "Komunitas Fesyen Depok", "leader_email": "ketua@komunitas.id"}
    )
    community = Community.objects.get(name="Komunitas Fesyen Depok")
    staff_page = staff.get(reverse("registry:community", kwargs={"slug": community.slug})).content.decode()
    assert "ketua@komunitas.id" in staff_page
    assert "Tetapkan pengurus" in staff_page
    assert "Komunitas Fesyen Depok" in staff.get(reverse("registry:communities")).content.decode()
    other = services.community_create(by=None, data={"name": "Crafter Depok"})

    client = login(leader)
    leader_page = client.get(reverse("registry:community", kwargs={"slug": community.slug}))
    assert leader_page.status_code == 200
    assert "Tetapkan pengurus" not in leader_page.content.decode()
    assert 'name="fostered_by"' not in leader_page.content.decode()
    assert client.get(reverse("registry:community", kwargs={"slug": other.slug})).status_code == 403
    actor = make_actor(name="Hijab Cantik Tapos")
    add = reverse("registry:member_add", kwargs={"slug": community.slug})
    assert client.post(add, {"actor": "tidak-ada", "role": "member"}).status_code == 400
    response = client.post(add, {"actor": str(actor.pk), "role": "secretary"}, HTTP_HX_REQUEST="true")
    assert response.content.decode().lstrip().startswith('<section id="anggota"')
    assert CommunityMember.objects.get().role == "secretary"
    assert (
        client.post(
            reverse("registry:member_add", kwargs={"slug": other.slug}), {"actor": str(actor.pk), "role": "member"}
        ).status_code
        == 403
    )
    # A leader edits the description but not what staff decide (name, fostering, leaders).
    client.post(
        reverse("registry:community", kwargs={"slug": community.slug}),
        {"name": "Nama Baru", "description": "Wadah pelaku fesyen Depok."},
    )
    community.refresh_from_db()
    assert community.name == "Komunitas Fesyen Depok"
    assert community.description == "Wadah pelaku fesyen Depok."
    assert (
        client.post(
            reverse("registry:leader_set", kwargs={"slug": community.slug}), {"email": "ketua@komunitas.id"}
        ).status_code
        == 403
    )
    client.post(
        reverse("registry:activity_add", kwargs={"slug": community.slug}),
        {"date": "2025-12-07", "title": "Sinergitas Komunitas"},
    )
    assert community.activities.filter(title="Sinergitas Komunitas").exists()
    client.post(reverse("registry:member_remove", kwargs={"slug": community.slug, "actor_pk": actor.pk}))
    assert not CommunityMember.objects.exists()


def test_hubs_are_staff_pages_with_residents() -> None:
    assert login(UserFactory()).get(reverse("registry:hubs")).status_code == 403
    staff = login(user_with_role(Role.STAFF))
    bad = staff.post(reverse("registry:hub_create"), {"name": "", "capacity": "-3"})
    assert bad.status_code == 400
    staff.post(
        reverse("registry:hub_create"),
        {
            "name": "Margonda Startup Hub",
            "capacity": "80",
            "programmes": ["incubation", "coworking"],
            "kelurahan": "32.76.01.1006",
        },
    )
    hub = CreativeHub.objects.get()
    assert hub.programmes == ["incubation", "coworking"]
    actor = make_actor(name="Studio Game Kukusan")
    staff.post(reverse("registry:resident_add", kwargs={"slug": hub.slug}), {"actor": actor.slug})
    assert list(hub.residents.all()) == [actor]
    page = staff.get(reverse("registry:hub", kwargs={"slug": hub.slug})).content.decode()
    assert "Studio Game Kukusan" in page
    assert "registry.hub.resident_added" in page


def test_office_membership_of_a_non_office_is_not_staff() -> None:
    leader = user_with_role(Role.STAFF, kind=OrganisationKind.COMMUNITY)
    assert login(leader).get(reverse("registry:queue")).status_code == 403


def test_a_certification_can_name_one_of_the_actors_own_products() -> None:
    owner = UserFactory()
    actor = make_actor(by=owner)
    product = services.product_save(by=owner, actor=actor, data={"name": "Keripik Tempe"})
    foreign = services.product_save(by=None, actor=make_actor(name="Lain"), data={"name": "Bukan milik"})
    client = login(owner)
    url = reverse("registry:certification_add", kwargs={"slug": actor.slug})
    assert client.post(url, {"kind": "halal", "number": "ID001", "product": foreign.pk}).status_code == 400
    assert client.post(url, {"kind": "halal", "number": "ID001", "product": product.pk}).status_code == 302
    assert Certification.objects.get().product == product
    assert "untuk Keripik Tempe" in client.get(reverse("registry:actor", kwargs={"slug": actor.slug})).content.decode()


def test_a_stranger_gets_404_for_someone_elses_draft_profile_and_product() -> None:
    """`registry.view_actor` is the visibility rule of the workspace pages: another person's draft is as
    unknown as a missing profile (404); the owner and the registry office's staff open it."""
    owner = UserFactory()
    actor = make_actor(by=owner, status=Status.DRAFT)
    product = services.product_save(by=owner, actor=actor, data={"name": "Tas Rajut"})
    slug = {"slug": actor.slug}
    pages = [
        ("get", reverse("registry:actor", kwargs=slug)),
        ("get", reverse("registry:actor_edit", kwargs=slug)),
        ("post", reverse("registry:actor_submit", kwargs=slug)),
        ("get", reverse("registry:product_create", kwargs=slug)),
        ("get", reverse("registry:product", kwargs={**slug, "pk": product.pk})),
        ("post", reverse("registry:product_archive", kwargs={**slug, "pk": product.pk})),
    ]
    stranger = login(UserFactory())
    assert [getattr(stranger, method)(url).status_code for method, url in pages] == [404] * len(pages)
    assert login(owner).get(reverse("registry:product", kwargs={**slug, "pk": product.pk})).status_code == 200
    assert login(user_with_role(Role.STAFF)).get(reverse("registry:actor", kwargs=slug)).status_code == 200
    actor.refresh_from_db()
    assert actor.status == Status.DRAFT
    assert not actor.products.get().is_archived
