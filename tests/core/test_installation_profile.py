"""The installation profile is set in the admin: one record, edited there (not in code), never a second
one and never deleted; offices' letterhead and signatory are edited on the organisation page, with the
NIP checked."""

from __future__ import annotations

import io

import pytest

from sinergi.accounts.models import User
from sinergi.core.models import InstallationProfile
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _png() -> io.BytesIO:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 50), "navy").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "lambang.png"
    return buffer


@pytest.fixture
def admin_client(client):  # type: ignore[no-untyped-def]
    client.force_login(User.objects.create_superuser(email="admin@contoh.id", password="rahasia-panjang-123"))
    return client


def test_the_profile_is_added_once_in_the_admin_and_cannot_be_deleted(admin_client) -> None:  # type: ignore[no-untyped-def]
    assert InstallationProfile.current().pk == 1
    assert InstallationProfile.objects.count() == 0
    response = admin_client.post(
        "/admin/core/installationprofile/add/",
        {
            "name": "Sinergi Kukar",
            "government_name": "Pemerintah Kabupaten Kutai Kartanegara",
            "statistics_release_title": "Statistik Ekraf Kukar",
            "logo": _png(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = InstallationProfile.current()
    assert profile.government_name == "Pemerintah Kabupaten Kutai Kartanegara"
    assert profile.logo
    assert admin_client.get("/admin/core/installationprofile/add/").status_code == 403
    assert admin_client.get(f"/admin/core/installationprofile/{profile.pk}/delete/").status_code == 403
    assert admin_client.get(f"/admin/core/installationprofile/{profile.pk}/change/").status_code == 200


def test_an_office_nip_must_be_18_digits_in_the_admin(admin_client) -> None:  # type: ignore[no-untyped-def]
    office = OrganisationFactory(short_name="Disperindag")
    data = {
        "name": office.name,
        "short_name": office.short_name,
        "slug": office.slug,
        "kind": "office",
        "description": "",
        "is_active": "on",
        "letterhead_address": "Jl. Merdeka 1",
        "signatory_name": "Dra. Sri Wahyuni",
        "signatory_title": "Kepala Dinas",
        "signatory_nip": "1968 0512",
        "letter_place": "Tenggarong",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    url = f"/admin/accounts/organisation/{office.pk}/change/"
    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert "NIP terdiri atas 18 angka" in refused.content.decode()
    office.refresh_from_db()
    assert office.signatory_name == "Penanda Tangan Uji"  # nothing half-saved
    assert admin_client.post(url, {**data, "signatory_nip": "196805121994032007"}).status_code == 302
    office.refresh_from_db()
    assert (office.signatory_nip, office.letter_place) == ("196805121994032007", "Tenggarong")


# ---------------------------------------------------------------- one service behind the admin (issue 12 §5)
def test_the_admin_saves_the_profile_through_its_service_audited(admin_client) -> None:  # type: ignore[no-untyped-def]
    from sinergi.core.models import AuditEntry

    form = {"name": "Sinergi Kukar", "government_name": "Pemkab Kukar", "statistics_release_title": "Statistik Ekraf"}
    assert admin_client.post("/admin/core/installationprofile/add/", {**form, "logo": _png()}).status_code == 302
    url = f"/admin/core/installationprofile/{InstallationProfile.SINGLETON_PK}/change/"
    assert (
        admin_client.post(url, {**form, "government_name": "Pemerintah Kabupaten Kutai Kartanegara"}).status_code == 302
    )
    assert InstallationProfile.current().logo  # an unchanged logo stays
    form["government_name"] = "Pemerintah Kabupaten Kutai Kartanegara"
    assert admin_client.post(url, {**form, "logo-clear": "on"}).status_code == 302
    assert not InstallationProfile.current().logo
    entries = AuditEntry.objects.filter(action="core.installation_profile.changed").order_by("pk")
    assert [(e.by.email, e.data) for e in entries] == [
        (
            "admin@contoh.id",
            {"created": True, "changed": ["name", "government_name", "statistics_release_title", "logo"]},
        ),
        ("admin@contoh.id", {"created": False, "changed": ["government_name"]}),
        ("admin@contoh.id", {"created": False, "changed": ["logo"]}),
    ]


def test_the_profile_service_refuses_others_and_names_the_bad_field() -> None:
    from django.contrib.auth.models import Permission

    from sinergi.core.errors import NotAllowed, ServiceError
    from sinergi.core.models import AuditEntry
    from sinergi.core.services import installation_profile_set
    from tests.factories import UserFactory

    with pytest.raises(NotAllowed):
        installation_profile_set(by=UserFactory(is_staff=True), data={"name": "Sinergi Lain"})
    for data, field in (({"name": "x" * 121}, "name"), ({"logo_text": "DEMO"}, "logo_text")):
        with pytest.raises(ServiceError) as caught:
            installation_profile_set(by=None, data=data)
        assert set(caught.value.field_errors) == {field}
    assert not InstallationProfile.objects.exists()
    assert not AuditEntry.objects.filter(action="core.installation_profile.changed").exists()
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_installationprofile"))
    editor = User.objects.get(pk=editor.pk)
    assert installation_profile_set(by=editor, data={"name": "Sinergi Kukar"}).name == "Sinergi Kukar"
    assert installation_profile_set(by=editor, data={"name": "Sinergi Kukar"}) == InstallationProfile.current()
    assert AuditEntry.objects.filter(action="core.installation_profile.changed", by=editor).count() == 1
