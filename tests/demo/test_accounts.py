"""The demo accounts: one user per role, the documented credentials work on the real sign-in page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from sinergi.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from sinergi.accounts.predicates import is_analyst, is_office_head, is_office_staff
from sinergi.demo.seed import accounts as demo


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Seed once for the module inside a transaction that is rolled back afterwards (tests nest in it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            demo.seed(out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.django_db


def test_offices_and_pentahelix_organisations(seeded: str) -> None:
    kinds = {o.key: o.kind for o in demo.ORGANISATIONS}
    for key in ("bappeda", "disdagin", "dkum", "dekranasda", "diskominfo"):
        organisation = demo.demo_organisation(key)
        assert organisation is not None
        assert organisation.kind == OrganisationKind.OFFICE
    assert set(kinds.values()) == {
        OrganisationKind.OFFICE,
        OrganisationKind.CAMPUS,
        OrganisationKind.MEDIA,
        OrganisationKind.BUSINESS,
    }


def test_one_user_per_role_with_the_right_powers(seeded: str) -> None:
    admin = demo.demo_user("admin")
    assert admin is not None
    assert admin.is_superuser
    assert admin.is_staff
    roles = set(Membership.objects.filter(user__email__endswith="@demo.sinergi.id").values_list("role", flat=True))
    assert {Role.ADMIN, Role.HEAD, Role.STAFF, Role.ANALYST} <= roles
    petugas, kepala, analis = (demo.demo_user(k) for k in ("petugas_disdagin", "kepala_bappeda", "analis_bappeda"))
    assert is_office_staff(petugas)
    assert not is_office_head(petugas)
    assert is_office_head(kepala)
    assert is_analyst(kepala)
    assert is_analyst(analis)
    assert not is_office_staff(analis)
    warga = demo.demo_user("warga")
    assert warga is not None
    assert not warga.is_staff
    assert not warga.memberships.exists()


def test_credentials_are_printed(seeded: str) -> None:
    assert demo.DEMO_PASSWORD in seeded
    for spec in demo.USERS:
        assert spec.email in seeded


@pytest.mark.parametrize("key", [u.key for u in demo.USERS])
def test_every_demo_user_signs_in(seeded: str, client: Client, key: str) -> None:
    spec = next(u for u in demo.USERS if u.key == key)
    # django-axes wants the request that carries the attempt.
    assert client.login(request=HttpRequest(), username=spec.email, password=demo.DEMO_PASSWORD)
    assert int(client.session["_auth_user_id"]) == User.objects.get(email=spec.email).pk


def test_a_demo_user_signs_in_on_the_login_page(seeded: str, client: Client) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": "pelaku@demo.sinergi.id", "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get(email="pelaku@demo.sinergi.id").pk


def test_wrong_password_is_refused(seeded: str, client: Client) -> None:
    assert not client.login(request=HttpRequest(), username="warga@demo.sinergi.id", password="salah-sandi-2026")
    assert "_auth_user_id" not in client.session


def test_second_run_adds_nothing_and_keeps_a_changed_password(seeded: str) -> None:
    warga = User.objects.get(email="warga@demo.sinergi.id")
    warga.set_password("Kata-Sandi-Baru-Warga-77")
    warga.save()
    counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    demo.seed(io.StringIO())
    assert (User.objects.count(), Organisation.objects.count(), Membership.objects.count()) == counts
    warga.refresh_from_db()
    assert warga.check_password("Kata-Sandi-Baru-Warga-77")


def test_demo_sets_the_installation_profile_and_office_letterheads(seeded: str) -> None:
    from sinergi.core.models import InstallationProfile

    profile = InstallationProfile.current()
    assert profile.pk
    assert profile.government_name == "Pemerintah Kota Depok"
    assert profile.logo
    disdagin = Organisation.objects.get(slug="demo-disdagin")
    assert disdagin.has_signatory
    assert len(disdagin.signatory_nip) == 18
    assert "demo" in disdagin.letterhead_address
    assert "Demo" in disdagin.signatory_name
    disdagin.signatory_name = "Diubah di admin"
    disdagin.save()
    demo.seed(io.StringIO())  # seeding again leaves what an administrator changed
    disdagin.refresh_from_db()
    assert disdagin.signatory_name == "Diubah di admin"
